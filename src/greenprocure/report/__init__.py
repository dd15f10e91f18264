"""Reports for people: attainment tables, explanations, in Korean or English.

:mod:`greenprocure.report.attainment` renders an
:class:`~greenprocure.evaluation.AttainmentReport` as a terminal table,
Markdown, CSV or JSON, and an :class:`~greenprocure.evaluation.Explanation`
as text.
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

__all__ = [
    "attainment_csv",
    "attainment_json",
    "attainment_markdown",
    "attainment_table",
    "explanation_markdown",
    "explanation_text",
    "render",
]
