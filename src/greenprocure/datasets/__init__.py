"""Data sets shipped with greenprocure.

:func:`priority_cities_2022` gives the 2022 Green Purchasing Priority City
cohort (녹색구매 중점도시 협력 지원 사업, run by ICLEI Korea): 8 metropolitan and
10 basic governments, as the report of the programme's 4th network joint
workshop (Jeju, 2022-10-20/21) lists them. Names are resolved through
:func:`greenprocure.jurisdictions.korea` as of 2022-10-20, so 강원 is 강원도
(code ``4200000000``, renamed 강원특별자치도 in 2023) and the two 중구 are
told apart by their parents.

Examples:
    >>> from greenprocure.datasets import priority_cities_2022
    >>> cities = priority_cities_2022()
    >>> len(cities.cohort.metros()), len(cities.cohort.basics())
    (8, 10)
    >>> [(j.name_ko, j.code) for j in cities.members if j.name_ko == "중구"]
    [('중구', '2711000000'), ('중구', '3014000000')]
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from functools import cache
from importlib import resources
from typing import Final

import attrs

from greenprocure.datasets._policy_2022 import activities_2022, workshop_2022
from greenprocure.errors import DataFileError, GreenprocureError
from greenprocure.i18n import N_, Message
from greenprocure.jurisdictions import Cohort, Jurisdiction, Level, korea
from greenprocure.policy import ActivityLog, Event

__all__ = ["MEMBERS_FILE", "PriorityCities2022", "priority_cities_2022"]

#: The package file listing the 2022 cohort's members by name and parent.
MEMBERS_FILE: Final = "priority_cities_2022_members.csv"


@attrs.frozen
class PriorityCities2022:
    """The 2022 Green Purchasing Priority City data set.

    One object gathers what the package ships about the 2022 cohort. Today it
    holds the cohort; later fields add the published attainment, the policy
    activities and a sample ledger (add new fields with defaults, so that
    existing callers keep working).

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
    )
