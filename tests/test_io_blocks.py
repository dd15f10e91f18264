"""The block path: a lazy load handed to ``evaluate`` reads plain rows in columns.

``read_purchases(..., lazy=True)`` given to :func:`~greenprocure.evaluate`
reads the rest of a UTF-8 file in the library's own layout in raw blocks;
a block of plain rows becomes one ``_Block`` (columns, no ``Purchase`` per
row) and anything else is read row by row. Whatever the file holds, the
records, rejections, warnings and counts must be those of iterating over
the load, and the evaluation must equal the evaluation of the purchases.
The block sizes are made tiny here so that small files have many blocks.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any
from unittest import mock

from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from tests.test_evaluation_inlined import assert_same, certificate_lists

from greenprocure import Money, Period, Purchase, evaluate, merge
from greenprocure._fork import run_forked, shared_queue
from greenprocure.certifications import (
    Certificate,
    CertificateRegistry,
    CertificateStatus,
    _stretch_codes,
)
from greenprocure.evaluation import _OUTCOME_OF, _OUTCOMES, _STRIDE, _Inlined
from greenprocure.io import PURCHASE_FIELDS, read_purchases, write_purchases
from greenprocure.io._reader import _piece_cuts
from greenprocure.io._result import LoadResult
from greenprocure.io.purchases import _alphanumeric_heads, _plain_heads, _PurchaseConverter
from greenprocure.jurisdictions import korea
from greenprocure.purchases import _Block
from greenprocure.rules import KR_GREEN_SHARE_2019, KR_PRIORITY_CITIES_2022, RuleSet
from greenprocure.rules.core import ACCEPTED

PERIOD = Period(2022, 1, 9)
SCHEMES = ("kr-eco-label", "kr-gr", "kr-low-carbon", "eu-ecolabel")
NUMBERS = tuple(f"N{index}" for index in range(8))
BUYERS = ("1100000000", "2600000000", "4812000000", "4800000000", "5100000000", "9900000000")


@contextmanager
def tiny_blocks(size: int) -> Iterator[None]:
    with (
        mock.patch("greenprocure.io._source._HEAD", size),
        mock.patch("greenprocure.io._source._BLOCK", size),
        mock.patch("greenprocure.io._source.RAW_BLOCK", size),
    ):
        yield


def items(result: LoadResult[Purchase]) -> tuple[list[Purchase], int]:
    """The purchases of a block read, and how many blocks there were."""
    purchases: list[Purchase] = []
    blocks = 0
    for item in result.__greenprocure_blocks__():
        if type(item) is _Block:
            blocks += 1
            purchases.extend(item.purchases())
        else:
            purchases.append(item)
    return purchases, blocks


def summary(result: LoadResult[Purchase], records: list[Purchase]) -> tuple[Any, ...]:
    return (records, result.rejected, result.warnings, result.read, result.accepted)


def _blocks_agree(
    data: bytes, size: int, duplicates: bool = False
) -> tuple[LoadResult[Purchase], int]:
    """Read ``data`` in blocks of ``size`` bytes; require what iterating gives.

    Returns the load and how many blocks it handed over.
    """
    plain = read_purchases(io.BytesIO(data), lazy=True, check_duplicates=duplicates)
    expected = summary(plain, list(plain))
    with tiny_blocks(size):
        blocked = read_purchases(io.BytesIO(data), lazy=True, check_duplicates=duplicates)
        records, blocks = items(blocked)
    assert summary(blocked, records) == expected
    return blocked, blocks


# -- rows: plain ones (which blocks take) among odd ones ---------------------------------

PLAIN = st.fixed_dictionaries(
    {
        "id": st.integers(0, 9999).map(lambda n: f"P{n:04d}"),
        "buyer": st.sampled_from(["4812000000", "1100000000", "창원시", "2611000000"]),
        "date": st.sampled_from(["2022-03-01", "2021-12-31", "2022-09-30", "2023-06-12"]),
        "category": st.sampled_from(["레미콘", "복사용지", "토너"]),
        "amount": st.sampled_from(["36000000", "0", "1000", "007"]),
        "currency": st.sampled_from(["KRW"] * 30 + ["EUR", ""]),
        "quantity": st.just(""),
        "unit": st.just(""),
        "certificate_scheme": st.sampled_from(["", "kr-eco-label", "kr-gr", "-"]),
        "certificate_number": st.sampled_from(["", "EL-1", "GR-2"]),
        "supplier": st.sampled_from(["", "세기산업(주)"]),
        "notes": st.sampled_from(["", "note"]),
        "refund": st.sampled_from(["false"] * 30 + ["", "true", "0", "아니오"]),
    }
)
ODD = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["P1", " P4", "'=P5", "", "구매1", "P 6"]),
        "buyer": st.sampled_from(["4812000000", "중구", "9999999999", "", "강원도"]),
        "date": st.sampled_from(["2022-03-01", "20220301", "2022-02-30", "", "nope"]),
        "category": st.sampled_from(["레미콘", " 복사용지 ", "\u1100\u1161", "'=x", ""]),
        "amount": st.sampled_from(["36000000", "-5000", "1,234,000", "12.5", "x", ""]),
        "currency": st.sampled_from(["KRW", "krw", "원", "XXX"]),
        "quantity": st.sampled_from(["", "400"]),
        "unit": st.sampled_from(["", "m**3"]),
        "certificate_scheme": st.sampled_from(["", "kr-gr;kr-low-carbon", "nope", " kr-gr "]),
        "certificate_number": st.sampled_from(["", "EL-1;GR-2", " N 1 ", "'=1", "번호"]),
        "supplier": st.sampled_from(["", "a,b", 'say "x"', "a\nb"]),
        "notes": st.sampled_from(["", "'@x"]),
        "refund": st.sampled_from(["false", "true", "maybe"]),
    }
)
ROWS = st.lists(
    st.sampled_from([0] * 30 + [1, 2]).flatmap(
        lambda kind: (PLAIN, ODD, st.just(None))[kind]  # None: a blank line
    ),
    min_size=1,
    max_size=60,
)


def csv_bytes(rows: list[dict[str, str] | None], ending: str, bom: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(PURCHASE_FIELDS)
    for row in rows:
        if row is None:
            out.write(ending)
        else:
            writer.writerow([row[field] for field in PURCHASE_FIELDS])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


@settings(max_examples=200, deadline=None)
@given(
    ROWS,
    st.sampled_from(["\r\n", "\n"]),
    st.booleans(),
    st.integers(64, 700),
    st.booleans(),
)
def test_blocks_give_what_iterating_gives(
    rows: list[dict[str, str] | None], ending: str, bom: bool, size: int, duplicates: bool
) -> None:
    _load, blocks = _blocks_agree(csv_bytes(rows, ending, bom), size, duplicates)
    event(f"read in blocks: {blocks > 0}")


# Buyer cells whose meaning changes on 2023-06-11 (강원도 → 강원특별자치도, a new
# code) or 2023-07-01 (군위군 moves from 경상북도 to 대구광역시, a new code),
# with dates on both sides: a block may hold several registry periods, and a
# cell that means one government in one of them and none (or another) in the
# next is converted per (cell, period), or sends the block the general way.
CHANGING = st.builds(
    lambda base, buyer, date: dict(base, buyer=buyer, date=date),
    PLAIN,
    st.sampled_from(
        ["4200000000", "5100000000", "4772000000", "2772000000", "1100000000", "강원도", "군위군"]
    ),
    st.sampled_from(["2023-06-01", "2023-06-20", "2023-07-05", "2022-03-01"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(CHANGING, min_size=1, max_size=40), st.integers(64, 900))
def test_blocks_across_registry_changes_give_what_iterating_gives(
    rows: list[dict[str, str] | None], size: int
) -> None:
    _load, blocks = _blocks_agree(csv_bytes(rows, "\n", False), size)
    event(f"read in blocks: {blocks > 0}")


def test_a_block_may_hold_a_cell_whose_meaning_changes_among_its_dates() -> None:
    # 4200000000 (강원도) until 2023-06-10, 5100000000 (강원특별자치도) from
    # 2023-06-11: each cell valid on its own rows' dates, in one block.
    base = dict.fromkeys(PURCHASE_FIELDS, "")
    base.update(category="토너", amount="1000", currency="KRW", refund="false")
    rows: list[dict[str, str] | None] = [
        dict(base, id="A1", buyer="4200000000", date="2023-06-01"),
        dict(base, id="A2", buyer="5100000000", date="2023-06-20"),
        dict(base, id="A3", buyer="1100000000", date="2023-06-01"),
        dict(base, id="A4", buyer="1100000000", date="2023-06-20"),
    ]
    filler = [dict(base, id=f"F{n}", buyer="1100000000", date="2022-03-01") for n in range(8)]
    data = csv_bytes(filler + rows, "\n", False)
    with (
        mock.patch("greenprocure.io._source._HEAD", 128),
        mock.patch("greenprocure.io._source._BLOCK", 128),
        mock.patch("greenprocure.io._source.RAW_BLOCK", 1 << 16),
    ):
        result = read_purchases(io.BytesIO(data), lazy=True)
        blocks = [item for item in result.__greenprocure_blocks__() if type(item) is _Block]
    assert len(blocks) == 1
    records = [p for p in blocks[0].purchases() if p.id.startswith("A")]
    assert [(p.id, p.buyer) for p in records] == [
        ("A1", "4200000000"),
        ("A2", "5100000000"),
        ("A3", "1100000000"),
        ("A4", "1100000000"),
    ]
    assert result.rejected == []


def test_plain_rows_are_read_in_blocks_and_odd_ones_row_by_row() -> None:
    plain = {
        "id": "",
        "buyer": "4812000000",
        "date": "2022-03-01",
        "category": "레미콘",
        "amount": "1000",
        "currency": "KRW",
        "quantity": "",
        "unit": "",
        "certificate_scheme": "kr-gr",
        "certificate_number": "GR-1",
        "supplier": "세기산업(주)",
        "notes": "",
        "refund": "false",
    }
    rows: list[dict[str, str] | None] = [dict(plain, id=f"P{n:04d}") for n in range(400)]
    rows[250] = dict(plain, id="P0250", amount="-5")  # one bad row
    rows[300] = dict(plain, id="P0300", supplier='say "hi"')  # a quote: the rest as text
    data = csv_bytes(rows, "\r\n", True)
    with tiny_blocks(1024):
        result = read_purchases(io.BytesIO(data), lazy=True)
        records, blocks = items(result)
    assert blocks >= 10
    assert (result.read, result.accepted, len(records)) == (400, 399, 399)
    assert [(r.line, r.problems[0].field) for r in result.rejected] == [(252, "amount")]
    assert records[0] == Purchase(
        "P0000",
        "4812000000",
        dt.date(2022, 3, 1),
        "레미콘",
        Money.krw(1000),
        certificates=[("kr-gr", "GR-1")],
        supplier="세기산업(주)",
    )
    assert records[-1].id == "P0399"


# -- the evaluation of blocks --------------------------------------------------------------

days = st.integers(0, 3 * 365).map(lambda d: dt.date(2020, 6, 1) + dt.timedelta(days=d))


@st.composite
def ledgers(draw: st.DrawFn) -> list[Purchase]:
    count = draw(st.integers(0, 80))
    ids = draw(st.lists(st.integers(0, 10**6), min_size=count, max_size=count, unique=True))
    ledger = []
    for index in ids:
        refund = draw(st.integers(0, 14)) == 0
        won = draw(st.integers(0, 10**9))
        currency = draw(st.sampled_from(["KRW"] * 14 + ["EUR"]))
        claims = draw(
            st.lists(
                st.tuples(st.sampled_from(SCHEMES), st.sampled_from(NUMBERS)),
                max_size=2,
            ).filter(lambda c: len(c) < 2 or draw(st.booleans()))
        )
        ledger.append(
            Purchase(
                f"P{index:07d}",
                draw(st.sampled_from(BUYERS)),
                draw(days),
                draw(st.sampled_from(["복사용지", "레미콘", "토너"])),
                Money.from_minor_units(-won if refund else won, currency),
                certificates=claims,
                refund=refund,
            )
        )
    return ledger


@st.composite
def plain_ledgers(draw: st.DrawFn) -> list[Purchase]:
    """Purchases a block counts itself: in won, no refund, one claim or none, ids in any order.

    Dates around the period and its previous year, so that every outcome
    of a claim (counted, each refusal) and both parts occur in blocks.
    """
    count = draw(st.integers(1, 80))
    ids = draw(st.lists(st.integers(0, 10**6), min_size=count, max_size=count, unique=True))
    near = st.integers(0, 3 * 365).map(lambda d: dt.date(2020, 7, 1) + dt.timedelta(days=d))
    claim = st.none() | st.tuples(st.sampled_from(SCHEMES), st.sampled_from(NUMBERS))
    ledger = []
    for index in ids:
        claimed = draw(claim)
        ledger.append(
            Purchase(
                f"P{index:07d}",
                draw(st.sampled_from(BUYERS[:4])),  # known on every one of these days
                draw(near),
                "토너",
                Money.from_minor_units(draw(st.integers(1, 10**12)), "KRW"),
                certificates=[claimed] if claimed else [],
            )
        )
    return ledger


@settings(max_examples=150, deadline=None)
@given(plain_ledgers(), certificate_lists(), st.integers(100, 900), st.booleans())
def test_counting_plain_blocks_equals_evaluating_purchases(
    ledger: list[Purchase], certificates: CertificateRegistry, size: int, baseline: bool
) -> None:
    # Rows that reach the block counter (_Inlined._count) with every outcome
    # of a claim: its sums, counts and smallest ids per buyer, part and reason.
    out = io.BytesIO()
    write_purchases(ledger, out, format="csv")
    options: dict[str, Any] = {"period": PERIOD, "certificates": certificates}
    if baseline:
        options["baseline"] = {"1100000000": Money.krw(10_000)}
    eager = read_purchases(io.BytesIO(out.getvalue()))  # a buyer unknown on its date is rejected
    expected = evaluate(list(eager), KR_PRIORITY_CITIES_2022, **options)
    counted: list[int] = []
    real = _Inlined._count

    def spy(self: _Inlined, block: _Block, parts: list[int], named: set[str]) -> None:
        counted.append(len(block))
        real(self, block, parts, named)

    with tiny_blocks(size), mock.patch.object(_Inlined, "_count", spy):
        lazy = read_purchases(io.BytesIO(out.getvalue()), lazy=True)
        blocked = evaluate(lazy, KR_PRIORITY_CITIES_2022, **options)
    assert (lazy.accepted, lazy.rejected) == (eager.accepted, eager.rejected)
    assert_same(blocked, expected)
    event(f"rows counted in blocks: {sum(counted) * 10 // len(ledger) * 10}%+")


def test_a_counted_claim_in_a_block_never_works_out_an_example() -> None:
    # Counted purchases have no reason, so no example: the block counter
    # asks the certificate rule only for refused claims' examples (here,
    # the first expired claim of each of the two years' slots).
    certificate = Certificate("kr-gr", "GR-1", dt.date(2021, 1, 1), dt.date(2022, 6, 30))
    ledger = [
        Purchase(
            f"P{999 - n:04d}",  # falling ids: each row a new smallest
            "1100000000",
            dt.date(2022, 7, 1) if n % 5 == 0 else dt.date(2021 + n % 2, 3, 1),
            "토너",
            Money.krw(1000),
            certificates=[("kr-gr", "GR-1")],
        )
        for n in range(300)
    ]
    out = io.BytesIO()
    write_purchases(ledger, out, format="csv")
    asked: list[int] = []
    real = _Inlined._example

    def example(self: _Inlined, block: _Block, claim: int, place: int) -> Any:
        asked.append(place % _STRIDE)
        return real(self, block, claim, place)

    certificates = CertificateRegistry([certificate])
    expected = evaluate(ledger, KR_PRIORITY_CITIES_2022, period=PERIOD, certificates=certificates)
    with tiny_blocks(2048), mock.patch.object(_Inlined, "_example", example):
        lazy = read_purchases(io.BytesIO(out.getvalue()), lazy=True)
        report = evaluate(lazy, KR_PRIORITY_CITIES_2022, period=PERIOD, certificates=certificates)
    assert_same(report, expected)
    assert report.totals.counted == 240
    assert set(asked) == {_OUTCOME_OF["expired"]}  # falling ids: every expired claim


GREEN_SHARE = KR_GREEN_SHARE_2019.with_parameters(
    "kr.eligibility.green-product-exists", categories=("복사용지", "토너")
)


@settings(max_examples=120, deadline=None)
@given(
    ledgers(),
    certificate_lists(),
    st.sampled_from(
        [
            KR_PRIORITY_CITIES_2022,
            GREEN_SHARE,
            KR_PRIORITY_CITIES_2022.with_parameters(
                "kr.eligibility.valid-certificate", schemes=("eu-ecolabel",)
            ),
        ]
    ),
    st.booleans(),
    st.integers(100, 900),
    st.booleans(),
)
def test_evaluating_blocks_equals_evaluating_purchases(
    ledger: list[Purchase],
    certificates: CertificateRegistry,
    ruleset: RuleSet,
    registry: bool,
    size: int,
    baseline: bool,
) -> None:
    out = io.BytesIO()
    write_purchases(ledger, out, format="csv")
    data = out.getvalue()
    options: dict[str, Any] = {"period": PERIOD, "certificates": certificates}
    if registry:
        options["registry"] = korea()
    if baseline:  # given: last year's purchases are outside the measure
        options["baseline"] = {"1100000000": Money.krw(10_000), "4812000000": Money.krw(5)}
    eager = read_purchases(io.BytesIO(data))
    expected = evaluate(list(eager), ruleset, **options)
    with tiny_blocks(size):
        lazy = read_purchases(io.BytesIO(data), lazy=True)
        blocked = evaluate(lazy, ruleset, **options)
    assert lazy.complete
    assert (lazy.read, lazy.accepted, lazy.rejected) == (eager.read, eager.accepted, eager.rejected)
    assert_same(blocked, expected)


def test_the_evaluation_counts_blocks_without_a_purchase_per_row() -> None:
    ledger = [
        Purchase(
            f"P{n:05d}",
            BUYERS[n % 4],
            dt.date(2021 + n % 2, 1 + n % 12, 1 + n % 28),
            "레미콘",
            Money.krw(1000 + n),
            certificates=[("kr-gr", NUMBERS[n % 8])] if n % 3 else (),
        )
        for n in range(600)
    ]
    out = io.BytesIO()
    write_purchases(ledger, out, format="csv")
    calls: list[int] = []
    real = _Inlined.block

    def block(self: _Inlined, item: _Block) -> None:
        calls.append(len(item))
        real(self, item)

    certificates = CertificateRegistry([])
    expected = evaluate(ledger, KR_PRIORITY_CITIES_2022, period=PERIOD, certificates=certificates)
    with tiny_blocks(2048), mock.patch.object(_Inlined, "block", block):
        lazy = read_purchases(io.BytesIO(out.getvalue()), lazy=True)
        report = evaluate(lazy, KR_PRIORITY_CITIES_2022, period=PERIOD, certificates=certificates)
    assert len(calls) > 10
    assert sum(calls) > 500
    assert_same(report, expected)


# -- workers: the parts of a file in separate processes ----------------------------------


def _load_state(result: LoadResult[Purchase]) -> tuple[Any, ...]:
    return (result.read, result.accepted, result.rejected, result.warnings, result.complete)


def _workers_agree(
    path: Any, certificates: CertificateRegistry, workers: int
) -> tuple[LoadResult[Purchase], Any]:
    """The load and report of ``workers`` processes, checked against one process's."""
    options: dict[str, Any] = {"period": PERIOD, "certificates": certificates}
    one = read_purchases(path, lazy=True, check_duplicates=False)
    expected = evaluate(one, KR_PRIORITY_CITIES_2022, **options)
    many = read_purchases(path, lazy=True, check_duplicates=False)
    report = evaluate(many, KR_PRIORITY_CITIES_2022, workers=workers, **options)
    assert _load_state(many) == _load_state(one)
    assert_same(report, expected)
    return many, report


