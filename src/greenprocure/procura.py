"""PROCURA+ and Korea: Europe's sustainable procurement network, compared with Korea's system.

The 2022 priority-city workshop introduced **PROCURA+** (지속가능공공녹색구매),
the European sustainable public procurement network coordinated by ICLEI
Europe, and compared it with Korea's public green purchasing. This module
holds what is known about it as data, in the package's ``procura_data``
folder, so that a newer figure is added as data rather than by editing code:

* :func:`network` — the network as **dated facts**: member and country counts
  as reported on a date (:class:`CountFact`), who may take part
  (:class:`Openness`), its activities, fee bands (:class:`FeeBand`), award
  categories (:class:`Award`) and milestones. :meth:`Network.facts_on`
  answers "what was known on this day", :meth:`Network.latest` gives the
  newest figure.
* :func:`korea_vs_procura` — a :class:`Comparison` of the two systems
  dimension by dimension (purpose, procedure, network operation, product
  certification, purchasing method, participation, legal obligation), each
  side described in Korean and English, with a :class:`Verdict` and sources.
* :func:`scheme_mapping` — Korean certification schemes and their closest
  foreign counterparts (:class:`SchemeEquivalence`), with whether mutual
  recognition exists; what the sources do not say is :attr:`Recognition.UNKNOWN`.

Examples:
    >>> import datetime
    >>> facts = network().facts_on(datetime.date(2022, 12, 31))
    >>> facts.count("members").value, facts.count("countries").value
    (48, 17)
    >>> comparison = korea_vs_procura()
    >>> comparison.verdict("procedure"), comparison.verdict("purchasing-method")
    (<Verdict.SIMILAR: 'similar'>, <Verdict.DIFFERENT: 'different'>)
    >>> [e.counterpart for e in scheme_mapping().for_scheme("kr-gr")]
    [None]
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any, Final

import attrs

from greenprocure.errors import DataFileError, GreenprocureError, ProcuraError
from greenprocure.i18n import N_, Message
from greenprocure.money import Money
from greenprocure.policy import Bilingual, When

__all__ = [
    "Award",
    "Comparison",
    "ComparisonRow",
    "CountFact",
    "FeeBand",
    "Milestone",
    "Network",
    "NetworkActivity",
    "NetworkSnapshot",
    "Openness",
    "Qualifier",
    "Recognition",
    "Relation",
    "SchemeEquivalence",
    "SchemeMapping",
    "Source",
    "Verdict",
    "korea_vs_procura",
    "network",
    "scheme_mapping",
]


# -- sources and enums -----------------------------------------------------------------


@attrs.frozen
class Source:
    """Where a fact comes from.

    Attributes:
        title: what the source is, precise enough to find it again.
        url: where it can be read, if anywhere.
        date: when it was published, if it is dated.
    """

    title: str
    url: str = ""
    date: _dt.date | None = None

    def __str__(self) -> str:
        return f"{self.title} <{self.url}>" if self.url else self.title


class Verdict(enum.Enum):
    """How two systems compare on one dimension."""

    SIMILAR = "similar"
    DIFFERENT = "different"
    PARTLY = "partly"

    @property
    def label(self) -> Message:
        """The verdict for people."""
        return _LABELS[self]


class Qualifier(enum.Enum):
    """How exact a reported count is."""

    EXACT = "exact"
    #: "more than 40"
    MORE_THAN = "more-than"
    #: "about 50"
    ABOUT = "about"

    @property
    def label(self) -> Message:
        """The qualifier for people."""
        return _LABELS[self]


class Recognition(enum.Enum):
    """Whether two certification schemes recognise each other."""

    #: A mutual recognition agreement is documented.
    AGREEMENT = "agreement"
    #: It is documented that there is none.
    NONE = "none"
    #: The sources read do not say.
    UNKNOWN = "unknown"
    #: There is no counterpart to recognise.
    NOT_APPLICABLE = "not-applicable"

    @property
    def label(self) -> Message:
        """The state of recognition for people."""
        return _LABELS[self]


class Relation(enum.Enum):
    """How close a foreign scheme is to a Korean one."""

    #: The same kind of instrument (e.g. both ISO 14024 Type I labels).
    EQUIVALENT = "equivalent"
    #: A related instrument that does a different job (a footprint standard for a label).
    COMPARABLE = "comparable"
    #: No counterpart.
    NONE = "none"

    @property
    def label(self) -> Message:
        """The relation for people."""
        return _LABELS[self]


_LABELS: Final[Mapping[enum.Enum, Message]] = {
    Verdict.SIMILAR: Message.of(N_("similar")),
    Verdict.DIFFERENT: Message.of(N_("different")),
    Verdict.PARTLY: Message.of(N_("partly similar")),
    Qualifier.EXACT: Message.of(N_("exactly")),
    Qualifier.MORE_THAN: Message.of(N_("more than")),
    Qualifier.ABOUT: Message.of(N_("about")),
    Recognition.AGREEMENT: Message.of(N_("mutual recognition agreement")),
    Recognition.NONE: Message.of(N_("no mutual recognition")),
    Recognition.UNKNOWN: Message.of(N_("unknown")),
    Recognition.NOT_APPLICABLE: Message.of(N_("not applicable")),
    Relation.EQUIVALENT: Message.of(N_("equivalent")),
    Relation.COMPARABLE: Message.of(N_("comparable")),
    Relation.NONE: Message.of(N_("no counterpart")),
}


_COUNT_LABELS: Final[Mapping[str, Message]] = {
    "members": Message.of(N_("member institutions")),
    "countries": Message.of(N_("countries")),
}


# -- the network -----------------------------------------------------------------------


@attrs.frozen
class CountFact:
    """A count reported on a date: ``members``, ``countries``, ...

    Attributes:
        key: what is counted (``"members"``, ``"countries"``).
        value: the number reported.
        as_of: the day the figure was reported for.
        source: where it was reported.
        qualifier: exact, "more than" or "about".
        note: the figure as the source puts it.
    """

    key: str
    value: int
    as_of: _dt.date
    source: Source
    qualifier: Qualifier = Qualifier.EXACT
    note: Bilingual | None = None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            raise ProcuraError(
                N_("count {key!r} has value {value!r}, not a whole number of at least 0"),
                key=self.key,
                value=self.value,
            )

    @property
    def label(self) -> Message:
        """What is counted, for people (the key itself when it has no label)."""
        return _COUNT_LABELS.get(self.key) or Message.of(self.key)

    def describe(self) -> Message:
        """The figure for people: ``member institutions: exactly 48 (as of ...)``."""
        return Message.of(
            N_("{key}: {qualifier} {value} (as of {date})"),
            key=self.label,
            qualifier=self.qualifier.label,
            value=self.value,
            date=self.as_of,
        )


@attrs.frozen
class Openness:
    """Whether an audience may take part in the network, as reported on a date.

    Attributes:
        audience: an identifier (``"public-bodies"``, ``"individuals"``, ``"organisations"``).
        label: the audience for people.
        open: whether it may take part.
        as_of: the day this was reported for.
        source: where it was reported.
        note: what other sources add.
    """

    audience: str
    label: Bilingual
    open: bool
    as_of: _dt.date
    source: Source
    note: Bilingual | None = None


@attrs.frozen
class NetworkActivity:
    """Something the network does (seminars, awards, twinning), as reported on a date."""

    #: A stable id of the activity.
    id: str
    #: What it is, in Korean and English.
    label: Bilingual
    #: The day it was reported.
    as_of: _dt.date
    #: Where it was reported.
    source: Source


@attrs.frozen
class FeeBand:
    """An annual participant fee for authorities of a staff size.

    Attributes:
        min_staff: the smallest staff size of the band.
        max_staff: the largest (``None``: no upper bound).
        annual_fee: the fee, or ``None`` where it is unknown.
        as_of: the day the fee was published (``None``: the source is undated).
        source: where it was published.
    """

    min_staff: int
    max_staff: int | None
    annual_fee: Money | None
    as_of: _dt.date | None
    source: Source

    def covers(self, staff: int) -> bool:
        """True when an authority with ``staff`` employees falls in this band."""
        return self.min_staff <= staff and (self.max_staff is None or staff <= self.max_staff)


@attrs.frozen
class Award:
    """An award category, as attested for an edition (year) of the Procura+ Awards."""

    #: A stable id of the category.
    id: str
    #: The category's name in Korean and English.
    name: Bilingual
    #: The edition (year) that attests it.
    edition: int
    #: Where it is attested.
    source: Source


@attrs.frozen
class Milestone:
    """A dated event in the network's history (the date may be only a year)."""

    #: When it happened (a day, or only a year).
    when: When
    #: What happened, in Korean and English.
    label: Bilingual
    #: Where it is reported.
    source: Source


