"""``greenprocure tasks``: the common priority policy tasks of the 2022 priority cities."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from typing import Any

from greenprocure.cli._common import (
    EXIT_OK,
    Command,
    Output,
    UsageError,
    display_width,
    markdown_table,
    text_table,
)
from greenprocure.datasets._policy_2022 import (
    METROS_2022,
    RESOLVED_ON,
    activities_2022,
    workshop_2022,
)
from greenprocure.errors import PeriodError
from greenprocure.i18n import N_, translate
from greenprocure.jurisdictions import korea
from greenprocure.period import Period
from greenprocure.policy import Activity, ActivityLog, State

__all__ = ["COMMAND"]

#: The day the 2022 figures were reported: the workshop's last day.
DEFAULT_AS_OF = _dt.date(2022, 10, 21)
_CELL_WIDTH = 22


def _configure(parser: argparse.ArgumentParser, locale: str) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        default=DEFAULT_AS_OF.isoformat(),
        help=translate(
            N_("judge planned tasks as of DATE (YYYY-MM-DD; default: {default})"),
            locale,
            default=DEFAULT_AS_OF.isoformat(),
        ),
    )
    parser.add_argument(
        "--period",
        metavar="PERIOD",
        default=None,
        help=translate(
            N_("count only activities inside PERIOD (e.g. 2022-01..2022-09; default: all)"),
            locale,
        ),
    )


def _as_of(value: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            N_("--as-of {value!r} is not a date of the form 2022-10-20"), value=value
        ) from None


def _period(value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return Period.parse(value)
    except PeriodError as error:
        raise UsageError(N_("--period: {reason}"), reason=error) from None


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


def _json(
    log: ActivityLog, names: _Names, period: Period | None, as_of: _dt.date
) -> dict[str, Any]:
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


def _run(args: argparse.Namespace, output: Output) -> int:
    locale = output.locale
    as_of = _as_of(args.as_of)
    period = _period(args.period)
    log = activities_2022()
    names = _Names(locale)
    if output.format == "json":
        output.write(json.dumps(_json(log, names, period, as_of), ensure_ascii=False, indent=2))
        return EXIT_OK
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
    if output.format == "md":
        parts = [
            f"## {title}",
            lead,
            markdown_table(task_headers, task_rows),
            "\n".join(lines),
            f"### {by_government}",
            markdown_table(government_headers, government_rows),
        ]
    else:
        parts = [
            f"{title}\n{'=' * display_width(title)}",
            lead,
            text_table(task_headers, task_rows, max_width=_CELL_WIDTH * 2),
            "\n".join(lines),
            f"{by_government}\n{'-' * display_width(by_government)}",
            text_table(government_headers, government_rows, max_width=_CELL_WIDTH),
        ]
    output.write("\n\n".join(parts))
    return EXIT_OK


COMMAND = Command(
    name="tasks",
    help=N_("show the common priority policy tasks of the 2022 priority cities"),
    description=N_(
        "Show which governments of the 2022 priority-city cohort carried out the common"
        " priority policy tasks (roundtables, capacity-building training, company"
        " certification briefings), how many times, and what is still planned."
    ),
    formats=("table", "json", "md"),
    configure=_configure,
    run=_run,
)
