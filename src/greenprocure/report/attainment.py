"""Attainment reports for people: terminal table, Markdown, CSV, JSON, and explanations.

Every renderer takes the locale (``"ko"`` or ``"en"``): headers, statuses
and reasons come through :mod:`greenprocure.i18n`, money through
:func:`~greenprocure.i18n.format_money` (``1,100,000,000원``), percentages
rounded half up to one decimal (``62.0%``). The terminal table lines up
columns with Hangul counted as two columns wide; CSV cells that a
spreadsheet would run as formulas are neutralised.

Examples:
    >>> import datetime as dt
    >>> from greenprocure import Money, evaluate
    >>> from greenprocure.purchases import Purchase
    >>> ledger = [Purchase("p1", "4800000000", dt.date(2022, 3, 1), "복사용지",
    ...                    Money.krw(50_000))]
    >>> report = evaluate(ledger, "kr-priority-cities", period="2022-01..2022-09",
    ...                   targets={"4800000000": Money.krw(1_000_000)})
    >>> for line in render(report, "table", "ko").splitlines()[:3]:
    ...     print(line)
    순위  지방정부    녹색제품 구매 인정액  목표액       달성률  상태
    ----  ----------  --------------------  -----------  ------  ----
       1  4800000000                   0원  1,000,000원    0.0%  미달
    >>> print(render(report, "csv", "en"))  # doctest: +NORMALIZE_WHITESPACE
    rank,code,name_ko,name_en,level,amount,target,attainment_percent,status,status_code,total,...
    1,4800000000,,,,0,1000000,0.0,behind,behind,50000,0.0,,,0,1,0
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Final

from greenprocure.cli._common import display_width
from greenprocure.evaluation import AttainmentReport, AttainmentRow, Explanation, YearCount
from greenprocure.i18n import N_, Message, format_money, format_percent, percent_text, translate
from greenprocure.io._csv import neutralise

__all__ = [
    "FORMATS",
    "attainment_csv",
    "attainment_json",
    "attainment_markdown",
    "attainment_table",
    "explanation_markdown",
    "explanation_text",
    "render",
]

#: The formats :func:`render` knows.
FORMATS: Final = ("table", "md", "csv", "json")

_HEADERS: Final = {
    "rank": N_("rank"),
    "jurisdiction": N_("jurisdiction"),
    "amount": N_("counted green amount"),
    "target": N_("target amount"),
    "share": N_("green share"),
    "target_rate": N_("target rate"),
    "attainment": N_("attainment"),
    "status": N_("status"),
    "rollup": N_("with basic governments"),
}

_NUMERIC: Final = frozenset(
    {"rank", "amount", "target", "share", "target_rate", "attainment", "rollup"}
)


def _bare(name_ko: str, name_en: str, locale: str) -> str:
    return (name_ko if locale == "ko" else name_en) or name_ko or name_en


def _registry_name(report: AttainmentReport, code: str, locale: str) -> str:
    """``qualified_name`` from the registry the report was evaluated with ("" if none)."""
    directory = report.context.jurisdictions
    qualified = getattr(directory, "qualified_name", None) or getattr(
        getattr(directory, "registry", None), "qualified_name", None
    )
    record = report.context.jurisdiction(code) if callable(qualified) else None
    if record is None or getattr(record, "parent_code", None) is None:
        return ""
    try:
        return str(qualified(record, locale))  # type: ignore[misc]
    except LookupError:
        return ""


def _qualified(
    code: str,
    name_ko: str,
    name_en: str,
    parent_code: str | None,
    locale: str,
    report: AttainmentReport | None,
) -> str:
    """A jurisdiction's name for people; a basic government's with its parent's.

    ``대구광역시 중구`` / ``Jung-gu, Daegu``, so that the two 중구 never read
    alike; ``중구 (2711000000)`` when the parent's name is not known.
    """
    name = _bare(name_ko, name_en, locale)
    if not name or not parent_code:
        return name or code
    if report is not None:
        parent = report.jurisdictions.get(parent_code)
        parent_name = _bare(parent.name_ko, parent.name_en, locale) if parent else ""
        if parent_name:
            return f"{parent_name} {name}" if locale == "ko" else f"{name}, {parent_name}"
        from_registry = _registry_name(report, code, locale)
        if from_registry:
            return from_registry
    return f"{name} ({code})"


def _name(row: AttainmentRow, locale: str, report: AttainmentReport | None = None) -> str:
    return _qualified(row.code, row.name_ko, row.name_en, row.parent_code, locale, report)


def _columns(report: AttainmentReport) -> list[str]:
    columns = ["rank", "jurisdiction", "amount"]
    rates = any(r.target is not None and r.target.rate is not None for r in report.rows)
    amounts = any(r.target is None or r.target.amount is not None for r in report.rows)
    if amounts or not rates:
        columns.append("target")
    if rates:
        columns += ["share", "target_rate"]
    columns += ["attainment", "status"]
    if any(r.rollup_amount is not None for r in report.rows):
        columns.append("rollup")
    return columns


def _cells(
    row: AttainmentRow, columns: Sequence[str], locale: str, report: AttainmentReport
) -> list[str]:
    target = row.target
    values = {
        "rank": "" if row.rank is None else str(row.rank),
        "jurisdiction": _name(row, locale, report),
        "amount": format_money(row.amount, locale),
        "target": format_money(target.amount, locale)
        if target is not None and target.amount is not None
        else "—",
        "share": format_percent(row.share, locale) if row.share is not None else "—",
        "target_rate": format_percent(target.rate, locale)
        if target is not None and target.rate is not None
        else "—",
        "attainment": format_percent(row.attainment, locale) if row.attainment is not None else "—",
        "status": row.status.label.render(locale) if row.status is not None else "—",
        "rollup": format_money(row.rollup_amount, locale) if row.rollup_amount is not None else "",
    }
    return [values[column] for column in columns]


def _summary(report: AttainmentReport, locale: str) -> str:
    t = report.totals
    return translate(
        N_(
            "purchases read: {read}; counted {counted}, refused {refused}, outside the measure"
            " {excluded}, outside the period {outside} ({ruleset}, {period})"
        ),
        locale,
        read=f"{t.read:,}",
        counted=f"{t.counted:,}",
        refused=f"{t.refused:,}",
        excluded=f"{t.excluded:,}",
        outside=f"{t.outside:,}",
        ruleset=str(report.ruleset),
        period=str(report.period),
    )


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(text))
    return space + text if right else text + space


def attainment_table(report: AttainmentReport, locale: str = "ko") -> str:
    """A terminal table: numbers right-aligned, Hangul counted two columns wide."""
    columns = _columns(report)
    headers = [translate(_HEADERS[c], locale) for c in columns]
    body = [_cells(row, columns, locale, report) for row in report.rows]
    widths = [
        max(display_width(text) for text in [headers[i], *(cells[i] for cells in body)])
        for i in range(len(columns))
    ]
    lines = ["  ".join(_pad(h, w, False) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for cells in body:
        lines.append(
            "  ".join(
                _pad(text, width, column in _NUMERIC)
                for text, width, column in zip(cells, widths, columns, strict=True)
            ).rstrip()
        )
    lines.append(_summary(report, locale))
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def attainment_markdown(report: AttainmentReport, locale: str = "ko") -> str:
    """A Markdown table (numbers right-aligned) followed by the summary line."""
    columns = _columns(report)
    headers = [translate(_HEADERS[c], locale) for c in columns]
    lines = [
        "| " + " | ".join(_md(h) for h in headers) + " |",
        "|" + "|".join("---:" if c in _NUMERIC else "---" for c in columns) + "|",
    ]
    for row in report.rows:
        lines.append("| " + " | ".join(_md(c) for c in _cells(row, columns, locale, report)) + " |")
    lines.append("")
    lines.append(_summary(report, locale))
    return "\n".join(lines)


_CSV_FIELDS: Final = (
    "rank",
    "code",
    "name_ko",
    "name_en",
    "level",
    "amount",
    "target",
    "attainment_percent",
    "status",
    "status_code",
    "total",
    "share_percent",
    "target_rate_percent",
    "rollup_amount",
    "counted",
    "refused",
    "excluded",
)


def attainment_csv(report: AttainmentReport, locale: str = "ko") -> str:
    """CSV for spreadsheets: plain numbers, the status label in ``locale``, safe cells.

    The columns are named by field (``rank``, ``code``, ``amount``, ...) so
    that files of either language read alike; amounts are in the currency's
    unit without grouping, percentages have one decimal rounded half up.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_FIELDS)
    for row in report.rows:
        target = row.target
        values = {
            "rank": "" if row.rank is None else str(row.rank),
            "code": row.code,
            "name_ko": row.name_ko,
            "name_en": row.name_en,
            "level": row.level or "",
            "amount": str(row.amount.amount),
            "target": str(target.amount.amount)
            if target is not None and target.amount is not None
            else "",
            "attainment_percent": percent_text(row.attainment)
            if row.attainment is not None
            else "",
            "status": row.status.label.render(locale) if row.status is not None else "",
            "status_code": row.status.code if row.status is not None else "",
            "total": str(row.total.amount),
            "share_percent": percent_text(row.share) if row.share is not None else "",
            "target_rate_percent": percent_text(target.rate)
            if target is not None and target.rate is not None
            else "",
            "rollup_amount": str(row.rollup_amount.amount) if row.rollup_amount is not None else "",
            "counted": str(row.counted),
            "refused": str(row.refused),
            "excluded": str(row.excluded),
        }
        writer.writerow([neutralise(values[field]) for field in _CSV_FIELDS])
    return buffer.getvalue()


