"""``greenprocure procura``: Korea compared with PROCURA+, scheme mapping, network facts."""

from __future__ import annotations

import argparse
import datetime as _dt
import json

from greenprocure.cli._common import (
    EXIT_OK,
    Command,
    Output,
    UsageError,
    display_width,
)
from greenprocure.i18n import N_, translate
from greenprocure.procura import korea_vs_procura, network, scheme_mapping
from greenprocure.report.procura import procura_json, procura_sections
from greenprocure.report.sections import section_markdown, section_text

__all__ = ["COMMAND"]

_CELL_WIDTH = 26


def _configure(parser: argparse.ArgumentParser, locale: str) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help=translate(
            N_("show the network facts known on DATE (YYYY-MM-DD; default: today)"), locale
        ),
    )


def _as_of(value: str | None) -> _dt.date:
    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            N_("--as-of {value!r} is not a date of the form 2022-10-20"), value=value
        ) from None


def _run(args: argparse.Namespace, output: Output) -> int:
    locale = output.locale
    day = _as_of(args.as_of)
    if output.format == "json":
        payload = procura_json(
            korea_vs_procura(), scheme_mapping(), network().facts_on(day), locale
        )
        output.write(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    sections, sources = procura_sections(locale, day)
    markdown = output.format == "md"
    parts: list[str] = []
    for section in sections:
        if markdown:
            parts.append(section_markdown(section))
        else:
            parts.append(section_text(section, max_width=_CELL_WIDTH))
    heading = translate(N_("Sources"), locale)
    if markdown:
        parts.append(f"## {heading}")
        parts.append("\n".join(f"{n}. {source}" for n, source in enumerate(sources.items, 1)))
    else:
        parts.append(f"{heading}\n{'=' * display_width(heading)}")
        parts.append("\n".join(sources.lines()))
    output.write("\n\n".join(parts))
    return EXIT_OK


#: The ``greenprocure procura`` subcommand.
COMMAND = Command(
    name="procura",
    help=N_("compare Korea's green purchasing with Europe's PROCURA+ network"),
    description=N_(
        "Show the comparison of Korea's public green purchasing with the PROCURA+ network"
        " dimension by dimension, the mapping between Korean and foreign certification"
        " schemes, and the network's facts as known on a date, with sources."
    ),
    formats=("table", "json", "md"),
    configure=_configure,
    run=_run,
    examples=(
        "greenprocure procura",
        "greenprocure procura --locale en --format md",
    ),
)