@settings(max_examples=25, deadline=None)
@given(ROWS, st.sampled_from(["\r\n", "\n"]), st.booleans(), st.integers(2, 3))
def test_workers_give_what_one_process_gives(
    tmp_path_factory: Any, rows: list[dict[str, str] | None], ending: str, bom: bool, workers: int
) -> None:
    path = tmp_path_factory.mktemp("workers") / "purchases.csv"
    path.write_bytes(csv_bytes(rows, ending, bom))
    _workers_agree(path, CertificateRegistry([]), workers)


def test_a_plain_file_is_split_and_its_line_numbers_stay_physical(tmp_path: Any) -> None:
    plain = {
        "buyer": "4812000000",
        "date": "2022-03-01",
        "category": "레미콘",
        "amount": "1000",
        "currency": "KRW",
        "quantity": "",
        "unit": "",
        "certificate_scheme": "",
        "certificate_number": "",
        "supplier": "",
        "notes": "",
        "refund": "false",
    }
    rows: list[dict[str, str] | None] = [dict(plain, id=f"P{n:04d}") for n in range(3000)]
    rows[2500] = dict(plain, id="P2500", date="nope")  # in the second half
    rows[2600] = None  # a blank line
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(rows, "\n", False))
    with read_purchases(path, lazy=True, check_duplicates=False) as result:
        job = result.__greenprocure_split__(2)
        assert job is not None
        assert job.count == 2
    many = read_purchases(path, lazy=True, check_duplicates=False)
    evaluate(many, KR_PRIORITY_CITIES_2022, period=PERIOD, workers=2)
    assert (many.read, many.accepted) == (2999, 2998)
    assert [rejection.line for rejection in many.rejected] == [2502]
    assert [(w.code, w.line) for w in many.warnings] == [("blank-lines", 2602)]
    # Files that cannot be split are read in one process, with the same result.
    with read_purchases(path, lazy=True) as checked:
        assert checked.__greenprocure_split__(2) is None  # the duplicate-id check
    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes(csv_bytes([*rows, dict(plain, id="Q", notes='say "hi"')], "\n", False))
    # A file with a quote is split, but its parts see the quote: it is then
    # read whole, with the same result.
    one = read_purchases(quoted, lazy=True, check_duplicates=False)
    expected = evaluate(one, KR_PRIORITY_CITIES_2022, period=PERIOD)
    text = read_purchases(quoted, lazy=True, check_duplicates=False)
    assert_same(evaluate(text, KR_PRIORITY_CITIES_2022, period=PERIOD, workers=2), expected)
    assert (text.read, text.accepted) == (one.read, one.accepted) == (3000, 2999)


