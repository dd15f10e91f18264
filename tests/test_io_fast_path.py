"""The CSV fast path for the library's own purchase layout gives what the general path gives.

The fast path (``_PurchaseConverter.fast_row``) is taken only when a file's
header is exactly ``PURCHASE_FIELDS`` in order; the same file with its
columns in another order takes the general path for every row. Reading both
must give equal purchases, rejections (line, field, value, code, reason) and
warnings, whatever the cells hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_io_blocks import tiny_blocks

from greenprocure import Money, Purchase
from greenprocure.certifications import Certificate, builtin_schemes
from greenprocure.io import (
    CERTIFICATE_FIELDS,
    PURCHASE_FIELDS,
    as_given,
    read_certificates,
    read_purchases,
    write_purchases,
)
from greenprocure.io._reader import Context
from greenprocure.io._result import LoadResult
from greenprocure.io.certificates import _CertificateConverter
from greenprocure.io.purchases import _default_buyers, _PurchaseConverter

_CELLS = {
    "id": st.sampled_from(["P1", "P2", "P3", " P4", "'=P5", "", "구매1", "P 6", "'P7"]),
    "buyer": st.sampled_from(
        ["4812000000", "창원시", " 1100000000 ", "중구", "9999999999", "", "강원도", "서울"]
    ),
    "date": st.sampled_from(
        ["2022-03-01", "2021-12-31", "20220301", "2022. 3. 1.", "2022-02-30", "", "nope"]
    ),
    "category": st.sampled_from(["레미콘", " 복사용지 ", "\u1100\u1161", "'=x", ""]),
    "amount": st.sampled_from(
        ["36000000", "0", "-5000", "1,234,000", "1234000원", "12.5", "x", "", "١٢", "007"]
    ),
    "currency": st.sampled_from(["KRW", "", "krw", "원", "EUR", "XXX"]),
    "quantity": st.sampled_from(["", "", "400", "x"]),
    "unit": st.sampled_from(["", "", "m**3", "개", "parsec"]),
    "certificate_scheme": st.sampled_from(
        ["", "kr-eco-label", "환경표지", "kr-gr;kr-low-carbon", "nope", "-", " kr-gr "]
    ),
    "certificate_number": st.sampled_from(["", "EL-1", "EL-1;GR-2", " N 1 ", "'=1"]),
    "supplier": st.sampled_from(["", "세기산업(주)", " x ", "\u1100\u1161"]),
    "notes": st.sampled_from(["", "note", "'@x"]),
    "refund": st.sampled_from(["false", "", "true", "Y", "N", "maybe", " false "]),
}
_ROWS = st.lists(st.fixed_dictionaries(_CELLS), min_size=1, max_size=25)


def _csv(rows: list[dict[str, str]], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([row[field] for field in fields])
    return out.getvalue()


def _both(rows: list[dict[str, str]], **options: object) -> tuple[object, object]:
    canonical = _csv(rows, PURCHASE_FIELDS)  # the fast path's layout
    shuffled = _csv(rows, tuple(reversed(PURCHASE_FIELDS)))  # the general path only
    fast = read_purchases(io.StringIO(canonical), **options)  # type: ignore[arg-type]
    general = read_purchases(io.StringIO(shuffled), **options)  # type: ignore[arg-type]
    return fast, general


def _same(fast: LoadResult[Any], general: LoadResult[Any]) -> None:
    assert list(fast) == list(general)
    assert fast.rejected == general.rejected
    assert fast.warnings == general.warnings
    assert (fast.read, fast.accepted) == (general.read, general.accepted)


@settings(max_examples=300)
@given(_ROWS, st.booleans())
def test_fast_path_equals_general_path(rows: list[dict[str, str]], duplicates: bool) -> None:
    fast, general = _both(rows, check_duplicates=duplicates)
    _same(fast, general)  # type: ignore[arg-type]


@given(_ROWS)
def test_fast_path_equals_general_path_with_another_resolver(rows: list[dict[str, str]]) -> None:
    fast, general = _both(rows, buyers=as_given)
    _same(fast, general)  # type: ignore[arg-type]


def test_fast_path_is_taken_and_round_trips() -> None:
    purchases = [
        Purchase(
            f"P{n}",
            "4812000000",
            dt.date(2022, 3, 1 + n),
            "레미콘",
            Money.krw(1000 * n),
            certificates=[("kr-eco-label", f"EL-{n}")] if n % 2 else (),
            supplier="세기산업(주)",
        )
        for n in range(5)
    ]
    out = io.StringIO()
    write_purchases(purchases, out)
    converter = _PurchaseConverter(
        Context(LoadResult(iter(()), source="x", encoding="utf-8", format="csv", lazy=True)),
        buyers=_default_buyers(),
        schemes=builtin_schemes(),
        currency="KRW",
        check_duplicates=True,
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    fast = [converter.fast_row(row, line) for line, row in enumerate(rows, 2)]
    assert fast == purchases  # every row took the fast path
    assert converter.fast_row(rows[0], 99) is None  # a duplicate id goes the general way
    assert list(read_purchases(io.StringIO(out.getvalue()))) == purchases


def test_fast_path_declines_a_refund_and_a_quantity() -> None:
    text = (
        ",".join(PURCHASE_FIELDS) + "\r\n"
        "P1,4812000000,2022-03-01,레미콘,-5000,KRW,,,,,,,true\r\n"
        "P2,4812000000,2022-03-01,레미콘,5000,KRW,400,m**3,,,,,false\r\n"
    )
    result = read_purchases(io.StringIO(text))
    loaded = list(result)
    assert [p.refund for p in loaded] == [True, False]
    assert loaded[0].amount == Money.krw(-5000)
    assert str(loaded[1].quantity) == "400 meter ** 3"


# -- block decoding: line numbers stay physical ------------------------------------------

_ODD_CELLS = st.sampled_from(
    ["", "x", "a\nb", "a\r\nb", "a\rb", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "레미콘", "'=1"]
)
_RAW = st.lists(
    st.tuples(st.fixed_dictionaries(_CELLS), _ODD_CELLS, st.sampled_from([b"", b"\xff", b"\xc3"])),
    min_size=1,
    max_size=20,
)


def _bytes(rows: list[tuple[dict[str, str], str, bytes]], ending: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(PURCHASE_FIELDS)
    data = out.getvalue().encode()
    for cells, odd, bad in rows:
        out = io.StringIO()
        csv.writer(out, lineterminator=ending).writerow(
            [cells[field] for field in PURCHASE_FIELDS[:-2]] + [odd, cells["refund"]]
        )
        line = out.getvalue().encode()
        data += line[:3] + bad + line[3:] if bad else line
    return data


def _summary(result: LoadResult[Purchase]) -> tuple[object, ...]:
    return (list(result), result.rejected, result.warnings, result.read, result.accepted)


@settings(max_examples=200)
@given(_RAW, st.sampled_from(["\r\n", "\n", "\r"]), st.integers(1, 40))
def test_blocks_of_any_size_give_the_same_lines(
    rows: list[tuple[dict[str, str], str, bytes]], ending: str, block: int
) -> None:
    data = _bytes(rows, ending)
    whole = read_purchases(io.BytesIO(data), encoding="utf-8")
    with (
        mock.patch("greenprocure.io._source._HEAD", block),
        mock.patch("greenprocure.io._source._BLOCK", block),
    ):
        small = read_purchases(io.BytesIO(data), encoding="utf-8")
    assert _summary(whole) == _summary(small)
    if all(not bad for _cells, _odd, bad in rows):
        # Valid UTF-8: the same as reading the text.
        text = read_purchases(io.StringIO(data.decode()))
        assert _summary(whole) == _summary(text)


# -- certificates ----------------------------------------------------------------------

_CERTIFICATE_CELLS = {
    "scheme": st.sampled_from(
        ["kr-eco-label", "환경표지", " kr-gr ", "kr-low-carbon", "nope", "", "'=x"]
    ),
    "number": st.sampled_from(["EL-1", " GR-2 ", "'=3", "", "N 4", "'EL-5", "'\t123"]),
    "holder": st.sampled_from(["", "녹색기업(주)", " x ", "\u1100\u1161", "'@x"]),
    "product": st.sampled_from(["", "복사용지", "'-1"]),
    "product_group": st.sampled_from(["", "EL250", "EL250. 복사용지", "el250", " EL1 x"]),
    "valid_from": st.sampled_from(["2021-01-01", "20210101", "2021-02-30", "", "nope"]),
    "valid_until": st.sampled_from(["2023-12-31", "2020-12-31", "", "2021.1.1", "x"]),
    "status": st.sampled_from(["", "active", "revoked", "인증취소", "만료", "maybe"]),
    "status_date": st.sampled_from(["", "2022-02-01", "2022-13-01"]),
}
_CERTIFICATE_ROWS = st.lists(st.fixed_dictionaries(_CERTIFICATE_CELLS), min_size=1, max_size=25)


@settings(max_examples=300)
@given(_CERTIFICATE_ROWS, st.booleans())
def test_certificate_fast_path_equals_general_path(
    rows: list[dict[str, str]], default_terms: bool
) -> None:
    canonical = _csv(rows, CERTIFICATE_FIELDS)  # the fast path's layout
    shuffled = _csv(rows, tuple(reversed(CERTIFICATE_FIELDS)))  # the general path only
    fast = read_certificates(io.StringIO(canonical), default_terms=default_terms)
    general = read_certificates(io.StringIO(shuffled), default_terms=default_terms)
    _same(fast, general)


def _certificate_row(n: int, **cells: str) -> dict[str, str]:
    """A plain row of the certificates' own layout (number GR-n), with ``cells``."""
    row = dict.fromkeys(CERTIFICATE_FIELDS, "")
    row.update(scheme="kr-gr", number=f"GR-{n}", holder="녹색기업(주)")
    row.update(valid_from="2021-01-01", valid_until="2023-12-31")
    row.update(cells)
    return row


