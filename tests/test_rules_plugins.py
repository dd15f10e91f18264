"""Loading rules and rule sets: built-in table, dotted paths, files and entry points."""

from __future__ import annotations

import datetime as dt
import importlib
import pickle
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenprocure import Money, evaluate
from greenprocure.certifications import Certificate, CertificateRegistry
from greenprocure.errors import RuleLoadError
from greenprocure.purchases import Purchase
from greenprocure.rules import (
    KR_GREEN_SHARE_2019,
    KR_PRIORITY_CITIES_2022,
    Rule,
    RuleSet,
    available_rules,
    available_rulesets,
    load_rule,
    load_rules,
    load_ruleset,
)
from greenprocure.rules.loading import load_object

PLUGIN = '''
from greenprocure import Money
from greenprocure.rules import KR_PRIORITY_CITIES_2022, Verdict, eligibility


@eligibility("acme.exclude-small", minimum=Money.krw(10_000))
def exclude_small(purchase, context, *, minimum):
    """Purchases below a minimum amount do not count."""
    if purchase.amount < minimum:
        return Verdict.refuse("too-small", "below {minimum}", minimum=minimum)
    return Verdict.accept()


ACME_CITIES = KR_PRIORITY_CITIES_2022.with_rules(exclude_small).named("acme-cities", "2023")


def make_2024():
    return ACME_CITIES.named("acme-cities", "2024")


NOT_A_RULE = 42
'''

ENTRY_POINTS = """
[greenprocure.rules]
acme-cities@2023 = acme_rules:ACME_CITIES
acme-cities@2024 = acme_rules:make_2024
acme.exclude-small = acme_rules:exclude_small
acme.broken = acme_rules:missing
"""


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installed plugin package: a module and its dist-info on a temporary path."""
    (tmp_path / "acme_rules.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "acme_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-rules\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))  # also invalidates the import caches
    yield tmp_path
    sys.modules.pop("acme_rules", None)
    monkeypatch.undo()
    importlib.invalidate_caches()


def test_built_in_rule_sets_by_name_with_or_without_version() -> None:
    assert load_ruleset("kr-priority-cities@2022") is KR_PRIORITY_CITIES_2022
    assert load_ruleset("kr-priority-cities") is KR_PRIORITY_CITIES_2022
    assert load_ruleset("kr-green-share") is KR_GREEN_SHARE_2019
    assert load_ruleset(KR_GREEN_SHARE_2019) is KR_GREEN_SHARE_2019
    assert load_rule("kr.target.previous-year-growth").id == "kr.target.previous-year-growth"


def test_dotted_paths_and_files(tmp_path: Path) -> None:
    assert load_ruleset("greenprocure.rules.builtin:KR_GREEN_SHARE_2019") is KR_GREEN_SHARE_2019
    rule = load_rule("greenprocure.rules.builtin:VALID_CERTIFICATE")
    assert rule.id == "kr.eligibility.valid-certificate"
    file = tmp_path / "my_rules.py"
    file.write_text(
        textwrap.dedent(
            """
            from greenprocure.rules import KR_PRIORITY_CITIES_2022, builtin
            MINE = KR_PRIORITY_CITIES_2022.named("mine", "1")
            BOTH = [builtin.FULL_AMOUNT, builtin.EXPLICIT_TARGET]
            """
        ),
        encoding="utf-8",
    )
    assert str(load_ruleset(f"{file}:MINE")) == "mine@1"
    assert [r.id for r in load_rules([f"{file}:BOTH", "core.score.attainment"])] == [
        "core.valuation.full-amount",
        "core.target.explicit",
        "core.score.attainment",
    ]


def test_unknown_names_list_what_is_available() -> None:
    with pytest.raises(RuleLoadError) as caught:
        load_ruleset("kr-priority-citeis")
    message = str(caught.value)
    assert "kr-priority-citeis" in message
    assert "kr-priority-cities@2022" in message
    assert "kr-green-share@2019" in message
    with pytest.raises(RuleLoadError, match=r"kr\.target\.previous-year-growth"):
        load_rule("kr.target.previous-year")
    assert isinstance(caught.value, LookupError)


@pytest.mark.parametrize(
    ("path", "match"),
    [
        ("no-colon-here", None),
        ("greenprocure.rules.builtin:", "dotted path"),
        ("greenprocure.no_such_module:X", "cannot import"),
        ("greenprocure.rules.builtin:NO_SUCH", "has no attribute"),
        ("/no/such/file.py:X", "no rules file"),
    ],
)
def test_bad_paths(path: str, match: str | None) -> None:
    with pytest.raises(RuleLoadError, match=match):
        load_ruleset(path)


def test_a_path_to_the_wrong_kind_of_object() -> None:
    with pytest.raises(RuleLoadError, match="is not a rule set"):
        load_ruleset("greenprocure.rules.builtin:FULL_AMOUNT")
    with pytest.raises(RuleLoadError, match="is not a rule but"):
        load_rule("greenprocure.rules.builtin:KR_GREEN_SHARE_2019")
    with pytest.raises(RuleLoadError):
        load_object("greenprocure.rules.builtin")


def test_entry_point_plugins(plugin: Path) -> None:
    assert "acme-cities@2023" in available_rulesets()
    assert "acme-cities@2024" in available_rulesets()
    assert "kr-priority-cities@2022" in available_rulesets()
    assert "acme.exclude-small" in available_rules()
    acme = load_ruleset("acme-cities@2023")
    assert isinstance(acme, RuleSet)
    assert str(acme) == "acme-cities@2023"
    assert str(load_ruleset("acme-cities")) == "acme-cities@2024"  # the latest version
    small = load_rule("acme.exclude-small")
    assert isinstance(small, Rule)
    assert small in acme
    assert pickle.loads(pickle.dumps(small)) == small
    with pytest.raises(RuleLoadError, match=r"entry point 'acme\.broken'"):
        load_rule("acme.broken")

    certificates = CertificateRegistry(
        [Certificate("kr-gr", "G1", dt.date(2021, 1, 1), dt.date(2023, 12, 31))]
    )
    ledger = [
        Purchase(
            f"p{i}",
            "4800000000",
            dt.date(2022, 3, 1),
            "x",
            Money.krw(won),
            certificates=[("kr-gr", "G1")],
        )
        for i, won in enumerate((5_000, 50_000))
    ]
    report = evaluate(
        ledger, "acme-cities@2023", period="2022-01..2022-09", certificates=certificates
    )
    (row,) = report.rows
    assert row.amount == Money.krw(50_000)
    (refused,) = report.explain("4800000000").period.rules
    assert (refused.rule_id, refused.reasons[0].code) == ("acme.exclude-small", "too-small")


def test_plugins_are_gone_after_the_fixture() -> None:
    assert "acme-cities@2023" not in available_rulesets()
    assert "acme_rules" not in sys.modules
