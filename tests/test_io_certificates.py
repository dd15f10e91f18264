"""Reading and writing certificate lists: KEITI's open data layout and the library's own."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from greenprocure.certifications import (
    Certificate,
    CertificateRegistry,
    CertificateStatus,
)
from greenprocure.errors import CertificateError, RecordError
from greenprocure.io import read_certificates, write_certificates

DATA = Path(__file__).parent / "data"


def load(text: str, **options: object):  # type: ignore[no-untyped-def]
    return read_certificates(io.StringIO(text), **options)  # type: ignore[arg-type]


def test_keiti_file_data_layout_in_cp949() -> None:
    result = read_certificates(DATA / "keiti_ecolabel_cp949.csv")
    assert (result.encoding, result.read, result.accepted) == ("cp949", 7, 6)
    first = result.records[0]
    assert first == Certificate(
        "kr-eco-label",
        "16052",
        dt.date(2021, 12, 30),
        dt.date(2024, 12, 29),
        holder="(주)한솔",
        product="한솔 A4 80g",
    )
    assert [c.status for c in result.records] == [
        CertificateStatus.ACTIVE,
        CertificateStatus.REVOKED,
        CertificateStatus.GIVEN_UP,
        CertificateStatus.ACTIVE,
        CertificateStatus.ACTIVE,
        CertificateStatus.EXPIRED,
    ]
    (rejection,) = result.rejected
    assert (rejection.line, rejection.field, rejection.code) == (6, "eco_label", "not-eco-label")
    assert [w.code for w in result.warnings] == ["default-scheme"]
    registry = CertificateRegistry(result.records)
    (conflict,) = registry.conflicts
    assert (conflict.first.holder, conflict.second.holder) == ("(주)한솔", "(주)다른회사")
    # Revoked with no date: never valid. Expired: valid until its end date.
    assert not registry.valid_on(("kr-eco-label", "16053"), dt.date(2021, 1, 1))
    assert registry.valid_on(("kr-eco-label", "16056"), dt.date(2021, 1, 31))
    assert not registry.valid_on(("kr-eco-label", "16056"), dt.date(2021, 2, 1))


def test_keiti_open_api_layout_with_revocation_dates() -> None:
    text = (
        "대상제품군,환경표지인증번호,인증기업명,인증제품명,인증사유,환경표지인증시작일,"
        "환경표지인증종료일,인증 해지/취소일,인증제품용도,인증상태\n"
        "EL250.창호,16052,(주)인증기업,VH-2233,생활 환경오염 감소,2021-12-30,2024-12-29,"
        "2024-01-08,창호,인증취소\n"
    )
    (cert,) = load(text).records
    assert (cert.product_group, cert.product, cert.status, cert.status_date) == (
        "EL250",
        "VH-2233",
        CertificateStatus.REVOKED,
        dt.date(2024, 1, 8),
    )
    assert cert.valid_on(dt.date(2024, 1, 7))
    assert not cert.valid_on(dt.date(2024, 1, 8))


def test_procurement_service_layout_with_a_scheme_column() -> None:
    text = (
        "인증구분,인증번호,품명,유효기간시작일자,유효기간종료일자,현재인증유효여부\n"
        "우수재활용제품,GR-2024-1,재생 토너,20240122,,Y\n"
        "환경표지,16052,복사용지,2021.12.30,2024.12.29,N\n"
        "친환경,1,x,2021-01-01,,Y\n"
    )
    result = load(text)
    gr, eco = result.records
    assert (gr.scheme, gr.valid_until, gr.status) == (
        "kr-gr",
        dt.date(2028, 1, 21),  # GR: 4 years for certificates from 2024-01-22
        CertificateStatus.ACTIVE,
    )
    assert (eco.scheme, eco.status) == ("kr-eco-label", CertificateStatus.EXPIRED)
    assert [(r.line, r.code) for r in result.rejected] == [(4, "unknown-scheme")]
    assert [w.code for w in result.warnings] == ["default-term"]
    endless = load(text, default_terms=False).records[0]
    assert endless.valid_until is None


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("유효", CertificateStatus.ACTIVE),
        ("인증", CertificateStatus.ACTIVE),
        ("인증취소", CertificateStatus.REVOKED),
        ("해지", CertificateStatus.CANCELLED),
        ("인증포기", CertificateStatus.GIVEN_UP),
        ("만료", CertificateStatus.EXPIRED),
        ("인증만료", CertificateStatus.EXPIRED),
        ("given-up", CertificateStatus.GIVEN_UP),
        ("Revoked", CertificateStatus.REVOKED),
    ],
)
def test_status_words(word: str, status: CertificateStatus) -> None:
    text = f"인증번호,인증시작일,인증종료일,인증상태\n1,2021-01-01,2023-12-31,{word}\n"
    assert load(text).records[0].status is status


def test_certificate_rejections() -> None:
    text = (
        "scheme,number,valid_from,valid_until,status,status_date\n"
        "kr-gr,,2021-01-01,,,\n"
        "kr-gr,1,,,,\n"
        "kr-gr,2,2021-02-30,,,\n"
        "kr-gr,3,2021-01-01,2020-01-01,,\n"
        "kr-gr,4,2021-01-01,,보류,\n"
        "kr-gr,5,2021-01-01,,revoked,someday\n"
    )
    result = load(text)
    assert result.read == 6
    assert [(r.line, r.field, r.code) for r in result.rejected] == [
        (2, "number", "empty"),
        (3, "valid_from", "empty"),
        (4, "valid_from", "no-such-date"),
        (5, "valid_until", "invalid"),
        (6, "status", "bad-status"),
        (7, "status_date", "bad-date"),
    ]
    with pytest.raises(RecordError, match="line 2, number '': number is empty"):
        load(text, strict=True)
    with pytest.raises(CertificateError):
        load(text, scheme="없는인증")


def test_a_default_scheme_for_files_without_one() -> None:
    text = "인증번호,인증시작일\nGR-1,2021-01-01\n"
    (cert,) = load(text, scheme="GR").records
    assert (cert.scheme, cert.valid_until) == ("kr-gr", dt.date(2023, 12, 31))


CERTS = [
    Certificate("kr-eco-label", "16052", dt.date(2021, 12, 30), dt.date(2024, 12, 29), "(주)한솔"),
    Certificate(
        "kr-gr",
        "=GR-1",
        dt.date(2024, 1, 22),
        None,
        holder="+재생",
        product="토너, 검정",
        product_group="GR-TONER",
        status=CertificateStatus.GIVEN_UP,
        status_date=dt.date(2025, 1, 1),
    ),
]


@pytest.mark.parametrize("format", ["csv", "jsonl"])
def test_write_then_read_gives_equal_certificates(format: str, tmp_path: Path) -> None:
    path = tmp_path / f"certs.{format}"
    assert write_certificates(CERTS, path, format) == 2
    result = read_certificates(path, default_terms=False)
    assert result.records == tuple(CERTS)
    assert result.warnings == []


def test_written_certificate_cells_are_neutralised() -> None:
    out = io.StringIO()
    write_certificates(CERTS, out)
    assert out.getvalue().splitlines()[2] == (
        "kr-gr,'=GR-1,'+재생,\"토너, 검정\",GR-TONER,2024-01-22,,given-up,2025-01-01"
    )
