"""Reading baseline and target files: one row per jurisdiction and year.

A **baseline file** gives previous-year counted green amounts::

    지방정부,연도,금액
    경상남도,2021,"1,000,000,000원"
    2600000000,2021,950000000

A **target file** gives explicit targets, an amount or a rate::

    code,year,amount,rate,basis
    4800000000,2022,1100000000,,published list
    2700000000,2019,,46.2%,national evaluation

The jurisdiction cell may hold a code or a name (Korean or English, with or
without its parent, ``대구 중구``); names are resolved through the Korean
registry as of ``as_of`` (by default the last day of the row's year). A rate
is written with a per-cent sign (``46.2%``) or as a ratio up to 1
(``0.462``). Files are read like purchase files (UTF-8 with or without BOM,
CP949; Korean or English headers; ``1,234,000원``), and every row is either
accepted or rejected with its line, field and reason.

Examples:
    >>> import io
    >>> from greenprocure.io import as_given, read_targets
    >>> data = io.StringIO("code,year,amount,rate\\n"
    ...                    "4800000000,2022,\\"1,100,000,000원\\",\\n"
    ...                    "2700000000,2019,,46.2%\\n"
    ...                    "2600000000,2022,,46.2\\n")
    >>> result = read_targets(data, jurisdictions=as_given)
    >>> [(t.jurisdiction, t.year, t.amount or t.rate) for t in result.records]
    [('4800000000', 2022, Money('1100000000', 'KRW')), ('2700000000', 2019, Decimal('0.462'))]
    >>> result.rejected[0].code, result.rejected[0].field
    ('bad-rate', 'rate')
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from greenprocure.errors import GreenprocureError
from greenprocure.i18n import N_, Message
from greenprocure.io._buyers import BuyerResolver, ResolvedBuyer, korea_buyers
from greenprocure.io._columns import Column
from greenprocure.io._parse import CellError, cached, parse_amount, parse_currency
from greenprocure.io._problems import empty as _empty
from greenprocure.io._problems import problem as _problem
from greenprocure.io._reader import Cells, Context, Converter, Loader, load
from greenprocure.io._result import LoadResult, Problem
from greenprocure.io._source import SourceArg
from greenprocure.money import KRW
from greenprocure.targets import BaselineEntry, Target

__all__ = ["BASELINE_COLUMNS", "TARGET_COLUMNS", "read_baseline", "read_targets"]

_JURISDICTION: Final = Column(
    "jurisdiction",
    (
        "jurisdiction",
        "code",
        "name",
        "buyer",
        "지방정부",
        "지방자치단체",
        "자치단체",
        "지자체",
        "기관",
        "기관명",
        "기관코드",
        "수요기관",
        "코드",
    ),
    required=True,
)
_YEAR: Final = Column("year", ("year", "연도", "년도", "기준연도", "목표연도"), required=True)
_CURRENCY: Final = Column("currency", ("currency", "통화", "통화코드"))

#: Baseline file columns: jurisdiction, year, amount (and an optional currency).
BASELINE_COLUMNS: Final = (
    _JURISDICTION,
    _YEAR,
    Column(
        "amount",
        (
            "amount",
            "금액",
            "실적",
            "기준실적",
            "구매실적",
            "구매액",
            "녹색제품구매액",
            "인정액",
        ),
        required=True,
    ),
    _CURRENCY,
)

#: Target file columns: jurisdiction, year, amount or rate, basis (and a currency).
TARGET_COLUMNS: Final = (
    _JURISDICTION,
    _YEAR,
    Column("amount", ("amount", "target", "target_amount", "목표액", "목표금액", "금액")),
    Column("rate", ("rate", "target_rate", "목표율", "목표구매율", "목표비율", "구매율")),
    Column("basis", ("basis", "source", "근거", "출처", "비고")),
    _CURRENCY,
)

_RATE: Final = re.compile(r"^\s*(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<percent>%)?\s*$")


def parse_rate(cell: str) -> Decimal:
    """A rate as a ratio: ``46.2%`` → ``0.462``; ``0.462`` stays; ``46.2`` is refused.

    Raises:
        CellError: code ``bad-rate``.
    """
    match = _RATE.match(cell)
    if match is None:
        raise CellError(
            "bad-rate",
            Message.of(N_("rate {value!r} is not a number such as 46.2% or 0.462"), value=cell),
        )
    number = Decimal(match["number"])  # the pattern admits only plain decimals
    if match["percent"]:
        number = number.scaleb(-2)
    elif number > 1:
        raise CellError(
            "bad-rate",
            Message.of(
                N_("rate {value!r} is ambiguous: write a per-cent sign (46.2%) or a ratio (0.462)"),
                value=cell,
            ),
        )
    if number <= 0:
        raise CellError("bad-rate", Message.of(N_("rate {value!r} must be above zero"), value=cell))
    return number


class _Rows:
    """What baseline and target rows share: jurisdiction, year, currency, duplicates."""

    def __init__(
        self,
        context: Context,
        resolver: BuyerResolver,
        as_of: _dt.date | None,
        currency: str,
    ) -> None:
        self.context = context
        self.resolver = resolver
        self.as_of = as_of
        self.currency = parse_currency(currency)
        self.currency_of = cached(parse_currency)
        self.seen: dict[tuple[str, int], int] = {}

    def common(
        self, cells: Cells, line: int, problems: list[Problem]
    ) -> tuple[str | None, int | None, str]:
        year: int | None = None
        raw = cells.get("year", "").strip()
        if not raw:
            problems.append(_empty("year"))
        elif not (raw.isdigit() and len(raw) == 4 and 1900 < int(raw) < 2200):
            problems.append(
                _problem("year", raw, "bad-year", N_("year {value!r} is not a year"), value=raw)
            )
        else:
            year = int(raw)
        code: str | None = None
        raw = cells.get("jurisdiction", "").strip()
        if not raw:
            problems.append(_empty("jurisdiction"))
        elif year is not None:
            day = self.as_of or _dt.date(year, 12, 31)
            try:
                found = self.resolver(raw, day)
            except GreenprocureError as error:
                problems.append(
                    Problem(
                        "jurisdiction",
                        raw,
                        "unknown-jurisdiction",
                        Message.of(error.msgid, **error.params),
                    )
                )
            else:
                code = found.code if isinstance(found, ResolvedBuyer) else found
                note = found.note if isinstance(found, ResolvedBuyer) else None
                if note is not None:
                    self.context.warn_once(f"note-{raw}", note, line)
        currency = self.currency
        raw = cells.get("currency", "").strip()
        if raw:
            try:
                currency = self.currency_of(raw)
            except CellError as error:
                problems.append(Problem("currency", raw, error.code, error.reason))
        if code is not None and year is not None:
            first = self.seen.get((code, year))
            if first is not None:
                problems.append(
                    _problem(
                        "jurisdiction",
                        cells.get("jurisdiction", ""),
                        "duplicate",
                        N_("{code} already has a row for {year}, on line {first}"),
                        code=code,
                        year=year,
                        first=first,
                    )
                )
            else:
                self.seen[(code, year)] = line
        return code, year, currency


class _BaselineConverter(_Rows):
    def __call__(self, cells: Cells, line: int) -> BaselineEntry | list[Problem]:
        problems: list[Problem] = []
        code, year, currency = self.common(cells, line, problems)
        raw = cells.get("amount", "").strip()
        amount = None
        if not raw:
            problems.append(_empty("amount"))
        else:
            try:
                amount = parse_amount(raw, currency)
            except CellError as error:
                problems.append(Problem("amount", raw, error.code, error.reason))
            else:
                if amount.minor_units < 0:
                    problems.append(
                        _problem(
                            "amount",
                            raw,
                            "negative-amount",
                            N_("amount {value!r} is negative"),
                            value=raw,
                        )
                    )
        if problems or code is None or year is None or amount is None:
            return problems
        return BaselineEntry(code, year, amount)


class _TargetConverter(_Rows):
    def __call__(self, cells: Cells, line: int) -> Target | list[Problem]:
        problems: list[Problem] = []
        code, year, currency = self.common(cells, line, problems)
        amount_raw = cells.get("amount", "").strip()
        rate_raw = cells.get("rate", "").strip()
        amount = rate = None
        if bool(amount_raw) == bool(rate_raw):
            problems.append(
                _problem(
                    "amount",
                    amount_raw or rate_raw,
                    "amount-or-rate",
                    N_("give either a target amount or a target rate, not {what}"),
                    what=Message.of(N_("both")) if amount_raw else Message.of(N_("neither")),
                )
            )
        elif amount_raw:
            try:
                amount = parse_amount(amount_raw, currency)
            except CellError as error:
                problems.append(Problem("amount", amount_raw, error.code, error.reason))
            else:
                if amount.minor_units <= 0:
                    problems.append(
                        _problem(
                            "amount",
                            amount_raw,
                            "bad-amount",
                            N_("target amount {value!r} must be above zero"),
                            value=amount_raw,
                        )
                    )
        else:
            try:
                rate = parse_rate(rate_raw)
            except CellError as error:
                problems.append(Problem("rate", rate_raw, error.code, error.reason))
            else:
                if not 0 < rate <= 1:
                    problems.append(
                        _problem(
                            "rate",
                            rate_raw,
                            "bad-rate",
                            N_("target rate {value!r} must be above 0% and at most 100%"),
                            value=rate_raw,
                        )
                    )
        if problems or code is None or year is None:
            return problems
        basis = cells.get("basis", "").strip()
        try:
            return Target(code, year, amount=amount, rate=rate, basis=basis)
        except GreenprocureError as error:
            # Whatever the model refuses is a rejection of this row, never a crash.
            field = str(error.params.get("field", "rate" if rate is not None else "amount"))
            raw = rate_raw if field == "rate" else amount_raw
            return [Problem(field, raw, "bad-target", Message.of(error.msgid, **error.params))]


def _read(
    source: SourceArg,
    columns: tuple[Column, ...],
    make: Callable[[Context], Converter[Any]],
    *,
    format: str | None,
    encoding: str | None,
    delimiter: str | None,
    column_map: Mapping[str, str | None] | None,
    strict: bool,
) -> LoadResult[Any]:
    loader = Loader(
        source,
        columns=columns,
        ignored=("순번", "번호", "no"),
        make_converter=make,
        format=format,
        encoding=encoding,
        delimiter=delimiter,
        column_map=column_map,
        strict=strict,
        lazy=False,
        progress=None,
        progress_every=10_000,
    )
    return load(loader, False)


def read_baseline(
    source: SourceArg,
    *,
    jurisdictions: BuyerResolver | None = None,
    as_of: _dt.date | None = None,
    currency: str = KRW,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    column_map: Mapping[str, str | None] | None = None,
    strict: bool = False,
) -> LoadResult[BaselineEntry]:
    """Read previous-year counted amounts: columns (code or name, year, amount).

    Build the :class:`~greenprocure.targets.Baseline` of one year with
    ``Baseline.from_entries(result.records, year)``.

    Args:
        source: a path or an open file.
        jurisdictions: how jurisdiction cells become codes (default: the
            Korean registry, :func:`~greenprocure.io.korea_buyers`; use
            :func:`~greenprocure.io.as_given` to keep the cells).
        as_of: the day names are resolved on (default: each row's 31 December).
        currency: the currency of amounts without a currency column.
        format: ``"csv"``, ``"jsonl"`` or ``"json"`` (default: detected).
        encoding: the text encoding (default: detected).
        delimiter: the CSV delimiter (default: detected).
        column_map: ``{header: field}`` for headers the library does not know.
        strict: raise at the first rejected row.

    Raises:
        LoadError: the file cannot be read at all (e.g. a required column is missing).
        RecordError: with ``strict=True``, the first rejected row.
    """
    resolver = jurisdictions if jurisdictions is not None else korea_buyers()

    def make(context: Context) -> Converter[BaselineEntry]:
        return _BaselineConverter(context, resolver, as_of, currency)

    return _read(
        source,
        BASELINE_COLUMNS,
        make,
        format=format,
        encoding=encoding,
        delimiter=delimiter,
        column_map=column_map,
        strict=strict,
    )


def read_targets(
    source: SourceArg,
    *,
    jurisdictions: BuyerResolver | None = None,
    as_of: _dt.date | None = None,
    currency: str = KRW,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    column_map: Mapping[str, str | None] | None = None,
    strict: bool = False,
) -> LoadResult[Target]:
    """Read explicit targets: columns (code or name, year, amount or rate[, basis]).

    Each row gives exactly one of a target amount and a target rate. The
    arguments are those of :func:`read_baseline`.
    """
    resolver = jurisdictions if jurisdictions is not None else korea_buyers()

    def make(context: Context) -> Converter[Target]:
        return _TargetConverter(context, resolver, as_of, currency)

    return _read(
        source,
        TARGET_COLUMNS,
        make,
        format=format,
        encoding=encoding,
        delimiter=delimiter,
        column_map=column_map,
        strict=strict,
    )