def _latest_by(items: Iterable[Any], key: str) -> tuple[Any, ...]:
    """The newest item per ``key``, in the order the keys first appear in the data."""
    newest: dict[str, Any] = {}
    for item in items:
        current = newest.get(getattr(item, key))
        if current is None or item.as_of >= current.as_of:
            newest[getattr(item, key)] = item
    return tuple(newest.values())


@attrs.frozen
class NetworkSnapshot:
    """What was known about the network on one day: the newest fact of each kind.

    Attributes:
        on: the day.
        counts: the newest count per key, in the order of the data.
        openness: the newest statement per audience.
        activities: activities reported on or before the day.
        fee_bands: fee bands published on or before the day, or undated.
        awards: award categories attested for an edition up to the day's year.
        milestones: milestones that began on or before the day.
    """

    on: _dt.date
    counts: tuple[CountFact, ...]
    openness: tuple[Openness, ...]
    activities: tuple[NetworkActivity, ...]
    fee_bands: tuple[FeeBand, ...]
    awards: tuple[Award, ...]
    milestones: tuple[Milestone, ...]

    def count(self, key: str) -> CountFact:
        """The newest count of ``key`` known on the day; none raises :class:`ProcuraError`."""
        for fact in self.counts:
            if fact.key == key:
                return fact
        raise ProcuraError(
            N_("no {key!r} figure of the network is known on {date}"), key=key, date=self.on
        )

    def fee_for(self, staff: int) -> FeeBand:
        """The fee band of an authority with ``staff`` employees."""
        for band in self.fee_bands:
            if band.covers(staff):
                return band
        raise ProcuraError(N_("no fee band covers a staff of {staff}"), staff=staff)


