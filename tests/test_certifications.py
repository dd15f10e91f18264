"""Certification schemes, certificates and "valid on date D"."""

from __future__ import annotations

import bisect
import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure.certifications import (
    BUILTIN_SCHEMES,
    GOOD_RECYCLED,
    KOREA_ECO_LABEL,
    LOW_CARBON,
    Certificate,
    CertificateRef,
    CertificateRegistry,
    CertificateStatus,
    CertificationScheme,
    SchemeKind,
    SchemeRegistry,
    add_years,
    builtin_schemes,
)
from greenprocure.errors import CertificateError

# -- schemes -----------------------------------------------------------------------


def test_the_six_builtin_schemes() -> None:
    assert [s.id for s in BUILTIN_SCHEMES] == [
        "kr-eco-label",
        "kr-low-carbon",
        "kr-gr",
        "eu-ecolabel",
        "nordic-swan",
        "blue-angel",
    ]
    assert [s.kind for s in BUILTIN_SCHEMES] == [
        SchemeKind.TYPE_I_LABEL,
        SchemeKind.CARBON_FOOTPRINT,
        SchemeKind.RECYCLED_CONTENT,
        SchemeKind.TYPE_I_LABEL,
        SchemeKind.TYPE_I_LABEL,
        SchemeKind.TYPE_I_LABEL,
    ]
    assert (KOREA_ECO_LABEL.name_ko, KOREA_ECO_LABEL.since) == ("환경표지", 1992)
    assert (LOW_CARBON.name_ko, GOOD_RECYCLED.name_ko) == ("저탄소제품", "우수재활용제품")
    assert builtin_schemes() is builtin_schemes()
    assert len(builtin_schemes()) == 6


@pytest.mark.parametrize(
    ("name", "scheme"),
    [
        ("kr-eco-label", "kr-eco-label"),
        ("환경표지", "kr-eco-label"),
        ("환경 표지", "kr-eco-label"),
        ("Korea Eco-label", "kr-eco-label"),
        ("korea ecolabel", "kr-eco-label"),
        ("저탄소제품", "kr-low-carbon"),
        ("저탄소", "kr-low-carbon"),
        ("Low-carbon product", "kr-low-carbon"),
        ("GR", "kr-gr"),
        ("ＧＲ", "kr-gr"),
        ("우수재활용제품", "kr-gr"),
        ("EU Ecolabel", "eu-ecolabel"),
        ("Nordic Swan", "nordic-swan"),
        ("Svanen", "nordic-swan"),
        ("Blauer Engel", "blue-angel"),
        ("블루엔젤", "blue-angel"),
    ],
)
def test_schemes_by_any_name(name: str, scheme: str) -> None:
    assert builtin_schemes().lookup(name).id == scheme


def test_an_unknown_scheme_lists_the_known_ones() -> None:
    with pytest.raises(CertificateError) as caught:
        builtin_schemes().lookup("친환경인증")
    assert str(caught.value) == (
        "unknown certification scheme '친환경인증'; known schemes: kr-eco-label, kr-low-carbon,"
        " kr-gr, eu-ecolabel, nordic-swan, blue-angel"
    )
    with pytest.raises(CertificateError):
        builtin_schemes().lookup("")


def test_users_define_more_schemes() -> None:
    seal = CertificationScheme(
        "us-green-seal", "그린실", "Green Seal", "Green Seal", "US", SchemeKind.TYPE_I_LABEL
    )
    schemes = builtin_schemes().with_schemes(seal)
    assert schemes.lookup("GREEN SEAL") is seal
    assert "us-green-seal" in schemes
    assert "us-green-seal" not in builtin_schemes()
    with pytest.raises(CertificateError, match="defined twice"):
        SchemeRegistry([seal, seal])
    clash = CertificationScheme("x", "GR", "x", "x", "KR", SchemeKind.OTHER)
    with pytest.raises(CertificateError, match="'GR' is used by both kr-gr and x"):
        builtin_schemes().with_schemes(clash)


def test_gr_validity_moves_from_three_to_four_years_on_2024_01_22() -> None:
    assert GOOD_RECYCLED.validity_years(dt.date(2024, 1, 21)) == 3
    assert GOOD_RECYCLED.validity_years(dt.date(2024, 1, 22)) == 4
    assert GOOD_RECYCLED.default_valid_until(dt.date(2024, 1, 21)) == dt.date(2027, 1, 20)
    assert GOOD_RECYCLED.default_valid_until(dt.date(2024, 1, 22)) == dt.date(2028, 1, 21)
    assert KOREA_ECO_LABEL.default_valid_until(dt.date(2021, 12, 30)) == dt.date(2024, 12, 29)
    assert builtin_schemes().lookup("blue-angel").default_valid_until(dt.date(2022, 1, 1)) is None


