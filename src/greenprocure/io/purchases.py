"""Reading and writing purchases: CSV and JSON Lines, Korean exports included.

See the "Loading your data" guide for the accepted headers and cell formats.
"""

from __future__ import annotations

import csv
import json
import operator
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from itertools import compress
from operator import not_
from typing import IO, Any, Final, cast

from greenprocure.certifications import CertificateRef, SchemeRegistry, builtin_schemes
from greenprocure.errors import (
    AmbiguousJurisdictionError,
    CurrencyError,
    GreenprocureError,
    RecordError,
)
from greenprocure.i18n import N_, Message
from greenprocure.io._buyers import BuyerResolver, CachedBuyers, ResolvedBuyer, korea_buyers
from greenprocure.io._columns import IGNORED_PURCHASE_HEADERS, PURCHASE_COLUMNS
from greenprocure.io._csv import neutralise, restore
from greenprocure.io._output import output_format, text_output
from greenprocure.io._parse import (
    MAX_AMOUNT_DIGITS,
    CellError,
    cached,
    keys_to_fill,
    make_quantity,
    parse_amount,
    parse_currency,
    parse_date,
    parse_flag,
    parse_magnitude,
    parse_unit,
)
from greenprocure.io._problems import empty as _empty
from greenprocure.io._problems import problem as _problem
from greenprocure.io._problems import scheme_id
from greenprocure.io._reader import Cells, Context, Converter, Loader, load
from greenprocure.io._result import LoadResult, Problem
from greenprocure.io._source import SourceArg
from greenprocure.money import KRW, Money, currency_exponent
from greenprocure.purchases import Purchase, _Block, _trusted_purchase

__all__ = ["NO_CERTIFICATE", "PURCHASE_FIELDS", "read_purchases", "write_purchases"]

#: The columns the library writes, in order (also its own layout's headers).
PURCHASE_FIELDS: Final = tuple(column.field for column in PURCHASE_COLUMNS)

#: Scheme cells that mean "no certificate" when the number cell is empty.
NO_CERTIFICATE: Final = frozenset(
    {"-", "없음", "해당없음", "미해당", "일반", "일반제품", "none", "n/a", "na"}
)
_SEPARATOR: Final = re.compile(r"\s*[;；]\s*")


def _cell_problem(field: str, value: str, error: CellError) -> Problem:
    return Problem(field, value, error.code, error.reason)


def _error_problem(field: str, value: str, code: str, error: GreenprocureError) -> Problem:
    return Problem(field, value, code, Message.of(error.msgid, **error.params))


def _buyer_problem(raw: str, error: GreenprocureError) -> Problem:
    if isinstance(error, AmbiguousJurisdictionError):
        return _problem(
            "buyer",
            raw,
            "ambiguous-buyer",
            N_(
                "buyer {value!r} is ambiguous: it could mean any of {count} jurisdictions,"
                " {listing}; write it with its parent (e.g. 대구광역시 중구) or use its code"
            ),
            value=raw,
            count=error.params.get("count", len(error.candidates)),
            listing=error.params.get("listing", ""),
        )
    return Problem("buyer", raw, "unknown-buyer", Message.of(error.msgid, **error.params))


def _split(cell: str) -> list[str]:
    if ";" not in cell and "；" not in cell:
        return [cell] if cell else []
    return [part for part in _SEPARATOR.split(cell) if part]


