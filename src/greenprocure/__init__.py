"""greenprocure: public green purchasing in Korea, typed and explained.

Who buys (Korean metropolitan and basic local governments), what they buy
(purchases with money and physical quantities), what makes a product green
(eco-label, low-carbon and other certifications, valid on a date), what they
must reach (targets) and how far they got (attainment, computed by a rules
engine that users extend), plus policy-task tracking and a comparison with
Europe's PROCURA+ network. Every result can say why.

공공 녹색구매를 위한 파이썬 라이브러리: 지방정부, 녹색제품 인증, 구매실적,
목표액과 달성률, 정책과제, PROCURA+ 비교.
"""

from __future__ import annotations

from greenprocure import errors
from greenprocure.certifications import Certificate, CertificateRegistry, CertificationScheme
from greenprocure.errors import CurrencyMismatchError, GreenprocureError
from greenprocure.evaluation import AttainmentReport, evaluate, merge
from greenprocure.jurisdictions import Cohort, Jurisdiction, Level
from greenprocure.money import Money
from greenprocure.period import Period
from greenprocure.purchases import Purchase
from greenprocure.rules import Rule, RuleSet, Verdict
from greenprocure.targets import Baseline, Target

__version__ = "0.1.0"

__all__ = [
    "AttainmentReport",
    "Baseline",
    "Certificate",
    "CertificateRegistry",
    "CertificationScheme",
    "Cohort",
    "CurrencyMismatchError",
    "GreenprocureError",
    "Jurisdiction",
    "Level",
    "Money",
    "Period",
    "Purchase",
    "Rule",
    "RuleSet",
    "Target",
    "Verdict",
    "__version__",
    "errors",
    "evaluate",
    "merge",
]
