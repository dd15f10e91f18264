"""The cyclic garbage collector waits only while the library's own bulk work runs.

``evaluate`` on a load with the built-in rules, eager loads and the
certificate registry pause it (each collection there would walk every
certificate and cache and find nothing); it is always switched back on, also
after an error, and never switched on when the caller had it off. User code
runs with it on: rules, buyer resolvers and progress callbacks.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import weakref
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from tests.test_io_blocks import _plain_rows, csv_bytes, tiny_blocks

from greenprocure import evaluate
from greenprocure._gc import paused_gc
from greenprocure.certifications import Certificate, CertificateRegistry
from greenprocure.evaluation import _Inlined
from greenprocure.io import read_purchases
from greenprocure.purchases import Purchase
from greenprocure.rules import KR_PRIORITY_CITIES_2022, Context, Verdict, eligibility

PERIOD = "2022-01..2022-09"


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    assert gc.isenabled()
    yield
    gc.enable()


def test_a_pause_switches_the_collector_off_and_back_on() -> None:
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # an inner pause leaves it to the outer one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_ends_when_its_block_raises() -> None:
    with pytest.raises(KeyError), paused_gc():
        raise KeyError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    with paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()


def _ledger() -> bytes:
    return csv_bytes(
        _plain_rows(200, certificate_scheme="kr-gr", certificate_number="N1"), "\n", False
    )


def test_blocks_are_counted_with_the_collector_paused() -> None:
    seen: list[bool] = []
    block = _Inlined.block

    def spy(self: _Inlined, item: Any) -> None:
        seen.append(gc.isenabled())
        block(self, item)

    with tiny_blocks(600), mock.patch.object(_Inlined, "block", spy):
        load = read_purchases(io.BytesIO(_ledger()), lazy=True)
        report = evaluate(load, KR_PRIORITY_CITIES_2022, period=PERIOD)
    assert seen
    assert not any(seen)
    assert gc.isenabled()
    assert report.totals.read == 200


@eligibility("test.collector")
def collector_on(purchase: Purchase, context: Context) -> Verdict:
    """Records whether the collector is on while a user rule runs."""
    SEEN.append(gc.isenabled())
    return Verdict.accept()


SEEN: list[bool] = []


def test_user_rules_run_with_the_collector_on() -> None:
    SEEN.clear()
    ruleset = KR_PRIORITY_CITIES_2022.with_rules(collector_on, before="core.eligibility.currency")
    with tiny_blocks(600):
        load = read_purchases(io.BytesIO(_ledger()), lazy=True)
        evaluate(load, ruleset, period=PERIOD)
    assert len(SEEN) == 200
    assert all(SEEN)


def test_user_callbacks_of_a_load_run_with_the_collector_on() -> None:
    # A buyer resolver or a progress callback may make cycles on every call:
    # a load that calls one is not paused, eager or evaluated lazily.
    seen: list[bool] = []

    def resolver(name: str, day: dt.date) -> str:
        seen.append(gc.isenabled())
        return "4812000000"

    def progress(rows: int) -> None:
        seen.append(gc.isenabled())

    read_purchases(io.BytesIO(_ledger()), buyers=resolver)
    read_purchases(io.BytesIO(_ledger()), progress=progress, progress_every=10)
    with tiny_blocks(600):
        load = read_purchases(io.BytesIO(_ledger()), buyers=resolver, lazy=True)
        evaluate(load, KR_PRIORITY_CITIES_2022, period=PERIOD)
        load = read_purchases(io.BytesIO(_ledger()), progress=progress, lazy=True)
        evaluate(load, KR_PRIORITY_CITIES_2022, period=PERIOD)
    assert len(seen) > 20
    assert all(seen)


def test_loads_and_registries_leave_the_collector_on() -> None:
    records = read_purchases(io.BytesIO(_ledger())).records
    assert len(records) == 200
    assert gc.isenabled()
    registry = CertificateRegistry(
        [
            Certificate("kr-gr", f"N{n}", dt.date(2020, 1, 1), dt.date(2024, 12, 31))
            for n in range(50)
        ]
    )
    assert len(registry) == 50
    assert gc.isenabled()


def test_a_read_load_is_freed_as_soon_as_nothing_uses_it(tmp_path: Any) -> None:
    # No reference cycle runs through a load's loader, its source and its
    # result once the rows are read: with the collector off, dropping the
    # last reference frees the result and its records at once (a cycle
    # would keep a 20,000-certificate list until the next collection).
    from greenprocure.io import read_certificates, write_certificates

    path = tmp_path / "purchases.csv"
    path.write_bytes(csv_bytes(_plain_rows(300), "\n", False))
    certificates_path = tmp_path / "certificates.csv"
    certificate = Certificate("kr-gr", "GR-1", dt.date(2021, 1, 1), dt.date(2023, 1, 1))
    write_certificates([certificate], certificates_path)

    def eager() -> Any:
        return read_purchases(path)

    def lazy() -> Any:
        result = read_purchases(path, lazy=True)
        assert len(list(result)) == 300
        return result

    def evaluated(workers: int) -> Any:
        result = read_purchases(path, lazy=True, check_duplicates=False)
        with tiny_blocks(2048):
            evaluate(result, KR_PRIORITY_CITIES_2022, period=PERIOD, workers=workers)
        assert result.read == 300
        return result

    loads = (
        eager,
        lazy,
        lambda: evaluated(1),
        lambda: evaluated(2),  # read in pieces by two processes
        lambda: read_certificates(certificates_path),
    )
    for load in loads:
        gc.collect()
        gc.disable()
        result = load()
        assert result.complete
        records = weakref.ref(result)
        del result
        assert records() is None, load
        assert gc.collect() == 0, load  # nor a cycle of its source's
