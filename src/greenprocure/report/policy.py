"""The policy-task summary of the 2022 priority cities as report sections and JSON.

:func:`task_sections` turns an :class:`~greenprocure.policy.ActivityLog`
into :class:`~greenprocure.report.sections.Section` objects — the tasks,
then the governments — ready for a terminal, Markdown or the HTML page;
:func:`tasks_json` gives the same as JSON-ready data.
``greenprocure tasks`` prints them.

Examples:
    >>> import datetime as dt
    >>> from greenprocure.datasets._policy_2022 import activities_2022
    >>> tasks, governments = task_sections(activities_2022(), "en", as_of=dt.date(2022, 10, 21))
    >>> tasks.headers
    ('Task', 'Governments', 'Times', 'Planned', 'Not yet')
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from greenprocure.datasets._policy_2022 import METROS_2022, RESOLVED_ON, workshop_2022
from greenprocure.i18n import N_, translate
from greenprocure.jurisdictions import korea
from greenprocure.period import Period
from greenprocure.policy import Activity, ActivityLog, State
from greenprocure.report.sections import Section

__all__ = ["task_sections", "tasks_json"]


class _Names:
    """Names of the cohort's governments, as of the day the data was reported."""

    def __init__(self, locale: str) -> None:
        self.snapshot = korea().on(RESOLVED_ON)
        self.locale = locale
        self.order = [self.snapshot.lookup(name).code for name in METROS_2022]

    def __call__(self, code: str) -> str:
        found = self.snapshot.get(code, None)
        return code if found is None else found.name(self.locale)

    def sort_key(self, code: str) -> tuple[int, str]:
        return (self.order.index(code) if code in self.order else len(self.order), code)


def _plan_text(activity: Activity, as_of: _dt.date, locale: str) -> str:
    if activity.when.before(as_of):
        return translate(N_("overdue (planned {when})"), locale, when=str(activity.when))
    return translate(N_("planned {when}"), locale, when=str(activity.when))


def _cell(
    log: ActivityLog, code: str, kind_id: str, period: Period | None, as_of: _dt.date, locale: str
) -> str:
    parts = []
    done = log.times(kind_id, code, period)
    if done:
        parts.append(str(done))
    for activity in log.select(kind_id, jurisdiction=code, state=State.PLANNED, period=period):
        parts.append(_plan_text(activity, as_of, locale))
    for activity in log.select(kind_id, jurisdiction=code, state=State.CANCELLED, period=period):
        parts.append(translate(N_("cancelled {when}"), locale, when=str(activity.when)))
    return ", ".join(parts) or "–"


def tasks_json(
    log: ActivityLog, locale: str, *, as_of: _dt.date, period: Period | None = None
) -> dict[str, Any]:
    """The task summaries, per government counts and open plans as JSON-ready data.

    Names are given in Korean and English; each task's summary sentence is
    rendered in ``locale``.
    """
    names = _Names(locale)
    english = _Names("en")
    cohort = sorted(log.cohort or (), key=names.sort_key)
    workshop = workshop_2022()
    return {
        "cohort": [
            {"code": code, "name": {"ko": names(code), "en": english(code)}} for code in cohort
        ],
        "period": None if period is None else str(period),
        "as_of": as_of.isoformat(),
        "reported_at": {
            "id": workshop.id,
            "name": workshop.name.to_mapping(),
            "place": workshop.place.to_mapping(),
            "start": workshop.start.isoformat(),
            "end": workshop.end.isoformat(),
            "organiser": workshop.organiser.to_mapping(),
        },
        "tasks": [
            {
                "kind": summary.kind.id,
                "name": summary.kind.name.to_mapping(),
                "governments": len(summary.jurisdictions),
                "cohort_size": None if summary.cohort is None else len(summary.cohort),
                "times": summary.times,
                "done": dict(summary.done),
                "planned": dict(summary.planned),
                "cancelled": dict(summary.cancelled),
                "not_yet": list(summary.not_yet or ()),
                "summary": summary.describe().render(names.locale),
            }
            for summary in log.summaries(period)
        ],
        "governments": [
            {
                "code": row.jurisdiction,
                "done": dict(row.done),
                "planned": dict(row.planned),
                "cancelled": dict(row.cancelled),
            }
            for row in sorted(
                log.by_jurisdiction(period), key=lambda r: names.sort_key(r.jurisdiction)
            )
        ],
        "open_plans": [
            {
                "code": activity.jurisdiction,
                "kind": activity.kind.id,
                "when": str(activity.when),
                "count": activity.count,
                "overdue": activity.when.before(as_of),
                "note": activity.note,
            }
            for activity in log.select(state=State.PLANNED, period=period)
        ],
    }


def task_sections(
    log: ActivityLog, locale: str, *, as_of: _dt.date, period: Period | None = None
) -> list[Section]:
    """The policy-task summary as two sections: the tasks, and the governments.

    The first section's table has one row per task kind (governments, times,
    planned, not yet), its notes one sentence per task and the overdue
    plans; the second has one row per government and task.
    """
    names = _Names(locale)
    workshop = workshop_2022()
    summaries = log.summaries(period)
    title = translate(
        N_("Common priority policy tasks of the 2022 priority cities, as of {date}"),
        locale,
        date=as_of,
    )
    lead = translate(N_("Reported at: {event}"), locale, event=workshop.describe())
    if period is not None:
        lead += "\n" + translate(
            N_("Counted: activities inside {period}"), locale, period=str(period)
        )
    task_headers = [
        translate(N_("Task"), locale),
        translate(N_("Governments"), locale),
        translate(N_("Times"), locale),
        translate(N_("Planned"), locale),
        translate(N_("Not yet"), locale),
    ]
    task_rows = []
    for summary in summaries:
        total = "" if summary.cohort is None else f"/{len(summary.cohort)}"
        task_rows.append(
            [
                summary.kind.name.render(locale),
                f"{len(summary.jurisdictions)}{total}",
                str(summary.times),
                str(summary.planned_times),
                ", ".join(names(code) for code in sorted(summary.not_yet or (), key=names.sort_key))
                or "–",
            ]
        )
    kinds = [summary.kind for summary in summaries]
    government_headers = [translate(N_("Government"), locale)] + [
        kind.name.render(locale) for kind in kinds
    ]
    codes = sorted({row.jurisdiction for row in log.by_jurisdiction(period)}, key=names.sort_key)
    government_rows = [
        [names(code)] + [_cell(log, code, kind.id, period, as_of, locale) for kind in kinds]
        for code in codes
    ]
    lines = [f"- {summary.describe().render(locale)}" for summary in summaries]
    overdue = [a for a in log.overdue(as_of) if period is None or a.when.lies_within(period)]
    if overdue:
        lines.append(
            translate(
                N_("Overdue plans as of {date}: {count}"), locale, date=as_of, count=len(overdue)
            )
        )
    by_government = translate(N_("By government"), locale)
    return [
        Section(title, lead, task_headers, task_rows, lines),
        Section(by_government, "", government_headers, government_rows),
    ]