class _PurchaseConverter:
    """Cells → :class:`Purchase`, with caches that live as long as one load."""

    def __init__(
        self,
        context: Context,
        *,
        buyers: BuyerResolver,
        schemes: SchemeRegistry,
        currency: str,
        check_duplicates: bool,
    ) -> None:
        self.context = context
        self.buyers = buyers
        try:
            self.currency = parse_currency(currency)
        except CellError as error:
            raise CurrencyError(error.reason.msgid, **dict(error.reason.params)) from None
        self.check_duplicates = check_duplicates
        self.seen: dict[str, int] = {}
        self.date = cached(parse_date)
        self.currency_of = cached(parse_currency)
        self.unit = cached(parse_unit)
        self.flag = cached(parse_flag)

        self.scheme = cached(scheme_id(schemes))
        # The fast path's caches, by raw cell (False: this cell needs the general path).
        self._cached_buyers = buyers if isinstance(buyers, CachedBuyers) else None
        self._texts: dict[str, Any] = {}
        self._days: dict[str, Any] = {}
        self._codes: dict[Any, Any] = {}
        self._currencies: dict[str, Any] = {}
        self._flags: dict[str, bool] = {}
        self._refs: dict[tuple[str, str], Any] = {}
        self._schemes: dict[str, Any] = {}
        # The block path's caches, by raw bytes.
        self._bday: dict[bytes, Any] = {}
        self._bday_period: dict[Any, Any] = {}
        self._bperiod: dict[Any, dict[bytes, Any]] = {}
        self._bsame: dict[frozenset[Any], dict[bytes, Any]] = {}
        self._btexts: dict[bytes, str] = {}
        self._bflags: dict[bytes, bool] = {}
        self._bcurrencies: dict[bytes, Any] = {}
        self._bschemes: dict[bytes, Any] = {}
        self._bempty: dict[bytes, bool] = {}

    #: The caches by raw cell, which hold for every load with the same settings.
    _SHARED: Final = (
        "_texts",
        "_days",
        "_codes",
        "_currencies",
        "_flags",
        "_refs",
        "_schemes",
        "_bday",
        "_bday_period",
        "_bperiod",
        "_bsame",
        "_btexts",
        "_bflags",
        "_bcurrencies",
        "_bschemes",
        "_bempty",
    )

    def share_caches(self, other: _PurchaseConverter) -> None:
        """Use the caches of ``other``, a converter of another piece of the same load.

        Its answers hold here: the same buyers, schemes and currency (the
        pieces of a split load are read with one load's settings). The
        ids seen (the duplicate-id check) are not shared.
        """
        for name in self._SHARED:
            setattr(self, name, getattr(other, name))

    #: Rows of exactly these columns, in this order, may take :meth:`fast_row`.
    fast_fields: Final = PURCHASE_FIELDS

    def fast_row(self, row: list[str], line: int) -> Purchase | None:
        """The purchase of a plain row of the library's own layout, or None.

        The fast path for :data:`PURCHASE_FIELDS` files: a row whose cells
        all read cleanly — a plain ASCII id, a known date and buyer, digits
        for the amount, no quantity, not a refund, valid certificate cells —
        becomes a :class:`Purchase` straight away, its parsed cells cached by
        raw text. Anything else (None) goes through :meth:`__call__`, which
        reports every problem; so the records, rejections and warnings are
        those of the general path.
        """
        (pid, buyer_raw, date_raw, category, amount_raw, currency_raw, quantity, unit) = row[:8]
        if (
            quantity
            or unit
            or not pid
            or not pid.isascii()
            or pid[0] == "'"
            or pid.strip() != pid
            or not amount_raw.isdigit()
            or not amount_raw.isascii()
            or len(amount_raw) > MAX_AMOUNT_DIGITS
        ):
            return None
        flag = self._flags.get(row[12])
        if flag is None:
            flag = self._flags[_bounded(self._flags, row[12])] = self._fast_flag(row[12])
        if not flag:
            return None
        found = self._days.get(date_raw)
        if found is None:
            found = self._days[_bounded(self._days, date_raw)] = self._fast_day(date_raw)
        if found is False:
            return None
        day, period = found
        if self._cached_buyers is not None:
            key = (buyer_raw, period)
            code = self._codes.get(key)
            if code is None:
                code = self._codes[_bounded(self._codes, key)] = self._fast_buyer(buyer_raw, day)
        else:
            code = self._fast_buyer(buyer_raw, day)
        if code is False:
            return None
        money = self._currencies.get(currency_raw)
        if money is None:
            money = self._currencies[_bounded(self._currencies, currency_raw)] = (
                self._fast_currency(currency_raw)
            )
        if money is False:
            return None
        claims: Any
        number = row[9]
        if number and number.isascii() and number[0] != "'" and number.strip() == number:
            # One plain certificate number (nearly unique: not cached), of the
            # scheme(s) in the scheme cell (cached).
            scheme = self._schemes.get(row[8])
            if scheme is None:
                scheme = self._schemes[_bounded(self._schemes, row[8])] = self._fast_scheme(row[8])
            if scheme is False or ";" in number:
                return None
            claims = (_NEW_REF(CertificateRef, (scheme, number)),)
        else:
            key = (row[8], number)
            claims = self._refs.get(key)
            if claims is None:
                claims = self._refs[_bounded(self._refs, key)] = self._fast_claims(key)
            if claims is False:
                return None
        texts = self._texts
        category_text = texts.get(category)
        if category_text is None:
            category_text = texts[_bounded(texts, category)] = _clean_text(category)
        supplier = texts.get(row[10])
        if supplier is None:
            supplier = texts[_bounded(texts, row[10])] = _clean_text(row[10])
        notes = texts.get(row[11])
        if notes is None:
            notes = texts[_bounded(texts, row[11])] = _clean_text(row[11])
        if self.check_duplicates:
            if pid in self.seen:
                return None
            self.seen[pid] = line
        currency, exponent, scale = money
        return _trusted_purchase(
            pid,
            code,
            day,
            category_text,
            Money._trusted(int(amount_raw) * scale, currency, exponent),
            claims,
            supplier,
            notes,
        )

    def fast_block(self, data: bytes, line: int) -> _Block | None:
        """The purchases of a block of plain rows as one :class:`_Block`, or None.

        ``data`` is whole physical lines of a UTF-8 file in the library's own
        layout, the first of them line ``line``. The block is taken whole
        only when every row is what :meth:`fast_row` accepts (and a little
        more: ids and certificate numbers of printable ASCII, one currency,
        the same refund cell on every row); anything else (None) and the
        caller reads the block row by row, with the general path's
        problems and warnings. The checks and conversions run over whole
        columns, in C where they can; cells are decoded and converted once
        per distinct raw value (dates, buyers, categories, schemes).
        """
        if b'"' in data or b"\x00" in data:
            return None
        try:
            return self._block(data, line)
        except UnicodeDecodeError:
            return None

    def _block(self, data: bytes, line: int) -> _Block | None:
        # The last cell of a row and the line break run into the next row's
        # id when the block is split at commas only: put the same text before
        # the first id and every row's first cell starts with it.
        tail = data[data.rfind(b",") + 1 :]
        ending = b"\r\n" if tail.endswith(b"\r\n") else b"\n"
        flag_raw = tail[: -len(ending)]
        if not tail.endswith(ending) or b"\r" in flag_raw or b"\n" in flag_raw:
            return None
        whole = tail + data
        cells = whole.split(b",")
        heads = cells[0::12]
        if heads.pop() != tail:
            return None
        count = len(heads)
        # With every head holding exactly one line break (checked below), the
        # count says that no other cell holds one: each line is exactly the 13
        # cells of one row. CRLF: one pass counts CRs and LFs together (two
        # counts took half as long again; bytes.count is a plain byte loop).
        if not count or len(cells) != 12 * count + 1:
            return None
        if ending == b"\r\n":
            if len(whole) - len(whole.translate(None, b"\r\n")) != 2 * (count + 1):
                return None
        elif whole.count(b"\n") != count + 1 or b"\r" in whole:
            return None
        flag = self._bflags.get(flag_raw)
        if flag is None:
            flag = self._bflags[_bounded(self._bflags, flag_raw)] = self._fast_flag(
                flag_raw.decode()
            )
        if not flag or any(cells[6::12]) or any(cells[7::12]):
            return None  # a refund, a bad flag, or a quantity
        # Every head must be the tail and a plain id, checked over the heads
        # run together (NUL, which no block holds, between them): quickly
        # for ids of letters and digits, by the regular expression for the
        # others. So every head holds exactly one line break, that of the
        # tail, and the ids are what is left of the heads.
        joined = b"\x00".join(heads)
        if not _alphanumeric_heads(joined, tail, count) and not _plain_heads(tail).fullmatch(
            joined
        ):
            return None
        if tail in heads:
            return None  # an empty id
        if self.check_duplicates:
            # The ids as strings, only here: the evaluation compares the heads.
            ids = joined[len(tail) :].replace(b"\x00" + tail, b"\x00").decode("ascii").split("\x00")
            seen = self.seen
            if len(set(ids)) != count or not seen.keys().isdisjoint(ids):
                return None  # the general path says which line came first
        amount_cells = cells[4::12]
        if (
            not all(amount_cells)
            or not b"".join(amount_cells).isdigit()
            or max(map(len, amount_cells)) > MAX_AMOUNT_DIGITS
        ):
            return None
        currency_cells = cells[5::12]
        currency_raw = currency_cells[0]
        if currency_cells.count(currency_raw) != count:  # one currency (no hashing)
            return None
        money = self._bcurrencies.get(currency_raw)
        if money is None:
            money = self._bcurrencies[_bounded(self._bcurrencies, currency_raw)] = (
                self._fast_currency(currency_raw.decode())
            )
        if money is False:
            return None
        # The cells no evaluation reads are only checked to be valid UTF-8 now.
        supplier_cells = cells[10::12]
        notes_cells = cells[11::12]
        b"".join(supplier_cells).decode()
        if any(notes_cells):
            b"".join(notes_cells).decode()
        # Dates, then buyers; a cell that does not convert sends the block
        # the general way.
        if self._cached_buyers is None:
            return None
        date_cells = cells[2::12]
        found_days = self._block_dates(date_cells)
        if found_days is None:
            return None
        dates, periods = found_days
        found_buyers = self._block_buyers(cells[1::12], dates, periods)
        if found_buyers is None:
            return None
        buyers, buyer_set = found_buyers
        texts = self._btexts
        category_cells = cells[3::12]
        categories: list[Any] = list(map(texts.get, category_cells))
        if not all(categories):  # a cell not seen before (or an empty category)
            named = set(category_cells)
            for raw in keys_to_fill(texts, named, _FAST_CACHE_LIMIT):
                texts[raw] = _clean_text(raw.decode())
            categories = list(map(texts.__getitem__, category_cells))
        category_set = set(categories)
        claims = self._block_claims(cells[8::12], cells[9::12])
        if claims is None:
            return None
        claim_rows, claim_schemes, claim_numbers = claims
        currency, exponent, scale = money
        try:
            # Digits only (checked above): JSON reads them as Python would,
            # twice as fast as int() per cell, and refuses leading zeros.
            amounts = json.loads(b"[" + b",".join(amount_cells) + b"]")
        except ValueError:
            amounts = list(map(int, amount_cells))
        if scale != 1:
            amounts = [amount * scale for amount in amounts]
        if self.check_duplicates:
            self.seen.update(zip(ids, range(line, line + count), strict=True))

        return _Block(
            heads,
            tail,
            buyers,
            dates,
            categories,
            amounts,
            currency,
            exponent,
            cells[9::12],
            claim_rows,
            claim_schemes,
            claim_numbers,
            supplier_cells,
            notes_cells,
            self._block_text,
            buyer_set,
            category_set,
        )

    def _block_text(self, raw: bytes) -> str:
        """A text cell of a block (valid UTF-8) as the general path makes it, cached."""
        texts = self._btexts
        text = texts.get(raw)
        if text is None:
            if len(texts) >= _FAST_CACHE_LIMIT:
                texts.clear()
            text = texts[raw] = _clean_text(raw.decode())
        return text

    def _block_dates(self, date_cells: list[bytes]) -> tuple[list[Any], set[Any]] | None:
        """The dates of a block's date cells and their periods, or None for the general path.

        A period is the stretch between two registry change dates that a day
        falls in (``CachedBuyers._period``): a buyer cell means the same
        government on every day of one period.
        """
        days, day_period = self._bday, self._bday_period
        dates = list(map(days.get, date_cells))
        if not all(dates):  # a cell not seen before, or not a date
            for raw in keys_to_fill(days, set(date_cells), _FAST_CACHE_LIMIT):
                found = self._fast_day(raw.decode())
                days[raw] = found[0] if found else None
            dates = list(map(days.__getitem__, date_cells))
            if not all(dates):
                return None
        # The periods of the distinct days (each day's period is asked once).
        distinct = set(dates)
        missing = keys_to_fill(day_period, distinct, _FAST_CACHE_LIMIT)
        if missing:
            period = cast(CachedBuyers, self._cached_buyers)._period
            for day in missing:
                day_period[day] = period(day)
        return dates, set(map(day_period.__getitem__, distinct))

    def _block_buyers(
        self, buyer_cells: list[bytes], dates: list[Any], periods: set[Any]
    ) -> tuple[list[str], set[str]] | None:
        """The buyers' codes of a block's buyer cells and the distinct codes, or None.

        None: the general path.
        """
        # Every cell seen before in these periods and plain: one look-up each.
        if len(periods) == 1:
            known = self._bperiod.get(next(iter(periods)))
        else:
            known = self._bsame.get(frozenset(periods))
        if known is not None:
            seen: list[Any] = list(map(known.get, buyer_cells))
            if all(seen):
                return seen, set(seen)
        named = set(buyer_cells)
        if len(periods) == 1:
            # One period (no registry change among these dates): by cell alone.
            codes = self._period_codes(next(iter(periods)), named, buyer_cells, dates)
            if not all(map(codes.__getitem__, named)):
                return None
            return list(map(codes.__getitem__, buyer_cells)), set(map(codes.__getitem__, named))
        # Several periods: a cell that means the same government in each of
        # them (as nearly every cell does) is converted by cell alone.
        period_of = self._bday_period  # every day of the block is in it (_block_dates)

        def answers(cells: set[bytes]) -> dict[Any, dict[bytes, Any]]:
            # The codes of these cells in each period (a day of the period each).
            day_of = dict(zip(map(period_of.__getitem__, dates), dates, strict=True))
            return {
                period: self._period_codes(period, cells, buyer_cells, dates, day_of[period])
                for period in periods
            }

        same = _sub_cache(self._bsame, frozenset(periods), 16)
        missing = keys_to_fill(same, named, _FAST_CACHE_LIMIT)
        if missing:
            found_in = answers(missing)
            for raw in missing:
                found = {found_in[period][raw] for period in periods}
                same[raw] = found.pop() if len(found) == 1 else None
        if all(map(same.__getitem__, named)):
            return list(map(same.__getitem__, buyer_cells)), set(map(same.__getitem__, named))
        if any(same[raw] is False for raw in named):
            return None
        # A cell whose meaning changes among these dates: by (cell, period).
        found_in = answers(named)
        found_codes: list[str] = []
        for cell, period in zip(buyer_cells, map(period_of.__getitem__, dates), strict=True):
            code = found_in[period][cell]
            if code is False:
                return None
            found_codes.append(code)
        return found_codes, set(found_codes)

    def _period_codes(
        self,
        period: Any,
        named: set[bytes],
        buyer_cells: list[bytes],
        dates: list[Any],
        day: Any = None,
    ) -> dict[bytes, Any]:
        """The codes of the ``named`` buyer cells in ``period`` (False: not plain), cached."""
        codes = _sub_cache(self._bperiod, period, 64)
        missing = keys_to_fill(codes, named, _FAST_CACHE_LIMIT)
        if missing:
            day_of = dict(zip(buyer_cells, dates, strict=True)) if day is None else None
            for raw in missing:
                codes[raw] = self._fast_buyer(raw.decode(), day if day_of is None else day_of[raw])
        return codes

    def _block_claims(
        self, scheme_cells: list[bytes], number_cells: list[bytes]
    ) -> tuple[list[int], list[str], list[bytes]] | None:
        """The rows that claim a certificate, their schemes and raw numbers (None: not plain)."""
        schemes = self._bschemes
        numbers = list(compress(number_cells, number_cells))
        claimed = list(compress(scheme_cells, number_cells))
        # A scheme cell without a number must say "no certificate" (or be
        # empty). When as many scheme cells as number cells are empty and no
        # claim's scheme cell is, the empty ones are those without a number.
        if (
            scheme_cells.count(b"") != len(number_cells) - len(numbers)
            or not all(claimed)
            or not self._empty_scheme(b"")
        ):
            without = set(compress(scheme_cells, map(not_, number_cells)))
            if not all(map(self._empty_scheme, without)):
                return None
        if not numbers:
            return [], [], []
        joined = b"\n".join(numbers)
        if not _PLAIN_NUMBERS.fullmatch(joined):
            return None
        scheme_ids: list[Any] = list(map(schemes.get, claimed))
        if not all(scheme_ids):  # a scheme cell not seen before, or not plain
            for raw in keys_to_fill(schemes, set(claimed), _FAST_CACHE_LIMIT):
                try:
                    text = raw.decode()
                except UnicodeDecodeError:
                    return None
                schemes[raw] = self._fast_scheme(text)
            scheme_ids = list(map(schemes.__getitem__, claimed))
            if False in scheme_ids:
                return None
        return list(compress(range(len(number_cells)), number_cells)), scheme_ids, numbers

    def _empty_scheme(self, raw: bytes) -> bool:
        """Whether a scheme cell without a number says "no certificate" (cached)."""
        empty = self._bempty.get(raw)
        if empty is None:
            try:
                text = raw.decode()
            except UnicodeDecodeError:
                return False
            empty = self._bempty[_bounded(self._bempty, raw)] = self._fast_claims((text, "")) == ()
        return empty

    def _fast_flag(self, raw: str) -> bool:
        # True when the refund cell says "not a refund".
        cell = restore(raw.strip())
        if not cell:
            return True
        try:
            return not self.flag(cell)
        except CellError:
            return False

    def _fast_day(self, raw: str) -> Any:
        cell = restore(raw.strip())
        if not cell:
            return False
        try:
            day = self.date(cell)
        except CellError:
            return False
        resolver = self._cached_buyers
        return day, (resolver._period(day) if resolver is not None else None)

    def _fast_buyer(self, raw: str, day: Any) -> Any:
        cell = restore(raw.strip())
        if not cell:
            return False
        try:
            found: Any = self.buyers(cell, day)
        except GreenprocureError:
            return False
        if isinstance(found, ResolvedBuyer):
            if found.note is not None:
                return False  # the general path warns about it
            found = found.code
        if not isinstance(found, str):  # a resolver that breaks its contract
            return False
        return _nfc(found) or False

    def _fast_currency(self, raw: str) -> Any:
        cell = restore(raw.strip())
        if not cell:
            code = self.currency
        else:
            try:
                code = self.currency_of(cell)
            except CellError:
                return False
        exponent = currency_exponent(code)
        return code, exponent, 10**exponent

    def _fast_claims(self, raw: tuple[str, str]) -> Any:
        problems: list[Problem] = []
        cells = {
            "certificate_scheme": restore(raw[0].strip()),
            "certificate_number": restore(raw[1].strip()),
        }
        claims = self._claims(cells, problems)
        if problems:
            return False
        refs: list[CertificateRef] = []
        for claim in claims:
            if not all(isinstance(part, str) and part.strip() for part in claim):
                return False
            refs.append(CertificateRef(_nfc(claim[0]), _nfc(claim[1])))
        return tuple(refs)

    def _fast_scheme(self, raw: str) -> Any:
        # The scheme id of a scheme cell with one plain certificate number
        # (whichever: a plain number changes nothing but itself), or False.
        claims = self._fast_claims((raw, "N"))
        return False if claims is False or len(claims) != 1 else claims[0].scheme

    def __call__(self, cells: Cells, line: int) -> Purchase | list[Problem]:
        problems: list[Problem] = []
        # id
        if "id" in cells:
            pid = cells["id"]
            if not pid:
                problems.append(_empty("id"))
            elif self.check_duplicates:
                first = self.seen.get(pid)
                if first is None:
                    self.seen[pid] = line
                else:
                    problems.append(
                        _problem(
                            "id",
                            pid,
                            "duplicate-id",
                            N_("purchase id {value!r} was already used on line {first}"),
                            value=pid,
                            first=first,
                        )
                    )
        else:
            pid = f"line-{line}"
            self.context.warn_once(
                "generated-ids",
                Message.of(
                    N_("the file has no id column: each purchase is named after its line (line-2)")
                ),
            )
        # date
        day = None
        raw = cells.get("date", "")
        if not raw:
            problems.append(_empty("date"))
        else:
            try:
                day = self.date(raw)
            except CellError as error:
                problems.append(_cell_problem("date", raw, error))
        # buyer, as of the date
        buyer = ""
        raw = cells.get("buyer", "")
        if not raw:
            problems.append(_empty("buyer"))
        elif day is not None:
            try:
                found = self.buyers(raw, day)
            except GreenprocureError as error:
                problems.append(_buyer_problem(raw, error))
            else:
                if isinstance(found, ResolvedBuyer):
                    buyer = found.code
                    if found.note is not None:
                        self.context.warn_once("buyer-note", found.note, line, key=raw)
                else:
                    buyer = found
        # currency, refund flag, amount
        currency: str | None = self.currency
        raw = cells.get("currency", "")
        if raw:
            try:
                currency = self.currency_of(raw)
            except CellError as error:
                problems.append(_cell_problem("currency", raw, error))
                currency = None
        refund = False
        raw = cells.get("refund", "")
        if raw:
            try:
                refund = self.flag(raw)
            except CellError as error:
                problems.append(_cell_problem("refund", raw, error))
        amount = None
        raw = cells.get("amount", "")
        if not raw:
            problems.append(_empty("amount"))
        elif currency is not None:
            try:
                amount = parse_amount(raw, currency)
            except CellError as error:
                problems.append(_cell_problem("amount", raw, error))
            else:
                units = amount.minor_units
                if units < 0 and not refund:
                    problems.append(
                        _problem(
                            "amount",
                            raw,
                            "negative-amount",
                            N_(
                                "amount {value!r} is negative, which only a refund or cancellation"
                                " line may be: mark the row in a refund column (환불여부 Y)"
                            ),
                            value=raw,
                        )
                    )
                elif units > 0 and refund:
                    problems.append(
                        _problem(
                            "amount",
                            raw,
                            "positive-refund",
                            N_(
                                "amount {value!r} is positive on a refund line: write a refund as"
                                " a negative amount (-5,000 or △5,000)"
                            ),
                            value=raw,
                        )
                    )
        # quantity and unit
        quantity = None
        raw = cells.get("quantity", "")
        if raw:
            quantity = self._quantity(raw, cells.get("unit", ""), "unit" in cells, problems)
        # certificates
        claims = self._claims(cells, problems)
        if problems:
            return problems
        if day is None or amount is None:  # pragma: no cover - a problem was recorded
            return problems
        try:
            return Purchase(
                id=pid,
                buyer=buyer,
                date=day,
                category=cells.get("category", ""),
                amount=amount,
                quantity=quantity,
                certificates=claims,
                supplier=cells.get("supplier", ""),
                notes=cells.get("notes", ""),
                refund=refund,
            )
        except RecordError as error:
            field = str(error.params.get("field", "row"))
            value = error.params.get("value", "")
            return [_error_problem(field, str(value), "invalid", error)]

    def _quantity(
        self, raw: str, raw_unit: str, has_unit_column: bool, problems: list[Problem]
    ) -> Any:
        number, unit_text = raw, raw_unit
        if not unit_text and not has_unit_column:
            # "400 m**3" in a quantity column, when the file has no unit column.
            number, _, unit_text = raw.partition(" ")
            unit_text = unit_text.strip()
        if not unit_text:
            problems.append(
                _problem(
                    "unit",
                    raw_unit,
                    "missing-unit",
                    N_("quantity {value!r} has no unit: fill the unit column (단위)"),
                    value=raw,
                )
            )
            return None
        try:
            the_unit = self.unit(unit_text)
        except CellError as error:
            problems.append(_cell_problem("unit", unit_text, error))
            return None
        try:
            magnitude = parse_magnitude(number)
        except CellError as error:
            problems.append(_cell_problem("quantity", raw, error))
            return None
        return make_quantity(magnitude, the_unit)

    def _claims(self, cells: Cells, problems: list[Problem]) -> tuple[CertificateRef, ...]:
        numbers_cell = cells.get("certificate_number", "")
        if isinstance(numbers_cell, list):
            return self._structured(numbers_cell, problems)
        schemes_cell = cells.get("certificate_scheme", "")
        if not numbers_cell:
            if schemes_cell and schemes_cell.casefold() not in NO_CERTIFICATE:
                problems.append(
                    _problem(
                        "certificate_number",
                        "",
                        "missing-certificate-number",
                        N_(
                            "the row names the certification {scheme!r} but no certificate"
                            " number (인증번호)"
                        ),
                        scheme=schemes_cell,
                    )
                )
            return ()
        numbers = _split(numbers_cell)
        schemes = _split(schemes_cell)
        if not schemes or schemes_cell.casefold() in NO_CERTIFICATE:
            problems.append(
                _problem(
                    "certificate_scheme",
                    schemes_cell,
                    "missing-scheme",
                    N_(
                        "certificate number {number!r} has no certification scheme: fill"
                        " the scheme column (인증구분)"
                    ),
                    number=numbers_cell,
                )
            )
            return ()
        if len(schemes) == 1:
            schemes = schemes * len(numbers)
        elif len(schemes) != len(numbers):
            problems.append(
                _problem(
                    "certificate_number",
                    numbers_cell,
                    "certificate-count",
                    N_(
                        "{schemes} certification schemes but {numbers} certificate numbers:"
                        " give one scheme, or one per number, separated by ';'"
                    ),
                    schemes=len(schemes),
                    numbers=len(numbers),
                )
            )
            return ()
        claims: list[CertificateRef] = []
        for scheme, number in zip(schemes, numbers, strict=True):
            try:
                claims.append(CertificateRef(self.scheme(scheme), number))
            except CellError as error:
                problems.append(_cell_problem("certificate_scheme", scheme, error))
        return tuple(claims)

    def _structured(self, items: list[Any], problems: list[Problem]) -> tuple[CertificateRef, ...]:
        claims: list[CertificateRef] = []
        for item in items:
            if isinstance(item, dict):
                scheme = item.get("scheme", item.get("인증구분"))
                number = item.get("number", item.get("인증번호"))
            elif isinstance(item, list) and len(item) == 2:
                scheme, number = item
            else:
                scheme = number = None
            if not isinstance(scheme, str) or not isinstance(number, (str, int)):
                problems.append(
                    _problem(
                        "certificate_number",
                        json.dumps(item, ensure_ascii=False, default=str),
                        "bad-certificate",
                        N_(
                            "certificate claim {value} is not a scheme and a number, such as"
                            ' {{"scheme": "환경표지", "number": "16052"}}'
                        ),
                        value=json.dumps(item, ensure_ascii=False, default=str),
                    )
                )
                continue
            number_text = str(number).strip()
            if not number_text:
                problems.append(_empty("certificate_number"))
                continue
            try:
                claims.append(CertificateRef(self.scheme(scheme.strip()), number_text))
            except CellError as error:
                problems.append(_cell_problem("certificate_scheme", scheme, error))
        return tuple(claims)


