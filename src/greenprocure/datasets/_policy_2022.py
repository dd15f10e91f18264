"""The 2022 priority cities' policy-task activities and their workshop, shipped as data.

The seed report (ICLEI Korea, October 2022) lists which metropolitan
governments carried out the common priority policy tasks in January–September
2022, and how many times; it gives no dates, so those activities are dated
"some time in 2022-01..2022-09". Gyeongnam's company certification briefing
was planned for November 2022. The data lives in
``datasets/data/priority_cities_2022_activities.csv`` and
``datasets/data/priority_cities_2022_events.json``; names are resolved to
codes through :mod:`greenprocure.jurisdictions` as of 2022-10-20 (so 강원도 is
``4200000000``).

Examples:
    >>> from greenprocure.policy import ROUNDTABLE, TRAINING
    >>> log = activities_2022()
    >>> len(log.done_by(ROUNDTABLE)), log.times(TRAINING), len(log.done_by(TRAINING))
    (5, 9, 6)
    >>> workshop_2022().days
    2
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any, Final

from greenprocure.errors import DataFileError, GreenprocureError
from greenprocure.i18n import N_
from greenprocure.jurisdictions import korea
from greenprocure.period import Period
from greenprocure.policy import (
    BUILTIN_KINDS,
    Activity,
    ActivityLog,
    Bilingual,
    Event,
    Session,
    State,
    When,
)

__all__ = ["ACTIVITIES_FILE", "EVENTS_FILE", "METROS_2022", "activities_2022", "workshop_2022"]

#: The package file of the 2022 activities.
ACTIVITIES_FILE: Final = "priority_cities_2022_activities.csv"
#: The package file of the 2022 events.
EVENTS_FILE: Final = "priority_cities_2022_events.json"
#: The day names in the data are resolved on: the workshop's first day.
RESOLVED_ON: Final = _dt.date(2022, 10, 20)
#: The metropolitan governments of the 2022 cohort, who carry out the common
#: priority tasks (the basic governments take part in the roundtables).
METROS_2022: Final = (
    "서울특별시",
    "부산광역시",
    "대구광역시",
    "대전광역시",
    "경기도",
    "강원도",
    "경상남도",
    "전라남도",
)
_COLUMNS: Final = ("jurisdiction", "kind", "state", "when", "count", "note", "source")


def _text(name: str) -> str:
    path = resources.files("greenprocure") / "datasets" / "data" / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataFileError(
            N_("{file}: cannot be read: {reason}"), file=name, reason=str(error)
        ) from error


@contextmanager
def _record(file: str, record: str) -> Iterator[None]:
    try:
        yield
    except DataFileError:
        raise
    except (GreenprocureError, KeyError, TypeError, ValueError) as error:
        reason = error.render("en") if isinstance(error, GreenprocureError) else repr(error)
        raise DataFileError(
            N_("{file}: record {record} is invalid: {reason}"),
            file=file,
            record=record,
            reason=reason,
        ) from error


def _rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows with their line numbers; ``#`` lines are comments."""
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)]
    kept = [(number, line) for number, line in lines if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in kept)))
    missing = [column for column in _COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        raise DataFileError(
            N_("{file}: record {record} is invalid: {reason}"),
            file=ACTIVITIES_FILE,
            record="header",
            reason="missing columns " + ", ".join(missing),
        )
    for index, row in enumerate(reader, start=1):
        yield kept[index][0], row


def _codes(names: Iterable[str]) -> tuple[str, ...]:
    snapshot = korea().on(RESOLVED_ON)
    return tuple(snapshot.lookup(name).code for name in names)


@cache
def _activities_2022(cohort: tuple[str, ...] | None) -> ActivityLog:
    snapshot = korea().on(RESOLVED_ON)
    activities: list[Activity] = []
    for line, row in _rows(_text(ACTIVITIES_FILE)):
        with _record(ACTIVITIES_FILE, f"line {line}"):
            activities.append(
                Activity(
                    jurisdiction=snapshot.lookup(row["jurisdiction"]).code,
                    kind=BUILTIN_KINDS.get(row["kind"].strip()),
                    when=When.parse(row["when"]),
                    state=State.parse(row["state"]),
                    count=int(row["count"]),
                    note=row["note"].strip(),
                    source=row["source"].strip(),
                )
            )
    with _record(ACTIVITIES_FILE, "log"):
        members = cohort if cohort is not None else _codes(METROS_2022)
        return ActivityLog.build(
            activities, cohort=members, period=Period.year(2022), registry=snapshot
        )


def activities_2022(cohort: Iterable[str] | None = None) -> ActivityLog:
    """The 2022 priority cities' policy-task activities, as the seed reports them.

    Args:
        cohort: the codes the log is validated against; by default the 8
            metropolitan governments of the 2022 cohort (:data:`METROS_2022`).

    Returns:
        An :class:`~greenprocure.policy.ActivityLog` for the year 2022: 5
        roundtables, 9 trainings by 6 metros, 2 briefings done and
        Gyeongnam's briefing planned for November 2022.
    """
    return _activities_2022(None if cohort is None else tuple(sorted(set(cohort))))


def _event(data: Any, participants: tuple[str, ...]) -> Event:
    return Event(
        id=data["id"],
        name=Bilingual.from_mapping(data["name"]),
        kind=data["kind"],
        place=Bilingual.from_mapping(data["place"]),
        start=_dt.date.fromisoformat(data["start"]),
        end=_dt.date.fromisoformat(data["end"]),
        organiser=Bilingual.from_mapping(data["organiser"]),
        programme=tuple(
            Session(_dt.date.fromisoformat(item["day"]), Bilingual.from_mapping(item["title"]))
            for item in data.get("programme", ())
        ),
        participants=participants,
        source=data.get("source", ""),
    )


def workshop_2022(participants: Iterable[str] = ()) -> Event:
    """The 4th network joint workshop (제4차 네트워크 합동 워크숍), Jeju, 2022-10-20..21.

    Args:
        participants: codes of the governments that took part, to record on
            the event (the data file does not repeat the cohort).
    """
    try:
        data = json.loads(_text(EVENTS_FILE))
    except ValueError as error:
        raise DataFileError(
            N_("{file}: cannot be read: {reason}"), file=EVENTS_FILE, reason=str(error)
        ) from error
    for index, item in enumerate(data.get("events", ())):
        if item.get("id") == "workshop-2022-4":
            with _record(EVENTS_FILE, f"events[{index}]"):
                return _event(item, tuple(participants))
    raise DataFileError(
        N_("{file}: record {record} is invalid: {reason}"),
        file=EVENTS_FILE,
        record="workshop-2022-4",
        reason="no such event",
    )