@attrs.frozen
class Network:
    """The PROCURA+ network as dated data.

    Build a newer version with :meth:`with_facts` (or from a data file with
    :meth:`from_mapping`); older facts stay, so "what was known on a day" can
    always be answered.

    Examples:
        >>> import datetime
        >>> net = network()
        >>> newer = net.with_facts(CountFact("members", 50, datetime.date(2025, 1, 1),
        ...                                  Source("a newer report")))
        >>> newer.latest("members").value, net.latest("members").value
        (50, 48)
        >>> newer.facts_on(datetime.date(2023, 1, 1)).count("members").value
        48
    """

    #: A stable id of the network (``"procura-plus"``).
    id: str
    #: Its name in Korean and English.
    name: Bilingual
    #: Who coordinates it (ICLEI Europe).
    coordinator: Bilingual
    #: Dated counts (members, countries, ...), every version kept.
    counts: tuple[CountFact, ...] = ()
    #: Who may join, as dated facts.
    openness: tuple[Openness, ...] = ()
    #: What the network does, as reported on a date.
    activities: tuple[NetworkActivity, ...] = ()
    #: The participant fees by staff size.
    fee_bands: tuple[FeeBand, ...] = ()
    #: A note on the fees, when the source gives one.
    fee_note: Bilingual | None = None
    #: The award categories.
    awards: tuple[Award, ...] = ()
    #: Dated events of its history.
    milestones: tuple[Milestone, ...] = ()

    def history(self, key: str) -> tuple[CountFact, ...]:
        """Every reported count of ``key``, oldest first."""
        return tuple(sorted((f for f in self.counts if f.key == key), key=lambda f: f.as_of))

    def latest(self, key: str, on: _dt.date | None = None) -> CountFact:
        """The newest count of ``key`` (reported on or before ``on``, if given)."""
        history = [f for f in self.history(key) if on is None or f.as_of <= on]
        if not history:
            raise ProcuraError(
                N_("no {key!r} figure of the network is known on {date}"),
                key=key,
                date=on or _dt.date.max,
            )
        return history[-1]

    def facts_on(self, day: _dt.date) -> NetworkSnapshot:
        """What was known on ``day``: the newest fact of each kind reported by then."""
        return NetworkSnapshot(
            on=day,
            counts=_latest_by((f for f in self.counts if f.as_of <= day), "key"),
            openness=_latest_by((f for f in self.openness if f.as_of <= day), "audience"),
            activities=tuple(a for a in self.activities if a.as_of <= day),
            fee_bands=tuple(b for b in self.fee_bands if b.as_of is None or b.as_of <= day),
            awards=tuple(a for a in self.awards if a.edition <= day.year),
            milestones=tuple(m for m in self.milestones if m.when.first <= day),
        )

    def with_facts(self, *facts: CountFact) -> Network:
        """A new network with ``facts`` added (older facts are kept)."""
        return attrs.evolve(self, counts=self.counts + facts)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], sources: Mapping[str, Source], *, where: str = "network"
    ) -> Network:
        """Build from the structure of ``procura_data/network.json``.

        ``sources`` resolves the source keys the data refers to. A missing or
        malformed field raises :class:`~greenprocure.errors.DataFileError`
        naming the record.
        """
        with _reading(where, "network"):
            counts = []
            for index, item in enumerate(data.get("counts", ())):
                with _reading(where, f"counts[{index}]"):
                    counts.append(
                        CountFact(
                            key=_text(item, "key"),
                            value=item["value"],
                            as_of=_date(item["as_of"]),
                            source=sources[item["source"]],
                            qualifier=Qualifier(item.get("qualifier", "exact")),
                            note=_bilingual(item.get("note")),
                        )
                    )
            openness = []
            for index, item in enumerate(data.get("openness", ())):
                with _reading(where, f"openness[{index}]"):
                    openness.append(
                        Openness(
                            audience=_text(item, "audience"),
                            label=Bilingual.from_mapping(item["label"]),
                            open=bool(item["open"]),
                            as_of=_date(item["as_of"]),
                            source=sources[item["source"]],
                            note=_bilingual(item.get("note")),
                        )
                    )
            activities = []
            for index, item in enumerate(data.get("activities", ())):
                with _reading(where, f"activities[{index}]"):
                    activities.append(
                        NetworkActivity(
                            id=_text(item, "id"),
                            label=Bilingual.from_mapping(item["label"]),
                            as_of=_date(item["as_of"]),
                            source=sources[item["source"]],
                        )
                    )
            bands = []
            for index, item in enumerate(data.get("fee_bands", ())):
                with _reading(where, f"fee_bands[{index}]"):
                    fee = item.get("annual_fee")
                    bands.append(
                        FeeBand(
                            min_staff=int(item["min_staff"]),
                            max_staff=None if item["max_staff"] is None else int(item["max_staff"]),
                            annual_fee=None if fee is None else Money(fee, item["currency"]),
                            as_of=None if item.get("as_of") is None else _date(item["as_of"]),
                            source=sources[item["source"]],
                        )
                    )
            awards = []
            for index, item in enumerate(data.get("awards", ())):
                with _reading(where, f"awards[{index}]"):
                    awards.append(
                        Award(
                            id=_text(item, "id"),
                            name=Bilingual.from_mapping(item["name"]),
                            edition=int(item["edition"]),
                            source=sources[item["source"]],
                        )
                    )
            milestones = []
            for index, item in enumerate(data.get("milestones", ())):
                with _reading(where, f"milestones[{index}]"):
                    milestones.append(
                        Milestone(
                            when=When.parse(item["when"]),
                            label=Bilingual.from_mapping(item["label"]),
                            source=sources[item["source"]],
                        )
                    )
            return cls(
                id=_text(data, "id"),
                name=Bilingual.from_mapping(data["name"]),
                coordinator=Bilingual.from_mapping(data["coordinator"]),
                counts=tuple(counts),
                openness=tuple(openness),
                activities=tuple(activities),
                fee_bands=tuple(bands),
                fee_note=_bilingual(data.get("fee_note")),
                awards=tuple(awards),
                milestones=tuple(milestones),
            )


