"""Report sections: a titled table with a lead and notes, as text, Markdown or HTML.

The policy-task summary (:mod:`greenprocure.report.policy`), the PROCURA+
comparison (:mod:`greenprocure.report.procura`) and any summary of your own
become :class:`Section` objects: already translated text, so that one
section renders alike as a terminal table, Markdown or a part of the HTML
page (:func:`greenprocure.report.render_html` takes them as ``sections=``).

Examples:
    >>> section = Section("지역", headers=("지역", "n"), rows=(("서울", "1"), ("<b>", "2")))
    >>> print(section_markdown(section))
    ## 지역
    <BLANKLINE>
    | 지역 | n |
    |---|---|
    | 서울 | 1 |
    | <b> | 2 |
    >>> "&lt;b&gt;" in section_html(section)
    True
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import attrs

from greenprocure.cli._common import display_width, markdown_table, text_table

__all__ = ["Section", "section_html", "section_markdown", "section_text"]


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _rows(value: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in value)


@attrs.frozen
class Section:
    """A titled table with an optional lead paragraph and notes, all already translated.

    Attributes:
        title: the section's heading.
        lead: a paragraph shown before the table ("" for none).
        headers: the column headers (empty for a section without a table).
        rows: the table's cells, one sequence of strings per row.
        notes: lines shown after the table (footnotes).
    """

    title: str
    lead: str = ""
    headers: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    rows: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_rows)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_texts)


def section_text(section: Section, *, max_width: int | None = None, rule: str = "=") -> str:
    """The section for a terminal: an underlined title, the lead, the table, the notes."""
    parts = [f"{section.title}\n{rule * display_width(section.title)}"]
    if section.lead:
        parts.append(section.lead)
    if section.headers:
        parts.append(text_table(section.headers, section.rows, max_width=max_width))
    if section.notes:
        parts.append("\n".join(section.notes))
    return "\n\n".join(parts)


def section_markdown(section: Section, *, level: int = 2, bullets: bool = True) -> str:
    """The section as Markdown: a heading, the lead, a table, the notes as a list."""
    parts = [f"{'#' * level} {section.title}"]
    if section.lead:
        parts.append(section.lead)
    if section.headers:
        parts.append(markdown_table(section.headers, section.rows))
    if section.notes:
        prefix = "- " if bullets else ""
        parts.append("\n".join(prefix + note for note in section.notes))
    return "\n\n".join(parts)


def section_html(section: Section, *, level: int = 2) -> str:
    """The section as an HTML fragment (``<section>``), every text escaped."""
    esc = html.escape
    parts = [f"<section>\n<h{level}>{esc(section.title)}</h{level}>"]
    if section.lead:
        parts.append(f"<p>{esc(section.lead)}</p>".replace("\n", "<br>\n"))
    if section.headers:
        head = "".join(f"<th>{esc(h)}</th>" for h in section.headers)
        body = "\n".join(
            "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>"
            for row in section.rows
        )
        parts.append(
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
        )
    if section.notes:
        items = "\n".join(f"<li>{esc(note)}</li>" for note in section.notes)
        parts.append(f'<ul class="notes">\n{items}\n</ul>')
    parts.append("</section>")
    return "\n".join(parts)