def attainment_json(report: AttainmentReport, locale: str = "ko") -> str:
    """The report as JSON (:meth:`AttainmentReport.to_dict` with labels in ``locale``)."""
    return json.dumps(report.to_dict(locale), ensure_ascii=False, indent=2)


def render(report: AttainmentReport, format: str = "table", locale: str = "ko") -> str:
    """The report in ``format`` (``table``, ``md``, ``csv`` or ``json``)."""
    renderers = {
        "table": attainment_table,
        "md": attainment_markdown,
        "csv": attainment_csv,
        "json": attainment_json,
    }
    if format not in renderers:
        raise ValueError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    return renderers[format](report, locale)


# -- explanations -----------------------------------------------------------------


def _year_lines(year: YearCount, locale: str, top: int, label: Message) -> list[str]:
    lines = [
        translate(
            N_(
                "{label}: counted {counted} ({counted_amount}), refused {refused}"
                " ({refused_amount}), outside the measure {excluded} ({excluded_amount})"
            ),
            locale,
            label=label,
            counted=f"{year.counted:,}",
            counted_amount=year.counted_amount,
            refused=f"{year.refused:,}",
            refused_amount=year.refused_amount,
            excluded=f"{year.excluded:,}",
            excluded_amount=year.excluded_amount,
        )
    ]
    for rule in year.rules:
        count = rule.refused + rule.excluded
        amount = rule.refused_amount + rule.excluded_amount
        lines.append(
            "  "
            + translate(
                N_("{rule}: {count} not counted ({amount}) — {description}"),
                locale,
                rule=rule.rule_id,
                count=f"{count:,}",
                amount=amount,
                description=rule.description,
            )
        )
        for reason in rule.top(top):
            example = reason.example.render(locale) if reason.example is not None else ""
            lines.append(
                "    "
                + translate(
                    N_("{code}: {count} ({amount}), e.g. {purchase}: {example}"),
                    locale,
                    code=reason.code,
                    count=f"{reason.count:,}",
                    amount=reason.amount,
                    purchase=reason.example_purchase,
                    example=example,
                )
            )
        hidden = len(rule.reasons) - top
        if hidden > 0:
            lines.append("    " + translate(N_("… and {count} more reasons"), locale, count=hidden))
    return lines


