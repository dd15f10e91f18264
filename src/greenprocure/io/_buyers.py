"""Turning the buyer cell of a purchase (a name or a code) into a jurisdiction code.

A **buyer resolver** is any callable ``(name_or_code, purchase_date) -> code``
that raises a :class:`~greenprocure.errors.JurisdictionError` (unknown or
ambiguous) when it cannot answer. It may also return a
:class:`ResolvedBuyer`, to pass on a note for people (a name that belonged
to another date). The default, :func:`korea_buyers`, asks the Korean
registry of :mod:`greenprocure.jurisdictions` as of the purchase date;
:func:`as_given` keeps the cell unchanged.

Registries change only on a few days, so :class:`CachedBuyers` remembers
each answer per name and per *period between change dates*: a million
purchases of two hundred buyers cost a few hundred look-ups.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Callable, Iterable
from typing import Final

import attrs

from greenprocure.errors import GreenprocureError
from greenprocure.i18n import Message

__all__ = ["BuyerResolver", "CachedBuyers", "ResolvedBuyer", "as_given", "korea_buyers"]


@attrs.frozen
class ResolvedBuyer:
    """A resolver's answer: the jurisdiction code, and a note if the name is another date's.

    Attributes:
        code: the jurisdiction's code (a 10-digit legal-dong code for Korea).
        note: a translatable note for people (``강원도 was renamed ...``).
    """

    code: str
    note: Message | None = None


#: ``(name_or_code, purchase_date) -> code`` (or a :class:`ResolvedBuyer`);
#: raises :class:`~greenprocure.errors.JurisdictionError` when it cannot answer.
BuyerResolver = Callable[[str, _dt.date], "str | ResolvedBuyer"]

_LIMIT: Final = 200_000


def as_given(name: str, day: _dt.date) -> str:
    """A resolver that keeps the buyer cell as it is (for codes checked elsewhere).

    Example:
        >>> import datetime as dt
        >>> as_given("4812000000", dt.date(2022, 3, 1))
        '4812000000'
    """
    return name


class CachedBuyers:
    """A resolver with its answers (and its refusals) cached.

    Args:
        resolve: the resolver to ask.
        change_dates: the days on which the answers may change (the
            registry's change dates); an answer is reused for every day of
            the same period. Without them, answers are cached per day.

    Example:
        >>> import datetime as dt
        >>> calls = []
        >>> def resolve(name, day):
        ...     calls.append(day)
        ...     return "4812000000" if day >= dt.date(2010, 7, 1) else "4811000000"
        >>> buyers = CachedBuyers(resolve, change_dates=[dt.date(2010, 7, 1)])
        >>> buyers("창원시", dt.date(2022, 3, 1)), buyers("창원시", dt.date(2022, 9, 30))
        (ResolvedBuyer(code='4812000000', note=None), ResolvedBuyer(code='4812000000', note=None))
        >>> len(calls)
        1
    """

    def __init__(
        self,
        resolve: BuyerResolver,
        change_dates: Iterable[_dt.date] = (),
    ) -> None:
        self._resolve = resolve
        self._dates = sorted(set(change_dates))
        self._memo: dict[tuple[str, object], ResolvedBuyer | GreenprocureError] = {}

    def _period(self, day: _dt.date) -> object:
        """The key of the stretch between change dates that ``day`` falls in."""
        return bisect.bisect_right(self._dates, day) if self._dates else day

    def __call__(self, name: str, day: _dt.date) -> ResolvedBuyer:
        """The answer for ``name`` on ``day``; a refusal is raised again from the cache."""
        period: object = bisect.bisect_right(self._dates, day) if self._dates else day
        key = (name, period)
        answer = self._memo.get(key)
        if answer is None:
            try:
                found = self._resolve(name, day)
                answer = found if isinstance(found, ResolvedBuyer) else ResolvedBuyer(found)
            except GreenprocureError as error:
                answer = error
            if len(self._memo) >= _LIMIT:
                self._memo.clear()
            self._memo[key] = answer
        if isinstance(answer, GreenprocureError):
            raise answer
        return answer


def korea_buyers() -> CachedBuyers:
    """The default resolver: Korean jurisdictions by name or code, as of the purchase date.

    A buyer cell may hold a name alone (``창원시``, ``수원``), a name with its
    parent (``대구광역시 중구``, ``대구 중구``), an English name, or a 2-, 5- or
    10-digit legal-dong code; the answer is always the 10-digit code. A name
    that several jurisdictions share (``중구``) is refused as ambiguous, with
    the candidates; a name that belongs to another date (``강원도`` after
    2023-06-11) is resolved with a note.

    Example:
        >>> import datetime as dt
        >>> buyers = korea_buyers()
        >>> buyers("대구광역시 중구", dt.date(2022, 3, 1)).code
        '2711000000'
        >>> buyers("창원시", dt.date(2022, 3, 1)).code
        '4812000000'
    """
    from greenprocure.jurisdictions import korea

    registry = korea()

    def resolve(name: str, day: _dt.date) -> ResolvedBuyer:
        match = registry.on(day).resolve(name)
        return ResolvedBuyer(match.jurisdiction.code, match.note)

    return CachedBuyers(resolve, (registry.covers_from, *registry.change_dates))
