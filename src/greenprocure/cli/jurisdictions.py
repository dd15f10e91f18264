"""``greenprocure jurisdictions``: the local governments of a day, as a table or JSON.

Examples::

    greenprocure jurisdictions --on 2022-10-20 --level metro
    greenprocure jurisdictions --within 대구 --format json
    greenprocure jurisdictions 강원도 --on 2024-01-01 --locale en
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from collections.abc import Sequence
from typing import Any, Final

from greenprocure.cli._common import EXIT_OK, Command, Output, UsageError, text_table
from greenprocure.errors import AmbiguousJurisdictionError, JurisdictionValueError
from greenprocure.i18n import N_, translate
from greenprocure.jurisdictions import Jurisdiction, Level, Snapshot, korea

__all__ = ["COMMAND", "rows_as_json"]

_HEADERS: Final = (
    N_("code"),
    N_("Korean name"),
    N_("English name"),
    N_("level"),
    N_("kind"),
    N_("parent"),
    N_("valid from"),
    N_("valid until"),
)


def _configure(parser: argparse.ArgumentParser, locale: str) -> None:
    parser.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help=translate(
            N_("show only the jurisdiction NAME means (a name, short name or code)"), locale
        ),
    )
    parser.add_argument(
        "--on",
        metavar="DATE",
        default=None,
        help=translate(N_("the day to show, YYYY-MM-DD (default: today)"), locale),
    )
    parser.add_argument(
        "--level",
        choices=tuple(level.value for level in Level),
        default=None,
        help=translate(N_("only metropolitan or only basic governments"), locale),
    )
    parser.add_argument(
        "--within",
        metavar="NAME",
        default=None,
        help=translate(N_("only the governments under this metro (a name or code)"), locale),
    )


def _day(text: str | None) -> _dt.date:
    if text is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            N_("--on {value!r} is not a date: write it as YYYY-MM-DD"), value=text
        ) from None


def rows_as_json(records: Sequence[Jurisdiction]) -> list[dict[str, Any]]:
    """The records as JSON objects (the ``--format json`` output).

    Examples:
        >>> from greenprocure.jurisdictions import korea
        >>> rows_as_json([korea().get("2623000000")])[0]["parent_code"]
        '2600000000'
    """
    return [
        {
            "code": record.code,
            "name_ko": record.name_ko,
            "name_en": record.name_en,
            "level": record.level.value,
            "kind": record.kind.value,
            "parent_code": record.parent_code,
            "valid_from": record.valid_from.isoformat(),
            "valid_until": record.valid_until.isoformat() if record.valid_until else None,
        }
        for record in records
    ]


def _table(records: Sequence[Jurisdiction], snapshot: Snapshot, locale: str) -> str:
    rows = []
    for record in records:
        parent = "" if record.parent_code is None else snapshot.get(record.parent_code).name(locale)
        rows.append(
            [
                record.code,
                record.name_ko,
                record.name_en,
                record.level.label.render(locale),
                record.kind.label.render(locale),
                parent,
                record.valid_from.isoformat(),
                record.valid_until.isoformat() if record.valid_until else "",
            ]
        )
    return text_table([translate(header, locale) for header in _HEADERS], rows)


def _run(args: argparse.Namespace, output: Output) -> int:
    day = _day(args.on)
    try:
        snapshot = korea().on(day)
    except JurisdictionValueError as error:
        raise UsageError(error.msgid, **error.params) from None
    records: Sequence[Jurisdiction]
    if args.name is not None:
        try:
            match = snapshot.resolve(args.name, within=args.within)
        except AmbiguousJurisdictionError as error:
            if args.within is not None or "note" in error.params:
                raise
            # The registry's advice is for Python callers; say it in options.
            raise AmbiguousJurisdictionError(
                N_(
                    "{name!r} could mean any of {count} jurisdictions: {listing};"
                    " give the parent with --within, or the code"
                ),
                name=error.params.get("name", args.name),
                count=error.params.get("count", len(error.candidates)),
                listing=error.params.get("listing", ""),
                candidates=error.candidates,
            ) from None
        records = [match.jurisdiction]
        if match.note is not None:
            print(translate(N_("note: {note}"), output.locale, note=match.note), file=sys.stderr)
    elif args.within is not None:
        records = snapshot.children(args.within)
    else:
        records = tuple(snapshot)
    if args.level is not None:
        records = [record for record in records if record.level.value == args.level]
    if output.format == "json":
        output.write(json.dumps(rows_as_json(records), ensure_ascii=False, indent=2))
    else:
        output.write(_table(records, snapshot, output.locale))
    return EXIT_OK


#: The ``greenprocure jurisdictions`` subcommand.
COMMAND = Command(
    name="jurisdictions",
    help=N_("list Korea's metropolitan and basic local governments as of a date"),
    description=N_(
        "List the metropolitan and basic local governments that exist on a date, with"
        " their codes, names, kinds and parents; or show the one a name means."
    ),
    formats=("table", "json"),
    configure=_configure,
    run=_run,
    examples=(
        "greenprocure jurisdictions --on 2024-01-01 --level metro",
        "greenprocure jurisdictions 중구 --within 대구",
        'greenprocure jurisdictions "광주 북구" --on 2026-11-25 --format json',
    ),
)
