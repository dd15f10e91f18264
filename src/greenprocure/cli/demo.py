"""``greenprocure demo``: the 2022 priority-city results, computed by the library itself.

The demo evaluates the package's synthetic sample ledger with the built-in
``kr-priority-cities@2022`` rule set over January–September 2022 and shows,
next to each computed figure, the figure the programme published (they are
equal), who is on track against the pro-rata line (9 of 12 months = 75%),
the common priority policy tasks and the PROCURA+ comparison in brief.
Everything comes from data shipped in the package; nothing is read from the
network or the current directory.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
from decimal import Decimal
from typing import Any

from greenprocure.cli._common import (
    EXIT_DATA,
    EXIT_OK,
    Command,
    Output,
    UsageError,
    display_width,
    markdown_table,
)
from greenprocure.datasets import SAMPLE_NOTE, PriorityCities2022, priority_cities_2022
from greenprocure.evaluation import AttainmentReport
from greenprocure.i18n import N_, Message, format_money, format_percent, percent_text, translate
from greenprocure.procura import korea_vs_procura, network
from greenprocure.report.attainment import explanation_markdown, explanation_text

__all__ = ["COMMAND", "demo_data", "render_demo", "render_demo_html"]

#: The day the 2022 figures were presented: the workshop's first day.
_REPORTED_ON = _dt.date(2022, 10, 20)


def _configure(parser: argparse.ArgumentParser, locale: str) -> None:
    parser.add_argument(
        "--explain",
        metavar="NAME",
        default=None,
        help=translate(
            N_("also explain one government's figures (a name such as 부산 or a code)"),
            locale,
        ),
    )
    parser.add_argument(
        "--chart",
        metavar="FILE",
        default=None,
        help=translate(
            N_("also draw the attainment chart to FILE (.png or .svg; needs the 'plot' extra)"),
            locale,
        ),
    )


def _published(data: PriorityCities2022, code: str) -> Decimal | None:
    return data.published.percent(code)


def _matches(data: PriorityCities2022, report: AttainmentReport) -> list[tuple[str, bool]]:
    checks = []
    for row in report.rows:
        published = _published(data, row.code)
        computed = percent_text(row.attainment) if row.attainment is not None else None
        checks.append((row.code, published is not None and computed == str(published)))
    return checks


def demo_data(locale: str = "ko") -> dict[str, Any]:
    """The demo as plain data: the report's JSON shape plus ``published`` per row.

    Examples:
        >>> data = demo_data("en")
        >>> [(row["name_en"], row["attainment_percent"], row["published"]) for row in
        ...  data["rows"]][:2]
        [('Gyeongsangnam-do', '78.4', '78.4'), ('Busan', '71.6', '71.6')]
        >>> data["all_equal"], data["synthetic"]
        (True, True)
    """
    data = priority_cities_2022()
    report = data.evaluate_sample()
    plain = report.to_dict(locale)
    for row in plain["rows"]:
        published = _published(data, row["code"])
        row["published"] = None if published is None else str(published)
    plain["all_equal"] = all(ok for _, ok in _matches(data, report))
    plain["synthetic"] = True
    plain["note"] = SAMPLE_NOTE.render(locale)
    plain["published_source"] = data.published.source
    plain["tasks"] = [s.describe().render(locale) for s in data.activities.summaries()]
    comparison = korea_vs_procura()
    plain["procura"] = {
        "summary": comparison.describe().render(locale),
        "dimensions": [
            {"dimension": r.dimension, "verdict": r.verdict.value} for r in comparison.rows
        ],
        "members": network().latest("members").value,
        "countries": network().latest("countries").value,
    }
    return plain


def _totals(report: AttainmentReport, locale: str) -> str:
    totals = report.totals
    return translate(
        N_(
            "Purchases read: {read}; counted {counted}, refused {refused}, outside the period"
            " {outside} (why: greenprocure demo --explain NAME)"
        ),
        locale,
        read=totals.read,
        counted=totals.counted,
        refused=totals.refused,
        outside=totals.outside,
    )


def _on_track(report: AttainmentReport, locale: str) -> Message:
    share = report.period.share_of_year
    ahead = [row for row in report.rows if row.attainment is not None and row.attainment >= share]
    names = ", ".join(row.name_ko if locale == "ko" else row.name_en for row in ahead)
    return Message.of(
        N_("On track against the pro-rata line ({share}): {count} of {total}: {names}"),
        share=format_percent(share, locale),
        count=len(ahead),
        total=len(report.rows),
        names=names or "—",
    )


_HEADERS = (
    N_("rank"),
    N_("jurisdiction"),
    N_("counted green amount"),
    N_("target amount"),
    N_("attainment (computed)"),
    N_("published"),
    N_("status"),
)
_RIGHT = {0, 2, 3, 4, 5}


def _cells(report: AttainmentReport, data: PriorityCities2022, locale: str) -> list[list[str]]:
    rows = []
    for row in report.rows:
        published = _published(data, row.code)
        computed = format_percent(row.attainment, locale) if row.attainment is not None else "—"
        same = published is not None and computed == format_percent(published / 100, locale)
        rows.append(
            [
                str(row.rank) if row.rank is not None else "—",
                row.name_ko if locale == "ko" else row.name_en,
                format_money(row.amount, locale),
                format_money(row.target.amount, locale)
                if row.target is not None and row.target.amount is not None
                else "—",
                computed,
                (format_percent(published / 100, locale) + (" =" if same else " ≠"))
                if published is not None
                else "—",
                row.status.label.render(locale) if row.status is not None else "—",
            ]
        )
    return rows


def _aligned(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(display_width(cell) for cell in [headers[i], *(r[i] for r in rows)])
        for i in range(len(headers))
    ]

    def line(cells: list[str]) -> str:
        padded = []
        for i, cell in enumerate(cells):
            space = " " * (widths[i] - display_width(cell))
            padded.append(space + cell if i in _RIGHT else cell + space)
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def render_demo(locale: str = "ko", format: str = "table") -> str:
    """The demo's text in ``format`` (``table``, ``md`` or ``json``)."""
    if format == "json":
        return json.dumps(demo_data(locale), ensure_ascii=False, indent=2)
    data = priority_cities_2022()
    report = data.evaluate_sample()
    matches = _matches(data, report)
    equal = sum(ok for _, ok in matches)
    comparison = korea_vs_procura()
    members = network().latest("members", on=_REPORTED_ON)
    countries = network().latest("countries", on=_REPORTED_ON)

    def t(msgid: str, **params: Any) -> str:
        return translate(msgid, locale, **params)

    title = t(
        N_("2022 Green Purchasing Priority Cities: attainment against the target amount, {period}"),
        period=str(report.period),
    )
    verdict = t(
        N_("Computed by the library's rules ({ruleset}) and published: {equal} of {total} equal"),
        ruleset=str(report.ruleset),
        equal=equal,
        total=len(matches),
    )
    tasks = [s.describe().render(locale) for s in data.activities.summaries()]
    procura = [
        comparison.describe().render(locale),
        t(
            N_("PROCURA+ members: {members} institutions in {countries} countries ({date})"),
            members=members.value,
            countries=countries.value,
            date=members.as_of,
        ),
        *(row.describe().render(locale) for row in comparison.rows),
    ]
    source = t(N_("Published figures: {source}"), source=data.published.source)
    note = SAMPLE_NOTE.render(locale)
    on_track = _on_track(report, locale).render(locale)
    tasks_title = t(N_("Common priority policy tasks, 2022-01..2022-09"))
    procura_title = t(N_("Korea and PROCURA+ in brief"))
    headers = [t(h) for h in _HEADERS]
    cells = _cells(report, data, locale)
    if format == "md":
        parts = [
            f"# {title}",
            f"> {note}",
            "",
            markdown_table(headers, cells),
            "",
            f"**{verdict}**",
            "",
            on_track,
            "",
            source,
            f"## {tasks_title}",
            *(f"- {line}" for line in tasks),
            f"## {procura_title}",
            *(f"- {line}" for line in procura),
        ]
        return "\n".join(parts) + "\n"
    rule = "=" * 72
    parts = [
        title,
        rule,
        f"* {note}",
        "",
        _aligned(headers, cells),
        "",
        verdict,
        _totals(report, locale),
        on_track,
        source,
        "",
        tasks_title,
        "-" * 72,
        *(f"  {line}" for line in tasks),
        "",
        procura_title,
        "-" * 72,
        *(f"  {line}" for line in procura),
    ]
    return "\n".join(parts) + "\n"