def test_add_years_on_leap_days() -> None:
    assert add_years(dt.date(2020, 2, 29), 3) == dt.date(2023, 2, 28)
    assert add_years(dt.date(2020, 2, 29), 4) == dt.date(2024, 2, 29)


def test_labels_translate() -> None:
    assert CertificateStatus.REVOKED.label.render("ko") == "인증취소"
    assert CertificateStatus.CANCELLED.label.render("ko") == "인증해지"
    assert CertificateStatus.GIVEN_UP.label.render("en") == "given up"
    assert SchemeKind.TYPE_I_LABEL.label.render("en") == "ISO 14024 Type I environmental label"


# -- certificates ----------------------------------------------------------------------

CERT = Certificate(
    "kr-eco-label",
    "16052",
    dt.date(2021, 12, 30),
    dt.date(2024, 12, 29),
    holder="(주)인증기업",
    product="VH-2233",
    product_group="EL250",
)


def test_both_ends_of_the_validity_count() -> None:
    assert not CERT.valid_on(dt.date(2021, 12, 29))
    assert CERT.valid_on(dt.date(2021, 12, 30))
    assert CERT.valid_on(dt.date(2024, 12, 29))
    assert not CERT.valid_on(dt.date(2024, 12, 30))
    assert CERT.ref == CertificateRef("kr-eco-label", "16052")


@pytest.mark.parametrize(
    ("status", "code", "ko"),
    [
        (CertificateStatus.REVOKED, "revoked", "인증취소"),
        (CertificateStatus.CANCELLED, "cancelled", "인증해지"),
        (CertificateStatus.GIVEN_UP, "given-up", "인증포기"),
    ],
)
def test_a_status_change_ends_validity_from_its_date(
    status: CertificateStatus, code: str, ko: str
) -> None:
    # KEITI's example: certificate 16052, 2021-12-30..2024-12-29, revoked/cancelled 2024-01-08.
    ended = CERT.with_status(status, dt.date(2024, 1, 8))
    assert ended.valid_on(dt.date(2024, 1, 7))
    assert not ended.valid_on(dt.date(2024, 1, 8))
    assert ended.ends_on == dt.date(2024, 1, 7)
    check = ended.check(dt.date(2024, 6, 1))
    assert (check.valid, check.code, check.certificate) == (False, code, ended)
    assert check.reason is not None
    assert check.reason.render("ko") == f"인증서 kr-eco-label 16052: 2024년 1월 8일에 {ko} 처리됨"


def test_a_status_change_without_a_date_is_never_valid() -> None:
    revoked = CERT.with_status(CertificateStatus.REVOKED)
    assert not revoked.valid_on(dt.date(2022, 1, 1))
    check = revoked.check(dt.date(2022, 1, 1))
    assert check.code == "revoked"
    assert check.reason is not None
    assert check.reason.render("en") == "certificate kr-eco-label 16052 was revoked (date unknown)"


def test_expired_status() -> None:
    expired = CERT.with_status(CertificateStatus.EXPIRED)
    assert expired.valid_on(dt.date(2024, 12, 29))  # the end date still holds
    assert not expired.valid_on(dt.date(2024, 12, 30))
    early = CERT.with_status(CertificateStatus.EXPIRED, dt.date(2023, 1, 1))
    assert (early.valid_on(dt.date(2022, 12, 31)), early.valid_on(dt.date(2023, 1, 1))) == (
        True,
        False,
    )
    endless = Certificate(
        "blue-angel", "1", dt.date(2020, 1, 1), None, status=CertificateStatus.EXPIRED
    )
    assert not endless.valid_on(dt.date(2020, 1, 1))
    assert endless.check(dt.date(2021, 1, 1)).code == "expired"


def test_a_status_date_after_the_end_is_an_expiry() -> None:
    late = CERT.with_status(CertificateStatus.GIVEN_UP, dt.date(2025, 3, 1))
    check = late.check(dt.date(2025, 1, 1))
    assert check.code == "expired"
    assert check.reason is not None
    assert check.reason.render("en") == (
        "certificate kr-eco-label 16052 expired: valid until December 29, 2024"
    )