def test_workers_must_be_a_positive_number() -> None:
    import pytest

    from greenprocure.errors import EvaluationError

    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(EvaluationError, match="workers"):
            evaluate([], KR_PRIORITY_CITIES_2022, period=PERIOD, workers=bad)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(ledgers(), certificate_lists(), st.integers(2, 3))
def test_workers_with_certificates_give_what_one_process_gives(
    tmp_path_factory: Any, ledger: list[Purchase], certificates: CertificateRegistry, workers: int
) -> None:
    # The parts share the certificates' answers made before they start
    # (numbers claimed in several schemes included).
    path = tmp_path_factory.mktemp("workers") / "purchases.csv"
    write_purchases(ledger, path)
    _workers_agree(path, certificates, workers)


@contextmanager
def small_pieces() -> Iterator[None]:
    # Pieces of any size: a file of a few hundred lines is cut into about 15 to 25.
    with mock.patch("greenprocure.io._reader._PIECE_BYTES", 1):
        yield


@contextmanager
def handed_out(here: Callable[[int], bool]) -> Iterator[None]:
    """Two processes' pieces by number: this one takes those ``here`` says, the child the rest."""
    parent = os.getpid()

    @contextmanager
    def queue(count: int) -> Iterator[Callable[[], Iterator[int]]]:
        def take() -> Iterator[int]:
            mine = os.getpid() == parent
            return iter([piece for piece in range(count) if here(piece) == mine])

        yield take

    with mock.patch("greenprocure.evaluation.shared_queue", queue):
        yield


