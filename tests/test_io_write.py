"""Writing purchases and certificates; write → read round trips; corrupted rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Money
from greenprocure.errors import RecordError
from greenprocure.io import (
    PURCHASE_FIELDS,
    as_given,
    neutralise,
    read_purchases,
    restore,
    write_purchases,
)
from greenprocure.purchases import Purchase
from greenprocure.units import Q_
from strategies import purchases

unique_purchases = st.lists(purchases(), max_size=8, unique_by=lambda p: p.id)


@given(unique_purchases, st.sampled_from(["csv", "jsonl"]))
def test_write_then_read_gives_equal_purchases(items: list[Purchase], format: str) -> None:
    out = io.StringIO()
    assert write_purchases(items, out, format) == len(items)
    out.seek(0)
    result = read_purchases(out, buyers=as_given, format=format)
    assert [r.render() for r in result.rejected] == []
    assert (result.read, result.accepted) == (len(items), len(items))
    assert list(result.records) == items


@given(unique_purchases)
def test_round_trip_through_bytes_and_encoding_detection(items: list[Purchase]) -> None:
    out = io.BytesIO()
    write_purchases(items, out)
    raw = out.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads Korean right
    result = read_purchases(io.BytesIO(raw), buyers=as_given)
    assert result.encoding == "utf-8-sig"
    assert list(result.records) == items


def _record(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _cells_of(purchase: Purchase) -> list[str]:
    out = io.StringIO()
    write_purchases([purchase], out)
    out.seek(0)
    return list(csv.reader(out))[1]


#: (field → corrupted cell, the field reported, the reason code).
CORRUPTIONS = (
    ({"date": "2022-02-30"}, "date", "no-such-date"),
    ({"date": "someday"}, "date", "bad-date"),
    ({"amount": "1.234.000"}, "amount", "ambiguous-amount"),
    ({"amount": "-5000", "refund": "false", "currency": "KRW"}, "amount", "negative-amount"),
    ({"buyer": ""}, "buyer", "empty"),
    (
        {"certificate_scheme": "친환경인증", "certificate_number": "A-1"},
        "certificate_scheme",
        "unknown-scheme",
    ),
    ({"unit": "박스", "quantity": "3"}, "unit", "bad-unit"),
)


@given(
    st.lists(
        st.tuples(purchases(), st.none() | st.sampled_from(CORRUPTIONS)),
        max_size=12,
        unique_by=lambda item: item[0].id,
    )
)
def test_every_corrupted_row_is_reported_on_its_line(
    items: list[tuple[Purchase, tuple[dict[str, str], str, str] | None]],
) -> None:
    index = {field: i for i, field in enumerate(PURCHASE_FIELDS)}
    text = _record(list(PURCHASE_FIELDS))
    line = 2
    expected_rejections = []
    expected_records = []
    for purchase, corruption in items:
        cells = _cells_of(purchase)
        if corruption is None:
            expected_records.append((line, purchase))
        else:
            changes, field, code = corruption
            for name, value in changes.items():
                cells[index[name]] = value
            expected_rejections.append((line, field, code))
        record = _record(cells)
        text += record
        line += len(re.findall(r"\r\n|\r|\n", record))
    result = read_purchases(io.StringIO(text), buyers=as_given)
    assert result.read == len(items) == result.accepted + len(result.rejected)
    assert [(r.line, r.field, r.code) for r in result.rejected] == expected_rejections
    assert list(zip(result.lines, result.records, strict=True)) == expected_records


# -- formula injection -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+82-10-1234-5678", "'+82-10-1234-5678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5000", "-5000"),
        ("-2.5", "-2.5"),
        ("'=x", "''=x"),
        ("''", "'''"),
        ("'plain", "'plain"),
        ("레미콘", "레미콘"),
        ("", ""),
    ],
)
def test_neutralise_and_restore(cell: str, written: str) -> None:
    assert neutralise(cell) == written
    assert restore(written) == cell


def test_formula_cells_are_neutralised_and_read_back() -> None:
    purchase = Purchase(
        id='=HYPERLINK("http://evil.example","click")',
        buyer="+4812000000",
        date=dt.date(2022, 3, 1),
        category="-2+3",
        amount=Money.krw(-5000),
        quantity=Q_(-2, "piece"),
        certificates=[("kr-eco-label", "@16052")],
        supplier="=cmd|' /C calc'!A0",
        notes="'=already quoted",
        refund=True,
    )
    out = io.StringIO()
    write_purchases([purchase], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["id"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["buyer"] == "'+4812000000"
    assert row["category"] == "'-2+3"
    assert row["supplier"] == "'=cmd|' /C calc'!A0"
    assert row["notes"] == "''=already quoted"
    assert row["certificate_number"] == "'@16052"
    # A negative refund amount is a plain number: spreadsheets read it as one.
    assert (row["amount"], row["quantity"], row["refund"]) == ("-5000", "-2", "true")
    assert not any(cell[:1] in ("=", "+", "@") for cell in row.values())
    out.seek(0)
    assert read_purchases(out, buyers=as_given).records == (purchase,)


def test_apostrophes_are_kept_in_files_that_are_not_the_librarys() -> None:
    text = "구매번호,수요기관,구매일자,구매금액,비고\n'=x,b,2022-03-01,1,'=y\n"
    (purchase,) = read_purchases(io.StringIO(text), buyers=as_given).records
    assert (purchase.id, purchase.notes) == ("'=x", "'=y")


# -- targets ---------------------------------------------------------------------------

SAMPLE = Purchase(
    id="GP-1",
    buyer="4812000000",
    date=dt.date(2022, 3, 14),
    category="레미콘",
    amount=Money.krw(36_000_000),
    quantity=Q_(400, "m**3"),
    certificates=[("kr-low-carbon", "LC-2021-017"), ("kr-gr", "GR-1")],
    supplier="세기산업(주)",
)


def test_the_written_csv_layout() -> None:
    out = io.StringIO()
    write_purchases([SAMPLE], out)
    assert out.getvalue() == (
        "id,buyer,date,category,amount,currency,quantity,unit,certificate_scheme,"
        "certificate_number,supplier,notes,refund\r\n"
        "GP-1,4812000000,2022-03-14,레미콘,36000000,KRW,400,meter ** 3,kr-low-carbon;kr-gr,"
        "LC-2021-017;GR-1,세기산업(주),,false\r\n"
    )


def test_the_written_json_lines_layout() -> None:
    out = io.StringIO()
    write_purchases([SAMPLE], out, "jsonl")
    assert out.getvalue() == (
        '{"id": "GP-1", "buyer": "4812000000", "date": "2022-03-14", "category": "레미콘",'
        ' "amount": "36000000", "currency": "KRW", "quantity": "400", "unit": "meter ** 3",'
        ' "supplier": "세기산업(주)", "notes": "", "refund": false, "certificates":'
        ' [{"scheme": "kr-low-carbon", "number": "LC-2021-017"},'
        ' {"scheme": "kr-gr", "number": "GR-1"}]}\n'
    )


@pytest.mark.parametrize(("format", "encoding"), [("csv", None), ("csv", "cp949"), ("jsonl", None)])
def test_writing_to_a_path(tmp_path: Path, format: str, encoding: str | None) -> None:
    path = tmp_path / f"out.{format}"
    write_purchases([SAMPLE], path, format, encoding=encoding)
    if encoding == "cp949":
        assert "레미콘".encode("cp949") in path.read_bytes()
    result = read_purchases(path, buyers=as_given)
    assert result.format == format
    assert result.records == (SAMPLE,)


def test_a_certificate_number_with_a_separator_cannot_be_written() -> None:
    bad = Purchase(
        "p", "b", dt.date(2022, 1, 1), "x", Money.krw(1), certificates=[("kr-gr", "1;2")]
    )
    with pytest.raises(RecordError, match="contains ';'"):
        write_purchases([bad], io.StringIO())
    with pytest.raises(ValueError, match="unknown format 'xlsx'"):
        write_purchases([SAMPLE], io.StringIO(), "xlsx")