def test_check_reasons() -> None:
    before = CERT.check(dt.date(2021, 1, 1))
    assert (before.valid, before.code) == (False, "not-yet-valid")
    assert before.reason is not None
    assert before.reason.render("en") == (
        "certificate kr-eco-label 16052 was not yet valid: valid from December 30, 2021"
    )
    assert CERT.check(dt.date(2022, 1, 1)) == CERT.check(dt.date(2022, 1, 1))
    assert CERT.check(dt.date(2022, 1, 1)).valid
    assert CERT.check(dt.date(2025, 1, 1)).code == "expired"


def test_certificates_refuse_bad_fields() -> None:
    with pytest.raises(CertificateError, match="valid until 2020-01-01 is before valid from"):
        Certificate("kr-gr", "1", dt.date(2021, 1, 1), dt.date(2020, 1, 1))
    with pytest.raises(CertificateError, match=r"valid_from .* is not a calendar date"):
        Certificate("kr-gr", "1", dt.datetime(2021, 1, 1), None)  # type: ignore[arg-type]
    with pytest.raises(CertificateError, match="status_date '2021-01-01' is not a calendar date"):
        Certificate("kr-gr", "1", dt.date(2021, 1, 1), None, status_date="2021-01-01")  # type: ignore[arg-type]
    with pytest.raises(CertificateError, match="field number must be a non-empty string"):
        Certificate("kr-gr", "  ", dt.date(2021, 1, 1), None)
    with pytest.raises(CertificateError, match="unknown status 'revoked'"):
        Certificate("kr-gr", "1", dt.date(2021, 1, 1), None, status="revoked")  # type: ignore[arg-type]


def test_certificate_text_is_normalised() -> None:
    decomposed = "\u1112\u1161\u11ab\u1109\u1169\u11af"  # 한솔 in NFD, as some systems write it
    cert = Certificate(" kr-gr ", " 1 ", dt.date(2021, 1, 1), None, holder=f" {decomposed} ")
    assert (cert.scheme, cert.number, cert.holder) == ("kr-gr", "1", "한솔")


# -- valid_on agrees with the interval and the status dates ------------------------------

days = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))


@st.composite
def certificates(draw: st.DrawFn) -> Certificate:
    start = draw(days)
    end = draw(st.none() | st.dates(start, dt.date(2035, 12, 31)))
    status = draw(st.sampled_from(CertificateStatus))
    status_date = draw(st.none() | days)
    holder = draw(st.sampled_from(["", "A", "B", " a "]))
    number = draw(st.sampled_from(["1", "2"]))
    return Certificate(
        "kr-eco-label", number, start, end, holder, status=status, status_date=status_date
    )


def _oracle(cert: Certificate, day: dt.date) -> bool:
    """Valid iff inside [valid_from, valid_until] and before any ending status date."""
    if day < cert.valid_from:
        return False
    if cert.valid_until is not None and day > cert.valid_until:
        return False
    ends = cert.status in (
        CertificateStatus.REVOKED,
        CertificateStatus.CANCELLED,
        CertificateStatus.GIVEN_UP,
    )
    if ends and cert.status_date is None:
        return False  # no date: nothing proves it was valid
    if cert.status is CertificateStatus.EXPIRED and cert.status_date is None:
        return cert.valid_until is not None
    if cert.status is not CertificateStatus.ACTIVE and cert.status_date is not None:
        return day < cert.status_date
    return True


@given(certificates(), days)
def test_valid_on_agrees_with_the_interval_and_status_dates(
    cert: Certificate, day: dt.date
) -> None:
    assert cert.valid_on(day) is _oracle(cert, day)
    check = cert.check(day)
    assert check.valid is cert.valid_on(day)
    assert (check.reason is None) is check.valid
    assert check.code in {"valid", "not-yet-valid", "expired", "revoked", "cancelled", "given-up"}


@given(st.lists(certificates(), max_size=6), days)
def test_a_registry_is_valid_when_some_entry_is(certs: list[Certificate], day: dt.date) -> None:
    registry = CertificateRegistry(certs)
    for ref in {c.ref for c in certs}:
        assert registry.valid_on(ref, day) is any(c.valid_on(day) for c in certs if c.ref == ref)
        assert registry.check(ref, day).valid is registry.valid_on(ref, day)
        found = registry.find(ref, day)
        assert found is None or found.valid_on(day)
    assert len(registry) == len(set(certs))
    assert sorted(registry, key=repr) == sorted(set(certs), key=repr)


# -- the registry ------------------------------------------------------------------------


