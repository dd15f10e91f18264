"""PROCURA+: dated network facts, the comparison with Korea, and the scheme mapping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Money
from greenprocure.errors import DataFileError, ProcuraError
from greenprocure.policy import Bilingual
from greenprocure.procura import (
    Comparison,
    ComparisonRow,
    CountFact,
    Network,
    Qualifier,
    Recognition,
    Relation,
    SchemeEquivalence,
    Source,
    Verdict,
    korea_vs_procura,
    network,
    scheme_mapping,
)

SEED_DAY = dt.date(2022, 10, 20)
CERTIFICATION_IDS = {
    "kr-eco-label",
    "kr-low-carbon",
    "kr-gr",
    "eu-ecolabel",
    "nordic-swan",
    "blue-angel",
}


# -- the network -----------------------------------------------------------------------


def test_48_institutions_in_17_countries_as_of_2022() -> None:
    facts = network().facts_on(dt.date(2022, 12, 31))
    members, countries = facts.count("members"), facts.count("countries")
    assert (members.value, countries.value) == (48, 17)
    assert members.as_of == countries.as_of == SEED_DAY
    assert members.qualifier is Qualifier.EXACT
    assert "ICLEI Korea" in members.source.title
    assert members.describe().render("en") == (
        "member institutions: exactly 48 (as of October 20, 2022)"
    )
    assert network().latest("members").value == 48


def test_no_figure_is_known_before_it_was_reported() -> None:
    with pytest.raises(ProcuraError, match="no 'members' figure"):
        network().facts_on(dt.date(2022, 1, 1)).count("members")
    with pytest.raises(LookupError):
        network().latest("members", on=dt.date(2021, 12, 31))


def test_a_newer_figure_is_added_as_data() -> None:
    newer = network().with_facts(
        CountFact("members", 52, dt.date(2024, 6, 1), Source("a later report"), Qualifier.MORE_THAN)
    )
    assert newer.latest("members").value == 52
    assert [f.value for f in newer.history("members")] == [48, 52]
    assert newer.facts_on(dt.date(2023, 1, 1)).count("members").value == 48
    assert newer.facts_on(dt.date(2024, 6, 1)).count("members").value == 52
    assert network().latest("members").value == 48  # the shipped data is unchanged


@given(
    st.lists(
        st.tuples(st.dates(dt.date(2015, 1, 1), dt.date(2030, 1, 1)), st.integers(0, 500)),
        min_size=1,
        max_size=12,
    ),
    st.dates(dt.date(2014, 1, 1), dt.date(2031, 1, 1)),
)
def test_facts_on_gives_the_newest_figure_reported_by_then(
    reports: list[tuple[dt.date, int]], day: dt.date
) -> None:
    facts = [CountFact("members", value, as_of, Source("s")) for as_of, value in reports]
    net = Network(
        "n", Bilingual("망", "net"), Bilingual("조정", "coordinator"), counts=tuple(facts)
    )
    known = [(as_of, value) for as_of, value in reports if as_of <= day]
    if not known:
        with pytest.raises(ProcuraError):
            net.facts_on(day).count("members")
        return
    newest = max(as_of for as_of, _ in known)
    # The last one listed wins among figures of the same day.
    expected = [value for as_of, value in known if as_of == newest][-1]
    assert net.facts_on(day).count("members").value == expected
    assert net.latest("members", on=day).as_of == newest


def test_openness_activities_awards_and_fees() -> None:
    facts = network().facts_on(dt.date(2022, 12, 31))
    assert {(o.audience, o.open) for o in facts.openness} == {
        ("public-bodies", True),
        ("individuals", True),
        ("organisations", True),
    }
    assert {"seminars", "conferences", "group-meetings", "awards"} <= {
        a.id for a in facts.activities
    }
    names = {a.name.en for a in facts.awards}
    assert {"Sustainable Procurement of the Year", "Innovation Procurement of the Year"} <= names
    assert facts.fee_for(500).annual_fee == Money("500", "EUR")
    assert facts.fee_for(501).annual_fee == Money("1000", "EUR")
    assert facts.fee_for(20_000).annual_fee == Money("2000", "EUR")
    assert all(band.as_of is None for band in facts.fee_bands)  # the source page is undated
    assert network().fee_note is not None
    assert "unknown" in network().fee_note.en
    with pytest.raises(ProcuraError):
        facts.fee_for(0)
    years = [m.when.first.year for m in facts.milestones]
    assert years == [2004, 2015]
    assert network().facts_on(dt.date(2010, 1, 1)).milestones[0].when.first.year == 2004


def test_broken_network_data_names_the_record() -> None:
    sources = {"s": Source("s")}
    data = {
        "id": "n",
        "name": {"ko": "망", "en": "net"},
        "coordinator": {"ko": "조정", "en": "coord"},
        "counts": [{"key": "members", "value": 48, "as_of": "2022-10-20", "source": "missing"}],
    }
    with pytest.raises(DataFileError, match=r"record counts\[0\] is invalid"):
        Network.from_mapping(data, sources)
    data["counts"] = [{"key": "members", "value": -1, "as_of": "2022-10-20", "source": "s"}]
    with pytest.raises(DataFileError, match="not a whole number"):
        Network.from_mapping(data, sources)


# -- the comparison --------------------------------------------------------------------


def test_the_seeds_verdicts_and_the_documented_ones() -> None:
    comparison = korea_vs_procura()
    assert {row.dimension: row.verdict for row in comparison} == {
        "purpose": Verdict.SIMILAR,
        "procedure": Verdict.SIMILAR,
        "network-operation": Verdict.DIFFERENT,
        "product-certification": Verdict.DIFFERENT,
        "purchasing-method": Verdict.DIFFERENT,
        "participation": Verdict.PARTLY,
        "legal-obligation": Verdict.DIFFERENT,
    }
    seed_rows = comparison.dimensions[:5]
    for dimension in seed_rows:
        assert any("ICLEI Korea" in s.title for s in comparison.row(dimension).sources)
    law = comparison.row("legal-obligation")
    assert any("2005-07-01" in s.title for s in law.sources)
    assert "no quotas" in law.right.en
    assert "법적 의무 없음" in law.right.ko
    assert comparison.row("participation").note is not None
    assert comparison.describe().render("ko") == (
        "한국 공공 녹색구매–PROCURA+ (유럽) 비교: 7개 항목 중 2개 유사, 1개 부분 유사, 4개 차이"
    )


def test_every_row_describes_both_sides_in_both_languages_with_a_source() -> None:
    for row in korea_vs_procura():
        for text in (row.label, row.left, row.right):
            assert text.ko.strip()
            assert text.en.strip()
        assert row.sources
        assert row.describe().render("en") == f"{row.label.en}: {row.verdict.label.render('en')}"


def test_comparison_lookups_and_edits() -> None:
    comparison = korea_vs_procura()
    with pytest.raises(ProcuraError, match="no dimension 'price'") as caught:
        comparison.row("price")
    assert isinstance(caught.value, LookupError)
    text = Bilingual("가", "a")
    row = ComparisonRow("procedure", text, text, text, Verdict.PARTLY)
    edited = comparison.with_row(row)
    assert edited.verdict("procedure") is Verdict.PARTLY
    assert len(edited) == len(comparison) == 7
    assert comparison.verdict("procedure") is Verdict.SIMILAR
    assert len(comparison.with_row(ComparisonRow("price", text, text, text, Verdict.SIMILAR))) == 8
    with pytest.raises(ProcuraError, match="twice"):
        Comparison("c", text, text, (row, row))


# -- the scheme mapping ----------------------------------------------------------------


def test_korea_eco_label_and_the_european_type_i_labels() -> None:
    mapping = scheme_mapping()
    for counterpart in ("eu-ecolabel", "nordic-swan", "blue-angel"):
        row = mapping.between("kr-eco-label", counterpart)
        assert row.relation is Relation.EQUIVALENT
        assert "ISO 14024" in row.basis.en
        assert row.mutual_recognition is Recognition.UNKNOWN
    for counterpart in ("green-seal", "ecologo"):
        assert mapping.between("kr-eco-label", counterpart).mutual_recognition is (
            Recognition.AGREEMENT
        )


def test_good_recycled_has_no_direct_eu_equivalent() -> None:
    (row,) = scheme_mapping().for_scheme("kr-gr")
    assert (row.counterpart, row.relation, row.mutual_recognition) == (
        None,
        Relation.NONE,
        Recognition.NOT_APPLICABLE,
    )
    assert row.note is not None
    assert "No direct EU equivalent" in row.note.en


def test_low_carbon_maps_to_footprint_and_epd_standards() -> None:
    rows = scheme_mapping().for_scheme("kr-low-carbon")
    assert [(r.counterpart, r.relation) for r in rows] == [
        ("iso-14067", Relation.COMPARABLE),
        ("en-15804", Relation.COMPARABLE),
    ]
    assert all(r.mutual_recognition is Recognition.UNKNOWN for r in rows)


def test_mapping_uses_the_certification_modules_ids() -> None:
    mapping = scheme_mapping()
    used = {r.korean for r in mapping} | {r.counterpart for r in mapping if r.counterpart}
    assert used >= CERTIFICATION_IDS
    assert {r.korean for r in mapping} == {"kr-eco-label", "kr-gr", "kr-low-carbon"}
    with pytest.raises(ProcuraError):
        mapping.between("kr-gr", "eu-ecolabel")
    text = Bilingual("가", "a")
    with pytest.raises(ProcuraError, match="counterpart is needed"):
        SchemeEquivalence(
            "kr-gr", text, None, None, text, Relation.EQUIVALENT, text, Recognition.UNKNOWN
        )


def test_fee_money_is_exact() -> None:
    fees = [band.annual_fee for band in network().fee_bands]
    assert [fee.amount for fee in fees if fee is not None] == [
        Decimal("500.00"),
        Decimal("1000.00"),
        Decimal("1500.00"),
        Decimal("2000.00"),
    ]
