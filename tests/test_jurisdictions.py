"""The jurisdiction registry: Korea's governments as of any date, look-ups, history, cohorts."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import pickle
import sys
import unicodedata
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Cohort, Jurisdiction, Level
from greenprocure.datasets import priority_cities_2022
from greenprocure.errors import (
    AmbiguousJurisdictionError,
    DataFileError,
    JurisdictionValueError,
    UnknownJurisdictionError,
)
from greenprocure.jurisdictions import (
    Change,
    JurisdictionDataWarning,
    Kind,
    MatchKind,
    Registry,
    korea,
)

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "src" / "greenprocure" / "jurisdictions" / "data" / "kr_jurisdictions.csv"

dates = st.dates(dt.date(2020, 1, 1), dt.date(2026, 11, 25))
DAY_2022 = dt.date(2022, 10, 20)


def _parent_of(j: Jurisdiction) -> str | None:
    return j.parent_code


# -- invariants on any date -----------------------------------------------------


@given(dates)
def test_codes_are_unique_on_any_date(day: dt.date) -> None:
    snapshot = korea().on(day)
    codes = [j.code for j in snapshot]
    assert len(codes) == len(set(codes)) == len(snapshot)
    assert all(j.valid_on(day) for j in snapshot)


@given(dates)
def test_every_basic_belongs_to_a_metro_of_the_same_day(day: dt.date) -> None:
    snapshot = korea().on(day)
    metros = set(snapshot.metros())
    for basic in snapshot.basics():
        assert basic.parent_code is not None
        parent = snapshot.get(basic.parent_code)
        assert parent in metros
        assert parent.valid_on(day)
        assert basic in snapshot.children(parent)


@given(dates)
def test_every_jurisdiction_is_found_by_name_within_its_parent_and_by_code(day: dt.date) -> None:
    snapshot = korea().on(day)
    for j in snapshot:
        parent = None if j.parent_code is None else snapshot.get(j.parent_code)
        assert snapshot.lookup(j.name_ko, within=parent) == j
        assert snapshot.get(j.code) == j
        assert snapshot.get(j.short_code) == j


@given(dates, st.data())
def test_decomposed_and_spaced_names_resolve_like_composed_ones(
    day: dt.date, data: st.DataObject
) -> None:
    snapshot = korea().on(day)
    j = data.draw(st.sampled_from(snapshot.basics()))
    parent = snapshot.get(j.parent_code or "")
    nfd = unicodedata.normalize("NFD", j.name_ko)
    assert nfd != j.name_ko
    assert snapshot.lookup(nfd, within=parent.code) == j
    full = unicodedata.normalize("NFD", f"{parent.name_ko} {j.name_ko}")
    assert snapshot.lookup(full) == j
    spaced = " ".join(j.name_ko) + " "
    assert snapshot.lookup(spaced, within=unicodedata.normalize("NFD", parent.name_ko)) == j


@given(dates, dates, st.data())
def test_carrying_gives_governments_of_the_target_day(
    start: dt.date, end: dt.date, data: st.DataObject
) -> None:
    registry = korea()
    j = data.draw(st.sampled_from(tuple(registry.on(start))))
    carried = registry.carry(j.code, start, end)
    assert carried, f"{j} has no government on {end}"
    assert all(found.valid_on(end) for found in carried)
    assert registry.carry(j.code, start, start) == (j,)
    # Carrying back from where it went finds the original again.
    assert all(j in registry.carry(found.code, end, start) for found in carried)


# -- counts ---------------------------------------------------------------------

# From shared/data/kr_counts.csv: metros, basics, si, gun, gu.
COUNTS = [
    (dt.date(2022, 10, 20), 17, 226, 75, 82, 69),
    (dt.date(2025, 6, 30), 17, 226, 75, 82, 69),
    (dt.date(2026, 11, 25), 16, 227, 75, 82, 70),
]


@pytest.mark.parametrize(("day", "metros", "basics", "si", "gun", "gu"), COUNTS)
def test_counts_match_the_published_figures(
    day: dt.date, metros: int, basics: int, si: int, gun: int, gu: int
) -> None:
    snapshot = korea().on(day)
    assert len(snapshot.metros()) == metros
    assert len(snapshot.basics()) == basics
    kinds = Counter(j.kind.base for j in snapshot.basics())
    assert (kinds[Kind.CITY], kinds[Kind.COUNTY], kinds[Kind.AUTONOMOUS_DISTRICT]) == (si, gun, gu)


def test_special_case_cities_by_date() -> None:
    def special(day: dt.date) -> list[str]:
        return sorted(j.name_ko for j in korea().on(day) if j.kind is Kind.SPECIAL_CASE_CITY)

    assert special(dt.date(2022, 1, 12)) == []
    assert special(dt.date(2022, 1, 13)) == ["고양시", "수원시", "용인시", "창원시"]
    assert special(dt.date(2025, 1, 1)) == ["고양시", "수원시", "용인시", "창원시", "화성시"]


def test_jeju_administrative_cities_and_general_districts_are_not_governments() -> None:
    snapshot = korea().on(DAY_2022)
    assert snapshot.get("5011000000", None) is None  # 제주시: 행정시
    assert snapshot.get("4111100000", None) is None  # 수원시 장안구: 일반구
    assert snapshot.children("제주") == ()
    assert snapshot.lookup("수원시 장안구").code == "4111000000"
    assert snapshot.get("36").name_ko == "세종특별자치시"  # 세종 has no 3600000000 row


# -- the examples of the issue ----------------------------------------------------


def test_the_two_jung_gu_of_the_2022_cohort() -> None:
    snapshot = korea().on(DAY_2022)
    daegu = snapshot.lookup("중구", within="대구")
    daejeon = snapshot.lookup("중구", within="대전광역시")
    assert (daegu.code, daejeon.code) == ("2711000000", "3014000000")
    assert snapshot.lookup("대구광역시 중구") == daegu
    assert snapshot.lookup("대구 중구") == daegu
    assert snapshot.lookup("Jung-gu, Daejeon") == daejeon
    assert snapshot.lookup("중구", within="3000000000") == daejeon
    with pytest.raises(AmbiguousJurisdictionError) as caught:
        snapshot.lookup("중구")
    codes = [j.code for j in caught.value.candidates]
    assert codes == [
        "1114000000",
        "2611000000",
        "2711000000",
        "2811000000",
        "3014000000",
        "3111000000",
    ]
    assert "대구광역시 중구 (2711000000)" in caught.value.render("ko")
    assert "Jung-gu, Daejeon (3014000000)" in str(caught.value)
    assert isinstance(caught.value, LookupError)
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.candidates == caught.value.candidates


def test_gangwon_by_date() -> None:
    registry = korea()
    before = registry.on(dt.date(2023, 6, 10))
    after = registry.on(dt.date(2023, 6, 11))
    assert before.lookup("강원도").code == "4200000000"
    assert before.lookup("강원").code == "4200000000"
    assert after.lookup("강원").code == "5100000000"
    assert after.lookup("태백시", within="강원").code == "5119000000"
    match = registry.on(dt.date(2024, 1, 1)).resolve("강원도")
    assert match.jurisdiction.code == "5100000000"
    assert match.jurisdiction.name_ko == "강원특별자치도"
    assert match.is_historical
    assert match.via is not None
    assert match.via.code == "4200000000"
    assert match.note is not None
    assert match.note.render("en") == "Gangwon-do was renamed Gangwon State on June 11, 2023"
    assert (
        match.note.render("ko")
        == "강원도의 명칭이 2023년 6월 11일 강원특별자치도(으)로 변경되었습니다"
    )
    assert registry.on(DAY_2022).resolve("강원도").note is None
    earlier = registry.on(DAY_2022).resolve("강원특별자치도")
    assert earlier.jurisdiction.code == "4200000000"
    assert earlier.note is not None
    assert "June 11, 2023" in earlier.note.render("en")
    assert registry.get("4200000000").ended_by is Change.RENAME


def test_gunwi_moves_from_gyeongbuk_to_daegu() -> None:
    registry = korea()
    before = registry.on(dt.date(2023, 6, 30)).lookup("군위군")
    after = registry.on(dt.date(2023, 7, 1)).lookup("군위군")
    assert (before.code, before.parent_code) == ("4772000000", "4700000000")
    assert (after.code, after.parent_code) == ("2772000000", "2700000000")
    assert registry.successors(before) == (after,)
    assert registry.predecessors(after) == (before,)
    with pytest.raises(UnknownJurisdictionError):
        registry.on(dt.date(2023, 7, 1)).lookup("군위군", within="경북")


def test_suwon_special_city_resolves_to_suwon_si() -> None:
    registry = korea()
    suwon = registry.on(DAY_2022).resolve("수원특례시")
    assert suwon.jurisdiction.code == "4111000000"
    assert suwon.jurisdiction.name_ko == "수원시"
    assert suwon.jurisdiction.kind is Kind.SPECIAL_CASE_CITY
    assert suwon.how is MatchKind.ALIAS
    assert registry.on(DAY_2022).lookup("수원").code == "4111000000"
    assert registry.on(DAY_2022).lookup("Suwon Special City").code == "4111000000"
    early = registry.on(dt.date(2021, 12, 31)).resolve("수원특례시")
    assert early.jurisdiction.kind is Kind.CITY
    assert early.note is not None


def test_gwangju_buk_gu_of_2022_carried_to_the_merged_special_city() -> None:
    registry = korea()
    buk_gu = registry.on(DAY_2022).lookup("북구", within="광주")
    assert buk_gu.code == "2917000000"
    (today,) = registry.carry(buk_gu.code, DAY_2022, dt.date(2026, 11, 25))
    assert today.code == "1230000000"
    assert registry.qualified_name(today) == "전남광주통합특별시 북구"
    assert today.parent_code == "1200000000"
    match = registry.on(dt.date(2026, 11, 25)).resolve("광주 북구")
    assert match.jurisdiction == today
    merged = registry.on(dt.date(2026, 11, 25)).resolve("광주광역시")
    assert merged.jurisdiction.code == "1200000000"
    assert merged.note is not None
    assert merged.note.render("en") == ("Gwangju was merged into Jeonnamgwangju on July 1, 2026")
    assert [j.code for j in registry.predecessors("1200000000")] == ["2900000000", "4600000000"]


def test_incheon_seo_gu_carried_gives_seohae_gu_and_geomdan_gu() -> None:
    registry = korea()
    carried = registry.carry("2826000000", DAY_2022, dt.date(2026, 11, 25))
    assert [(j.code, j.name_ko) for j in carried] == [
        ("2827500000", "서해구"),
        ("2829000000", "검단구"),
    ]
    assert [j.code for j in registry.carry("2827500000", "2026-11-25", DAY_2022)] == ["2826000000"]
    with pytest.raises(AmbiguousJurisdictionError) as caught:
        registry.on(dt.date(2026, 11, 25)).lookup("인천 서구")
    assert [j.name_ko for j in caught.value.candidates] == ["서해구", "검단구"]
    assert "divided" in str(caught.value)


# -- look-ups -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("부산진구", "2623000000"),
        ("부산진", "2623000000"),
        ("Busanjin-gu", "2623000000"),
        ("busanjin gu", "2623000000"),
        ("BUSANJIN", "2623000000"),
        ("부산 부산진구", "2623000000"),
        ("서울", "1100000000"),
        ("서울시", "1100000000"),
        ("Seoul", "1100000000"),
        ("경남", "4800000000"),
        ("Gyeongnam", "4800000000"),
        ("Gyeongsangnam-do", "4800000000"),
        ("전남", "4600000000"),
        ("광주", "2900000000"),  # the metro's short name beats 경기도 광주시's
        ("광주시", "4161000000"),
        ("경기 광주시", "4161000000"),
        ("Daegu Jung-gu", "2711000000"),
        ("Gimhae", "4825000000"),
        ("창원특례시", "4812000000"),
        ("26", "2600000000"),
        ("26230", "2623000000"),
        ("2623000000", "2623000000"),
        ("  양 천 구 ", "1147000000"),
    ],
)
def test_lookup_forms(name: str, code: str) -> None:
    assert korea().on(DAY_2022).lookup(name).code == code


def test_resolve_says_how_a_name_matched() -> None:
    snapshot = korea().on(DAY_2022)
    assert snapshot.resolve("김해시").how is MatchKind.NAME
    assert snapshot.resolve("경남").how is MatchKind.ALIAS
    assert snapshot.resolve("김해").how is MatchKind.SHORT_NAME
    assert snapshot.resolve("경남 김해시").how is MatchKind.QUALIFIED
    assert snapshot.resolve("4825000000").how is MatchKind.CODE


def test_unknown_names_suggest_close_ones() -> None:
    snapshot = korea().on(dt.date(2024, 1, 1))
    with pytest.raises(UnknownJurisdictionError) as caught:
        snapshot.lookup("강원특벌자치도")
    assert caught.value.suggestions[0] == "강원특별자치도"
    assert "did you mean 강원특별자치도" in str(caught.value)
    with pytest.raises(UnknownJurisdictionError) as nothing:
        snapshot.lookup("Atlantis")
    assert nothing.value.suggestions == ()
    with pytest.raises(UnknownJurisdictionError):
        snapshot.lookup("양천구", within="부산")


def test_registry_wide_lookup_prefers_the_latest_of_one_lineage() -> None:
    registry = korea()
    assert registry.lookup("강원").code == "5100000000"
    assert registry.lookup("수원시").valid_from == dt.date(2022, 1, 13)
    assert registry.get("4111000000").kind is Kind.SPECIAL_CASE_CITY
    assert [j.kind for j in registry.versions("4111000000")] == [
        Kind.CITY,
        Kind.SPECIAL_CASE_CITY,
    ]
    with pytest.raises(AmbiguousJurisdictionError):
        registry.lookup("중구")


def test_agency_codes_are_kept_apart_from_legal_dong_codes() -> None:
    snapshot = korea().on(DAY_2022)
    seoul = snapshot.lookup("서울")
    assert (seoul.code, seoul.agency_code) == ("1100000000", "6110000")
    with pytest.raises(JurisdictionValueError):
        snapshot.get("6110000")
    assert korea().on(dt.date(2024, 1, 1)).lookup("강원").agency_code == "6530000"
    assert all(j.agency_code is None for j in snapshot.basics())


def test_english_names_for_every_record() -> None:
    registry = korea()
    assert all(j.name_en for j in registry)
    assert registry.get("2827500000").name_en == "Seohae-gu"
    assert registry.get("2812500000").name_en == "Jemulpo-gu"
    assert registry.get("5100000000").name_en == "Gangwon State"


# -- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t-"])
def test_empty_names_are_refused(name: str) -> None:
    with pytest.raises(JurisdictionValueError, match="empty"):
        korea().on(DAY_2022).lookup(name)


@pytest.mark.parametrize("code", ["123", "26a30", "262300000", "26230000000", "", "２６"])
def test_malformed_codes_are_refused_naming_them(code: str) -> None:
    with pytest.raises(JurisdictionValueError) as caught:
        korea().on(DAY_2022).get(code)
    assert repr(code) in str(caught.value)


def test_a_code_of_another_date_says_when_it_was_valid() -> None:
    with pytest.raises(UnknownJurisdictionError, match="ended on June 10, 2023"):
        korea().on(dt.date(2024, 1, 1)).get("4200000000")
    with pytest.raises(UnknownJurisdictionError, match="starts on July 1, 2026"):
        korea().on(DAY_2022).get("1200000000")
    with pytest.raises(UnknownJurisdictionError):
        korea().carry("1200000000", DAY_2022, dt.date(2026, 11, 25))


@pytest.mark.parametrize("day", [dt.date(2018, 12, 31), "2022-02-30", "yesterday", 20221020])
def test_dates_outside_the_data_or_malformed_are_refused(day: object) -> None:
    with pytest.raises(JurisdictionValueError):
        korea().on(day)  # type: ignore[arg-type]


@pytest.mark.parametrize("day", [dt.date(2026, 11, 26), "2030-01-01", dt.date(2100, 1, 1)])
def test_a_day_after_the_data_was_compiled_is_answered_with_a_warning(day: object) -> None:
    registry = Registry.from_csv(DATA_FILE)  # its own: the warning comes once per registry
    assert registry.known_until == dt.date(2026, 11, 25)
    with pytest.warns(JurisdictionDataWarning) as caught:
        snapshot = registry.on(day)  # type: ignore[arg-type]
    assert (len(snapshot.metros()), len(snapshot.basics())) == (16, 227)
    assert len(caught) == 1
    warning = caught[0].message
    assert isinstance(warning, JurisdictionDataWarning)
    shown = snapshot.date.strftime("%B %-d, %Y")
    assert str(warning) == (
        "the jurisdiction data knows changes only up to November 25, 2026: renames, mergers"
        f" and new governments after it are unknown, so the answer for {shown} is that of"
        " November 25, 2026"
    )
    assert warning.render("ko").startswith("관할 자료는 2026년 11월 25일까지의 변경만 반영합니다")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert registry.on(snapshot.date) is snapshot  # once per registry and day
        assert registry.on(snapshot.date.isoformat()) is snapshot
        registry.on(dt.date(2026, 11, 25))  # the day it was compiled is known
        Registry(list(registry)[:1]).on(dt.date(2100, 1, 1))  # no metadata: no warning


def test_a_short_name_whose_meaning_changed_says_so() -> None:
    before = korea().on(dt.date(2026, 6, 30)).resolve("광주")
    assert (before.jurisdiction.code, before.note) == ("2900000000", None)
    for day in (dt.date(2026, 7, 1), dt.date(2026, 11, 25)):
        after = korea().on(day).resolve("광주")
        assert after.jurisdiction.code == korea().on(day).lookup("광주").code == "4161000000"
        assert after.how is MatchKind.SHORT_NAME
        assert not after.is_historical
        assert after.note is not None
        assert after.note.render("en") == (
            "'광주' meant Gwangju until June 30, 2026; since July 1, 2026 it means"
            " Gwangju-si, Gyeonggi-do: write Jeonnamgwangju or Gwangju-si, Gyeonggi-do to be sure"
        )
        assert after.note.render("ko") == (
            "'광주'은(는) 2026년 6월 30일까지 광주광역시을(를) 뜻하였으나, 2026년 7월 1일부터"
            " 경기도 광주시을(를) 뜻합니다. 명확히 하려면 전남광주통합특별시 또는 경기도 광주시"
            "(으)로 적으십시오"
        )
    # a name whose government was only renamed keeps meaning the same government
    assert korea().on(dt.date(2024, 1, 1)).resolve("강원").note is None
    assert korea().on(dt.date(2026, 7, 1)).resolve("광주시").note is None


# -- generic registries and data files --------------------------------------------

HEADER = (
    "code,name_ko,name_en,level,kind,parent_code,valid_from,valid_until,"
    "predecessors,successors,ended_by,aliases\n"
)
FIXTURE = (
    "# source: a test fixture\n"
    "# covers_from: 2000-01-01\n"
    + HEADER
    + "9900000000,가상도,Gasang-do,metro,도,,2000-01-01,,,,,가상;Gasang\n"
    "9911000000,가나시,Gana-si,basic,시,9900000000,2000-01-01,2009-12-31,,9912000000,rename,\n"
    "9912000000,다라시,Dara-si,basic,시,9900000000,2010-01-01,,9911000000,,,\n"
    "9971000000,마바군,Maba-gun,basic,군,9900000000,2000-01-01,,,,,\n"
)


def test_a_registry_from_any_csv_of_the_schema() -> None:
    registry = Registry.from_csv(io.StringIO(FIXTURE))
    assert registry.source == "a test fixture"
    assert registry.covers_from == dt.date(2000, 1, 1)
    assert len(registry) == 4
    assert registry.on("2005-06-01").lookup("가나").code == "9911000000"
    assert registry.on("2015-06-01").resolve("가나시").jurisdiction.name_ko == "다라시"
    assert [j.code for j in registry.on("2015-06-01").children("가상")] == [
        "9912000000",
        "9971000000",
    ]
    assert registry.change_dates == (dt.date(2010, 1, 1),)


def test_a_registry_from_json(tmp_path: Path) -> None:
    path = tmp_path / "fixture.json"
    entries = [
        {"code": "9900000000", "name_ko": "가상도", "name_en": "Gasang-do", "level": "metro",
         "kind": "province", "parent_code": None, "valid_from": "2000-01-01",
         "aliases": ["가상"]},
        {"code": "9971000000", "name_ko": "마바군", "name_en": "Maba-gun", "level": "basic",
         "kind": "군", "parent_code": "9900000000", "valid_from": "2000-01-01"},
    ]  # fmt: skip
    path.write_text(json.dumps({"metadata": {"source": "json"}, "jurisdictions": entries}))
    registry = Registry.from_json(path)
    assert registry.on("2001-01-01").lookup("마바", within="가상").code == "9971000000"
    entries[1]["parent_code"] = "9800000000"
    path.write_text(json.dumps(entries))
    with pytest.raises(DataFileError, match="entry 2: parent '9800000000' does not exist"):
        Registry.from_json(path)


def test_the_package_file_round_trips_through_the_generic_reader(tmp_path: Path) -> None:
    path = tmp_path / "copy.csv"
    path.write_bytes(DATA_FILE.read_bytes())
    copy = Registry.from_csv(path)
    assert tuple(copy) == tuple(korea())
    assert copy.metadata["source_date"] == "2026-07-01"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "9911000000,가나시,Gana-si,basic,시,9900000000,2005-01-01,,,,,\n",
            "line 4: code 9911000000 is valid twice at once (see also line 3)",
        ),
        (
            "9972000000,사아군,Saa-gun,basic,군,9800000000,2000-01-01,,,,,\n",
            "line 4: parent '9800000000' does not exist on January 1, 2000",
        ),
        (
            "9972000000,사아군,Saa-gun,basic,군,,2000-01-01,,,,,\n",
            "line 4: basic government 9972000000 needs a 10-digit parent code, not None",
        ),
        ("99720,사아군,Saa-gun,basic,군,9900000000,2000-01-01,,,,,\n", "line 4: code '99720'"),
        ("997200000a,사아군,Saa-gun,basic,군,9900000000,2000-01-01,,,,,\n", "line 4: code"),
        (
            "9972000000,사아군,Saa-gun,basic,군,9900000000,2000-13-01,,,,,\n",
            "line 4: valid_from '2000-13-01' is not a date",
        ),
        ("9972000000,,Jeong-gun,basic,군,9900000000,2000-01-01,,,,,\n", "has an empty name"),
        ("9972000000,사아군,Saa-gun,county,군,9900000000,2000-01-01,,,,,\n", "level 'county'"),
        ("9972000000,사아군,Saa-gun,basic,읍,9900000000,2000-01-01,,,,,\n", "kind '읍'"),
        (
            "9972000000,사아군,Saa-gun,basic,군,9900000000,2000-01-01,,9911000000,,,\n",
            "line 4: predecessor '9911000000' has no record valid on December 31, 1999",
        ),
    ],
)
def test_bad_data_files_name_the_line_and_the_value(row: str, message: str) -> None:
    text = (
        HEADER
        + "9900000000,가상도,Gasang-do,metro,도,,2000-01-01,,,,,\n"
        + "9911000000,가나시,Gana-si,basic,시,9900000000,2000-01-01,,,,,\n"
        + row
    )
    with pytest.raises(DataFileError) as caught:
        Registry.from_csv(io.StringIO(text))
    assert message in str(caught.value)


def test_a_data_file_without_required_columns_is_refused() -> None:
    with pytest.raises(DataFileError, match="line 1: missing columns: kind, valid_from"):
        Registry.from_csv(io.StringIO("code,name_ko,name_en,level,parent_code\n"))


def test_records_refuse_inconsistent_values() -> None:
    with pytest.raises(JurisdictionValueError, match="is not a kind of the metro level"):
        Jurisdiction("9900000000", "가", "Ga", Level.METRO, Kind.COUNTY, None, DAY_2022)
    with pytest.raises(JurisdictionValueError, match="cannot have a parent"):
        Jurisdiction("9900000000", "가", "Ga", Level.METRO, Kind.PROVINCE, "9800000000", DAY_2022)
    with pytest.raises(JurisdictionValueError, match="ends on"):
        Jurisdiction(
            "9900000000",
            "가",
            "Ga",
            Level.METRO,
            Kind.PROVINCE,
            None,
            DAY_2022,
            DAY_2022.replace(year=2021),
        )


# -- the registry of the package ---------------------------------------------------


def test_korea_is_loaded_once_even_from_many_threads() -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        registries = list(pool.map(lambda _: korea(), range(32)))
        snapshots = list(pool.map(lambda _: korea().on(dt.date(2021, 3, 3)), range(32)))
    assert all(r is registries[0] for r in registries)
    assert all(len(s) == 243 for s in snapshots)
    assert korea().on(dt.date(2021, 3, 3)) is korea().on(dt.date(2021, 3, 3))


def _build_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_jurisdictions", ROOT / "scripts" / "build_jurisdictions.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_jurisdictions"] = module
    spec.loader.exec_module(module)
    return module


def _shared_data() -> Path | None:
    for candidate in (ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        if (candidate / "kr_legal_dong_codes_sigungu.csv").is_file():
            return candidate
    return None


@pytest.mark.skipif(_shared_data() is None, reason="shared/data is not beside the repository")
def test_the_committed_data_is_what_the_script_builds() -> None:
    data = _shared_data()
    assert data is not None
    assert _build_script().build(data) == DATA_FILE.read_text("utf-8")


@pytest.mark.parametrize(
    ("word", "romanized"),
    [("종로", "Jongno"), ("신라", "Silla"), ("덕양", "Deogyang"), ("영암", "Yeongam"),
     ("구로", "Guro"), ("백마", "Baengma"), ("제물포", "Jemulpo")],
)  # fmt: skip
def test_the_build_script_romanizes_by_the_revised_romanization(word: str, romanized: str) -> None:
    assert _build_script().romanize(word) == romanized


# -- cohorts --------------------------------------------------------------------------


def test_the_2022_priority_city_cohort() -> None:
    cities = priority_cities_2022()
    assert cities is priority_cities_2022()
    cohort = cities.cohort
    assert isinstance(cohort, Cohort)
    assert (cohort.name, cohort.year) == ("priority-cities-2022", 2022)
    assert [j.code for j in cohort.metros()] == [
        "1100000000", "2600000000", "2700000000", "3000000000",
        "4100000000", "4200000000", "4800000000", "4600000000",
    ]  # fmt: skip
    assert [(j.name_ko, j.parent_code) for j in cohort.basics()] == [
        ("부산진구", "2600000000"),
        ("창원시", "4800000000"),
        ("김해시", "4800000000"),
        ("중구", "2700000000"),
        ("순천시", "4600000000"),
        ("중구", "3000000000"),
        ("수원시", "4100000000"),
        ("양천구", "1100000000"),
        ("태백시", "4200000000"),
        ("속초시", "4200000000"),
    ]
    assert cities.members == cohort.members
    assert len(cohort) == 18
    assert "2711000000" in cohort
    assert all(j.valid_on(DAY_2022) for j in cohort)


def test_cohort_members_carried_to_today() -> None:
    registry = korea()
    today = dt.date(2026, 11, 25)
    carried = {
        j.code: [c.code for c in registry.carry(j.code, DAY_2022, today)]
        for j in priority_cities_2022().members
    }
    assert carried["4200000000"] == ["5100000000"]
    assert carried["4600000000"] == ["1200000000"]
    assert carried["4615000000"] == ["1215000000"]
    assert carried["4219000000"] == ["5119000000"]
    assert carried["2711000000"] == ["2711000000"]


def test_a_cohort_refuses_a_member_twice() -> None:
    seoul = korea().on(DAY_2022).lookup("서울")
    with pytest.raises(JurisdictionValueError, match="twice"):
        Cohort("x", 2022, (seoul, seoul))