_FAST_CACHE_LIMIT: Final = 100_000
_NEW_REF: Final = tuple.__new__
_FIRST: Final = operator.itemgetter(0)
_SECOND: Final = operator.itemgetter(1)
# Ids and certificate numbers the block path takes (one per line): printable
# ASCII without spaces, not starting with an apostrophe; numbers without ';'.
_PLAIN_ID: Final = rb"[!-&(-~][!-~]*"
_HEADS: dict[bytes, re.Pattern[bytes]] = {}


def _plain_heads(tail: bytes) -> re.Pattern[bytes]:
    """The pattern of a block's heads run together: ``tail`` and a plain id, NUL between them."""
    pattern = _HEADS.get(tail)
    if pattern is None:
        if len(_HEADS) >= 64:
            _HEADS.clear()
        head = re.escape(tail) + _PLAIN_ID
        pattern = _HEADS[tail] = re.compile(head + rb"(?:\x00" + head + rb")*")
    return pattern


def _alphanumeric_heads(joined: bytes, tail: bytes, count: int) -> bool:
    """Whether each of the ``count`` heads in ``joined`` (NUL between them) is ``tail`` and an id.

    Here an id is ASCII letters and digits only: part of what
    ``_plain_heads(tail)`` matches, that of the ids most files have, checked
    a few times faster than by the regular expression. With every separator
    and its tail taken out, only the first tail and the ids' letters and
    digits are left (a NUL left over: a head that does not start with the
    tail). An empty id (a head that is the tail alone) is looked for apart.
    """
    separator = b"\x00" + tail
    rest = joined.replace(separator, b"")
    return (
        joined.startswith(tail)
        and len(joined) - len(rest) == (count - 1) * len(separator)
        and rest[len(tail) :].isalnum()
    )