def render_demo_html(locale: str = "ko") -> str:
    """The demo as one standalone HTML page."""
    from greenprocure.report.html import render_html
    from greenprocure.report.sections import Section

    data = priority_cities_2022()
    report = data.evaluate_sample()
    matches = _matches(data, report)
    comparison = korea_vs_procura()

    def t(msgid: str, **params: Any) -> str:
        return translate(msgid, locale, **params)

    verdict = t(
        N_("Computed by the library's rules ({ruleset}) and published: {equal} of {total} equal"),
        ruleset=str(report.ruleset),
        equal=sum(ok for _, ok in matches),
        total=len(matches),
    )
    published = Section(
        t(N_("Computed and published")),
        lead=verdict,
        headers=tuple(t(h) for h in _HEADERS),
        rows=_cells(report, data, locale),
        notes=(t(N_("Published figures: {source}"), source=data.published.source),),
    )
    tasks = Section(
        t(N_("Common priority policy tasks, 2022-01..2022-09")),
        notes=tuple(s.describe().render(locale) for s in data.activities.summaries()),
    )
    procura = Section(
        t(N_("Korea and PROCURA+ in brief")),
        lead=comparison.describe().render(locale),
        notes=tuple(row.describe().render(locale) for row in comparison.rows),
    )
    return render_html(
        report,
        locale,
        title=t(
            N_(
                "2022 Green Purchasing Priority Cities: attainment against the target"
                " amount, {period}"
            ),
            period=str(report.period),
        ),
        notes=(SAMPLE_NOTE.render(locale), _on_track(report, locale).render(locale)),
        sections=(published, tasks, procura),
    )