def explanation_text(
    explanation: Explanation,
    locale: str = "ko",
    *,
    top: int = 3,
    report: AttainmentReport | None = None,
) -> str:
    """Why one jurisdiction's figures are what they are, as plain text.

    Shows the period's counts, each rule's refusals with its ``top`` reasons
    (count, money, one example), the target and its basis, the attainment
    and the status's reason, and the baseline year's counts. Given the
    ``report`` the explanation came from, a basic government is named with
    its parent (``대구광역시 중구 (2711000000)``).
    """
    e = explanation
    name = _bare(e.name_ko, e.name_en, locale)
    info = report.jurisdictions.get(e.code) if report is not None else None
    parent_code = e.row.parent_code if e.row is not None else None
    parent_code = parent_code or (info.parent_code if info is not None else None)
    if name and parent_code and report is not None:
        qualified = _qualified(e.code, e.name_ko, e.name_en, parent_code, locale, report)
        if not qualified.endswith(f" ({e.code})"):
            name = qualified
    title = f"{name} ({e.code})" if name else e.code
    lines = [f"{title} — {e.ruleset}"]
    row = e.row
    period_label = Message.of(N_("period {period}"), period=str(e.span))
    lines += _year_lines(e.period, locale, top, period_label)
    if e.target_basis is not None and row is not None and row.target is not None:
        target = row.target
        shown = (
            format_money(target.amount, locale)
            if target.amount is not None
            else format_percent(target.rate or 0, locale)
        )
        lines.append(
            translate(
                N_("target: {target} — {basis} ({rule})"),
                locale,
                target=shown,
                basis=e.target_basis,
                rule=e.target_rule or "",
            )
        )
    else:
        lines.append(translate(N_("target: none"), locale))
    if row is not None:
        attainment = format_percent(row.attainment, locale) if row.attainment is not None else "—"
        status = row.status.label.render(locale) if row.status is not None else "—"
        reason = e.status_reason.render(locale) if e.status_reason is not None else ""
        lines.append(
            translate(
                N_("attainment: {attainment}, status: {status} — {reason}"),
                locale,
                attainment=attainment,
                status=status,
                reason=reason,
            )
        )
        if row.rank is not None:
            lines.append(translate(N_("rank: {rank}"), locale, rank=row.rank))
    if e.baseline is not None:
        label = Message.of(N_("{year} (baseline year)"), year=e.baseline.year)
        lines += _year_lines(e.baseline, locale, top, label)
    return "\n".join(lines)


def explanation_markdown(
    explanation: Explanation,
    locale: str = "ko",
    *,
    top: int = 3,
    report: AttainmentReport | None = None,
) -> str:
    """The explanation as a Markdown block (a heading and a list); ``report`` as in
    :func:`explanation_text`."""
    text = explanation_text(explanation, locale, top=top, report=report).splitlines()
    lines = [f"### {text[0]}", ""]
    for line in text[1:]:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        lines.append("  " * depth + "- " + _md(line.strip()))
    return "\n".join(lines)