_PLAIN_NUMBERS: Final = re.compile(rb"[!-&(-:<-~][!-:<-~]*(?:\n[!-&(-:<-~][!-:<-~]*)*")


def _sub_cache(caches: dict[Any, dict[Any, Any]], key: Any, limit: int) -> dict[Any, Any]:
    """The cache of ``key`` in ``caches``, new if need be (all emptied at ``limit`` keys)."""
    found = caches.get(key)
    if found is None:
        if len(caches) >= limit:
            caches.clear()
        found = caches[key] = {}
    return found


def _bounded(cache: dict[Any, Any], key: Any) -> Any:
    """``key``, after emptying ``cache`` if it is full (the fast path's caches stay bounded)."""
    if len(cache) >= _FAST_CACHE_LIMIT:
        cache.clear()
    return key


def _nfc(text: str) -> str:
    # Text as Purchase stores it.
    return unicodedata.normalize("NFC", text).strip()


def _clean_text(raw: str) -> str:
    # A cell as the general path makes it (restore(strip)) and then as Purchase
    # stores it (NFC, stripped).
    return _nfc(restore(raw.strip()))


def read_purchases(
    source: SourceArg,
    *,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    column_map: Mapping[str, str | None] | None = None,
    buyers: BuyerResolver | None = None,
    schemes: SchemeRegistry | None = None,
    currency: str = KRW,
    strict: bool = False,
    lazy: bool = False,
    check_duplicates: bool = True,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 10_000,
) -> LoadResult[Purchase]:
    """Read purchases from CSV, JSON Lines or a JSON array.

    Args:
        source: a path, or an open file (binary, or text).
        format: ``"csv"``, ``"jsonl"`` or ``"json"``; by default from the file
            name's suffix, else from the first character (``{`` JSON Lines,
            ``[`` a JSON array, otherwise CSV).
        encoding: the text encoding; by default UTF-8 (with or without a byte
            order mark) or CP949/EUC-KR, detected from the first 64 KiB.
        delimiter: the CSV delimiter; by default ``,``, tab or ``;``,
            whichever the header line has most of.
        column_map: ``{header: field}`` for headers the library does not
            know (``{"구매처": "buyer"}``); a field of None ignores a column
            without a warning.
        buyers: how buyer cells become jurisdiction codes (see
            :mod:`greenprocure.io`); by default the Korean registry as of each
            purchase date (:func:`korea_buyers`). Use :func:`as_given` to keep
            the cells as they are.
        schemes: the certification schemes that scheme cells may name
            (default: the built-in ones).
        currency: the currency of amounts when there is no currency column.
        strict: raise :class:`~greenprocure.errors.RecordError` at the first
            rejected row instead of collecting rejections.
        lazy: read as you iterate over the result (see :class:`LoadResult`).
        check_duplicates: reject a row whose id an earlier row already has
            (this keeps every id in memory; turn it off for huge files whose
            ids are known to be unique).
        progress: called with the number of rows read so far, every
            ``progress_every`` rows and once at the end.
        progress_every: how often ``progress`` is called.

    Returns:
        The accepted purchases, every rejected row with its line, field,
        raw value and reason, and warnings (unknown columns, blank lines,
        generated ids, names of another date).

    Raises:
        LoadError: the whole file cannot be read: not a text file, an
            unknown encoding or format, no header, missing required columns
            (all named at once), an invalid JSON array.
        RecordError: with ``strict=True``, the first rejected row.
        OSError: the file cannot be opened.
    """
    resolver = buyers if buyers is not None else _default_buyers()
    registry = schemes if schemes is not None else builtin_schemes()

    def make(context: Context) -> Converter[Purchase]:
        return _PurchaseConverter(
            context,
            buyers=resolver,
            schemes=registry,
            currency=currency,
            check_duplicates=check_duplicates,
        )

    loader = Loader(
        source,
        columns=PURCHASE_COLUMNS,
        ignored=IGNORED_PURCHASE_HEADERS,
        make_converter=make,
        format=format,
        encoding=encoding,
        delimiter=delimiter,
        column_map=column_map,
        strict=strict,
        lazy=lazy,
        progress=progress,
        progress_every=progress_every,
        # The default resolver is the library's; a resolver given may be user code.
        own_code_only=buyers is None,
    )
    return load(loader, lazy)


