"""Type-checked use of the public API: ``mypy --strict tests/typing``.

Not a test module (pytest does not collect it: its name does not start with
``test_``); it is never run, only checked, so that the annotations users see
stay right. Each annotated assignment fails the check if the library's type
changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from greenprocure import (
    AttainmentReport,
    Certificate,
    CertificateRegistry,
    Jurisdiction,
    Money,
    Period,
    Purchase,
    Rule,
    RuleSet,
    Target,
    Verdict,
    evaluate,
)
from greenprocure.certifications import CertificateRef
from greenprocure.evaluation import Explanation
from greenprocure.jurisdictions import Snapshot, korea
from greenprocure.rules import KR_PRIORITY_CITIES_2022, AttainmentRow, Context, Status, eligibility
from greenprocure.units import Q_, Quantity, quantity

# Values.
price: Money = Money.krw(36_000_000)
doubled: Money = price + price
amount: Decimal = price.amount
minor: int = price.minor_units
share: Fraction = price.ratio(doubled)
period: Period = Period.parse("2022-01..2022-09")
share_of_year: Fraction = period.share_of_year
volume: Quantity = Q_(400, "m**3")
mass: Quantity = quantity("3.5 t")

# Model.
snapshot: Snapshot = korea().on("2022-10-20")
changwon: Jurisdiction = snapshot.lookup("창원시")
code: str = changwon.code
certificate = Certificate("kr-eco-label", "16052", dt.date(2021, 1, 1), dt.date(2023, 12, 31))
registry: CertificateRegistry = CertificateRegistry([certificate])
purchase = Purchase(
    "GP-1",
    code,
    dt.date(2022, 3, 14),
    "레미콘",
    price,
    quantity=volume,
    certificates=[("kr-eco-label", "16052")],
)
claims: tuple[CertificateRef, ...] = purchase.certificates


# Rules.
@eligibility("acme.exclude-small", minimum=Money.krw(500_000))
def exclude_small(purchase: Purchase, context: Context, *, minimum: Money) -> Verdict:
    """Purchases below a minimum amount are outside the measure."""
    if purchase.amount < minimum:
        return Verdict.exclude("small", "below {minimum}", minimum=minimum)
    return Verdict.accept()


small_rule: Rule = exclude_small
ruleset: RuleSet = KR_PRIORITY_CITIES_2022.with_rules(exclude_small).named("acme", "2022")

# Evaluation.
report: AttainmentReport = evaluate(
    [purchase],
    ruleset,
    period=period,
    certificates=registry,
    registry=korea(),
    baseline={code: Money.krw(30_000_000)},
)
for row in report:
    checked_row: AttainmentRow = row
    counted: Money = row.amount
    target: Target | None = row.target
    attainment: Fraction | None = row.attainment
    status: Status | None = row.status
    rank: int | None = row.rank
    name: str = row.name_ko
explanation: Explanation = report.explain("창원")
