"""Reports for people: attainment tables, explanations, pages and charts, in Korean or English.

:mod:`greenprocure.report.attainment` renders an
:class:`~greenprocure.evaluation.AttainmentReport` as a terminal table,
Markdown, CSV or JSON, and an :class:`~greenprocure.evaluation.Explanation`
as text. :func:`render_html` makes one standalone HTML page of a report
(with extra :class:`Section` objects, such as the policy tasks or the
PROCURA+ comparison), and :func:`plot_attainment` draws the attainment bar
chart with the pro-rata line (needs the ``plot`` extra, matplotlib).
"""

from __future__ import annotations

from greenprocure.report.attainment import (
    attainment_csv,
    attainment_json,
    attainment_markdown,
    attainment_table,
    explanation_markdown,
    explanation_text,
    render,
)
from greenprocure.report.chart import HangulFontWarning, hangul_font, plot_attainment
from greenprocure.report.html import render_html
from greenprocure.report.sections import Section, section_html, section_markdown, section_text

__all__ = [
    "HangulFontWarning",
    "Section",
    "attainment_csv",
    "attainment_json",
    "attainment_markdown",
    "attainment_table",
    "explanation_markdown",
    "explanation_text",
    "hangul_font",
    "plot_attainment",
    "render",
    "render_html",
    "section_html",
    "section_markdown",
    "section_text",
]