def test_certificate_fast_path_is_taken() -> None:
    rows = [_certificate_row(n, product_group="GR12. 재생용지") for n in range(3)]
    with mock.patch.object(
        _CertificateConverter, "__call__", side_effect=AssertionError("general path")
    ):
        result = read_certificates(io.StringIO(_csv(rows, CERTIFICATE_FIELDS)))
    assert [c.number for c in result] == ["GR-0", "GR-1", "GR-2"]
    assert next(iter(result)) == Certificate(
        "kr-gr",
        "GR-0",
        dt.date(2021, 1, 1),
        dt.date(2023, 12, 31),
        holder="녹색기업(주)",
        product_group="GR12",
    )


# Plain rows (which blocks take) among odd ones: a status date on some rows
# (the cell that runs into the next row's scheme), NFD or padded texts, a
# leading apostrophe, numbers with spaces, bad dates, an end before the start.
_PLAIN_CERTIFICATE = st.fixed_dictionaries(
    {
        "scheme": st.sampled_from(["kr-eco-label", "kr-gr", "환경표지"]),
        "number": st.integers(0, 99).map(lambda n: f"N-{n}"),
        "holder": st.sampled_from(["", "녹색기업(주)", "Green Co."]),
        "product": st.sampled_from(["", "복사용지", "토너 A"]),
        "product_group": st.sampled_from(["", "EL250", "GR12. 재생용지"]),
        "valid_from": st.sampled_from(["2021-01-01", "2020-05-31"]),
        "valid_until": st.sampled_from(["2023-12-31", "2022-06-30"]),
        "status": st.sampled_from(["", "active", "revoked", "만료"]),
        "status_date": st.sampled_from(["", "", "2022-02-01"]),
    }
)
_MIXED_CERTIFICATE_ROWS = st.lists(
    st.sampled_from([0] * 12 + [1]).flatmap(
        lambda kind: (_PLAIN_CERTIFICATE, st.fixed_dictionaries(_CERTIFICATE_CELLS))[kind]
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(_MIXED_CERTIFICATE_ROWS, st.sampled_from(["\r\n", "\n"]), st.integers(64, 900))
def test_certificate_blocks_equal_the_general_path(
    rows: list[dict[str, str]], ending: str, size: int
) -> None:
    canonical = _csv(rows, CERTIFICATE_FIELDS).replace("\r\n", ending).encode()
    shuffled = _csv(rows, tuple(reversed(CERTIFICATE_FIELDS))).replace("\r\n", ending).encode()
    general = read_certificates(io.BytesIO(shuffled))
    with tiny_blocks(size):
        fast = read_certificates(io.BytesIO(canonical))
    _same(fast, general)
    assert fast.lines == general.lines


def test_certificate_blocks_are_taken() -> None:
    rows = [
        _certificate_row(n, status="revoked", status_date="2022-02-01")
        if n % 7 == 0
        else _certificate_row(n)
        for n in range(400)
    ]
    data = _csv(rows, CERTIFICATE_FIELDS).encode()
    blocks: list[int] = []
    real = _CertificateConverter.fast_block

    def fast_block(self: _CertificateConverter, data: bytes, line: int) -> Any:
        made = real(self, data, line)
        blocks.append(-1 if made is None else len(made))
        return made

    with tiny_blocks(2048), mock.patch.object(_CertificateConverter, "fast_block", fast_block):
        result = read_certificates(io.BytesIO(data))
    assert len(blocks) > 5
    assert -1 not in blocks  # every block taken whole
    assert result.accepted == 400
    assert list(result.lines) == list(range(2, 402))
    revoked = [c for c in result if c.status.value == "revoked"]
    assert [c.number for c in revoked[:2]] == ["GR-0", "GR-7"]
    assert revoked[0].status_date == dt.date(2022, 2, 1)


def test_certificate_blocks_with_full_caches_and_progress() -> None:
    # More distinct dates than the block caches hold: a cache emptied when
    # full is filled again with every cell of the block. And progress is
    # reported at every multiple of progress_every, as row by row.
    rows = [
        _certificate_row(n, valid_from=f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}")
        for n in range(600)
    ]
    canonical = _csv(rows, CERTIFICATE_FIELDS).encode()
    shuffled = _csv(rows, tuple(reversed(CERTIFICATE_FIELDS))).encode()
    marks: list[int] = []
    general = read_certificates(io.BytesIO(shuffled), progress=marks.append, progress_every=70)
    fast_marks: list[int] = []
    with (
        tiny_blocks(1500),
        mock.patch("greenprocure.io.certificates._CACHE_LIMIT", 7),
    ):
        fast = read_certificates(
            io.BytesIO(canonical), progress=fast_marks.append, progress_every=70
        )
    _same(fast, general)
    assert fast_marks == marks == [*range(70, 601, 70), 600]
