"""The rules engine: what counts as green, what the target is, who is on track — and why.

Programmes define these differently and change them every year, so they are
data: :class:`Rule` objects, grouped into named and versioned
:class:`RuleSet` objects that users combine, change and extend without
forking. Every refusal carries a reason code and a readable reason, so that
an evaluation can say why each figure came out as it did.

The stages, in order (see :class:`Stage`):

1. **eligibility** ``(purchase, context) -> Verdict``: does it count as green?
2. **valuation** ``(purchase, context) -> Money``: how much of it counts?
3. **target** ``(jurisdiction, year, context) -> Target | None``
4. **status** ``(row, context) -> Status``: achieved, on track, behind, no target, …
5. **score** ``(row, context) -> Decimal | None``: the key that ranks rows.

Examples:
    >>> from greenprocure import rules
    >>> ruleset = rules.load_ruleset("kr-priority-cities@2022")
    >>> [rule.id for rule in ruleset.stage("target")]
    ['core.target.explicit', 'kr.target.previous-year-growth']
    >>> ruleset.get("kr.target.previous-year-growth").parameters["growth"]
    Decimal('1.10')
    >>> [status.label.render("ko") for status in (rules.Status.ACHIEVED, rules.Status.BEHIND)]
    ['달성', '미달']
"""

from __future__ import annotations

from greenprocure.rules.builtin import (
    BUILTIN_RULES,
    BUILTIN_RULESETS,
    KR_GREEN_SHARE_2019,
    KR_PRIORITY_CITIES_2022,
)
from greenprocure.rules.context import Context, JurisdictionDirectory
from greenprocure.rules.core import (
    Parameters,
    Rule,
    Stage,
    Verdict,
    VerdictKind,
    eligibility,
    rule,
    score,
    status,
    target,
    valuation,
)
from greenprocure.rules.loading import (
    ENTRY_POINT_GROUP,
    available_rules,
    available_rulesets,
    load_rule,
    load_rules,
    load_ruleset,
)
from greenprocure.rules.rows import AttainmentRow, Score, Status
from greenprocure.rules.ruleset import (
    CURRENCY_GUARD,
    CompiledRuleSet,
    PurchaseExplanation,
    RuleSet,
    RuleVerdict,
)

__all__ = [
    "BUILTIN_RULES",
    "BUILTIN_RULESETS",
    "CURRENCY_GUARD",
    "ENTRY_POINT_GROUP",
    "KR_GREEN_SHARE_2019",
    "KR_PRIORITY_CITIES_2022",
    "AttainmentRow",
    "CompiledRuleSet",
    "Context",
    "JurisdictionDirectory",
    "Parameters",
    "PurchaseExplanation",
    "Rule",
    "RuleSet",
    "RuleVerdict",
    "Score",
    "Stage",
    "Status",
    "Verdict",
    "VerdictKind",
    "available_rules",
    "available_rulesets",
    "eligibility",
    "load_rule",
    "load_rules",
    "load_ruleset",
    "rule",
    "score",
    "status",
    "target",
    "valuation",
]