# -- the comparison --------------------------------------------------------------------


@attrs.frozen
class ComparisonRow:
    """One dimension of a comparison: both sides, the verdict and its sources.

    Attributes:
        dimension: an identifier (``"purpose"``, ``"legal-obligation"``).
        label: the dimension for people.
        left: the left-hand system on this dimension.
        right: the right-hand system on this dimension.
        verdict: similar, different or partly similar.
        sources: where the verdict and the descriptions come from.
        note: why the verdict, where it needs saying.
    """

    dimension: str
    label: Bilingual
    left: Bilingual
    right: Bilingual
    verdict: Verdict
    sources: tuple[Source, ...] = ()
    note: Bilingual | None = None

    def describe(self) -> Message:
        """``purpose: similar``-style line for people."""
        return Message.of(
            N_("{dimension}: {verdict}"), dimension=self.label, verdict=self.verdict.label
        )


@attrs.frozen
class Comparison:
    """Two procurement systems compared dimension by dimension.

    Examples:
        >>> c = korea_vs_procura()
        >>> [row.dimension for row in c.where(Verdict.SIMILAR)]
        ['purpose', 'procedure']
        >>> print(c.describe().render("en"))
        Korea's public green purchasing and PROCURA+ (Europe): similar in 2 of 7 dimensions,
        partly similar in 1, different in 4
    """

    #: A stable id of the comparison.
    id: str
    #: The first system's name (Korea's public green purchasing).
    left: Bilingual
    #: The second system's name (PROCURA+).
    right: Bilingual
    #: One row per dimension, in order.
    rows: tuple[ComparisonRow, ...]

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for row in self.rows:
            if row.dimension in seen:
                raise ProcuraError(
                    N_("comparison {comparison!r} has dimension {dimension!r} twice"),
                    comparison=self.id,
                    dimension=row.dimension,
                )
            seen.add(row.dimension)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimension ids, in order."""
        return tuple(row.dimension for row in self.rows)

    def row(self, dimension: str) -> ComparisonRow:
        """The row of ``dimension``; an unknown dimension raises :class:`ProcuraError`."""
        for row in self.rows:
            if row.dimension == dimension:
                return row
        raise ProcuraError(
            N_("comparison {comparison!r} has no dimension {dimension!r}: it has {known}"),
            comparison=self.id,
            dimension=dimension,
            known=", ".join(self.dimensions),
        )

    def verdict(self, dimension: str) -> Verdict:
        """The verdict on ``dimension``."""
        return self.row(dimension).verdict

    def where(self, verdict: Verdict) -> tuple[ComparisonRow, ...]:
        """The rows with ``verdict``, in order."""
        return tuple(row for row in self.rows if row.verdict is verdict)

    def with_row(self, row: ComparisonRow) -> Comparison:
        """A new comparison with ``row`` replacing the row of its dimension, or appended."""
        if row.dimension in self.dimensions:
            rows = tuple(row if r.dimension == row.dimension else r for r in self.rows)
        else:
            rows = (*self.rows, row)
        return attrs.evolve(self, rows=rows)

    def __iter__(self) -> Iterator[ComparisonRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def describe(self) -> Message:
        """One line for people: in how many dimensions the systems are alike."""
        return Message.of(
            N_(
                "{left} and {right}: similar in {similar} of {total} dimensions,"
                " partly similar in {partly}, different in {different}"
            ),
            left=self.left,
            right=self.right,
            similar=len(self.where(Verdict.SIMILAR)),
            partly=len(self.where(Verdict.PARTLY)),
            different=len(self.where(Verdict.DIFFERENT)),
            total=len(self.rows),
        )

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], sources: Mapping[str, Source], *, where: str = "comparison"
    ) -> Comparison:
        """Build from the structure of ``procura_data/korea_vs_procura.json``."""
        rows = []
        for index, item in enumerate(data.get("rows", ())):
            with _reading(where, f"rows[{index}]"):
                rows.append(
                    ComparisonRow(
                        dimension=_text(item, "dimension"),
                        label=Bilingual.from_mapping(item["label"]),
                        left=Bilingual.from_mapping(item["left"]),
                        right=Bilingual.from_mapping(item["right"]),
                        verdict=Verdict(item["verdict"]),
                        sources=tuple(sources[key] for key in item.get("sources", ())),
                        note=_bilingual(item.get("note")),
                    )
                )
        with _reading(where, "comparison"):
            return cls(
                id=_text(data, "id"),
                left=Bilingual.from_mapping(data["left"]),
                right=Bilingual.from_mapping(data["right"]),
                rows=tuple(rows),
            )


# -- certification schemes -------------------------------------------------------------


@attrs.frozen
class SchemeEquivalence:
    """A Korean certification scheme and its closest counterpart elsewhere.

    Attributes:
        korean: the Korean scheme's id (``"kr-eco-label"``, ``"kr-gr"``, ``"kr-low-carbon"``).
        korean_name: its name for people.
        counterpart: the counterpart's id (``"eu-ecolabel"``), or ``None`` when there is none.
        counterpart_name: its name, or ``None``.
        region: where the counterpart applies.
        relation: equivalent, comparable or none.
        basis: what the two have in common (``"both ISO 14024 Type I labels"``).
        mutual_recognition: whether they recognise each other (unknown when the sources do not say).
        note: what else a reader should know.
        sources: where this comes from.
    """

    korean: str
    korean_name: Bilingual
    counterpart: str | None
    counterpart_name: Bilingual | None
    region: Bilingual
    relation: Relation
    basis: Bilingual
    mutual_recognition: Recognition
    note: Bilingual | None = None
    sources: tuple[Source, ...] = ()

    def __attrs_post_init__(self) -> None:
        if (self.counterpart is None) != (self.relation is Relation.NONE):
            raise ProcuraError(
                N_(
                    "scheme mapping {korean!r} → {counterpart!r}: a counterpart is needed"
                    " exactly when the relation is not 'none'"
                ),
                korean=self.korean,
                counterpart=self.counterpart,
            )


@attrs.frozen
class SchemeMapping:
    """Every :class:`SchemeEquivalence` known, with lookups by scheme id.

    Examples:
        >>> m = scheme_mapping()
        >>> [(e.counterpart, e.mutual_recognition.value) for e in m.for_scheme("kr-eco-label")][:3]
        [('eu-ecolabel', 'unknown'), ('nordic-swan', 'unknown'), ('blue-angel', 'unknown')]
        >>> m.between("kr-eco-label", "green-seal").mutual_recognition
        <Recognition.AGREEMENT: 'agreement'>
    """

    #: Every equivalence known, in the data file's order.
    rows: tuple[SchemeEquivalence, ...]

    def for_scheme(self, scheme: str) -> tuple[SchemeEquivalence, ...]:
        """The rows where ``scheme`` is the Korean scheme or the counterpart."""
        return tuple(row for row in self.rows if scheme in (row.korean, row.counterpart))

    def between(self, korean: str, counterpart: str) -> SchemeEquivalence:
        """The row mapping ``korean`` to ``counterpart``; none raises :class:`ProcuraError`."""
        for row in self.rows:
            if (row.korean, row.counterpart) == (korean, counterpart):
                return row
        raise ProcuraError(
            N_("no mapping between schemes {korean!r} and {counterpart!r}"),
            korean=korean,
            counterpart=counterpart,
        )

    def __iter__(self) -> Iterator[SchemeEquivalence]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], sources: Mapping[str, Source], *, where: str = "mapping"
    ) -> SchemeMapping:
        """Build from the structure of ``procura_data/scheme_mapping.json``."""
        rows = []
        for index, item in enumerate(data.get("rows", ())):
            with _reading(where, f"rows[{index}]"):
                rows.append(
                    SchemeEquivalence(
                        korean=_text(item, "korean"),
                        korean_name=Bilingual.from_mapping(item["korean_name"]),
                        counterpart=item.get("counterpart"),
                        counterpart_name=_bilingual(item.get("counterpart_name")),
                        region=Bilingual.from_mapping(item["region"]),
                        relation=Relation(item["relation"]),
                        basis=Bilingual.from_mapping(item["basis"]),
                        mutual_recognition=Recognition(item["mutual_recognition"]),
                        note=_bilingual(item.get("note")),
                        sources=tuple(sources[key] for key in item.get("sources", ())),
                    )
                )
        return cls(tuple(rows))


# -- reading the package data ----------------------------------------------------------


@contextmanager
def _reading(where: str, record: str) -> Iterator[None]:
    """Turn any error while reading one record into a DataFileError naming it."""
    try:
        yield
    except DataFileError:
        raise
    except (GreenprocureError, KeyError, TypeError, ValueError, AttributeError) as error:
        reason = error.render("en") if isinstance(error, GreenprocureError) else repr(error)
        raise DataFileError(
            N_("{file}: record {record} is invalid: {reason}"),
            file=where,
            record=record,
            reason=reason,
        ) from error


def _text(data: Mapping[str, Any], field: str) -> str:
    value = data[field]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field} {value!r} is empty or not a string")
    return value


def _date(value: object) -> _dt.date:
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not an ISO date string")
    return _dt.date.fromisoformat(value)


def _bilingual(value: object) -> Bilingual | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError(f"text {value!r} is not of the form {{ko, en}}")
    return Bilingual.from_mapping(value)


def _load(name: str) -> Any:
    path = resources.files("greenprocure") / "procura_data" / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataFileError(
            N_("{file}: cannot be read: {reason}"), file=f"procura_data/{name}", reason=str(error)
        ) from error


@cache
def _sources() -> Mapping[str, Source]:
    data = _load("sources.json")
    sources: dict[str, Source] = {}
    for key, item in data.items():
        if key.startswith("_"):
            continue
        with _reading("procura_data/sources.json", key):
            date = item.get("date")
            sources[key] = Source(
                _text(item, "title"), item.get("url") or "", None if date is None else _date(date)
            )
    return sources


@cache
def network() -> Network:
    """The PROCURA+ network as shipped with the package (``procura_data/network.json``)."""
    return Network.from_mapping(
        _load("network.json"), _sources(), where="procura_data/network.json"
    )


@cache
def korea_vs_procura() -> Comparison:
    """Korea's public green purchasing compared with PROCURA+, dimension by dimension.

    The seed's verdicts: similar in meaning and purpose and in procedure;
    different in network operation, product certification and purchasing
    method. Added from the law and the network's own pages: participation
    (partly similar) and legal obligation (different).
    """
    return Comparison.from_mapping(
        _load("korea_vs_procura.json"), _sources(), where="procura_data/korea_vs_procura.json"
    )


@cache
def scheme_mapping() -> SchemeMapping:
    """Korean certification schemes mapped to foreign counterparts (``scheme_mapping.json``)."""
    return SchemeMapping.from_mapping(
        _load("scheme_mapping.json"), _sources(), where="procura_data/scheme_mapping.json"
    )
