"""Reading purchases: formats, encodings, headers, buyers, rejections, lazy loads."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Money
from greenprocure.certifications import CertificateRef
from greenprocure.errors import LoadError, RecordError, UnknownJurisdictionError
from greenprocure.io import (
    REASON_CODES,
    CachedBuyers,
    ResolvedBuyer,
    as_given,
    read_purchases,
)
from greenprocure.units import Q_

DATA = Path(__file__).parent / "data"
HEADER = "id,buyer,date,category,amount"


def load(text: str, **options: object):  # type: ignore[no-untyped-def]
    options.setdefault("buyers", as_given)
    return read_purchases(io.StringIO(text), **options)  # type: ignore[arg-type]


def one(row: str, header: str = HEADER, **options: object):  # type: ignore[no-untyped-def]
    result = load(f"{header}\n{row}\n", **options)
    assert result.read == 1
    return result


def accepted(row: str, header: str = HEADER, **options: object):  # type: ignore[no-untyped-def]
    result = one(row, header, **options)
    assert not result.rejected, [r.render() for r in result.rejected]
    return result.records[0]


def rejected(row: str, header: str = HEADER, **options: object):  # type: ignore[no-untyped-def]
    result = one(row, header, **options)
    assert result.accepted == 0
    (rejection,) = result.rejected
    assert rejection.line == 2
    return rejection


# -- amounts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "won"),
    [
        ("1234000", 1_234_000),
        ('"1,234,000"', 1_234_000),
        ('"1,234,000원"', 1_234_000),
        ('"1,234,000 원"', 1_234_000),
        ('"₩1,234,000"', 1_234_000),
        ('"￦1,234,000"', 1_234_000),  # the full-width won sign of CP949 files
        ('"KRW 1,234,000"', 1_234_000),
        ("１２３４０００", 1_234_000),  # full-width digits
        ("1234000.00", 1_234_000),
        ("0", 0),
        ("999999999999999999", 999_999_999_999_999_999),
        ("0" * 5000 + "1000", 1_000),  # leading zeros are not digits of the value
        ("1000." + "0" * 40, 1_000),
    ],
)
def test_accepted_amount_formats(cell: str, won: int) -> None:
    assert accepted(f"p,4812000000,2022-03-01,종이,{cell}").amount == Money.krw(won)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("1.234.000", "ambiguous-amount"),
        ("1.234", "ambiguous-amount"),
        ('"1.234,50"', "ambiguous-amount"),
        ('"1,23,4000"', "bad-amount"),
        ("12a", "bad-amount"),
        ("--5", "bad-amount"),
        ("1234.5", "too-many-decimals"),
        ('"€1,234"', "bad-amount"),
        ('"EUR 1,234"', "currency-conflict"),
        ("", "empty"),
    ],
)
def test_rejected_amounts(cell: str, code: str) -> None:
    rejection = rejected(f"p,4812000000,2022-03-01,종이,{cell}")
    assert (rejection.field, rejection.code) == ("amount", code)
    assert rejection.value == cell.strip('"')


def test_amount_reason_names_the_value_in_both_languages() -> None:
    rejection = rejected("p,4812000000,2022-03-01,종이,1.234.000")
    assert rejection.reason.render("en") == (
        "amount '1.234.000' is ambiguous: dots may be thousands separators or a decimal point;"
        " write 1,234,000 or 1234000"
    )
    assert "'1.234.000'" in rejection.reason.render("ko")
    assert "모호" in rejection.reason.render("ko")


@pytest.mark.parametrize("digits", [31, 4301, 5000])
def test_an_amount_of_too_many_digits_is_a_rejected_row_not_a_crash(digits: int) -> None:
    # int() refuses more than 4300 digits with a ValueError, which used to stop the load.
    cell = "9" * digits
    rejection = rejected(f"p,4812000000,2022-03-01,종이,{cell}")
    assert (rejection.field, rejection.code, rejection.value) == (
        "amount",
        "amount-too-large",
        cell,
    )
    shown = cell if digits <= 40 else cell[:40] + "…"
    assert rejection.reason.render("en") == (
        f"amount {shown!r} has {digits} digits, more than any purchase ({30} at most)"
    )
    assert f"{digits}자리" in rejection.reason.render("ko")
    won = accepted(f'p,4812000000,2022-03-01,종이,"{"9" * 30}원"').amount
    assert won == Money.krw(10**30 - 1)


def test_currency_column_and_minor_units() -> None:
    header = "id,buyer,date,amount,currency"
    assert accepted('p,b,2022-03-01,"1,234.50",eur', header).amount == Money("1234.50", "EUR")
    assert accepted("p,b,2022-03-01,1234.5,EUR", header).amount == Money("1234.50", "EUR")
    assert accepted("p,b,2022-03-01,7.125,KWD", header).amount == Money("7.125", "KWD")
    assert accepted("p,b,2022-03-01,1234,원", header).amount == Money.krw(1234)
    assert rejected("p,b,2022-03-01,1234,XYZ", header).code == "bad-currency"
    assert rejected("p,b,2022-03-01,1234원,EUR", header).code == "currency-conflict"
    assert accepted("p,b,2022-03-01,x,10", HEADER, currency="JPY").amount == Money("10", "JPY")


def test_negative_amounts_only_on_refund_rows() -> None:
    header = "id,buyer,date,amount,환불여부"
    assert rejected("p,b,2022-03-01,-5000,", header).code == "negative-amount"
    assert rejected("p,b,2022-03-01,-5000,N", header).code == "negative-amount"
    refund = accepted('p,b,2022-03-01,"-5,000원",Y', header)
    assert (refund.amount, refund.refund) == (Money.krw(-5000), True)
    assert accepted("p,b,2022-03-01,△5000,환불", header).amount == Money.krw(-5000)
    assert accepted("p,b,2022-03-01,−5000,true", header).amount == Money.krw(-5000)
    assert rejected("p,b,2022-03-01,5000,Y", header).code == "positive-refund"
    assert rejected("p,b,2022-03-01,5000,maybe", header).code == "bad-flag"


# -- dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "2022-03-01",
        "2022.03.01",
        "2022. 3. 1.",
        "2022.3.1",
        "2022/03/01",
        "20220301",
        "2022년 3월 1일",
        "2022-03-01 00:00:00",
        "2022-03-01T09:30",
    ],
)
def test_accepted_date_formats(cell: str) -> None:
    assert accepted(f"p,b,{cell},종이,1000").date == dt.date(2022, 3, 1)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("2022-02-30", "no-such-date"),
        ("2021-02-29", "no-such-date"),
        ("20221301", "no-such-date"),
        ("01/03/2022", "bad-date"),
        ("44621", "bad-date"),
        ("yesterday", "bad-date"),
        ("", "empty"),
    ],
)
def test_rejected_dates(cell: str, code: str) -> None:
    rejection = rejected(f"p,b,{cell},종이,1000")
    assert (rejection.field, rejection.code, rejection.value) == ("date", code, cell)


@given(
    st.tuples(
        st.integers(0, 9999).map("{:04d}".format),
        st.sampled_from(["-", ".", "/", "--", "- ", "년"]),
        st.integers(0, 13).map("{:02d}".format) | st.text("0123456789a", min_size=1, max_size=3),
        st.sampled_from(["-", ".", "/", "월"]),
        st.integers(0, 32).map("{:02d}".format) | st.text("0123456789１", min_size=1, max_size=3),
        st.sampled_from(["", " ", "일", "T09:30"]),
    ).map("".join)
)
def test_iso_dates_read_as_the_general_pattern_reads_them(cell: str) -> None:
    # parse_date reads YYYY-MM-DD without the pattern; same dates, same errors.
    from greenprocure.io._parse import _DATE, CellError, parse_date

    def general(text: str) -> tuple[str, object]:
        match = _DATE.fullmatch(unicodedata.normalize("NFKC", text.strip()))
        if match is None:
            return ("bad-date", None)
        try:
            return ("", dt.date(int(match["y"]), int(match["m"]), int(match["d"])))
        except ValueError:
            return ("no-such-date", None)

    try:
        found: tuple[str, object] = ("", parse_date(cell))
    except CellError as error:
        found = (error.code, None)
    assert found == general(cell)


def test_leap_day_is_a_date() -> None:
    assert accepted("p,b,2024-02-29,종이,1000").date == dt.date(2024, 2, 29)


# -- headers ---------------------------------------------------------------------


def test_korean_header_aliases() -> None:
    header = "구매번호,구매기관,계약일자,품명,금액,공급업체,비고,수량,단위"
    p = accepted('A-1,4812000000,2022.03.14,레미콘,"36,000,000원",세기산업(주),메모,400,㎥', header)
    assert (p.id, p.buyer, p.category, p.supplier, p.notes) == (
        "A-1",
        "4812000000",
        "레미콘",
        "세기산업(주)",
        "메모",
    )
    assert p.quantity == Q_(400, "m**3")
    header = "계약번호,수요기관명,구매일,품목,구매금액(원),업체명"
    assert accepted("A-2,b,2022-03-14,종이,1000,x", header).supplier == "x"


def test_headers_match_ignoring_case_spaces_and_units() -> None:
    header = "ID, Buyer ,Purchase Date,CATEGORY,구매 금액 (원)"
    assert accepted("p,b,2022-03-01,종이,1000", header).amount == Money.krw(1000)


def test_missing_required_columns_are_named_all_at_once() -> None:
    with pytest.raises(LoadError) as caught:
        load("id,품목,비고\np,종이,x\n")
    message = str(caught.value)
    assert "buyer (" in message
    assert "date (" in message
    assert "amount (" in message
    assert "수요기관" in message
    assert "the header has: id, 품목, 비고" in message


def test_unknown_columns_warn_and_the_load_goes_on() -> None:
    result = load(f"{HEADER},담당자,전화\np,b,2022-03-01,종이,1000,홍길동,010\n")
    assert result.accepted == 1
    codes = [(w.code, w.line) for w in result.warnings]
    assert codes == [("unknown-column", 1), ("unknown-column", 1)]
    assert "'담당자'" in result.warnings[0].render("en")


def test_column_map_reads_unknown_headers_and_silences_ignored_ones() -> None:
    text = "구매처,일자,금액,담당자\n창원시,2022-03-01,1000,홍길동\n"
    result = load(text, column_map={"구매처": "buyer", "담당자": None})
    assert result.accepted == 1
    assert result.records[0].buyer == "창원시"
    assert [w.code for w in result.warnings] == ["generated-ids"]
    with pytest.raises(LoadError, match="'purchaser' is not a field"):
        load(text, column_map={"구매처": "purchaser"})


def test_repeated_columns_use_the_first_and_warn() -> None:
    result = load("id,buyer,date,금액,구매금액\np,b,2022-03-01,1000,2000\n")
    assert result.records[0].amount == Money.krw(1000)
    assert [w.code for w in result.warnings] == ["repeated-column"]


def test_without_an_id_column_ids_come_from_lines() -> None:
    result = load("buyer,date,amount\nb,2022-03-01,1\n\nb,2022-03-02,2\n")
    assert [p.id for p in result.records] == ["line-2", "line-4"]
    assert sorted(w.code for w in result.warnings) == ["blank-lines", "generated-ids"]


def test_a_title_above_the_header_is_skipped_with_a_warning() -> None:
    text = "2022년 녹색제품 구매실적\n\n작성: 회계과\n" + HEADER + "\np,b,2022-03-01,종이,1000\n"
    result = load(text)
    assert result.accepted == 1
    (warning,) = result.warnings
    assert (warning.code, warning.line) == ("preamble", 1)
    assert "2022년 녹색제품 구매실적" in warning.render("en")


def test_tab_and_semicolon_delimiters_are_detected() -> None:
    assert load(HEADER.replace(",", "\t") + "\np\tb\t2022-03-01\t종이\t1,000\n").accepted == 1
    assert load(HEADER.replace(",", ";") + "\np;b;2022-03-01;종이;1000\n").accepted == 1


# -- rows --------------------------------------------------------------------------


def test_blank_lines_and_quoted_newlines_keep_line_numbers_right() -> None:
    text = (
        "id,buyer,date,amount,notes\r\n"
        "\r\n"
        'a,b,2022-03-01,1,"첫째\r\n둘째\r\n셋째"\r\n'
        "   \r\n"
        ",,,,\r\n"
        'b,b,2022-02-30,1,"x\ny"\r\n'
        "c,b,2022-03-01,x,\r\n"
    )
    result = load(text)
    assert result.read == 3
    assert result.records[0].notes == "첫째\r\n둘째\r\n셋째"
    assert result.lines == (3,)
    assert [(r.line, r.end_line, r.field) for r in result.rejected] == [
        (8, 9, "date"),
        (10, 10, "amount"),
    ]
    (blank,) = result.warnings
    assert blank.code == "blank-lines"
    assert blank.render("en") == "3 blank line(s) skipped, the first on line 2"


def test_lone_carriage_returns_end_lines_too() -> None:
    raw = (HEADER + "\rp,b,2022-03-01,종이,1000\rq,b,2022-02-30,종이,1\r").encode()
    result = read_purchases(io.BytesIO(raw), buyers=as_given)
    assert (result.accepted, [r.line for r in result.rejected]) == (1, [3])


def test_an_unquoted_comma_in_an_amount_is_caught() -> None:
    rejection = rejected("p,b,2022-03-01,종이,1,234,000원")
    assert (rejection.field, rejection.code) == ("row", "column-count")
    assert "7 cells but the header has 5" in rejection.reason.render("en")


def test_short_rows_read_missing_cells_as_empty() -> None:
    assert rejected("p,b,2022-03-01").code == "empty"
    assert accepted("p,b,2022-03-01,,1000").category == ""


def test_every_problem_of_a_row_is_reported() -> None:
    rejection = rejected("p,,2022-02-30,종이,1.234.000")
    assert [(p.field, p.code) for p in rejection.problems] == [
        ("date", "no-such-date"),
        ("buyer", "empty"),
        ("amount", "ambiguous-amount"),
    ]
    assert rejection.render("en").count("\n") == 2


def test_duplicate_ids_reject_the_second_occurrence() -> None:
    result = load(f"{HEADER}\np,b,2022-03-01,a,1\nq,b,2022-03-01,a,1\np,b,2022-03-02,a,2\n")
    assert [p.id for p in result.records] == ["p", "q"]
    (rejection,) = result.rejected
    assert (rejection.line, rejection.code, rejection.record) == (4, "duplicate-id", "p")
    assert "already used on line 2" in rejection.reason.render("en")
    unchecked = load(f"{HEADER}\np,b,2022-03-01,a,1\np,b,2022-03-02,a,2\n", check_duplicates=False)
    assert unchecked.accepted == 2


def test_strict_mode_raises_at_the_first_bad_row() -> None:
    text = f"{HEADER}\np,b,2022-03-01,a,1\nq,b,2022-03-01,a,1.234.000\nr,b,x,a,1\n"
    with pytest.raises(RecordError) as caught:
        load(text, strict=True)
    error = caught.value
    assert (error.params["line"], error.params["field"], error.params["code"]) == (
        3,
        "amount",
        "ambiguous-amount",
    )
    assert str(error).startswith("<stream>, line 3, amount '1.234.000': amount '1.234.000' is")


# -- certificates and quantities ------------------------------------------------------

CERT_HEADER = "id,buyer,date,amount,인증구분,인증번호"


def test_certificate_claims_by_any_scheme_name() -> None:
    p = accepted("p,b,2022-03-01,1,환경표지,16052", CERT_HEADER)
    assert p.certificates == (CertificateRef("kr-eco-label", "16052"),)
    p = accepted("p,b,2022-03-01,1,우수재활용제품,GR-1", CERT_HEADER)
    assert p.certificates == (("kr-gr", "GR-1"),)
    p = accepted("p,b,2022-03-01,1,Nordic Swan,3041 0001", CERT_HEADER)
    assert p.certificates == (("nordic-swan", "3041 0001"),)


def test_several_certificates_in_one_cell() -> None:
    p = accepted('p,b,2022-03-01,1,환경표지,"16052; 16053"', CERT_HEADER)
    assert p.certificates == (("kr-eco-label", "16052"), ("kr-eco-label", "16053"))
    p = accepted('p,b,2022-03-01,1,"GR;환경표지","GR-1;16052"', CERT_HEADER)
    assert p.certificates == (("kr-gr", "GR-1"), ("kr-eco-label", "16052"))
    assert rejected('p,b,2022-03-01,1,"GR;환경표지","1;2;3"', CERT_HEADER).code == (
        "certificate-count"
    )


def test_certificate_cells_that_cannot_be_claims() -> None:
    unknown = rejected("p,b,2022-03-01,1,친환경인증,A-1", CERT_HEADER)
    assert (unknown.field, unknown.code, unknown.value) == (
        "certificate_scheme",
        "unknown-scheme",
        "친환경인증",
    )
    assert "kr-eco-label, kr-low-carbon" in unknown.reason.render("en")
    assert rejected("p,b,2022-03-01,1,,16052", CERT_HEADER).code == "missing-scheme"
    assert rejected("p,b,2022-03-01,1,환경표지,", CERT_HEADER).code == (
        "missing-certificate-number"
    )
    assert accepted("p,b,2022-03-01,1,일반,", CERT_HEADER).certificates == ()
    assert accepted("p,b,2022-03-01,1,-,", CERT_HEADER).certificates == ()
    only_number = rejected("p,b,2022-03-01,1,16052", "id,buyer,date,amount,인증번호")
    assert only_number.code == "missing-scheme"


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        ("400", "㎥", Q_(400, "m**3")),
        ("400", "m3", Q_(400, "m**3")),
        ("400", "루베", Q_(400, "m**3")),
        ('"1,200"', "개", Q_(1200, "piece")),
        ("3", "EA", Q_(3, "piece")),
        ("2.5", "톤", Q_(Decimal("2.5"), "t")),
        ("10", "kWh", Q_(10, "kWh")),
        ("10", "대", Q_(10, "piece")),
    ],
)
def test_quantities_with_units(quantity: str, unit: str, expected: object) -> None:
    p = accepted(f"p,b,2022-03-01,1,{quantity},{unit}", "id,buyer,date,amount,수량,단위")
    assert p.quantity == expected


def test_quantity_rejections() -> None:
    header = "id,buyer,date,amount,수량,단위"
    assert rejected("p,b,2022-03-01,1,400,박스", header).code == "bad-unit"
    assert rejected("p,b,2022-03-01,1,400,", header).code == "missing-unit"
    assert rejected("p,b,2022-03-01,1,많이,개", header).code == "bad-quantity"
    assert rejected("p,b,2022-03-01,1,-4,개", header).code == "invalid"
    assert accepted("p,b,2022-03-01,1,,개", header).quantity is None
    in_one_cell = accepted("p,b,2022-03-01,1,400 m**3", "id,buyer,date,amount,quantity")
    assert in_one_cell.quantity == Q_(400, "m**3")


# -- buyers ------------------------------------------------------------------------------


def test_a_fake_resolver_is_asked_as_of_the_purchase_date() -> None:
    asked: list[tuple[str, dt.date]] = []

    def resolve(name: str, day: dt.date) -> str:
        asked.append((name, day))
        if name == "없는시":
            raise UnknownJurisdictionError("no jurisdiction is named {name!r}", name=name)
        return {"창원시": "4812000000", "마산시": "4816000000"}[name]

    buyers = CachedBuyers(resolve, change_dates=[dt.date(2010, 7, 1)])
    text = (
        f"{HEADER}\n"
        "a,창원시,2022-03-01,x,1\n"
        "b,창원시,2022-09-30,x,1\n"
        "c,마산시,2010-06-30,x,1\n"
        "d,없는시,2022-03-01,x,1\n"
        "e,없는시,2022-04-01,x,1\n"
    )
    result = load(text, buyers=buyers)
    assert [p.buyer for p in result.records] == ["4812000000", "4812000000", "4816000000"]
    assert [(r.line, r.code) for r in result.rejected] == [
        (5, "unknown-buyer"),
        (6, "unknown-buyer"),
    ]
    # One question per name and period between change dates.
    assert asked == [
        ("창원시", dt.date(2022, 3, 1)),
        ("마산시", dt.date(2010, 6, 30)),
        ("없는시", dt.date(2022, 3, 1)),
    ]


def test_a_resolver_note_becomes_a_warning() -> None:
    def resolve(name: str, day: dt.date) -> ResolvedBuyer:
        from greenprocure.i18n import Message

        return ResolvedBuyer("5100000000", Message.of("{old} was renamed", old=name))

    result = load(f"{HEADER}\na,강원도,2024-03-01,x,1\nb,강원도,2024-03-02,x,1\n", buyers=resolve)
    assert [w.render("en") for w in result.warnings] == ["강원도 was renamed"]


def test_buyers_through_the_korean_registry() -> None:
    text = (
        f"{HEADER}\n"
        "a,대구광역시 중구,2022-03-01,x,1\n"
        "b,창원시,2022-03-01,x,1\n"
        "c,중구,2022-03-01,x,1\n"
        "d,2711000000,2022-03-01,x,1\n"
        "e,26230,2022-03-01,x,1\n"
        "f,없는시,2022-03-01,x,1\n"
        "g,대구 중구,2022-03-01,x,1\n"
        "h,수원특례시,2022-03-01,x,1\n"
    )
    result = read_purchases(io.StringIO(text))
    assert [(p.id, p.buyer) for p in result.records] == [
        ("a", "2711000000"),
        ("b", "4812000000"),
        ("d", "2711000000"),
        ("e", "2623000000"),
        ("g", "2711000000"),
        ("h", "4111000000"),
    ]
    ambiguous, unknown = result.rejected
    assert (ambiguous.line, ambiguous.field, ambiguous.code) == (4, "buyer", "ambiguous-buyer")
    reason = ambiguous.reason.render("en")
    assert "1114000000" in reason
    assert "2711000000" in reason
    assert "3014000000" in reason
    assert "대구광역시 중구" in reason
    assert (unknown.line, unknown.code) == (7, "unknown-buyer")


def test_a_buyer_is_resolved_as_of_its_purchase_date() -> None:
    # 강원도 became 강원특별자치도 on 2023-06-11 (code prefix 42 → 51).
    text = f"{HEADER}\na,강원도,2023-06-10,x,1\nb,강원특별자치도,2023-06-11,x,1\n"
    result = read_purchases(io.StringIO(text))
    assert [p.buyer for p in result.records] == ["4200000000", "5100000000"]
    # A name of another date is resolved to what it meant on the day, with a note.
    early = read_purchases(io.StringIO(f"{HEADER}\nc,강원특별자치도,2023-06-10,x,1\n"))
    assert [p.buyer for p in early.records] == ["4200000000"]
    (note,) = early.warnings
    assert (note.code, note.line) == ("buyer-note", 2)
    assert "강원특별자치도" in note.render("en")


# -- encodings and files ----------------------------------------------------------------

KOREAN = (
    "구매번호,수요기관,구매일자,품목,구매금액\r\n"
    'A-1,4812000000,2022.03.14,레미콘,"36,000,000원"\r\n'
)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp949", b""), ("euc-kr", b"")],
)
def test_encodings_are_detected(encoding: str, prefix: bytes) -> None:
    raw = prefix + KOREAN.encode(encoding)
    result = read_purchases(io.BytesIO(raw), buyers=as_given)
    assert result.accepted == 1
    assert result.records[0].category == "레미콘"
    expected = "utf-8-sig" if prefix else ("utf-8" if encoding == "utf-8" else "cp949")
    assert result.encoding == expected


def test_cp949_after_64_kib_of_ascii_is_still_detected() -> None:
    rows = "".join(f"p{i},4812000000,2022-03-01,paper,1000\r\n" for i in range(3000))
    raw = ("id,buyer,date,category,amount\r\n" + rows + "k,창원시,2022-03-01,레미콘,1\r\n").encode(
        "cp949"
    )
    assert len(raw) > 64 * 1024
    result = read_purchases(io.BytesIO(raw), buyers=as_given)
    assert (result.accepted, result.encoding) == (3001, "cp949")
    assert result.records[-1].buyer == "창원시"


def test_a_wrong_encoding_given_rejects_the_rows_it_cannot_decode() -> None:
    raw = ("id,buyer,date,category,amount\r\n" + "a,b,2022-03-01,paper,1\r\n").encode() + (
        "b,창원시,2022-03-01,레미콘,1\r\n".encode("cp949")
    )
    result = read_purchases(io.BytesIO(raw), encoding="utf-8", buyers=as_given)
    assert result.accepted == 1
    (rejection,) = result.rejected
    assert (rejection.line, rejection.field, rejection.code) == (3, "row", "encoding")
    assert "not valid utf-8" in rejection.reason.render("en")
    with pytest.raises(LoadError, match="the header \\(line 1\\) is not valid utf-8"):
        read_purchases(io.BytesIO(KOREAN.encode("cp949")), encoding="utf-8")
    with pytest.raises(LoadError, match="unknown encoding 'klingon'"):
        read_purchases(io.BytesIO(b""), encoding="klingon")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an old Excel workbook"),
        (b"%PDF-1.7\n", "a PDF document"),
        (bytes(range(256)) * 4, "NUL bytes"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "an image"),
        ("id,buyer\n".encode("utf-16"), "UTF-16"),
        (b"", "is empty"),
        (b"\n\n  \n", "is empty"),
    ],
)
def test_files_that_are_not_csv_are_refused_whole(raw: bytes, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        read_purchases(io.BytesIO(raw))


def test_garbage_text_is_a_load_error_not_a_crash() -> None:
    with pytest.raises(LoadError, match="the header \\(line 1\\) is not valid"):
        read_purchases(io.BytesIO(b"\x81\x82\x83garbage\xff\xfe text" * 10))
    with pytest.raises(LoadError, match="missing required column"):
        read_purchases(io.BytesIO(b"just some words\nand more words\n"))


def test_the_cp949_fixture_with_korean_headers(tmp_path: Path) -> None:
    result = read_purchases(DATA / "purchases_cp949.csv")
    assert (result.encoding, result.format) == ("cp949", "csv")
    assert (result.read, result.accepted, len(result.rejected)) == (10, 4, 6)
    assert result.read == result.accepted + len(result.rejected)
    first, second, refund, toner = result.records
    assert (first.id, first.buyer, first.amount, first.quantity) == (
        "GP-2022-0001",
        "4812000000",
        Money.krw(36_000_000),
        Q_(400, "m**3"),
    )
    assert first.certificates == (("kr-low-carbon", "LC-2021-017"),)
    assert (second.buyer, second.amount, second.quantity) == (
        "2711000000",
        Money.krw(1_234_000),
        Q_(500, "piece"),
    )
    assert (refund.refund, refund.amount, refund.notes) == (
        True,
        Money.krw(-3_600_000),
        "반품\r\n(규격 불량)",
    )
    assert toner.certificates == (("kr-gr", "GR-2021-0007"), ("kr-eco-label", "16055"))
    assert toner.buyer == "4111000000"  # 수원시
    assert [(r.line, r.field, r.code) for r in result.rejected] == [
        (6, "buyer", "ambiguous-buyer"),
        (7, "amount", "ambiguous-amount"),
        (8, "date", "no-such-date"),
        (9, "unit", "bad-unit"),
        (13, "amount", "negative-amount"),
        (14, "certificate_scheme", "unknown-scheme"),
    ]
    assert [w.code for w in result.warnings] == ["preamble"]


# -- JSON --------------------------------------------------------------------------------


def test_json_lines() -> None:
    lines = [
        json.dumps({"id": "a", "buyer": "b", "date": "2022-03-01", "amount": 1234000}),
        json.dumps(
            {
                "구매번호": "b",
                "수요기관": "b",
                "구매일자": "2022.03.01",
                "구매금액": "1,234,000원",
                "certificates": [{"scheme": "환경표지", "number": "16052"}, ["GR", "GR-1"]],
                "refund": False,
                "quantity": 1.5,
                "unit": "t",
                "담당자": "홍길동",
            },
            ensure_ascii=False,
        ),
        "",
        "{not json",
        "[1, 2]",
        json.dumps({"id": "c", "buyer": "b", "amount": 1}),
        json.dumps({"id": "d", "buyer": "b", "date": "2022-03-01", "amount": {"won": 1}}),
        json.dumps({"id": "e", "buyer": "b", "date": "2022-03-01", "amount": 12.5}),
    ]
    result = load("\n".join(lines) + "\n", format="jsonl")
    assert result.format == "jsonl"
    a, b = result.records
    assert a.amount == Money.krw(1_234_000)
    assert b.certificates == (("kr-eco-label", "16052"), ("kr-gr", "GR-1"))
    assert b.quantity == Q_(Decimal("1.5"), "t")
    assert [(r.line, r.field, r.code) for r in result.rejected] == [
        (4, "row", "json"),
        (5, "row", "not-an-object"),
        (6, "date", "missing-field"),
        (7, "amount", "bad-value"),
        (8, "amount", "too-many-decimals"),
    ]
    assert result.read == 7
    assert sorted(w.code for w in result.warnings) == ["blank-lines", "unknown-column"]


def test_a_json_array_with_line_numbers() -> None:
    text = (
        "[\n"
        '  {"id": "a", "buyer": "b", "date": "2022-03-01", "amount": "1000"},\n'
        '  {"id": "b", "buyer": "b",\n   "date": "2022-02-30", "amount": "1000"},\n'
        '  {"id": "c", "buyer": "b", "date": "2022-03-02", "amount": "1000"}\n'
        "]\n"
    )
    result = load(text)
    assert result.format == "json"
    assert [p.id for p in result.records] == ["a", "c"]
    assert result.lines == (2, 5)
    assert [(r.line, r.end_line) for r in result.rejected] == [(3, 4)]
    with pytest.raises(LoadError, match="line 3: expected ',' or ']'"):
        load('[\n{"id": "a"}\n{"id": "b"}\n]')


# -- lazy loads ------------------------------------------------------------------------


def test_lazy_loads_count_as_they_go_and_are_complete_when_exhausted() -> None:
    text = f"{HEADER}\n" + "".join(
        f"p{i},b,2022-03-{1 + i % 28:02d},x,{'1.234.000' if i % 3 == 0 else i}\n" for i in range(30)
    )
    seen: list[int] = []
    result = load(text, lazy=True, progress=seen.append, progress_every=7)
    assert (result.read, result.complete) == (0, False)
    iterator = iter(result)
    first = next(iterator)
    assert first.id == "p1"
    assert (result.read, result.accepted, len(result.rejected)) == (2, 1, 1)
    rest = list(iterator)
    assert len(rest) == 19
    assert result.complete
    assert (result.read, result.accepted, len(result.rejected)) == (30, 20, 10)
    assert seen == [7, 14, 21, 28, 30]
    with pytest.raises(LoadError, match="has no list of records"):
        result.records
    with pytest.raises(LoadError, match="already been read"):
        list(result)


def test_a_lazy_load_closes_its_file_when_left_early(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(f"{HEADER}\np,b,2022-03-01,x,1\nq,b,2022-03-01,x,1\n", encoding="utf-8")
    with read_purchases(path, buyers=as_given, lazy=True) as result:
        next(iter(result))
        assert not result.complete
    assert result.complete is False
    with read_purchases(path, buyers=as_given, lazy=True) as result:
        assert [p.id for p in result] == ["p", "q"]
    assert result.ok


def test_missing_columns_fail_at_once_even_lazily(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="missing required column"):
        read_purchases(io.StringIO("id,buyer\np,b\n"), lazy=True)


def test_reason_codes_are_documented() -> None:
    assert len(set(REASON_CODES)) == len(REASON_CODES)
    import greenprocure.io

    assert all(f"``{code}``" in (greenprocure.io.__doc__ or "") for code in REASON_CODES)


def test_the_guide_lists_every_accepted_header() -> None:
    from greenprocure.io import CERTIFICATE_COLUMNS, PURCHASE_COLUMNS, UNIT_WORDS

    guide = (Path(__file__).parent.parent / "docs" / "howto" / "load-data.md").read_text("utf-8")
    for column in (*PURCHASE_COLUMNS, *CERTIFICATE_COLUMNS):
        row = next(line for line in guide.splitlines() if line.startswith(f"| `{column.field}` |"))
        assert row.endswith(" | " + ", ".join(f"`{h}`" for h in column.headers) + " |"), row
    for word in UNIT_WORDS:
        assert f"`{word}`" in guide


def test_malformed_csv_rows_are_rejected_and_the_load_goes_on() -> None:
    text = (
        "id,buyer,date,amount,notes\n"
        f"p,b,2022-03-01,1,{'x' * 200_000}\n"
        'q,b,2022-03-01,1,"quoted"then text\n'
        "r,b,2022-03-01,1,fine\n"
        's,b,2022-03-01,1,"never closed\n'
        "t,b,2022-03-01,1,swallowed\n"
        "u,b,2022-03-01,1,swallowed\n"
    )
    result = load(text)
    assert [p.id for p in result.records] == ["r"]
    assert result.read == 4
    assert [(r.line, r.end_line, [p.code for p in r.problems]) for r in result.rejected] == [
        (2, 2, ["csv"]),
        (3, 3, ["csv"]),
        (5, 7, ["csv", "multi-line"]),
    ]
    assert result.rejected[2].problems[1].reason.render("en") == (
        "the record spans lines 5 to 7: check for a quote that is not closed"
    )


def test_malformed_json_certificate_claims() -> None:
    row = {"id": "a", "buyer": "b", "date": "2022-03-01", "amount": 1}
    lines = [
        json.dumps({**row, "certificates": [{"scheme": "GR"}]}),
        json.dumps({**row, "id": "b", "certificates": [["GR", ""]]}),
        json.dumps(
            {**row, "id": "c", "certificates": [{"인증구분": "환경표지", "인증번호": 16052}]}
        ),
    ]
    result = load("\n".join(lines), format="jsonl")
    assert [(r.line, r.field, r.code) for r in result.rejected] == [
        (1, "certificate_number", "bad-certificate"),
        (2, "certificate_number", "empty"),
    ]
    assert result.records[0].certificates == (("kr-eco-label", "16052"),)


@given(
    st.lists(
        st.one_of(
            st.binary(max_size=40),
            st.sampled_from(
                [
                    b"p,b,2022-03-01,x,1",
                    b'"',
                    b",",
                    b"\r",
                    b"\n",
                    "창원시".encode("cp949"),
                    "레미콘".encode(),
                    b"\xef\xbb\xbf",
                    b"1,234,000\xec\x9b\x90",
                ]
            ),
        ),
        max_size=30,
    ),
    st.sampled_from([None, "utf-8", "cp949"]),
)
def test_arbitrary_bytes_never_crash(parts: list[bytes], encoding: str | None) -> None:
    raw = (HEADER + "\r\n").encode() + b"".join(parts)
    try:
        result = read_purchases(io.BytesIO(raw), encoding=encoding, buyers=as_given)
    except LoadError:
        return
    assert result.complete
    assert result.read == result.accepted + len(result.rejected)
    lines = [r.line for r in result.rejected]
    assert lines == sorted(lines)
    assert all(r.line >= 2 and r.end_line >= r.line for r in result.rejected)