_DEFAULT: list[CachedBuyers] = []


def _default_buyers() -> CachedBuyers:
    # One resolver for the process: its cache serves every load.
    if not _DEFAULT:
        _DEFAULT.append(korea_buyers())
    return _DEFAULT[0]


# -- writing --------------------------------------------------------------------


def _number(magnitude: Any) -> str:
    # Plain digits, never an exponent ("1.20E+5" is 120000 to people).
    if isinstance(magnitude, Decimal):
        return format(magnitude, "f")
    return str(magnitude)


def _cells(purchase: Purchase) -> dict[str, Any]:
    for ref in purchase.certificates:
        for part in ref:
            if ";" in part or "；" in part:
                raise RecordError(
                    N_(
                        "purchase {record!r}: certificate {value!r} contains ';', which separates"
                        " certificates in a cell"
                    ),
                    record=purchase.id,
                    field="certificates",
                    value=part,
                )
    quantity = purchase.quantity
    return {
        "id": purchase.id,
        "buyer": purchase.buyer,
        "date": purchase.date.isoformat(),
        "category": purchase.category,
        "amount": str(purchase.amount.amount),
        "currency": purchase.amount.currency,
        "quantity": "" if quantity is None else _number(quantity.magnitude),
        "unit": "" if quantity is None else str(quantity.units),
        "certificate_scheme": ";".join(ref.scheme for ref in purchase.certificates),
        "certificate_number": ";".join(ref.number for ref in purchase.certificates),
        "supplier": purchase.supplier,
        "notes": purchase.notes,
        "refund": "true" if purchase.refund else "false",
    }


