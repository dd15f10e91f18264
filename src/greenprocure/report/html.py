"""An attainment report as one standalone HTML page.

:func:`render_html` returns a single self-contained ``.html`` string: inline
CSS, no script, no external file, ``<html lang="ko">`` or ``lang="en"``.
It holds the attainment table with a bar per row (the attainment, a line at
the period's share of the year — the pro-rata line — and one at 100%), the
totals, optional notes (say there that the data is synthetic) and optional
extra :class:`~greenprocure.report.sections.Section` objects (the policy
tasks, the PROCURA+ comparison). Every text is escaped with
:func:`html.escape`, so names from a file cannot inject markup.

Examples:
    >>> import datetime as dt
    >>> from greenprocure import Money, evaluate
    >>> from greenprocure.purchases import Purchase
    >>> ledger = [Purchase("p1", "4800000000", dt.date(2022, 3, 1), "복사용지",
    ...                    Money.krw(50_000))]
    >>> report = evaluate(ledger, "kr-priority-cities", period="2022-01..2022-09",
    ...                   targets={"4800000000": Money.krw(1_000_000)})
    >>> page = render_html(report, "en", notes=["Synthetic <sample> data."])
    >>> page.startswith("<!DOCTYPE html>"), '<html lang="en">' in page
    (True, True)
    >>> "Synthetic &lt;sample&gt; data." in page
    True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from fractions import Fraction
from typing import Final

from greenprocure.evaluation import AttainmentReport, AttainmentRow
from greenprocure.i18n import N_, check_locale, format_money, format_percent, translate
from greenprocure.report.attainment import _HEADERS, _NUMERIC, _cells, _columns, _summary
from greenprocure.report.sections import Section, section_html

__all__ = ["render_html"]

_CSS: Final = """
body { font-family: "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic",
  system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1f23;
  line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid #e1e4e8; padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { position: relative; width: 12rem; height: .9rem; background: #eef1f4; }
.bar .fill { position: absolute; left: 0; top: 0; bottom: 0; background: #2da44e; }
.bar .fill.behind { background: #cf222e; }
.bar .fill.on-track { background: #bf8700; }
.bar .mark { position: absolute; top: -.15rem; bottom: -.15rem; width: 0;
  border-left: 2px dashed #57606a; }
.bar .mark.full { border-left: 2px solid #1b1f23; }
.legend { font-size: .85rem; color: #57606a; }
.notes { font-size: .9rem; color: #57606a; }
.note-box { border-left: 4px solid #bf8700; background: #fff8c5; padding: .5rem 1rem; }
"""

_BAR_HEADER: Final = N_("attainment bar")
_TABLE_TITLE: Final = N_("Attainment by jurisdiction")


def _scale(report: AttainmentReport) -> Fraction:
    """The ratio shown at the bar's right end: at least 100%, at most 200%."""
    highest = max(
        (row.attainment for row in report.rows if row.attainment is not None), default=Fraction(1)
    )
    return min(max(Fraction(1), highest, report.period.share_of_year), Fraction(2))


def _pct(value: Fraction) -> str:
    return f"{float(value * 100):.2f}%"  # float ok: a CSS width, not a figure


def _bar(row: AttainmentRow, scale: Fraction, pro_rata: Fraction) -> str:
    marks = (
        f'<span class="mark" style="left:{_pct(pro_rata / scale)}"></span>'
        f'<span class="mark full" style="left:{_pct(1 / scale)}"></span>'
    )
    if row.attainment is None:
        return f'<div class="bar">{marks}</div>'
    width = min(max(row.attainment, Fraction(0)), scale) / scale
    status = html.escape(row.status.code) if row.status is not None else ""
    fill = f'<span class="fill {status}" style="width:{_pct(width)}"></span>'
    return f'<div class="bar">{fill}{marks}</div>'


def _table(report: AttainmentReport, locale: str) -> str:
    esc = html.escape
    columns = _columns(report)
    scale = _scale(report)
    pro_rata = report.period.share_of_year
    heads = []
    for column in columns:
        css = ' class="num"' if column in _NUMERIC else ""
        heads.append(f"<th{css}>{esc(translate(_HEADERS[column], locale))}</th>")
        if column == "attainment":
            heads.append(f"<th>{esc(translate(_BAR_HEADER, locale))}</th>")
    lines = []
    for row in report.rows:
        cells = []
        for column, text in zip(columns, _cells(row, columns, locale, report), strict=True):
            css = ' class="num"' if column in _NUMERIC else ""
            cells.append(f"<td{css}>{esc(text)}</td>")
            if column == "attainment":
                cells.append(f"<td>{_bar(row, scale, pro_rata)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    body = "\n".join(lines)
    return f"<table>\n<thead><tr>{''.join(heads)}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _totals(report: AttainmentReport, locale: str) -> Section:
    t = report.totals
    rows = [
        (translate(N_("purchases read"), locale), f"{t.read:,}"),
        (translate(N_("purchases counted as green"), locale), f"{t.counted:,}"),
        (translate(N_("purchases refused"), locale), f"{t.refused:,}"),
        (translate(N_("purchases outside the measure"), locale), f"{t.excluded:,}"),
        (translate(N_("purchases outside the period"), locale), f"{t.outside:,}"),
        (translate(N_("counted green amount"), locale), format_money(t.counted_amount, locale)),
        (translate(N_("amount inside the measure"), locale), format_money(t.total_amount, locale)),
        (translate(N_("refused amount"), locale), format_money(t.refused_amount, locale)),
        (
            translate(N_("amount outside the measure"), locale),
            format_money(t.excluded_amount, locale),
        ),
    ]
    return Section(
        translate(N_("Totals"), locale),
        headers=(translate(N_("item"), locale), translate(N_("value"), locale)),
        rows=rows,
    )


def render_html(
    report: AttainmentReport,
    locale: str = "ko",
    *,
    title: str | None = None,
    notes: Sequence[str] = (),
    sections: Sequence[Section] = (),
) -> str:
    """The report as one standalone HTML page (inline CSS, escaped text).

    Args:
        report: the attainment report.
        locale: ``"ko"`` or ``"en"``; sets ``<html lang>`` and every label.
        title: the page's title (default: "Green purchasing attainment, PERIOD").
        notes: lines shown in a highlighted box under the title — e.g. that
            the purchases are synthetic sample data.
        sections: extra summaries, each rendered after the totals.

    Returns:
        The page, starting with ``<!DOCTYPE html>``.
    """
    locale = check_locale(locale)
    esc = html.escape
    heading = title or translate(
        N_("Green purchasing attainment, {period}"), locale, period=str(report.period)
    )
    pro_rata = report.period.share_of_year
    legend = translate(
        N_(
            "Bars: attainment of the target. Dashed line: the period's share of the year"
            " ({share}, pro rata); solid line: 100%."
        ),
        locale,
        share=format_percent(pro_rata, locale),
    )
    ruleset = translate(
        N_("Rule set {ruleset}, period {period}, amounts in {currency}"),
        locale,
        ruleset=str(report.ruleset),
        period=str(report.period),
        currency=report.currency,
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{locale}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(heading)}</h1>",
        f'<p class="legend">{esc(ruleset)}</p>',
    ]
    if notes:
        items = "\n".join(f"<p>{esc(note)}</p>" for note in notes)
        parts.append(f'<div class="note-box">\n{items}\n</div>')
    parts += [
        "<section>",
        f"<h2>{esc(translate(_TABLE_TITLE, locale))}</h2>",
        f'<p class="legend">{esc(legend)}</p>',
        _table(report, locale),
        f"<p>{esc(_summary(report, locale))}</p>",
        "</section>",
        section_html(_totals(report, locale)),
    ]
    parts += [section_html(section) for section in sections]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