def test_a_shared_queue_hands_out_each_number_once_to_whichever_process_asks() -> None:
    import pytest

    def drain(take: Callable[[], Iterator[int]]) -> list[int]:
        return list(take())

    with shared_queue(200) as take:
        here, child = run_forked([lambda: drain(take)] * 2)
    assert sorted(here + child) == list(range(200))
    assert here == sorted(here)
    assert child == sorted(child)
    with shared_queue(256) as take:
        assert list(take()) == list(range(256))
        assert list(take()) == []  # taken
    with shared_queue(0) as take:
        assert list(take()) == []
    for wrong in (-1, 257):
        with pytest.raises(ValueError, match="0 to 256"), shared_queue(wrong):
            pass


@settings(max_examples=25, deadline=None)
@given(ROWS, st.sampled_from(["\r\n", "\n"]), st.integers(2, 3))
def test_workers_taking_pieces_as_they_come_give_what_one_process_gives(
    tmp_path_factory: Any, rows: list[dict[str, str] | None], ending: str, workers: int
) -> None:
    # Many pieces, taken by whichever process is free; ids may repeat.
    path = tmp_path_factory.mktemp("pieces") / "purchases.csv"
    path.write_bytes(csv_bytes(rows, ending, False))
    with small_pieces():
        _workers_agree(path, CertificateRegistry([]), workers)


def test_an_example_id_found_again_in_a_later_piece_keeps_that_piece(tmp_path: Any) -> None:
    # Every purchase is P2 but lines 152 and 302 (rows 150 and 300), which
    # are P1; each claims another unknown certificate. One process keeps
    # P1 on line 152 (N150) as the example. Here this process counts line
    # 302's piece after P2's first piece, and the child line 152's piece,
    # which comes between them: the example is still N150, in a block or
    # read row by row (a quantity).
    for odd in (False, True):
        rows = _plain_rows(400, certificate_scheme="kr-gr")
        rows = [dict(row, id="P2", certificate_number=f"N{n:03d}") for n, row in enumerate(rows)]
        for n in (150, 300):
            rows[n] = dict(rows[n], id="P1")  # type: ignore[arg-type]
            if odd:
                rows[n] = dict(rows[n], quantity="5", unit="kg")  # type: ignore[arg-type]
        path = tmp_path / "purchases.csv"
        data = csv_bytes(rows, "\n", False)
        path.write_bytes(data)
        with small_pieces(), read_purchases(path, lazy=True, check_duplicates=False) as result:
            job = result.__greenprocure_split__(2)
            assert job is not None
            bounds = job.bounds
        starts = [0, *(n + 1 for n, byte in enumerate(data) if byte == ord("\n"))]
        # The piece of each row's line (row n is line n + 2, after the header).
        first, middle, late = (
            bisect.bisect_right(bounds, starts[n + 1]) - 1 for n in (0, 150, 300)
        )
        assert 0 == first < middle < late
        with small_pieces(), handed_out(lambda piece, middle=middle: piece != middle):
            _many, report = _workers_agree(path, CertificateRegistry([]), 2)
        (rule,) = report.explain("4812000000").refusals
        (reason,) = rule.reasons
        assert (reason.code, reason.count, reason.example_purchase) == (
            "unknown-certificate",
            400,
            "P1",
        )
        assert reason.example is not None
        assert dict(reason.example.params)["certificate"] == "kr-gr N150"


