"""Periods: spans of whole months inside one calendar year.

Korea's fiscal year is the calendar year, and the programmes report results
for spans such as January–September (1–9월). A :class:`Period` knows its
months, whether a date falls in it, and its exact share of the year, which
is the pro-rata yardstick: nine months are 3/4 of a year, so 75% attainment
by September is on track.

Example:
    >>> import datetime
    >>> p = Period.parse("2022-01..2022-09")
    >>> p.share_of_year
    Fraction(3, 4)
    >>> p.contains(datetime.date(2022, 9, 30)), p.contains(datetime.date(2022, 10, 1))
    (True, False)
    >>> str(p), str(Period.year(2022))
    ('2022-01..2022-09', '2022')
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Final, overload

from greenprocure.errors import PeriodError
from greenprocure.i18n import N_, Message

__all__ = ["Period"]

_MIN_YEAR: Final = 1
_MAX_YEAR: Final = 9999
_PARSE: Final = re.compile(
    r"^\s*(?P<y1>\d{4})(?:-(?P<m1>\d{1,2}))?"
    r"(?:\s*\.\.\s*(?P<y2>\d{4})-(?P<m2>\d{1,2}))?\s*$"
)


_PARTS: Final = {
    "year": Message.of(N_("year")),
    "first month": Message.of(N_("first month")),
    "last month": Message.of(N_("last month")),
}


def _check_int(value: object, part: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeriodError(
            N_("{part} {value!r} is not a whole number"), part=_PARTS[part], value=value
        )
    return value


class _YearAccess:
    """``Period.year(2022)`` builds a whole-year period; ``period.year`` is its year."""

    @overload
    def __get__(self, instance: None, owner: type[Period]) -> Callable[[int], Period]: ...
    @overload
    def __get__(self, instance: Period, owner: type[Period]) -> int: ...
    def __get__(
        self, instance: Period | None, owner: type[Period]
    ) -> int | Callable[[int], Period]:
        if instance is None:
            return owner._whole_year
        return instance._year


class Period:
    """A span of whole months ``first_month..last_month`` of one calendar year.

    Args:
        year: the calendar year (1–9999).
        first_month: the first month, 1–12 (default January).
        last_month: the last month, 1–12, not before ``first_month``
            (default December).

    Raises:
        PeriodError: a month outside 1–12, a last month before the first,
            or a span given across two years (a ``ValueError``).

    ``Period.year(2022)`` is the whole year 2022; on an instance, ``.year``
    is its calendar year. Periods are immutable, hashable and ordered by
    (year, first month, last month).
    """

    __slots__ = ("_year", "first_month", "last_month")

    _year: int
    #: The first month of the span (1–12).
    first_month: int
    #: The last month of the span (1–12).
    last_month: int

    year = _YearAccess()

    def __init__(self, year: int, first_month: int = 1, last_month: int = 12) -> None:
        _check_int(year, "year")
        _check_int(first_month, "first month")
        _check_int(last_month, "last month")
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            raise PeriodError(N_("year {value} is outside 1–9999"), value=year)
        for part, month in (("first month", first_month), ("last month", last_month)):
            if not 1 <= month <= 12:
                raise PeriodError(
                    N_("{part} {value} is not a calendar month (1–12)"),
                    part=_PARTS[part],
                    value=month,
                )
        if last_month < first_month:
            raise PeriodError(
                N_("last month {last} comes before first month {first}"),
                first=first_month,
                last=last_month,
            )
        object.__setattr__(self, "_year", year)
        object.__setattr__(self, "first_month", first_month)
        object.__setattr__(self, "last_month", last_month)

    @classmethod
    def _whole_year(cls, year: int) -> Period:
        return cls(year, 1, 12)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``"2022"``, ``"2022-03"`` or ``"2022-01..2022-09"``.

        Example:
            >>> Period.parse("2022-01..2022-09") == Period(2022, 1, 9)
            True
            >>> Period.parse("2022-11..2023-02")
            Traceback (most recent call last):
            ...
            greenprocure.errors.PeriodError: period '2022-11..2023-02' spans 2022 and 2023: ...
        """
        if not isinstance(text, str):
            raise PeriodError(N_("period {value!r} is not a string"), value=text)
        match = _PARSE.match(text)
        if match is None:
            raise PeriodError(
                N_("period {value!r} is not of the form 2022, 2022-03 or 2022-01..2022-09"),
                value=text,
            )
        year = int(match["y1"])
        if match["m1"] is None:
            if match["y2"] is not None:
                raise PeriodError(
                    N_("period {value!r} is not of the form 2022, 2022-03 or 2022-01..2022-09"),
                    value=text,
                )
            return cls(year)
        first = int(match["m1"])
        if match["y2"] is None:
            return cls(year, first, first)
        if int(match["y2"]) != year:
            raise PeriodError(
                N_(
                    "period {value!r} spans {first} and {last}: a period lies inside one"
                    " calendar year"
                ),
                value=text,
                first=str(year),
                last=match["y2"],
            )
        return cls(year, first, int(match["m2"]))

    # -- views -------------------------------------------------------------------

    @property
    def months(self) -> int:
        """How many months the period covers."""
        return self.last_month - self.first_month + 1

    @property
    def share_of_year(self) -> Fraction:
        """The period's exact share of the year: ``Period(2022, 1, 9)`` → ``Fraction(3, 4)``."""
        return Fraction(self.months, 12)

    @property
    def start(self) -> _dt.date:
        """The first day of the period."""
        return _dt.date(self._year, self.first_month, 1)

    @property
    def end(self) -> _dt.date:
        """The last day of the period."""
        last_day = calendar.monthrange(self._year, self.last_month)[1]
        return _dt.date(self._year, self.last_month, last_day)

    @property
    def is_whole_year(self) -> bool:
        """True for January–December."""
        return self.first_month == 1 and self.last_month == 12

    def contains(self, day: _dt.date) -> bool:
        """True when ``day`` falls inside the period (both ends included)."""
        return day.year == self._year and self.first_month <= day.month <= self.last_month

    def __contains__(self, day: object) -> bool:
        return isinstance(day, _dt.date) and self.contains(day)

    def with_year(self, year: int) -> Period:
        """The same months in another year (``previous = p.with_year(p.year - 1)``)."""
        return Period(year, self.first_month, self.last_month)

    # -- dunder ----------------------------------------------------------------

    def _key(self) -> tuple[int, int, int]:
        return (self._year, self.first_month, self.last_month)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() == other._key()

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() >= other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Period is immutable: cannot set {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Period, self._key())

    def __repr__(self) -> str:
        return f"Period({self._year}, {self.first_month}, {self.last_month})"

    def __str__(self) -> str:
        if self.is_whole_year:
            return f"{self._year:04d}"
        if self.first_month == self.last_month:
            return f"{self._year:04d}-{self.first_month:02d}"
        return f"{self._year:04d}-{self.first_month:02d}..{self._year:04d}-{self.last_month:02d}"
