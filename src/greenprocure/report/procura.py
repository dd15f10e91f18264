"""The PROCURA+ comparison as report sections and JSON.

:func:`procura_sections` turns the comparison of Korea with PROCURA+, the
certification-scheme mapping and the network's facts into
:class:`~greenprocure.report.sections.Section` objects (with numbered
source citations), ready for a terminal, Markdown or the HTML page;
:func:`procura_json` gives the same as JSON-ready data.
``greenprocure procura`` prints them.

Examples:
    >>> import datetime as dt
    >>> sections, sources = procura_sections("en", dt.date(2022, 10, 20))
    >>> [s.title for s in sections][:2]
    ['Korea and PROCURA+, dimension by dimension', 'Certification schemes: Korea and abroad']
    >>> sources.items[0].title != ""
    True
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from greenprocure.i18n import N_, Message, format_date, format_decimal, format_money, translate
from greenprocure.procura import (
    Comparison,
    FeeBand,
    NetworkSnapshot,
    SchemeMapping,
    Source,
    korea_vs_procura,
    network,
    scheme_mapping,
)
from greenprocure.report.sections import Section

__all__ = [
    "Sources",
    "comparison_section",
    "facts_section",
    "mapping_section",
    "procura_json",
    "procura_sections",
]


class Sources:
    """Numbers sources in order of first citation, for footnotes."""

    def __init__(self) -> None:
        #: The sources cited, in order of first citation.
        self.items: list[Source] = []

    def cite(self, *sources: Source) -> str:
        """The marks (``[1] [2]``) of ``sources``, numbering new ones."""
        marks = []
        for source in sources:
            if source not in self.items:
                self.items.append(source)
            marks.append(f"[{self.items.index(source) + 1}]")
        return " ".join(marks)

    def lines(self) -> list[str]:
        """``[n] source`` for every source cited, in order."""
        return [f"[{number}] {source}" for number, source in enumerate(self.items, start=1)]


def _fee_staff(band: FeeBand, locale: str) -> str:
    if band.max_staff is None:
        return translate(
            N_("{min} or more employees"), locale, min=format_decimal(band.min_staff, locale)
        )
    if band.min_staff <= 1:
        return translate(
            N_("up to {max} employees"), locale, max=format_decimal(band.max_staff, locale)
        )
    return translate(
        N_("{min} to {max} employees"),
        locale,
        min=format_decimal(band.min_staff, locale),
        max=format_decimal(band.max_staff, locale),
    )


def comparison_section(comparison: Comparison, locale: str, sources: Sources) -> Section:
    """Korea and PROCURA+, dimension by dimension: verdicts, notes and cited sources."""
    headers = [
        translate(N_("Dimension"), locale),
        comparison.left.render(locale),
        comparison.right.render(locale),
        translate(N_("Verdict"), locale),
        translate(N_("Sources"), locale),
    ]
    rows = []
    notes = []
    for row in comparison:
        verdict = row.verdict.label.render(locale)
        if row.note is not None:
            verdict += " *"
            notes.append(f"* {row.label.render(locale)}: {row.note.render(locale)}")
        rows.append(
            [
                row.label.render(locale),
                row.left.render(locale),
                row.right.render(locale),
                verdict,
                sources.cite(*row.sources),
            ]
        )
    title = translate(N_("Korea and PROCURA+, dimension by dimension"), locale)
    return Section(title, comparison.describe().render(locale), headers, rows, notes)


def mapping_section(mapping: SchemeMapping, locale: str, sources: Sources) -> Section:
    """Korean certification schemes and their foreign counterparts."""
    headers = [
        translate(N_("Korean scheme"), locale),
        translate(N_("Counterpart"), locale),
        translate(N_("Relation"), locale),
        translate(N_("Basis"), locale),
        translate(N_("Mutual recognition"), locale),
        translate(N_("Sources"), locale),
    ]
    rows = []
    notes = []
    for number, row in enumerate(mapping, start=1):
        counterpart = (
            f"{row.counterpart_name.render(locale)} ({row.region.render(locale)})"
            if row.counterpart_name is not None
            else "—"
        )
        recognition = row.mutual_recognition.label.render(locale)
        if row.note is not None:
            recognition += f" ({number})"
            notes.append(f"({number}) {row.note.render(locale)}")
        rows.append(
            [
                row.korean_name.render(locale),
                counterpart,
                row.relation.label.render(locale),
                row.basis.render(locale),
                recognition,
                sources.cite(*row.sources),
            ]
        )
    title = translate(N_("Certification schemes: Korea and abroad"), locale)
    return Section(title, "", headers, rows, notes)


def facts_section(snapshot: NetworkSnapshot, locale: str, sources: Sources) -> Section:
    """The PROCURA+ network's facts known on a date."""
    headers = [
        translate(N_("Fact"), locale),
        translate(N_("Value"), locale),
        translate(N_("As of"), locale),
        translate(N_("Sources"), locale),
    ]
    unknown = translate(N_("undated"), locale)
    rows: list[list[str]] = []
    for fact in snapshot.counts:
        value = Message.of(
            N_("{qualifier} {value}"), qualifier=fact.qualifier.label, value=fact.value
        )
        rows.append(
            [
                fact.label.render(locale),
                value.render(locale),
                format_date(fact.as_of, locale),
                sources.cite(fact.source),
            ]
        )
    for item in snapshot.openness:
        state = translate(N_("open") if item.open else N_("not open"), locale)
        note = f" — {item.note.render(locale)}" if item.note is not None else ""
        rows.append(
            [
                translate(N_("open to {audience}"), locale, audience=item.label),
                state + note,
                format_date(item.as_of, locale),
                sources.cite(item.source),
            ]
        )
    for activity in snapshot.activities:
        rows.append(
            [
                translate(N_("activity"), locale),
                activity.label.render(locale),
                format_date(activity.as_of, locale),
                sources.cite(activity.source),
            ]
        )
    for band in snapshot.fee_bands:
        fee = (
            format_money(band.annual_fee, locale)
            if band.annual_fee is not None
            else translate(N_("unknown"), locale)
        )
        rows.append(
            [
                translate(N_("annual fee, {staff}"), locale, staff=_fee_staff(band, locale)),
                fee + " *",
                unknown if band.as_of is None else format_date(band.as_of, locale),
                sources.cite(band.source),
            ]
        )
    for award in snapshot.awards:
        rows.append(
            [
                translate(N_("award category ({edition} edition)"), locale, edition=award.edition),
                award.name.render(locale),
                str(award.edition),
                sources.cite(award.source),
            ]
        )
    for milestone in snapshot.milestones:
        rows.append(
            [
                translate(N_("milestone"), locale),
                milestone.label.render(locale),
                str(milestone.when),
                sources.cite(milestone.source),
            ]
        )
    title = translate(N_("The PROCURA+ network as known on {date}"), locale, date=snapshot.on)
    fee_note = network().fee_note
    notes = [f"* {fee_note.render(locale)}"] if fee_note is not None and snapshot.fee_bands else []
    return Section(title, "", headers, rows, notes)


