"""A refusal's reason is built lazily, and stays available after its certificate list is gone."""

from __future__ import annotations

import datetime as dt
import gc

from greenprocure import Money, Period
from greenprocure.certifications import Certificate, CertificateRegistry
from greenprocure.purchases import Purchase
from greenprocure.rules import Context, load_ruleset


def test_reason_outlives_the_certificate_list() -> None:
    registry = CertificateRegistry(
        [Certificate("kr-eco-label", "16052", dt.date(2019, 3, 1), dt.date(2022, 2, 28))]
    )
    purchase = Purchase(
        id="P-1",
        buyer="4800000000",
        date=dt.date(2022, 5, 10),
        category="복사용지",
        amount=Money.krw(1_000_000),
        certificates=[("kr-eco-label", "16052")],
    )
    ruleset = load_ruleset("kr-priority-cities@2022")
    explanation = ruleset.explain(purchase, Context(Period(2022, 1, 9), certificates=registry))
    refusals = [v.verdict for v in explanation.verdicts if v.verdict.code == "expired"]
    assert len(refusals) == 1
    del explanation, registry
    gc.collect()
    reason = refusals[0].reason
    assert reason is not None
    assert reason.render("en") == (
        "certificate kr-eco-label 16052 expired: valid until February 28, 2022"
    )