def test_merged_reports_keep_the_first_reports_example_of_an_id_whatever_its_piece(
    tmp_path: Any,
) -> None:
    # merge() of two ledgers whose examples share the id P1: the first
    # report's example, as before, even when it came from a later piece of
    # a split load (the piece breaks ties only between parts of one load).
    examples = []
    for name, number, pieces in (("a", "A", True), ("b", "B", False)):
        rows = _plain_rows(400, certificate_scheme="kr-gr")
        rows = [
            dict(row, id="P2", certificate_number=f"{number}{n:03d}") for n, row in enumerate(rows)
        ]
        rows[300] = dict(rows[300], id="P1")  # type: ignore[arg-type]
        path = tmp_path / f"{name}.csv"
        path.write_bytes(csv_bytes(rows, "\n", False))
        load = read_purchases(path, lazy=True, check_duplicates=False)
        if pieces:
            with small_pieces():
                report = evaluate(load, KR_PRIORITY_CITIES_2022, period=PERIOD, workers=2)
        else:
            report = evaluate(load, KR_PRIORITY_CITIES_2022, period=PERIOD)
        examples.append(report)
    first, second = examples
    for reports, expected in (((first, second), "kr-gr A300"), ((second, first), "kr-gr B300")):
        (rule,) = merge(*reports).explain("4812000000").refusals
        (reason,) = rule.reasons
        assert (reason.count, reason.example_purchase) == (800, "P1")
        assert reason.example is not None
        assert dict(reason.example.params)["certificate"] == expected


def test_an_example_id_of_several_purchases_is_the_first_ones_whoever_counts_it(
    tmp_path: Any,
) -> None:
    # Without the duplicate-id check, 400 purchases share the id P1, each
    # claiming another unknown certificate: the reason's example is the
    # first of them in the file (claiming N000), as in one process, even
    # when the child counts the first piece and this process later ones
    # (pieces handed out by number here; about 15 pieces).
    # The pieces (about 2,500 bytes) are read as rows, then in blocks.
    rows = _plain_rows(400, certificate_scheme="kr-gr")
    rows = [dict(row, id="P1", certificate_number=f"N{n:03d}") for n, row in enumerate(rows)]
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(rows, "\n", False))
    blocks: list[int] = []
    real = _Inlined.block

    def block(self: _Inlined, item: _Block) -> None:
        blocks.append(len(item))
        real(self, item)

    takes = (
        lambda piece: piece % 2 == 1,
        lambda piece: piece > 0,
        lambda piece: piece in (0, 7),  # the example's piece, not this process's last
        lambda piece: True,
    )
    for here in takes:
        blocks.clear()
        with (
            small_pieces(),
            handed_out(here),
            tiny_blocks(600),
            mock.patch.object(_Inlined, "block", block),
        ):
            _many, report = _workers_agree(path, CertificateRegistry([]), 2)
        assert len(blocks) > 16
        (rule,) = report.explain("4812000000").refusals
        (reason,) = rule.reasons
        assert (reason.code, reason.count) == ("unknown-certificate", 400)
        assert reason.example_purchase == "P1"
        assert reason.example is not None
        assert dict(reason.example.params)["certificate"] == "kr-gr N000"


def test_example_ids_compare_across_blocks_whose_rows_end_otherwise(tmp_path: Any) -> None:
    # Blocks compare ids with the line ending and refund cell of the row
    # before in front ("0\nQ200", "false\r\nQ000"); when that changes from
    # one block to the next, the smallest id is still the example: Q000,
    # whether it comes in the first blocks or the last.
    prefixes: list[bytes] = []
    real = _Inlined.block

    def block(self: _Inlined, item: _Block) -> None:
        prefixes.append(item.prefix)
        real(self, item)

    refunds = [("0", "false"), ("false", "0"), ("", "N"), ("N", "")]
    endings = [("\n", "\r\n"), ("\r\n", "\n")] * 2
    for (first, second), (before, after) in zip(refunds, endings, strict=True):
        for smaller_first in (False, True):
            ids = [f"Q{n:03d}" for n in range(400)]
            if not smaller_first:
                ids = ids[200:] + ids[:200]
            rows = [
                dict(row, id=ids[n], refund=first if n < 200 else second)  # type: ignore[arg-type]
                for n, row in enumerate(_plain_rows(400))
            ]
            path = tmp_path / "purchases.csv"
            head = csv_bytes(rows[:200], before, False)
            tail = csv_bytes(rows[200:], after, False)
            path.write_bytes(head + tail[tail.index(after.encode()) + len(after) :])
            prefixes.clear()
            with tiny_blocks(600), mock.patch.object(_Inlined, "block", block):
                report = evaluate(
                    read_purchases(path, lazy=True, check_duplicates=False),
                    KR_PRIORITY_CITIES_2022,
                    period=PERIOD,
                )
            # Blocks on both sides of the change.
            assert set(prefixes) == {(first + before).encode(), (second + after).encode()}
            (rule,) = report.explain("4812000000").refusals
            (reason,) = rule.reasons
            assert (reason.code, reason.count) == ("no-certificate", 400)
            assert reason.example_purchase == "Q000"


def test_an_example_id_of_a_block_row_and_a_later_row_is_the_block_rows(tmp_path: Any) -> None:
    # The smallest id, P1, is on line 102 (read in a block) and again on
    # line 302, whose quantity sends its block row by row; each claims an
    # unknown certificate. The example is line 102's purchase (GR-100) in
    # one process, and whichever process counts the pieces of either line.
    rows = _plain_rows(400, certificate_scheme="kr-gr")
    rows = [dict(row, id=f"Q{n:03d}", certificate_number=f"GR-{n}") for n, row in enumerate(rows)]
    rows[100] = dict(rows[100], id="P1")
    rows[300] = dict(rows[300], id="P1", quantity="5", unit="kg")
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(rows, "\n", False))
    with tiny_blocks(600):
        one = evaluate(
            read_purchases(path, lazy=True, check_duplicates=False),
            KR_PRIORITY_CITIES_2022,
            period=PERIOD,
        )
    (rule,) = one.explain("4812000000").refusals
    (reason,) = rule.reasons
    assert reason.example_purchase == "P1"
    assert reason.example is not None
    assert dict(reason.example.params)["certificate"] == "kr-gr GR-100"
    for here in (lambda piece: piece % 2 == 1, lambda piece: piece % 2 == 0):
        with small_pieces(), handed_out(here), tiny_blocks(600):
            _workers_agree(path, CertificateRegistry([]), 2)


