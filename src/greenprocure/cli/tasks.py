"""``greenprocure tasks``: the common priority policy tasks of the 2022 priority cities."""

from __future__ import annotations

import argparse
import datetime as _dt
import json

from greenprocure.cli._common import EXIT_OK, Command, Output, UsageError
from greenprocure.datasets._policy_2022 import activities_2022
from greenprocure.errors import PeriodError
from greenprocure.i18n import N_, translate
from greenprocure.period import Period
from greenprocure.report.policy import task_sections, tasks_json
from greenprocure.report.sections import section_markdown, section_text

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


def _run(args: argparse.Namespace, output: Output) -> int:
    locale = output.locale
    as_of = _as_of(args.as_of)
    period = _period(args.period)
    log = activities_2022()
    if output.format == "json":
        data = tasks_json(log, locale, as_of=as_of, period=period)
        output.write(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    tasks, governments = task_sections(log, locale, as_of=as_of, period=period)
    if output.format == "md":
        parts = [section_markdown(tasks, bullets=False), section_markdown(governments, level=3)]
    else:
        parts = [
            section_text(tasks, max_width=_CELL_WIDTH * 2),
            section_text(governments, max_width=_CELL_WIDTH, rule="-"),
        ]
    output.write("\n\n".join(parts))
    return EXIT_OK


#: The ``greenprocure tasks`` subcommand.
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
    examples=(
        "greenprocure tasks",
        "greenprocure tasks --as-of 2022-12-01 --locale en",
    ),
)
