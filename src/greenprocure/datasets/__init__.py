"""Data sets shipped with greenprocure.

:func:`priority_cities_2022` gives the 2022 Green Purchasing Priority City
cohort (녹색구매 중점도시 협력 지원 사업, run by ICLEI Korea): 8 metropolitan and
10 basic governments, as the report of the programme's 4th network joint
workshop (Jeju, 2022-10-20/21) lists them. Names are resolved through
:func:`greenprocure.jurisdictions.korea` as of 2022-10-20, so 강원 is 강원도
(code ``4200000000``, renamed 강원특별자치도 in 2023) and the two 중구 are
told apart by their parents.

The data set also carries the **published** January–September 2022
attainment figures (with their source), the common priority policy tasks,
the workshop, and a **synthetic** sample ledger: made-up purchases,
certificates and 2021 amounts, built so that evaluating them with
``kr-priority-cities@2022`` reproduces every published figure. The amounts
are not the governments' real purchases; :data:`SAMPLE_NOTE` says so
wherever they are shown.

Examples:
    >>> from greenprocure.datasets import priority_cities_2022
    >>> cities = priority_cities_2022()
    >>> [(f.jurisdiction.name_ko, str(f.attainment_percent)) for f in cities.published][:2]
    [('경상남도', '78.4'), ('부산광역시', '71.6')]
    >>> report = cities.evaluate_sample()
    >>> [(row.name_ko, row.rank) for row in report.rows][4:6]
    [('강원도', 5), ('전라남도', 5)]
    >>> len(cities.cohort.metros()), len(cities.cohort.basics())
    (8, 10)
    >>> [(j.name_ko, j.code) for j in cities.members if j.name_ko == "중구"]
    [('중구', '2711000000'), ('중구', '3014000000')]
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Final

import attrs

from greenprocure.certifications import CertificateRegistry
from greenprocure.datasets._policy_2022 import activities_2022, workshop_2022
from greenprocure.errors import DataFileError, GreenprocureError
from greenprocure.evaluation import AttainmentReport, evaluate
from greenprocure.i18n import N_, Message
from greenprocure.io import LoadResult, as_given, read_baseline, read_certificates, read_purchases
from greenprocure.jurisdictions import Cohort, Jurisdiction, Level, korea
from greenprocure.period import Period
from greenprocure.policy import ActivityLog, Event
from greenprocure.purchases import Purchase
from greenprocure.rules import RuleSet
from greenprocure.targets import Baseline

__all__ = [
    "MEMBERS_FILE",
    "SAMPLE_NOTE",
    "PriorityCities2022",
    "PublishedFigure",
    "PublishedResults",
    "priority_cities_2022",
    "sample_baseline",
    "sample_certificates",
    "sample_ledger",
]

#: Said wherever the sample ledger's amounts are shown.
SAMPLE_NOTE: Final = Message.of(
    N_(
        "The amounts are synthetic: made up so that the library's own rules reproduce the"
        " published percentages. They are not the governments' real purchases."
    )
)
_PUBLISHED_FILE: Final = "priority_cities_2022_published.csv"
_SAMPLE_PURCHASES: Final = "sample_2022_purchases.csv"
_SAMPLE_CERTIFICATES: Final = "sample_2022_certificates.csv"
_SAMPLE_BASELINE: Final = "sample_2021_baseline.csv"
#: The period the published figures cover.
PERIOD_2022: Final = Period(2022, 1, 9)


@attrs.frozen
class PublishedFigure:
    """One published result: a metropolitan government's attainment and rank.

    Attributes:
        jurisdiction: the government, as of 2022-10-20.
        rank: the published rank (equal figures share a rank).
        attainment_percent: attainment against the target amount, in per cent,
            as published (one decimal).
    """

    jurisdiction: Jurisdiction
    rank: int
    attainment_percent: Decimal


@attrs.frozen
class PublishedResults:
    """The figures a programme published, with where and for which period.

    Iterating gives the :class:`PublishedFigure` rows in published order.

    Attributes:
        figures: the rows, in published order.
        period: the period the figures cover.
        measure: what was measured (attainment against the target amount).
        source: where the figures were published.
    """

    figures: tuple[PublishedFigure, ...]
    period: Period
    measure: str
    source: str

    def __iter__(self) -> Iterator[PublishedFigure]:
        return iter(self.figures)

    def __len__(self) -> int:
        return len(self.figures)

    def percent(self, code: str) -> Decimal | None:
        """The published attainment of the jurisdiction with ``code``, or None."""
        for figure in self.figures:
            if figure.jurisdiction.code == code:
                return figure.attainment_percent
        return None


#: The package file listing the 2022 cohort's members by name and parent.
MEMBERS_FILE: Final = "priority_cities_2022_members.csv"


@attrs.frozen
class PriorityCities2022:
    """The 2022 Green Purchasing Priority City data set.

    One object gathers what the package ships about the 2022 cohort: the
    members, their policy activities, the workshop that reported them, the
    published attainment figures and, through its methods, the synthetic
    sample ledger, certificate list and 2021 baseline (add new fields with
    defaults, so that existing callers keep working).

    Attributes:
        cohort: the 18 members (8 metros, then 10 basic governments), as of
            2022-10-20.
        activities: the common priority policy tasks the 8 metropolitan
            governments carried out in January–September 2022 (and
            Gyeongnam's briefing planned for November), from the seed report.
        workshop: the 4th network joint workshop, Jeju, 2022-10-20..21.
    """

    cohort: Cohort
    activities: ActivityLog
    workshop: Event
    #: The published attainment and ranks of the 8 metropolitan governments.
    published: PublishedResults

    def sample_ledger(self) -> tuple[Purchase, ...]:
        """The synthetic sample purchases of 2022 (see :data:`SAMPLE_NOTE`)."""
        return sample_ledger()

    def sample_certificates(self) -> CertificateRegistry:
        """The synthetic certificate list the sample purchases claim."""
        return sample_certificates()

    def sample_baseline(self) -> Baseline:
        """The synthetic 2021 counted green amounts (the targets' base)."""
        return sample_baseline()

    def evaluate_sample(
        self, ruleset: RuleSet | str = "kr-priority-cities@2022"
    ) -> AttainmentReport:
        """Evaluate the sample ledger over January–September 2022 for the 8 metros.

        With the default rule set this reproduces every published figure.
        """
        return evaluate(
            self.sample_ledger(),
            ruleset,
            period=PERIOD_2022,
            baseline=self.sample_baseline(),
            certificates=self.sample_certificates(),
            registry=korea(),
            jurisdictions=self.cohort.metros(),
        )

    @property
    def members(self) -> tuple[Jurisdiction, ...]:
        """The cohort's members, in the report's order."""
        return self.cohort.members


def _members_text() -> str:
    data = resources.files(__name__) / "data" / MEMBERS_FILE
    return data.read_text(encoding="utf-8")


def _read_members(text: str, source: str = MEMBERS_FILE) -> tuple[Jurisdiction, ...]:
    """Resolve the members file (``name,parent,level`` with ``# resolved_on:``)."""
    metadata: dict[str, str] = {}
    body: list[tuple[int, str]] = []
    for number, line in enumerate(io.StringIO(text), start=1):
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and " " not in key.strip():
                metadata[key.strip()] = value.strip()
            continue
        if line.strip():
            body.append((number, line))
    day = _dt.date.fromisoformat(metadata.get("resolved_on", "2022-10-20"))
    snapshot = korea().on(day)
    members: list[Jurisdiction] = []
    rows = csv.DictReader(line for _, line in body)
    for (number, _), row in zip(body[1:], rows, strict=False):
        where = Message.of(N_("line {line}"), line=number)
        try:
            member = snapshot.lookup(row["name"], within=row["parent"].strip() or None)
            if member.level is not Level(row["level"].strip()):
                raise DataFileError(
                    N_("{name!r} is a {level} government, not {expected}"),
                    name=row["name"],
                    level=member.level.value,
                    expected=row["level"],
                )
        except (GreenprocureError, ValueError) as error:
            problem = (
                Message.of(error.msgid, **error.params)
                if isinstance(error, GreenprocureError)
                else Message.of(N_("level {value!r} is not metro or basic"), value=row["level"])
            )
            raise DataFileError(
                N_("{source}, {where}: {problem}"), source=source, where=where, problem=problem
            ) from None
        members.append(member)
    return tuple(members)


@cache
def priority_cities_2022() -> PriorityCities2022:
    """The 2022 Green Purchasing Priority City data set (built once, then cached).

    Examples:
        >>> cities = priority_cities_2022()
        >>> cities.cohort.name_en
        '2022 Green Purchasing Priority Cities'
        >>> [j.name_ko for j in cities.cohort.metros()][-3:]
        ['강원도', '경상남도', '전라남도']
    """
    cohort = Cohort(
        name="priority-cities-2022",
        year=2022,
        members=_read_members(_members_text()),
        name_ko="2022년 녹색구매 중점도시",
        name_en="2022 Green Purchasing Priority Cities",
    )
    metros = tuple(member.code for member in cohort.metros())
    return PriorityCities2022(
        cohort=cohort,
        activities=activities_2022(metros),
        workshop=workshop_2022(participants=tuple(member.code for member in cohort.members)),
        published=_published(),
    )


def _data(name: str) -> str:
    return (resources.files(__name__) / "data" / name).read_text(encoding="utf-8")


def _metadata(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].partition(":")
        if sep and " " not in key.strip():
            found[key.strip()] = value.strip()
    return found


def _without_comments(text: str) -> io.StringIO:
    # The shipped files open with '#' lines that say where the data comes from
    # (and that the sample is synthetic); the loaders read only the table.
    return io.StringIO("".join(line for line in text.splitlines(True) if not line.startswith("#")))


def _published() -> PublishedResults:
    text = _data(_PUBLISHED_FILE)
    meta = _metadata(text)
    snapshot = korea().on(_dt.date(2022, 10, 20))
    figures = tuple(
        PublishedFigure(
            snapshot.lookup(row["name"]), int(row["rank"]), Decimal(row["attainment_percent"])
        )
        for row in csv.DictReader(_without_comments(text))
    )
    return PublishedResults(
        figures=figures,
        period=Period.parse(meta.get("period", "2022-01..2022-09")),
        measure=(
            "attainment against the target amount (목표액 대비 달성률); target = the 2021"
            " green purchase amount + 10%"
        ),
        source=meta.get("source", ""),
    )


def _checked(result: LoadResult[Any], name: str) -> tuple[Any, ...]:
    records = tuple(result.records)
    if result.rejected:
        first = result.rejected[0]
        raise DataFileError(
            N_("{source}: {count} rows rejected, the first at line {line}"),
            source=name,
            count=len(result.rejected),
            line=first.line,
        )
    return records


@cache
def sample_ledger() -> tuple[Purchase, ...]:
    """The synthetic sample purchases of 2022 (amounts made up; see :data:`SAMPLE_NOTE`).

    Examples:
        >>> purchases = sample_ledger()
        >>> len(purchases), purchases[0].currency
        (212, 'KRW')
    """
    result = read_purchases(_without_comments(_data(_SAMPLE_PURCHASES)), buyers=as_given)
    return _checked(result, _SAMPLE_PURCHASES)


@cache
def sample_certificates() -> CertificateRegistry:
    """The synthetic certificate list of the sample (some expired, revoked, not yet valid)."""
    result = read_certificates(_without_comments(_data(_SAMPLE_CERTIFICATES)), default_terms=False)
    return CertificateRegistry(_checked(result, _SAMPLE_CERTIFICATES))


@cache
def sample_baseline() -> Baseline:
    """The synthetic 2021 counted green amounts of the sample's governments."""
    result = read_baseline(_without_comments(_data(_SAMPLE_BASELINE)), jurisdictions=as_given)
    entries = _checked(result, _SAMPLE_BASELINE)
    return Baseline(
        2021,
        {entry.jurisdiction: entry.amount for entry in entries},
        source="synthetic (scripts/build_sample_2022.py)",
    )