def test_an_example_id_of_a_block_row_and_a_later_block_in_another_currency(
    tmp_path: Any,
) -> None:
    # A rule set without the currency rule counts a block in another
    # currency row by row: P1 on line 102 (a block in won) stays the
    # example against P1 on line 302 (in a block in euros: the rows are in
    # euros from the first block that starts after line 102).
    ruleset = KR_PRIORITY_CITIES_2022.without("core.eligibility.currency")
    rows = _plain_rows(400, certificate_scheme="kr-gr")
    rows = [
        dict(row, id=f"Q{n:03d}", certificate_number=f"GR-{n:03d}") for n, row in enumerate(rows)
    ]
    rows[100] = dict(rows[100], id="P1")
    rows[300] = dict(rows[300], id="P1")
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(rows, "\n", False))
    starts, row = [], 0
    with tiny_blocks(600):
        for item in read_purchases(path, lazy=True).__greenprocure_blocks__():
            if type(item) is _Block:
                starts.append(row)
            row += len(item) if type(item) is _Block else 1
    euros = min(start for start in starts if start > 100)
    assert euros < 300
    rows = [dict(row, currency="EUR") if n >= euros else row for n, row in enumerate(rows)]
    path.write_bytes(csv_bytes(rows, "\n", False))  # the same lengths: the same blocks
    expected = evaluate(list(read_purchases(path, check_duplicates=False)), ruleset, period=PERIOD)
    with tiny_blocks(600):
        report = evaluate(
            read_purchases(path, lazy=True, check_duplicates=False), ruleset, period=PERIOD
        )
    assert_same(report, expected)
    (rule,) = report.explain("4812000000").refusals
    (reason,) = rule.reasons
    assert reason.example is not None
    assert dict(reason.example.params)["certificate"] == "kr-gr GR-100"


