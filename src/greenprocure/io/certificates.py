"""Reading and writing certificate lists: the library's layout and KEITI's open data.

KEITI (한국환경산업기술원) publishes the Korea Eco-label's certified products
on the public data portal (data.go.kr). The headers this reader knows from
those lists are, as published:

* the file data of the Green Products Information System
  (녹색제품정보시스템): ``업체명``, ``제품번호``, ``인증번호``, ``제품용도명``,
  ``모델명``, ``분류번호``, ``식별번호``, ``인증상태`` (인증/인증취소/인증포기/
  인증만료), ``환경표지여부`` (Y/N), ``환경표지인증시작일``,
  ``환경표지인증종료일``, ``지역``;
* the open API of revoked and cancelled certificates (환경표지인증 해지취소
  제품 조회): ``대상제품군`` (``EL250.창호``), ``환경표지인증번호``,
  ``인증기업명``, ``인증제품명``, ``인증사유``, ``환경표지인증시작일``,
  ``환경표지인증종료일``, ``인증 해지/취소일``, ``인증제품용도``;
* the Public Procurement Service's list of certified goods (조달청 친환경
  인증 물품 내역): ``인증구분``, ``유효기간시작일자``, ``유효기간종료일자``,
  ``현재인증유효여부`` (Y/N).

The shorter forms (``인증시작일``, ``인증종료일``, ``제품명``) are accepted too.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from typing import Any, Final

from greenprocure.certifications import (
    Certificate,
    CertificateStatus,
    SchemeRegistry,
    _trusted_certificate,
    builtin_schemes,
)
from greenprocure.errors import CertificateError
from greenprocure.i18n import N_, Message
from greenprocure.io._columns import CERTIFICATE_COLUMNS, IGNORED_CERTIFICATE_HEADERS
from greenprocure.io._csv import neutralise, restore
from greenprocure.io._output import Target, output_format, text_output
from greenprocure.io._parse import (
    CellError,
    cached,
    keys_to_fill,
    parse_date,
    parse_flag,
    parse_status,
)
from greenprocure.io._problems import problem as _problem
from greenprocure.io._problems import scheme_id
from greenprocure.io._reader import Cells, Context, Converter, Loader, load
from greenprocure.io._result import LoadResult, Problem, RecordBlock
from greenprocure.io._source import SourceArg

__all__ = ["CERTIFICATE_FIELDS", "read_certificates", "write_certificates"]

#: The columns the library writes, in order (also its own layout's headers).
CERTIFICATE_FIELDS: Final = tuple(
    column.field for column in CERTIFICATE_COLUMNS if column.field != "eco_label"
)
_GROUP_CODE: Final = re.compile(r"([A-Z]{2,}[0-9]+)(?:[.\s].*)?")


_MISSING: Final = object()
_CACHE_LIMIT: Final = 10_000
# Certificate numbers the block path takes (one per line): printable ASCII
# without spaces, not starting with an apostrophe.
_PLAIN_NUMBERS: Final = re.compile(rb"[!-&(-~][!-~]*(?:\n[!-&(-~][!-~]*)*")


def _nfc(text: str) -> str:
    # Text as Certificate stores it (NFC, stripped).
    return unicodedata.normalize("NFC", text).strip()


class _CertificateConverter:
    def __init__(
        self,
        context: Context,
        *,
        schemes: SchemeRegistry,
        scheme: str | None,
        default_terms: bool,
    ) -> None:
        self.context = context
        self.schemes = schemes
        self.default_scheme = schemes.lookup(scheme).id if scheme else None
        self.default_terms = default_terms
        self.date = cached(parse_date)
        self.status = cached(parse_status)
        self.flag = cached(parse_flag)

        self.scheme = cached(scheme_id(schemes))
        self._groups: dict[str, str] = {}
        self._fast_cells: dict[str, dict[str, Any]] = {
            kind: {} for kind in ("scheme", "date", "status", "status_date")
        }
        self._block_cells: dict[str, dict[bytes, Any]] = {
            kind: {} for kind in ("scheme", "group", "date", "status", "status_date")
        }

    #: Rows of exactly these columns, in this order, may take :meth:`fast_row`.
    fast_fields: Final = CERTIFICATE_FIELDS

    def fast_row(self, row: list[str], line: int) -> Certificate | None:
        """The certificate of a plain row of the library's own layout, or None.

        A row whose cells all read cleanly — a scheme, a number, a start and
        an end, a known status or none — becomes a :class:`Certificate`
        straight away, its repeated cells parsed once per load. Anything
        else (None) goes through :meth:`__call__`, which reports every
        problem and warning; so the records, rejections and warnings are
        the same.
        """
        scheme_raw, number, holder, product, group, start, end, state, when = row
        # Repeated cells, by raw text: the value, or False for anything the
        # general path must look at (an empty cell included).
        fast_cells = self._fast_cells
        scheme = fast_cells["scheme"].get(scheme_raw, _MISSING)
        if scheme is _MISSING:
            scheme = self._fast_cell("scheme", scheme_raw)
        days = fast_cells["date"]
        valid_from = days.get(start, _MISSING)
        if valid_from is _MISSING:
            valid_from = self._fast_cell("date", start)
        valid_until = days.get(end, _MISSING)
        if valid_until is _MISSING:
            valid_until = self._fast_cell("date", end)
        status = fast_cells["status"].get(state, _MISSING)
        if status is _MISSING:
            status = self._fast_cell("status", state)
        status_date = fast_cells["status_date"].get(when, _MISSING)
        if status_date is _MISSING:
            status_date = self._fast_cell("status_date", when)
        if (
            scheme is False
            or valid_from is False
            or valid_until is False
            or status is False
            or status_date is False
            or valid_until < valid_from
        ):
            return None
        number = restore(number.strip()).strip()  # as Certificate strips it
        if not number:
            return None
        group = restore(group.strip())
        code = self._groups.get(group)
        if code is None:
            match = _GROUP_CODE.fullmatch(group)
            code = _nfc(match[1] if match else group)
            if len(self._groups) >= 10_000:
                self._groups.clear()
            self._groups[group] = code
        return _trusted_certificate(
            scheme,
            number,
            valid_from,
            valid_until,
            _nfc(restore(holder.strip())),
            _nfc(restore(product.strip())),
            code,
            status,
            status_date,
        )

    def _fast_cell(self, kind: str, raw: str) -> Any:
        """What the general path makes of a repeated cell, or False; cached."""
        value = self._cell_value(kind, raw)
        cache = self._fast_cells[kind]
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[raw] = value
        return value

    def _cell_value(self, kind: str, raw: str) -> Any:
        """What the general path makes of a cell of a kind the fast paths cache, or False."""
        cell = restore(raw.strip())
        try:
            if kind == "scheme":
                return self.scheme(cell) if cell else False
            if kind == "date":
                return self.date(cell) if cell else False
            if kind == "status":
                return self.status(cell) if cell else CertificateStatus.ACTIVE
            if kind == "status_date":  # may be empty
                return self.date(cell) if cell else None
        except CellError:
            return False
        # The product group: its code, as the general path and Certificate make it.
        match = _GROUP_CODE.fullmatch(cell)
        return _nfc(match[1] if match else cell)

    #: An eager load takes this converter's blocks (lists of certificates).
    eager_blocks: Final = True

    def fast_block(self, data: bytes, line: int) -> RecordBlock | None:
        """The certificates of a block of plain rows (whole lines), or None.

        ``data`` is whole lines of a UTF-8 file in the library's own layout.
        The block is taken whole only when every row is what :meth:`fast_row`
        takes (and a little more: plain ASCII numbers, texts that are NFC
        and need no stripping); anything else (None) and the rows are read
        one by one, with the general path's problems and warnings. Repeated
        cells are converted once per distinct value.
        """
        if b'"' in data or b"\x00" in data:
            return None
        try:
            return self._block(data)
        except UnicodeDecodeError:
            return None

    def _block(self, data: bytes) -> RecordBlock | None:
        # Split at commas only, with the line ending put in front: a row's
        # status date, the line ending and the next row's scheme run into
        # one cell (a "head"); joined with NUL and split at the line endings
        # they come apart, and the count proves every line has 9 cells.
        ending = b"\r\n" if data.endswith(b"\r\n") else b"\n"
        if not data.endswith(ending):
            return None
        whole = ending + data
        cells = whole.split(b",")
        heads = cells[0::8]
        count = len(heads) - 1  # the last "head" is the last row's status date
        if count < 1 or len(cells) != 8 * count + 1 or whole.count(b"\n") != count + 1:
            return None
        if whole.count(b"\r") != (count + 1 if ending == b"\r\n" else 0):
            return None
        # Every head holds a line ending, so no other cell holds one: each
        # line is exactly the 9 cells of one row.
        if not all(map(operator.contains, heads, repeat(ending))):
            return None
        pieces = b"\x00".join(heads).split(ending)
        if len(pieces) != count + 2 or pieces[0] or pieces[-1]:
            return None
        pairs = b"\x00".join(pieces[1:-1]).split(b"\x00")  # scheme, status date, ...
        numbers = cells[1::8]
        joined = b"\n".join(numbers)
        if not _PLAIN_NUMBERS.fullmatch(joined):
            return None
        texts = []
        for column in (cells[2::8], cells[3::8]):
            text = b"\n".join(column).decode()
            if not unicodedata.is_normalized("NFC", text) or text[:1] == "'" or "\n'" in text:
                return None  # a text to normalise, or maybe a neutralised formula
            found = text.split("\n")
            if list(map(str.strip, found)) != found:
                return None  # a text Certificate would strip
            texts.append(found)
        values = []
        for kind, column in (
            ("scheme", pairs[0::2]),
            ("group", cells[4::8]),
            ("date", cells[5::8]),
            ("date", cells[6::8]),
            ("status", cells[7::8]),
            ("status_date", pairs[1::2]),
        ):
            cache = self._block_cells[kind]
            for raw in keys_to_fill(cache, set(column), _CACHE_LIMIT):
                cache[raw] = self._cell_value(kind, raw.decode())
            converted: list[Any] = list(map(cache.__getitem__, column))
            if False in converted:
                return None
            values.append(converted)
        schemes, groups, starts, ends, statuses, status_dates = values
        if any(map(operator.lt, ends, starts)):
            return None  # an end before the start: the general path says so
        return RecordBlock(
            map(
                _trusted_certificate,
                schemes,
                joined.decode().split("\n"),
                starts,
                ends,
                texts[0],
                texts[1],
                groups,
                statuses,
                status_dates,
            )
        )

    def _day(self, cells: Cells, field: str, problems: list[Problem]) -> Any:
        raw = cells.get(field, "")
        if not raw:
            return None
        try:
            return self.date(raw)
        except CellError as error:
            problems.append(Problem(field, raw, error.code, error.reason))
            return None

    def __call__(self, cells: Cells, line: int) -> Certificate | list[Problem]:
        problems: list[Problem] = []
        raw = cells.get("scheme", "")
        scheme = None
        from_default = False
        if raw:
            try:
                scheme = self.scheme(raw)
            except CellError as error:
                problems.append(Problem("scheme", raw, error.code, error.reason))
        elif self.default_scheme is not None:
            scheme = self.default_scheme
        else:
            scheme = "kr-eco-label"
            from_default = True
            self.context.warn_once(
                "default-scheme",
                Message.of(
                    N_(
                        "the file has no scheme column (인증구분): every certificate is read as a"
                        " Korea Eco-label (pass scheme= to choose another)"
                    )
                ),
            )
        number = cells.get("number", "")
        if not number:
            problems.append(_problem("number", "", "empty", N_("{field} is empty"), field="number"))
        valid_from = self._day(cells, "valid_from", problems)
        if not cells.get("valid_from", ""):
            problems.append(
                _problem("valid_from", "", "empty", N_("{field} is empty"), field="valid_from")
            )
        valid_until = self._day(cells, "valid_until", problems)
        status_date = self._day(cells, "status_date", problems)
        status = CertificateStatus.ACTIVE
        raw = cells.get("status", "")
        if raw:
            try:
                status = self.status(raw)
            except CellError as error:
                problems.append(Problem("status", raw, error.code, error.reason))
        raw = cells.get("eco_label", "")
        if raw and (from_default or scheme == "kr-eco-label"):
            try:
                if not self.flag(raw):
                    problems.append(
                        _problem(
                            "eco_label",
                            raw,
                            "not-eco-label",
                            N_(
                                "the row is marked as not an eco-label certificate (환경표지여부"
                                " {value}): give its scheme in a scheme column (인증구분)"
                            ),
                            value=raw,
                        )
                    )
            except CellError as error:
                problems.append(Problem("eco_label", raw, error.code, error.reason))
        if problems or scheme is None or valid_from is None:
            return problems
        if valid_until is None and self.default_terms:
            known = self.schemes.get(scheme)
            if known is not None:
                valid_until = known.default_valid_until(valid_from)
                if valid_until is not None:
                    self.context.warn_once(
                        "default-term",
                        Message.of(
                            N_(
                                "some certificates have no end date: the end was set by their"
                                " scheme's default validity (first on line {line})"
                            ),
                            line=line,
                        ),
                        line,
                    )
        group = cells.get("product_group", "")
        match = _GROUP_CODE.fullmatch(group)
        try:
            return Certificate(
                scheme,
                number,
                valid_from,
                valid_until,
                holder=cells.get("holder", ""),
                product=cells.get("product", ""),
                product_group=match[1] if match else group,
                status=status,
                status_date=status_date,
            )
        except CertificateError as error:
            field = str(error.params.get("field", "valid_until"))
            return [
                Problem(
                    field,
                    str(cells.get(field, "")),
                    "invalid",
                    Message.of(error.msgid, **error.params),
                )
            ]


def read_certificates(
    source: SourceArg,
    *,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    column_map: Mapping[str, str | None] | None = None,
    schemes: SchemeRegistry | None = None,
    scheme: str | None = None,
    default_terms: bool = True,
    strict: bool = False,
    lazy: bool = False,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 10_000,
) -> LoadResult[Certificate]:
    """Read a certificate list: the library's layout, or KEITI's eco-label open data.

    Build a :class:`~greenprocure.certifications.CertificateRegistry` from the
    result to check purchases' claims; the registry reports conflicting
    entries (same number, overlapping validity, different holders).

    Args:
        source: a path, or an open file (binary, or text).
        format: ``"csv"``, ``"jsonl"`` or ``"json"`` (by default detected).
        encoding: by default UTF-8 (with or without BOM) or CP949, detected.
        delimiter: the CSV delimiter (by default detected from the header).
        column_map: ``{header: field}`` for headers the library does not know.
        schemes: the schemes that scheme cells may name (default: built-in).
        scheme: the scheme of rows without a scheme cell. By default a file
            with no scheme column is read as Korea Eco-label certificates
            (KEITI's lists have none), with a warning.
        default_terms: give a certificate with no end date the default
            validity of its scheme (3 years for the Korea Eco-label), with a
            warning; with False it has no end.
        strict: raise at the first rejected row.
        lazy: read as you iterate over the result.
        progress: called with the number of rows read so far.
        progress_every: how often ``progress`` is called.

    Status cells accept ``유효``/``인증``/``정상`` (active), ``인증취소``/``취소``
    (revoked), ``해지``/``인증해지`` (cancelled), ``인증포기``/``포기`` (given
    up), ``만료``/``인증만료`` (expired), ``Y``/``N`` (the procurement
    service's 현재인증유효여부) and the English words. A revoked, cancelled or
    given-up certificate with no status date is never treated as valid.

    Raises:
        LoadError: the whole file cannot be read (see :func:`read_purchases`).
        CertificateError: ``scheme`` is not a known scheme.
        RecordError: with ``strict=True``, the first rejected row.
    """
    registry = schemes if schemes is not None else builtin_schemes()

    def make(context: Context) -> Converter[Certificate]:
        return _CertificateConverter(
            context, schemes=registry, scheme=scheme, default_terms=default_terms
        )

    loader = Loader(
        source,
        columns=CERTIFICATE_COLUMNS,
        ignored=IGNORED_CERTIFICATE_HEADERS,
        make_converter=make,
        format=format,
        encoding=encoding,
        delimiter=delimiter,
        column_map=column_map,
        strict=strict,
        lazy=lazy,
        progress=progress,
        progress_every=progress_every,
        own_code_only=True,
    )
    return load(loader, lazy)


def _iso(day: _dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def _cells(certificate: Certificate) -> dict[str, Any]:
    return {
        "scheme": certificate.scheme,
        "number": certificate.number,
        "holder": certificate.holder,
        "product": certificate.product,
        "product_group": certificate.product_group,
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": _iso(certificate.valid_until),
        "status": certificate.status.value,
        "status_date": _iso(certificate.status_date),
    }


def write_certificates(
    certificates: Iterable[Certificate],
    target: Target,
    format: str | None = None,
    *,
    encoding: str | None = None,
) -> int:
    """Write certificates as CSV or JSON Lines in the library's layout.

    The columns are :data:`CERTIFICATE_FIELDS`; statuses are written as
    ``active``, ``revoked``, ``cancelled``, ``given-up`` or ``expired``; an
    empty ``valid_until`` means no end. Reading the file back with
    ``read_certificates(..., default_terms=False)`` gives equal certificates.

    ``format`` is ``"csv"`` or ``"jsonl"``; by default it is chosen by the
    path's suffix (``.jsonl``, ``.json-lines`` or ``.ndjson``: JSON Lines,
    anything else and open files: CSV).

    Returns:
        The number of certificates written.

    Example:
        >>> import datetime as dt, io
        >>> out = io.StringIO()
        >>> write_certificates([Certificate("kr-eco-label", "16052", dt.date(2021, 12, 30),
        ...                                 dt.date(2024, 12, 29), holder="(주)인증기업")], out)
        1
        >>> print(out.getvalue())
        scheme,number,holder,product,product_group,valid_from,valid_until,status,status_date
        kr-eco-label,16052,(주)인증기업,,,2021-12-30,2024-12-29,active,
        <BLANKLINE>
    """
    format = output_format(target, format)
    chosen = encoding or ("utf-8-sig" if format == "csv" else "utf-8")
    count = 0
    with text_output(target, chosen) as stream:
        if format == "csv":
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(CERTIFICATE_FIELDS)
            for certificate in certificates:
                cells = _cells(certificate)
                writer.writerow([neutralise(cells[field]) for field in CERTIFICATE_FIELDS])
                count += 1
        else:
            for certificate in certificates:
                cells = _cells(certificate)
                for key in ("valid_until", "status_date"):
                    cells[key] = cells[key] or None
                stream.write(json.dumps(cells, ensure_ascii=False) + "\n")
                count += 1
    return count