def test_renewals_keep_their_own_validity() -> None:
    renewed = Certificate("kr-eco-label", "16052", dt.date(2024, 12, 30), dt.date(2027, 12, 29))
    registry = CertificateRegistry([renewed, CERT])
    assert registry.get(("kr-eco-label", "16052")) == (CERT, renewed)
    assert registry.find(("kr-eco-label", "16052"), dt.date(2025, 1, 1)) is renewed
    assert registry.conflicts == ()
    gap = registry.check(("kr-eco-label", "16052"), dt.date(2028, 1, 1))
    assert (gap.code, gap.certificate) == ("expired", renewed)
    before = registry.check(("kr-eco-label", "16052"), dt.date(2020, 1, 1))
    assert (before.code, before.certificate) == ("not-yet-valid", CERT)


def test_conflicting_entries_are_reported_not_overwritten() -> None:
    other = Certificate(
        "kr-eco-label", "16052", dt.date(2023, 1, 1), dt.date(2025, 12, 31), holder="(주)다른회사"
    )
    same_holder = Certificate(
        "kr-eco-label", "16052", dt.date(2023, 1, 1), None, holder=" (주)인증기업 "
    )
    unknown_holder = Certificate("kr-eco-label", "16052", dt.date(2023, 1, 1), None)
    registry = CertificateRegistry([CERT, CERT, other, same_holder, unknown_holder])
    assert len(registry) == 4  # the exact duplicate is kept once
    (conflict,) = [c for c in registry.conflicts if c.second is other]
    assert (conflict.ref, conflict.first) == (CertificateRef("kr-eco-label", "16052"), CERT)
    assert conflict.message.render("en") == (
        "certificate kr-eco-label 16052 is listed twice with overlapping validity for different"
        " holders: (주)인증기업 and (주)다른회사"
    )
    assert len(registry.conflicts) == 2  # other also overlaps same_holder
    apart = Certificate("kr-eco-label", "16052", dt.date(2025, 1, 1), None, holder="(주)다른회사")
    assert CertificateRegistry([CERT, apart]).conflicts == ()


def test_an_unknown_certificate() -> None:
    registry = CertificateRegistry([CERT])
    check = registry.check(("kr-eco-label", "99999"), dt.date(2022, 3, 1))
    assert (check.valid, check.code, check.certificate) == (False, "unknown-certificate", None)
    assert check.reason is not None
    assert check.reason.render("ko") == "인증서 kr-eco-label 99999이(가) 인증 목록에 없습니다"
    assert ("kr-eco-label", "16052") in registry
    assert ("kr-gr", "16052") not in registry
    assert "16052" not in registry


def test_registries_pickle() -> None:
    registry = CertificateRegistry([CERT])
    again = pickle.loads(pickle.dumps(registry))
    assert again.get(CERT.ref) == (CERT,)


# -- the certificate rule's cache asks for codes only ----------------------------------

_DAYS = st.integers(0, 3000).map(lambda d: dt.date(2018, 1, 1) + dt.timedelta(days=d))


@st.composite
def _entries(draw: st.DrawFn) -> tuple[Certificate, ...]:
    found = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(_DAYS)
        length = draw(st.none() | st.integers(0, 1500))
        end = None if length is None else start + dt.timedelta(days=length)
        certificate = Certificate("kr-gr", "GR-1", start, end)
        status = draw(st.sampled_from(list(CertificateStatus)))
        if status is not CertificateStatus.ACTIVE:
            certificate = certificate.with_status(status, draw(st.none() | _DAYS))
        found.append(certificate)
    return tuple(sorted(found, key=lambda c: c.valid_from))


@given(_entries(), _DAYS)
def test_check_code_is_the_code_of_check_entries(
    entries: tuple[Certificate, ...], day: dt.date
) -> None:
    from greenprocure.certifications import CertificateRef, _check_code, check_entries

    assert (
        _check_code(entries, day)
        == check_entries(CertificateRef("kr-gr", "GR-1"), entries, day).code
    )


@given(_entries(), st.lists(_DAYS, min_size=1, max_size=12))
def test_stretch_codes_answer_every_day_as_check_code(
    entries: tuple[Certificate, ...], days: list[dt.date]
) -> None:
    from greenprocure.certifications import _check_code, _stretch_codes

    points, codes = _stretch_codes(entries)
    assert list(points) == sorted(set(points))
    assert len(codes) == len(points) + 1
    # Every day drawn, and the days next to every point (where the answer may change).
    near = [point + dt.timedelta(days=shift) for point in points for shift in (-1, 0, 1)]
    for day in days + [d for d in near if dt.date(2000, 1, 1) <= d]:
        assert codes[bisect.bisect_right(points, day)] == _check_code(entries, day), day