def test_a_shared_queue_limits_the_pieces(tmp_path: Any) -> None:
    # 400 lines could be 400 pieces of at least a byte: a shared queue hands
    # out 256 at most, and the load is still read whole, as by one process.
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(_plain_rows(400), "\n", False))

    def everywhere(body: int, parts: int) -> list[int]:
        return [body * line // 400 for line in range(1, 400)]  # a cut in every line

    with mock.patch("greenprocure.io._reader._piece_cuts", everywhere):
        with read_purchases(path, lazy=True, check_duplicates=False) as result:
            job = result.__greenprocure_split__(2)
            assert job is not None
            assert (job.count, job.workers) == (256, 2)
        many, report = _workers_agree(path, CertificateRegistry([]), 2)
    assert (many.read, report.totals.read) == (400, 400)


def test_the_pieces_of_a_national_ledger_get_smaller_towards_the_end() -> None:
    # The 1,000,000-line benchmark file (90,937,886 bytes, header 117) for
    # two processes: a quarter of it first, then a quarter of what is left,
    # down to 1 MiB; the last piece is less than 2 MiB.
    body = 90_937_886 - 117
    cuts = _piece_cuts(body, 2)
    sizes = [end - start for start, end in zip([0, *cuts], [*cuts, body], strict=True)]
    assert sizes[:3] == [22_734_442, 17_050_831, 12_788_124]
    assert len(sizes) == 14
    assert sizes[-3:-1] == [1 << 20, 1 << 20]
    assert 1 << 20 <= sizes[-1] < 2 << 20
    # Four pieces of 1 MiB; shorter, two halves (three thirds), as before.
    assert _piece_cuts(4 << 20, 2) == [1 << 20, 2 << 20, 3 << 20]
    assert _piece_cuts((4 << 20) - 1, 2) == [((4 << 20) - 1) // 2]
    assert _piece_cuts((4 << 20) - 1, 3) == [((4 << 20) - 1) // 3, ((4 << 20) - 1) * 2 // 3]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 1 << 40), st.integers(2, 16), st.integers(1, 1 << 22))
def test_pieces_cover_the_file_in_order_and_never_get_too_small(
    body: int, parts: int, smallest_size: int
) -> None:
    with mock.patch("greenprocure.io._reader._PIECE_BYTES", smallest_size):
        cuts = _piece_cuts(body, parts)
    smallest = max(smallest_size, body // 128)
    bounds = [0, *cuts, body]
    sizes = [end - start for start, end in pairwise(bounds)]
    assert all(size > 0 for size in sizes) or body < parts
    if body < 2 * parts * smallest:
        assert len(sizes) == parts  # equal pieces
        assert max(sizes) - min(sizes) <= 1
        return
    assert len(sizes) <= 128
    assert all(size >= smallest for size in sizes)
    assert sizes[-1] < 2 * smallest
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)  # never larger than the one before
    assert sizes[0] == body // (2 * parts)


def test_a_piece_open_when_this_process_fails_is_closed(tmp_path: Any) -> None:
    # The error of this process's counting comes out of evaluate, and the
    # file of the piece it was reading is closed (the child's end with it).
    import pytest

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc/self/fd to see the open files")
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(_plain_rows(400), "\n", False))
    parent = os.getpid()
    real = _Inlined.block

    def block(self: _Inlined, item: _Block) -> None:
        if os.getpid() == parent:
            raise RuntimeError("this process fails")
        real(self, item)

    def open_here() -> int:
        links = (os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd"))
        return sum(link == os.path.realpath(path) for link in links)

    with small_pieces(), tiny_blocks(600), mock.patch.object(_Inlined, "block", block):
        result = read_purchases(path, lazy=True, check_duplicates=False)
        with pytest.raises(RuntimeError, match="this process fails"):
            evaluate(result, KR_PRIORITY_CITIES_2022, period=PERIOD, workers=2)
        assert open_here() == 1  # the load's own, until it is closed
        result.close()
        assert open_here() == 0


def test_a_process_keeps_its_caches_from_piece_to_piece(tmp_path: Any) -> None:
    # This process takes all 8 pieces, each read in blocks from its first
    # row: each of the 4 dates is converted once there, not in every piece
    # (and twice by the load in one process: for its first rows, read as
    # rows, and for its blocks).
    days = ["2022-03-01", "2022-03-02", "2022-03-03", "2022-03-04"]
    rows = _plain_rows(400)
    for n, row in enumerate(rows):
        row["date"] = days[n % 4]  # type: ignore[index]
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(rows, "\n", False))
    seen: list[str] = []
    real = _PurchaseConverter._fast_day

    def fast_day(self: _PurchaseConverter, raw: str) -> Any:
        seen.append(raw)
        return real(self, raw)

    with (
        small_pieces(),
        handed_out(lambda piece: True),
        tiny_blocks(600),
        mock.patch.object(_PurchaseConverter, "_fast_day", fast_day),
    ):
        _many, report = _workers_agree(path, CertificateRegistry([]), 2)
    assert sorted(seen) == sorted(days * 3)
    assert report.totals.read == 400


def test_workers_read_a_file_with_a_quoted_line_break_whole(tmp_path: Any) -> None:
    # The middle of the file falls inside a quoted cell of many lines: a part
    # starting there would read its lines as rows. The parts see the quote,
    # and the file is read whole instead.
    base = dict.fromkeys(PURCHASE_FIELDS, "")
    base.update(buyer="4812000000", category="토너", currency="KRW", refund="false")
    rows: list[dict[str, str] | None] = [
        dict(base, id=f"P{n:04d}", date="2022-03-01", amount=str(1000 + n)) for n in range(50)
    ]
    long_note = "\n".join(f"P9{n:03d},1100000000,2022-03-01,토너,5,KRW" for n in range(200))
    rows[25] = dict(rows[25], notes=long_note)  # type: ignore[arg-type]
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(rows, "\n", False))
    many, report = _workers_agree(path, CertificateRegistry([]), 2)
    assert (many.read, many.accepted) == (50, 50)
    assert report.totals.read == 50


def test_a_line_short_of_a_cell_and_one_with_a_cell_too_many_are_not_a_block() -> None:
    # 12 cells and then 14: the block has as many cells as 2 rows of 13, and
    # the same number of line breaks, but its lines are not rows (lines 11 and
    # 12 of the file).
    base = dict.fromkeys(PURCHASE_FIELDS, "")
    base.update(buyer="4812000000", date="2022-03-01", category="토너", amount="1000")
    base.update(currency="KRW", refund="false")
    rows: list[dict[str, str] | None] = [dict(base, id=f"P{n:03d}") for n in range(40)]
    data = csv_bytes(rows, "\n", False).decode()
    lines = data.split("\n")
    # The empty notes cell dropped from one line and added to the next: every
    # other cell of the next line lands in a column where it passes, and its
    # buyer cell falls where an id is expected.
    assert lines[10].endswith(",,false")
    assert lines[11].endswith(",,false")
    lines[10] = lines[10][: -len(",,false")] + ",false"  # one cell short
    lines[11] = lines[11][: -len(",,false")] + ",,,false"  # one cell too many
    broken = "\n".join(lines).encode()
    for size in (200, 300, 450, 700, 1500):  # both lines in one block, or not
        blocked, _blocks = _blocks_agree(broken, size)
        # A short line's missing cells are empty; a line with one too many is rejected.
        assert [rejection.line for rejection in blocked.rejected] == [12]


def test_blocks_with_full_caches_give_what_iterating_gives() -> None:
    # The block caches emptied when full are filled again with every cell
    # of the block (categories, notes, dates, buyers, schemes), also when a
    # block's purchases are taken apart (rows outside the period).
    base = dict.fromkeys(PURCHASE_FIELDS, "")
    base.update(buyer="4812000000", amount="1000", currency="KRW", refund="false")
    rows: list[dict[str, str] | None] = [
        dict(
            base,
            id=f"P{n:04d}",
            # Cells seen in the block before (cached) among new ones.
            date=f"20{21 + n % 2}-0{1 + n % 9}-1{n % 10}" if n % 5 == 0 else "2022-03-01",
            category=f"품목{n % 4}" if n % 7 else f"신규{n}",
            notes=f"주문 {n}",
            certificate_scheme=("kr-gr", "kr-eco-label", "")[n % 3],
            certificate_number=f"N{n % 5}" if n % 3 != 2 else "",
        )
        for n in range(300)
    ]
    data = csv_bytes(rows, "\n", False)
    with mock.patch("greenprocure.io.purchases._FAST_CACHE_LIMIT", 3):
        _load, blocks = _blocks_agree(data, 700)
        assert blocks > 5
        one = evaluate(read_purchases(io.BytesIO(data)), KR_PRIORITY_CITIES_2022, period=PERIOD)
        with tiny_blocks(700):
            lazy = read_purchases(io.BytesIO(data), lazy=True)
            assert_same(evaluate(lazy, KR_PRIORITY_CITIES_2022, period=PERIOD), one)


def _plain_rows(count: int, **cells: str) -> list[dict[str, str] | None]:
    base = dict.fromkeys(PURCHASE_FIELDS, "")
    base.update(buyer="4812000000", date="2022-03-01", category="토너", amount="1000")
    base.update(currency="KRW", refund="false")
    base.update(cells)
    return [dict(base, id=f"P{n:03d}") for n in range(count)]


def test_a_scheme_without_a_number_beside_a_number_without_a_scheme_is_not_a_block() -> None:
    # As many empty scheme cells as empty number cells, but not in the same
    # rows: a number with no scheme and a scheme with no number are both
    # rejected, as iterating rejects them (lines 12 and 31).
    rows = _plain_rows(40)
    rows[10] = dict(rows[10], certificate_number="EL-1")  # type: ignore[arg-type]
    rows[29] = dict(rows[29], certificate_scheme="kr-gr")  # type: ignore[arg-type]
    data = csv_bytes(rows, "\n", False)
    for size in (300, 700, 1 << 16):
        blocked, _blocks = _blocks_agree(data, size)
        assert [rejection.line for rejection in blocked.rejected] == [12, 31]


def test_the_rows_after_the_head_come_in_blocks() -> None:
    # With a head of 600 bytes, only the rows whose lines end in it are read
    # row by row; the blocks start with the next line, not a block later.
    data = csv_bytes(_plain_rows(200), "\n", False)
    assert data[:600].count(b"\n") == 1 + 8  # the header, then 8 rows
    with tiny_blocks(600):
        loaded = read_purchases(io.BytesIO(data), lazy=True)
        kinds = [type(item) for item in loaded.__greenprocure_blocks__()]
    assert kinds[:8] == [Purchase] * 8
    assert set(kinds[8:]) == {_Block}
    _blocks_agree(data, 600)


def test_a_line_break_inside_a_cell_is_not_a_block() -> None:
    # A lone CR or LF, or a CRLF, in an unquoted cell ends the line for a CSV
    # reader: the block that holds it is read row by row, with what
    # iterating gives (line 22 broken in two), in files with either ending.
    for ending in ("\r\n", "\n"):
        for field, broken in (
            ("supplier", b"AB\rCD"),
            ("notes", b"a\nb"),
            ("category", "토\r\n너".encode()),
            ("supplier", b"\r"),
        ):
            rows = _plain_rows(80)
            rows[20] = dict(rows[20], **{field: "MARK"})  # type: ignore[arg-type]
            data = csv_bytes(rows, ending, False).replace(b"MARK", broken)  # unquoted
            blocked, blocks = _blocks_agree(data, 600)
            assert blocks >= 3, (ending, field)  # the other blocks are taken
            assert blocked.read + len(blocked.rejected) > 80


def test_blocks_of_empty_categories_give_what_iterating_gives() -> None:
    # An empty category is a text that says nothing (falsy): such blocks are
    # converted cell by cell again each time, with the same result.
    data = csv_bytes(_plain_rows(60, category=""), "\r\n", True)
    blocked, blocks = _blocks_agree(data, 400)
    assert blocks > 1
    assert blocked.accepted == 60


def test_amounts_with_leading_zeros_are_read_as_digits() -> None:
    # JSON, which reads a block's amounts at once, refuses "007": the block
    # falls back to int() per cell, which reads it as 7.
    data = csv_bytes(_plain_rows(30, amount="007"), "\n", False)
    _blocked, blocks = _blocks_agree(data, 400)
    assert blocks > 1
    assert {purchase.amount.minor_units for purchase in read_purchases(io.BytesIO(data))} == {7}


def test_an_amount_of_too_many_digits_in_a_block_is_rejected_as_iterating_rejects_it() -> None:
    rows = _plain_rows(40)
    rows[7] = dict(rows[7], amount="9" * 31)  # type: ignore[arg-type]
    rows[20] = dict(rows[20], amount="9" * 5000)  # type: ignore[arg-type]
    rows[30] = dict(rows[30], amount="0" * 40 + "1000")  # type: ignore[arg-type]
    data = csv_bytes(rows, "\n", False)
    for size in (400, 1 << 16):
        blocked, _blocks = _blocks_agree(data, size)
        assert [rejection.line for rejection in blocked.rejected] == [9, 22]
        assert {rejection.code for rejection in blocked.rejected} == {"amount-too-large"}


def test_workers_split_a_load_with_a_buyer_resolver_of_the_user(tmp_path: Any) -> None:
    # A user's resolver keeps the garbage collector on (see test_gc_pause),
    # but the file is still read in parts: each part resolves with it.
    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(_plain_rows(400), "\n", False))

    def resolver(name: str, day: dt.date) -> str:
        return "4812000000"

    forked: list[int] = []

    def spy(tasks: Any) -> Any:
        forked.append(len(tasks))
        return run_forked(tasks)

    one = read_purchases(path, lazy=True, check_duplicates=False, buyers=resolver)
    expected = evaluate(one, KR_PRIORITY_CITIES_2022, period=PERIOD)
    with mock.patch("greenprocure.evaluation.run_forked", spy):
        many = read_purchases(path, lazy=True, check_duplicates=False, buyers=resolver)
        report = evaluate(many, KR_PRIORITY_CITIES_2022, period=PERIOD, workers=2)
    assert forked == [2]
    assert_same(report, expected)
    assert report.totals.read == 400