def _run(args: argparse.Namespace, output: Output) -> int:
    data = priority_cities_2022()
    report = data.evaluate_sample()
    if args.chart:
        _chart_format(args.chart)
    # Resolve --explain first, so that a bad name fails before anything is
    # printed (exit status 1, with the candidates), as it does in ``report``.
    explanation = report.explain(args.explain) if args.explain else None
    if args.format == "html":
        output.write(render_demo_html(args.locale))
    else:
        output.write(render_demo(args.locale, args.format))
    if explanation is not None:
        if args.format == "md":
            output.write(explanation_markdown(explanation, args.locale, report=report))
        elif args.format == "json":
            output.write(json.dumps(explanation.to_dict(args.locale), ensure_ascii=False, indent=2))
        else:
            output.write("\n" + explanation_text(explanation, args.locale, report=report))
    if args.chart:
        _chart(args.chart, args.locale)
    return EXIT_OK if all(ok for _, ok in _matches(data, report)) else EXIT_DATA


def _chart_format(path: str) -> None:
    """Refuse a ``--chart`` file name whose format cannot be told, before any work."""
    from greenprocure.report.chart import CHART_FORMATS

    suffix = os.path.splitext(path)[1].lstrip(".").lower()
    if suffix not in CHART_FORMATS:
        raise UsageError(
            N_("--chart {path}: the file name must end in {formats}"),
            path=path,
            formats=" / ".join(f".{name}" for name in CHART_FORMATS),
        )


def _chart(path: str, locale: str) -> None:
    try:
        from greenprocure.report.chart import plot_attainment
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise UsageError(N_("charts need the 'plot' extra: {error}"), error=str(error)) from None
    data = priority_cities_2022()
    try:
        plot_attainment(
            data.evaluate_sample(),
            path,
            locale=locale,
            published={f.jurisdiction.code: f.attainment_percent for f in data.published},
        )
    except ValueError as error:
        raise UsageError(N_("--chart {path}: {error}"), path=path, error=str(error)) from None


#: The ``greenprocure demo`` subcommand.
COMMAND = Command(
    name="demo",
    help=N_("show the 2022 priority-city results computed from the package's sample data"),
    description=N_(
        "Evaluate the package's synthetic sample ledger with kr-priority-cities@2022 over"
        " 2022-01..2022-09 and show the computed attainment next to the published figures,"
        " who is on track, the policy tasks and the PROCURA+ comparison."
    ),
    formats=("table", "json", "md", "html"),
    configure=_configure,
    run=_run,
    examples=(
        "greenprocure demo",
        "greenprocure demo --locale en",
        "greenprocure demo --explain 부산",
        "greenprocure demo --format html --output demo.html",
        "greenprocure demo --chart attainment.png",
    ),
)