def _source_json(source: Source) -> dict[str, Any]:
    return {
        "title": source.title,
        "url": source.url or None,
        "date": None if source.date is None else source.date.isoformat(),
    }


def procura_json(
    comparison: Comparison, mapping: SchemeMapping, snapshot: NetworkSnapshot, locale: str
) -> dict[str, Any]:
    """The comparison, the mapping and the network facts as JSON-ready data.

    Bilingual texts are ``{"ko": ..., "en": ...}`` objects; the summary is
    rendered in ``locale``.
    """
    net = network()
    return {
        "comparison": {
            "id": comparison.id,
            "left": comparison.left.to_mapping(),
            "right": comparison.right.to_mapping(),
            "summary": comparison.describe().render(locale),
            "rows": [
                {
                    "dimension": row.dimension,
                    "label": row.label.to_mapping(),
                    "left": row.left.to_mapping(),
                    "right": row.right.to_mapping(),
                    "verdict": row.verdict.value,
                    "note": None if row.note is None else row.note.to_mapping(),
                    "sources": [_source_json(s) for s in row.sources],
                }
                for row in comparison
            ],
        },
        "scheme_mapping": [
            {
                "korean": row.korean,
                "korean_name": row.korean_name.to_mapping(),
                "counterpart": row.counterpart,
                "counterpart_name": None
                if row.counterpart_name is None
                else row.counterpart_name.to_mapping(),
                "region": row.region.to_mapping(),
                "relation": row.relation.value,
                "basis": row.basis.to_mapping(),
                "mutual_recognition": row.mutual_recognition.value,
                "note": None if row.note is None else row.note.to_mapping(),
                "sources": [_source_json(s) for s in row.sources],
            }
            for row in mapping
        ],
        "network": {
            "id": net.id,
            "name": net.name.to_mapping(),
            "coordinator": net.coordinator.to_mapping(),
            "as_of": snapshot.on.isoformat(),
            "counts": [
                {
                    "key": fact.key,
                    "value": fact.value,
                    "qualifier": fact.qualifier.value,
                    "as_of": fact.as_of.isoformat(),
                    "source": _source_json(fact.source),
                }
                for fact in snapshot.counts
            ],
            "openness": [
                {
                    "audience": item.audience,
                    "open": item.open,
                    "as_of": item.as_of.isoformat(),
                    "note": None if item.note is None else item.note.to_mapping(),
                    "source": _source_json(item.source),
                }
                for item in snapshot.openness
            ],
            "activities": [
                {
                    "id": a.id,
                    "label": a.label.to_mapping(),
                    "as_of": a.as_of.isoformat(),
                    "source": _source_json(a.source),
                }
                for a in snapshot.activities
            ],
            "fee_bands": [
                {
                    "min_staff": band.min_staff,
                    "max_staff": band.max_staff,
                    "annual_fee": None
                    if band.annual_fee is None
                    else {
                        "amount": str(band.annual_fee.amount),
                        "currency": band.annual_fee.currency,
                    },
                    "as_of": None if band.as_of is None else band.as_of.isoformat(),
                    "source": _source_json(band.source),
                }
                for band in snapshot.fee_bands
            ],
            "fee_note": None if net.fee_note is None else net.fee_note.to_mapping(),
            "awards": [
                {
                    "id": award.id,
                    "name": award.name.to_mapping(),
                    "edition": award.edition,
                    "source": _source_json(award.source),
                }
                for award in snapshot.awards
            ],
            "milestones": [
                {
                    "when": str(m.when),
                    "label": m.label.to_mapping(),
                    "source": _source_json(m.source),
                }
                for m in snapshot.milestones
            ],
        },
    }


def procura_sections(locale: str, as_of: _dt.date) -> tuple[list[Section], Sources]:
    """The comparison, the scheme mapping and the network facts on ``as_of``, as sections.

    Returns:
        The three sections, and the sources they cite (numbered in order of
        first citation: ``[1]`` is ``sources.items[0]``).
    """
    sources = Sources()
    sections = [
        comparison_section(korea_vs_procura(), locale, sources),
        mapping_section(scheme_mapping(), locale, sources),
        facts_section(network().facts_on(as_of), locale, sources),
    ]
    return sections, sources