def test_every_answer_of_a_certificate_has_a_place_among_the_block_outcomes() -> None:
    # The block path counts a claim at the place of its outcome's number: a
    # code without one would be a KeyError in the middle of a load.
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    codes = {"unknown-certificate", "non-counting-scheme"}
    for status in CertificateStatus:
        for when in (None, start, end + dt.timedelta(days=30)):
            certificate = Certificate("kr-eco-label", "X", start, end)
            if status is not CertificateStatus.ACTIVE:
                certificate = certificate.with_status(status, when)
            codes.update(_stretch_codes([certificate])[1])
    codes.discard("valid")  # the checks answer ACCEPTED for it
    assert codes == {
        "unknown-certificate",
        "non-counting-scheme",
        "not-yet-valid",
        "expired",
        "revoked",
        "cancelled",
        "given-up",
    }
    assert codes <= _OUTCOME_OF.keys()
    assert _OUTCOMES[:2] == ("no-certificate", ACCEPTED)
    assert _STRIDE == len(_OUTCOME_OF) == 9


_HEAD_PARTS = st.sampled_from(
    ["P1", "a", "Z9", "", "-", "'", " ", "\x00", "\r", "\n", "é", "false\r\n"]
)


@settings(max_examples=500)
@example([(True, ["a", "\x00", "false\r\n", "a"])], b"false\r\n")  # one head, two tails
@given(
    st.lists(st.tuples(st.booleans(), st.lists(_HEAD_PARTS, max_size=4)), min_size=1, max_size=6),
    st.sampled_from([b"false\r\n", b"\n", b"0\n"]),
)
def test_the_quick_check_of_the_heads_accepts_only_what_the_pattern_accepts(
    heads: list[tuple[bool, list[str]]], tail: bytes
) -> None:
    cells = [(tail if tailed else b"") + "".join(parts).encode() for tailed, parts in heads]
    joined = b"\x00".join(cells)
    quick = _alphanumeric_heads(joined, tail, len(cells))
    starts = all(cell.startswith(tail) for cell in cells)
    ids = [cell[len(tail) :] for cell in cells]
    if starts and all(part.isalnum() for part in ids):
        assert quick
    if quick:
        # Each head is the tail and letters and digits, or the tail alone
        # (an empty id, which the ids' split finds), and the pattern agrees.
        assert starts
        assert any(ids)
        assert all(part.isalnum() for part in ids if part)
        assert bool(_plain_heads(tail).fullmatch(joined)) == all(ids)


def test_blocks_count_a_claim_on_the_first_and_last_valid_day_and_not_the_day_after(
    tmp_path: Any,
) -> None:
    # A certificate valid 2022-03-01..2022-06-30, claimed on the day before,
    # its first day, its last day and the day after, in blocks read in one
    # process (entries made as numbers come) and in two (entries made before).
    certificates = CertificateRegistry(
        [
            Certificate("kr-gr", "GR-1", dt.date(2022, 3, 1), dt.date(2022, 6, 30)),
            Certificate("kr-gr", "GR-2", dt.date(2022, 1, 1), dt.date(2022, 2, 28)),
        ]
    )
    days = [dt.date(2022, 2, 28), dt.date(2022, 3, 1), dt.date(2022, 6, 30), dt.date(2022, 7, 1)]
    ledger = [
        Purchase(
            f"P{n:04d}",
            "1100000000",
            days[n % 4],
            "토너",
            Money.krw(1000 * (n % 4 + 1)),
            certificates=[("kr-gr", f"GR-{n % 8 // 4 + 1}")],
        )
        for n in range(400)
    ]
    path = tmp_path / "purchases.csv"
    write_purchases(ledger, path)
    for workers in (1, 2):
        with tiny_blocks(2048):
            report = evaluate(
                read_purchases(path, lazy=True),
                KR_PRIORITY_CITIES_2022,
                period=PERIOD,
                certificates=certificates,
                workers=workers,
            )
        # GR-1 on its first and last day (2000 + 3000 won, 50 times each);
        # GR-2 on its last day (1000 won, 50 times).
        assert report.totals.counted == 150
        assert report.row("1100000000").amount == Money.krw(50 * (2000 + 3000 + 1000))
        (rule,) = report.explain("1100000000").refusals
        assert sorted((reason.code, reason.count) for reason in rule.reasons) == [
            ("expired", 200),  # GR-1 on the day after, GR-2 on three days after its last
            ("not-yet-valid", 50),
        ]