def _json(purchase: Purchase) -> dict[str, Any]:
    cells = _cells(purchase)
    del cells["certificate_scheme"], cells["certificate_number"]
    cells["certificates"] = [
        {"scheme": ref.scheme, "number": ref.number} for ref in purchase.certificates
    ]
    cells["refund"] = purchase.refund
    for key in ("quantity", "unit"):
        cells[key] = cells[key] or None
    return cells


def write_purchases(
    purchases: Iterable[Purchase],
    target: str | os.PathLike[str] | IO[Any],
    format: str | None = None,
    *,
    encoding: str | None = None,
) -> int:
    """Write purchases as CSV or JSON Lines, in the library's own layout.

    CSV has the columns :data:`PURCHASE_FIELDS`; amounts are plain decimals
    in the currency's minor unit (``1234000``, ``19.90``), dates ISO
    (``2022-03-01``), several certificates ``;``-separated in the scheme and
    number columns, ``refund`` ``true``/``false``. Cells a spreadsheet would
    run as formulas are neutralised with an apostrophe; negative refund
    amounts (``-5000``) are plain numbers and stay as they are. Reading the
    file back with :func:`read_purchases` gives equal purchases (the
    apostrophes are removed again).

    JSON Lines has one object per purchase, amounts as strings, and
    ``certificates`` as a list of ``{"scheme", "number"}`` objects.

    Args:
        purchases: any iterable of purchases (it is read once).
        target: a path, or an open file (text or binary).
        format: ``"csv"`` or ``"jsonl"``; by default chosen by the path's
            suffix (``.jsonl``, ``.json-lines`` or ``.ndjson``: JSON Lines,
            anything else and open files: CSV), as :func:`read_purchases`
            reads it back.
        encoding: for paths and binary files; by default UTF-8 with a byte
            order mark for CSV (so that Excel reads Korean correctly) and
            UTF-8 for JSON Lines.

    Returns:
        The number of purchases written.

    Raises:
        RecordError: a certificate number or scheme contains ``;``.
        ValueError: an unknown format.

    Example:
        >>> import datetime as dt, io
        >>> from greenprocure import Money, Purchase
        >>> out = io.StringIO()
        >>> write_purchases([Purchase("=1+1", "4812000000", dt.date(2022, 3, 1), "레미콘",
        ...                           Money.krw(36_000_000))], out)
        1
        >>> print(out.getvalue().splitlines()[1])
        '=1+1,4812000000,2022-03-01,레미콘,36000000,KRW,,,,,,,false
    """
    format = output_format(target, format)
    chosen = encoding or ("utf-8-sig" if format == "csv" else "utf-8")
    count = 0
    with text_output(target, chosen) as stream:
        if format == "csv":
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(PURCHASE_FIELDS)
            for purchase in purchases:
                cells = _cells(purchase)
                writer.writerow([neutralise(cells[field]) for field in PURCHASE_FIELDS])
                count += 1
        else:
            for purchase in purchases:
                stream.write(json.dumps(_json(purchase), ensure_ascii=False) + "\n")
                count += 1
    return count
