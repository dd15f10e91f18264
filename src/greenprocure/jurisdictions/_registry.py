"""The registry: every jurisdiction of every date, and its snapshots of one day."""

from __future__ import annotations

import bisect
import datetime as _dt
import difflib
import itertools
import threading
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Final, TypeVar, overload

import attrs

from greenprocure.errors import (
    AmbiguousJurisdictionError,
    JurisdictionValueError,
    UnknownJurisdictionError,
)
from greenprocure.i18n import N_, Bilingual, Message
from greenprocure.jurisdictions._load import Located, Source, data_error, read_csv, read_json
from greenprocure.jurisdictions._model import (
    Change,
    Jurisdiction,
    JurisdictionDataWarning,
    Level,
    Match,
    MatchKind,
)
from greenprocure.jurisdictions._names import TIER_NAME, TIER_SHORT, normalize, own_forms

__all__ = ["Registry", "Snapshot"]

_ONE_DAY: Final = _dt.timedelta(days=1)
_MISSING: Final = object()
_T = TypeVar("_T")

#: A parent given by record, by code or by name.
Parent = Jurisdiction | str

_HOW: Final = {0: MatchKind.NAME, 1: MatchKind.ALIAS, 2: MatchKind.SHORT_NAME}


class _Entry:
    """One way to reach a jurisdiction by name."""

    __slots__ = ("how", "jurisdiction", "matched", "tier")

    def __init__(self, tier: int, how: MatchKind, matched: str, jurisdiction: Jurisdiction):
        self.tier = tier
        self.how = how
        self.matched = matched
        self.jurisdiction = jurisdiction


def _code_keys(record: Jurisdiction) -> tuple[str, ...]:
    """The code forms that find ``record``: 10 digits, 5 digits, and 2 for a metro."""
    if record.is_metro:
        return (record.code, record.code[:5], record.code[:2])
    return (record.code, record.code[:5])


def _by_code(record: Jurisdiction) -> tuple[str, _dt.date]:
    return (record.code, record.valid_from)


class _Index:
    """The indexes of one set of records: built once (names on first use), then only read."""

    def __init__(self, records: Sequence[Jurisdiction]) -> None:
        self.records = tuple(sorted(records, key=_by_code))
        # Later versions of a code overwrite earlier ones: the registry-wide
        # index answers a code with its latest record.
        self.by_code: dict[str, Jurisdiction] = {}
        versions: dict[str, list[Jurisdiction]] = defaultdict(list)
        children: dict[str, list[Jurisdiction]] = defaultdict(list)
        for record in self.records:
            for key in _code_keys(record):
                self.by_code[key] = record
            versions[record.code].append(record)
            if record.parent_code is not None:
                children[record.parent_code].append(record)
        self.children = {code: tuple(found) for code, found in children.items()}
        self.metros = tuple(r for r in self.records if r.is_metro)
        self.basics = tuple(r for r in self.records if r.is_basic)
        self._versions = versions
        # The name index is built when a name is first looked up: a ledger of
        # codes never needs it (it is most of the index's time and memory).
        self._names: tuple[dict[str, list[_Entry]], dict[str, str]] | None = None

    @property
    def by_key(self) -> dict[str, list[_Entry]]:
        """The records by normalised name form (built on first use)."""
        return self._name_index()[0]

    @property
    def display(self) -> dict[str, str]:
        """A display form per normalised name (for suggestions; built on first use)."""
        return self._name_index()[1]

    def _name_index(self) -> tuple[dict[str, list[_Entry]], dict[str, str]]:
        names = self._names
        if names is None:
            # Built whole, then published in one assignment: two threads
            # that race here build the same index and either may win.
            names = self._names = self._build_names()
        return names

    def _build_names(self) -> tuple[dict[str, list[_Entry]], dict[str, str]]:
        by_key: dict[str, list[_Entry]] = defaultdict(list)
        display: dict[str, str] = {}
        versions = self._versions
        for record in self.records:
            forms = own_forms(record)
            for tier, form in forms:
                _add(by_key, normalize(form), _Entry(tier, _HOW[tier], form, record))
                if tier < TIER_SHORT:
                    display.setdefault(normalize(form), form)
            parents = versions.get(record.parent_code or "", ())
            parent_forms = {
                normalize(form)
                for parent in parents
                for tier, form in own_forms(parent)
                if tier < TIER_SHORT
            }
            for tier, form in forms:
                own = normalize(form)
                for parent_form in parent_forms:
                    entry = _Entry(tier, MatchKind.QUALIFIED, form, record)
                    _add(by_key, parent_form + own, entry)
                    _add(by_key, own + parent_form, entry)
        return dict(by_key), display


def _add(by_key: dict[str, list[_Entry]], key: str, entry: _Entry) -> None:
    if not key:
        return
    entries = by_key[key]
    for index, known in enumerate(entries):
        if known.jurisdiction is entry.jurisdiction:
            if entry.tier < known.tier:
                entries[index] = entry
            return
    entries.append(entry)


def _check_code(code: object) -> str:
    """``code`` as a string of 2, 5 or 10 ASCII digits, or an error naming it."""
    if isinstance(code, str):
        cleaned = "".join(code.split()).replace("-", "")
        if len(cleaned) in (2, 5, 10) and cleaned.isascii() and cleaned.isdigit():
            return cleaned
    raise JurisdictionValueError(
        N_("{value!r} is not a jurisdiction code: give 2, 5 or 10 digits"), value=code
    )


def _check_name(name: object) -> str:
    if not isinstance(name, str):
        raise JurisdictionValueError(
            N_("a jurisdiction name must be text, not {value!r}"), value=name
        )
    key = normalize(name)
    if not key:
        raise JurisdictionValueError(
            N_("a jurisdiction name cannot be empty ({value!r})"), value=name
        )
    return key


def _as_date(value: object) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise JurisdictionValueError(N_("{value!r} is not a date (use YYYY-MM-DD)"), value=value)


class _View:
    """What a registry and a snapshot have in common: look-ups in one index."""

    _registry: Registry

    def _index(self) -> _Index:
        raise NotImplementedError

    @property
    def _day(self) -> _dt.date | None:
        return None

    # -- collections ----------------------------------------------------------

    def __iter__(self) -> Iterator[Jurisdiction]:
        return iter(self._index().records)

    def __len__(self) -> int:
        return len(self._index().records)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Jurisdiction):
            return self._index().by_code.get(item.code) == item or item in self._index().records
        return isinstance(item, str) and item in self._index().by_code

    def metros(self) -> tuple[Jurisdiction, ...]:
        """The metropolitan governments, by code."""
        return self._index().metros

    def basics(self) -> tuple[Jurisdiction, ...]:
        """The basic governments, by code."""
        return self._index().basics

    def children(self, parent: Parent) -> tuple[Jurisdiction, ...]:
        """The basic governments under ``parent`` (a record, a code or a name), by code."""
        return self._index().children.get(self._parent(parent).code, ())

    # -- codes ----------------------------------------------------------------

    @overload
    def get(self, code: str) -> Jurisdiction: ...
    @overload
    def get(self, code: str, default: _T) -> Jurisdiction | _T: ...
    def get(self, code: str, default: object = _MISSING) -> object:
        """The jurisdiction with ``code`` (2, 5 or 10 digits).

        Args:
            code: ``"26"``, ``"26230"`` or ``"2623000000"``.
            default: returned instead of raising when no jurisdiction has
                this code.

        Raises:
            JurisdictionValueError: ``code`` is not 2, 5 or 10 digits.
            UnknownJurisdictionError: no jurisdiction has this code (here);
                the message says when the code was valid, if ever.
        """
        if isinstance(code, str):
            found = self._index().by_code.get(code)
            if found is not None:
                return found
        cleaned = _check_code(code)
        found = self._index().by_code.get(cleaned)
        if found is not None:
            return found
        if default is not _MISSING:
            return default
        raise self._registry._unknown_code(cleaned, self._day)

    # -- names ----------------------------------------------------------------

    def lookup(self, name: str, within: Parent | None = None) -> Jurisdiction:
        """The jurisdiction ``name`` means (see :meth:`resolve`)."""
        return self.resolve(name, within).jurisdiction

    def resolve(self, name: str, within: Parent | None = None) -> Match:
        """The jurisdiction ``name`` means, how it matched, and a note if it is another date's.

        Args:
            name: a Korean or English name, with or without its suffix
                (부산진구, 수원, Suwon-si), a short name (서울, 경남), a
                full form (대구광역시 중구, 대구 중구, Jung-gu, Daegu) or a
                code. Spaces, hyphens, case and Unicode normalisation (NFC/NFD)
                do not matter.
            within: the parent (a record, a code or a name) that the
                jurisdiction must belong to.

        Raises:
            JurisdictionValueError: an empty name.
            AmbiguousJurisdictionError: several jurisdictions answer to
                ``name``; the message and ``.candidates`` list them all.
            UnknownJurisdictionError: none does; the message and
                ``.suggestions`` give the closest names.
        """
        key = _check_name(name)
        parent = None if within is None else self._parent(within)
        if key.isascii() and key.isdigit():
            found = self.get(key)
            if parent is not None and found.parent_code != parent.code:
                raise self._unknown_name(name, key, parent)
            return Match(found, MatchKind.CODE, key)
        entries = self._index().by_key.get(key, [])
        if parent is not None:
            entries = [e for e in entries if e.jurisdiction.parent_code == parent.code]
        if entries:
            return self._meaning_changed(key, parent, self._choose(name, entries))
        historical = self._historical(name, key, parent)
        if historical is not None:
            return historical
        raise self._unknown_name(name, key, parent)

    def _choose(self, name: str, entries: Sequence[_Entry]) -> Match:
        best = min(entry.tier for entry in entries)
        chosen = self._latest([e for e in entries if e.tier == best])
        if len(chosen) > 1 and self._day is None:
            chosen = self._registry._drop_ancestors(chosen)
        if len(chosen) > 1:
            raise self._registry._ambiguous(name, self._day, tuple(e.jurisdiction for e in chosen))
        entry = chosen[0]
        return Match(entry.jurisdiction, entry.how, entry.matched)

    def _latest(self, entries: Sequence[_Entry]) -> list[_Entry]:
        # One entry per code (the registry-wide view holds several versions).
        by_code: dict[str, _Entry] = {}
        for entry in entries:
            known = by_code.get(entry.jurisdiction.code)
            if known is None or entry.jurisdiction.valid_from > known.jurisdiction.valid_from:
                by_code[entry.jurisdiction.code] = entry
        return [by_code[code] for code in sorted(by_code)]

    def _historical(self, name: str, key: str, parent: Jurisdiction | None) -> Match | None:
        return None

    def _meaning_changed(self, key: str, parent: Jurisdiction | None, match: Match) -> Match:
        return match

    def _parent(self, within: Parent) -> Jurisdiction:
        if isinstance(within, Jurisdiction):
            if within in self:
                return within
            day = self._day
            if day is not None:
                carried = self._registry._carry(within, day)
                if len(carried) == 1:
                    return carried[0]
            return within
        return self.resolve(within).jurisdiction

    def _unknown_name(
        self, name: str, key: str, parent: Jurisdiction | None
    ) -> UnknownJurisdictionError:
        index = self._index()
        if parent is not None:
            pool = {
                normalize(form): form
                for child in index.children.get(parent.code, ())
                for tier, form in own_forms(child)
                if tier == TIER_NAME
            }
        else:
            pool = index.display
        close = difflib.get_close_matches(key, list(pool), n=5, cutoff=0.6)
        suggestions = tuple(dict.fromkeys(pool[found] for found in close))
        params: dict[str, object] = {"name": name, "suggestions": suggestions}
        day = self._day
        within = None if parent is None else self._registry._names(parent)
        if day is None and within is None:
            msgid = N_("no jurisdiction is named {name!r}")
        elif day is None:
            msgid = N_("no jurisdiction in {within} is named {name!r}")
        elif within is None:
            msgid = N_("no jurisdiction is named {name!r} on {date}")
        else:
            msgid = N_("no jurisdiction in {within} is named {name!r} on {date}")
        params.update(date=day, within=within)
        if suggestions:
            return UnknownJurisdictionError(
                N_("{problem}; did you mean {choices}?"),
                problem=Message.of(msgid, **params),
                choices=", ".join(suggestions),
                **params,
            )
        return UnknownJurisdictionError(msgid, **params)


class Snapshot(_View):
    """The jurisdictions that exist on one day, with indexes built for fast look-ups.

    Get one with :meth:`Registry.on`. Look-ups by code are dictionary
    look-ups; names are matched through indexes built once per period in
    which nothing changed, and shared by every day of that period.

    Examples:
        >>> from greenprocure.jurisdictions import korea
        >>> day = korea().on("2022-10-20")
        >>> len(day.metros()), len(day.basics())
        (17, 226)
        >>> day.lookup("중구", within="대구").code
        '2711000000'
        >>> day.get("26230").name_ko
        '부산진구'
    """

    def __init__(self, registry: Registry, day: _dt.date, index: _Index) -> None:
        self._registry = registry
        self._date = day
        self._idx = index

    def __repr__(self) -> str:
        return f"<Snapshot {self._date.isoformat()}: {len(self)} jurisdictions>"

    @property
    def date(self) -> _dt.date:
        """The day this snapshot describes."""
        return self._date

    @property
    def registry(self) -> Registry:
        """The registry this snapshot comes from."""
        return self._registry

    @property
    def _day(self) -> _dt.date:
        return self._date

    def _index(self) -> _Index:
        return self._idx

    def successors(self, item: Jurisdiction | str) -> tuple[Jurisdiction, ...]:
        """The records that continued this day's record of ``item`` (empty while it lasts)."""
        return self._registry.successors(self._record(item))

    def predecessors(self, item: Jurisdiction | str) -> tuple[Jurisdiction, ...]:
        """The records this day's record of ``item`` continued (empty if it is original)."""
        return self._registry.predecessors(self._record(item))

    def carry(self, item: Jurisdiction | str, to_date: _dt.date | str) -> tuple[Jurisdiction, ...]:
        """The government(s) that this day's ``item`` (record or code) became on ``to_date``."""
        return self._registry._carry(self._record(item), self._registry._check_date(to_date))

    def _record(self, item: Jurisdiction | str) -> Jurisdiction:
        return item if isinstance(item, Jurisdiction) else self.get(item)

    def _meaning_changed(self, key: str, parent: Jurisdiction | None, match: Match) -> Match:
        # A name that meant another government earlier ("광주": 광주광역시
        # until 2026-06-30, 경기도 광주시 since) is answered with a note.
        note = self._registry._meaning_note(self._date, key, parent, match)
        return match if note is None else attrs.evolve(match, note=note)

    def _historical(self, name: str, key: str, parent: Jurisdiction | None) -> Match | None:
        registry = self._registry
        day = self._date
        found: dict[str, tuple[_Entry, Jurisdiction]] = {}
        for entry in registry._index().by_key.get(key, []):
            record = entry.jurisdiction
            if record.valid_on(day):
                continue
            for now in registry._carry(record, day):
                if parent is not None and now.parent_code != parent.code:
                    continue
                known = found.get(now.code)
                if known is None or entry.tier < known[0].tier:
                    found[now.code] = (entry, now)
        if not found:
            return None
        best = min(entry.tier for entry, _ in found.values())
        chosen = [found[code] for code in sorted(found) if found[code][0].tier == best]
        if len(chosen) > 1:
            old = chosen[0][0].jurisdiction
            raise registry._ambiguous(
                name,
                day,
                tuple(now for _, now in chosen),
                note=registry._history_note(name, old, chosen[0][1], day),
            )
        entry, now = chosen[0]
        note = registry._history_note(name, entry.jurisdiction, now, day)
        return Match(now, entry.how, entry.matched, via=entry.jurisdiction, note=note)


class Registry(_View):
    """Every jurisdiction of every date covered by its data.

    The registry as a whole answers for all dates at once: iterating gives
    every record, :meth:`get` gives the latest record of a code, and a name
    finds whatever record bears it. For one day, use :meth:`on`.

    Build one from a file with :meth:`from_csv` or :meth:`from_json`, or from
    records; :func:`greenprocure.jurisdictions.korea` gives Korea's.

    Args:
        records: the records; links and parents must be consistent.
        metadata: facts about the data (``source``, ``source_date``,
            ``covers_from``).
        source: a name for the data in error messages.

    Raises:
        DataFileError: a code valid twice at once, a basic government whose
            parent does not exist throughout its validity, a link to a record
            that does not exist or does not link back.

    Examples:
        >>> from greenprocure.jurisdictions import korea
        >>> registry = korea()
        >>> registry.covers_from
        datetime.date(2019, 1, 1)
        >>> [j.name_ko for j in registry.carry("2917000000", "2022-10-20", "2026-11-25")]
        ['북구']
        >>> registry.qualified_name(registry.get("1230000000"))
        '전남광주통합특별시 북구'
    """

    def __init__(
        self,
        records: Iterable[Jurisdiction],
        *,
        metadata: Mapping[str, str] | None = None,
        source: str = "<records>",
    ) -> None:
        located = [
            Located(record, Message.of(N_("record {index}"), index=index))
            for index, record in enumerate(records, start=1)
        ]
        self._setup(located, dict(metadata or {}), source)

    @classmethod
    def from_csv(cls, source: Source) -> Registry:
        """A registry read from a CSV file (a path or an open text file).

        See the "Jurisdictions" concepts page for the columns. Lines starting
        with ``#`` are comments; ``# key: value`` lines before the header are
        metadata.

        Raises:
            DataFileError: a malformed or inconsistent record, naming its line.
        """
        located, metadata, name = read_csv(source)
        registry = cls.__new__(cls)
        registry._setup(located, metadata, name)
        return registry

    @classmethod
    def from_json(cls, source: Source) -> Registry:
        """A registry read from a JSON file (a path or an open text file).

        The file holds ``{"metadata": {...}, "jurisdictions": [...]}`` with one
        object per record, keyed by the CSV columns.

        Raises:
            DataFileError: a malformed or inconsistent record, naming its entry.
        """
        located, metadata, name = read_json(source)
        registry = cls.__new__(cls)
        registry._setup(located, metadata, name)
        return registry

    def _setup(self, located: list[Located], metadata: dict[str, str], source: str) -> None:
        _validate(located, source)
        self._registry = self
        self._records = tuple(sorted((item.record for item in located), key=_by_code))
        self._source = source
        self._metadata = metadata
        grouped: dict[str, list[Jurisdiction]] = defaultdict(list)
        for record in self._records:
            grouped[record.code].append(record)
        self._versions = {code: tuple(found) for code, found in grouped.items()}
        first = min((r.valid_from for r in self._records), default=_dt.date.min)
        covers = metadata.get("covers_from")
        if covers:
            try:
                first = _dt.date.fromisoformat(covers)
            except ValueError:
                raise data_error(
                    source,
                    Message.of(N_("metadata {key}"), key="covers_from"),
                    Message.of(N_("{value!r} is not a date (use YYYY-MM-DD)"), value=covers),
                ) from None
        self._covers_from = first
        self._known_until: _dt.date | None = None
        for key in ("compiled", "source_date"):
            value = metadata.get(key)
            if value:
                try:
                    self._known_until = _dt.date.fromisoformat(value)
                except ValueError:
                    raise data_error(
                        source,
                        Message.of(N_("metadata {key}"), key=key),
                        Message.of(N_("{value!r} is not a date (use YYYY-MM-DD)"), value=value),
                    ) from None
                break
        self._warned: set[_dt.date] = set()
        self._meanings: dict[tuple[int, str, str | None, str], Message | None] = {}
        # Days on which something changes: between two of them every day has
        # the same jurisdictions, so they share one index.
        changes = {first}
        for record in self._records:
            if record.valid_from > first:
                changes.add(record.valid_from)
            if record.valid_until is not None:
                changes.add(record.valid_until + _ONE_DAY)
        self._boundaries = sorted(changes)
        self._epochs: dict[int, _Index] = {}
        self._snapshots: dict[_dt.date, Snapshot] = {}
        self._all: _Index | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<Registry {self._source}: {len(self._records)} records>"

    # -- facts ----------------------------------------------------------------

    @property
    def metadata(self) -> Mapping[str, str]:
        """Facts about the data, from the file's ``# key: value`` lines."""
        return dict(self._metadata)

    @property
    def source(self) -> str:
        """Where the data comes from (the ``source`` metadata, else the file name)."""
        return self._metadata.get("source", self._source)

    @property
    def covers_from(self) -> _dt.date:
        """The first day the data covers; earlier days are refused."""
        return self._covers_from

    @property
    def known_until(self) -> _dt.date | None:
        """The last day whose changes the data knows (metadata ``compiled``, else ``source_date``).

        :meth:`on` answers for later days too, with a
        :class:`~greenprocure.jurisdictions.JurisdictionDataWarning`: changes
        after this day are unknown. ``None`` when the metadata does not say.
        """
        return self._known_until

    @property
    def change_dates(self) -> tuple[_dt.date, ...]:
        """The days on which a jurisdiction started or ended (after the first day)."""
        return tuple(self._boundaries[1:])

    def versions(self, code: str) -> tuple[Jurisdiction, ...]:
        """Every record of a 10-digit ``code``, oldest first (empty if unknown)."""
        return self._versions.get(_check_code(code), ())

    # -- dates ----------------------------------------------------------------

    def on(self, day: _dt.date | str) -> Snapshot:
        """The snapshot of ``day`` (a date or ``"YYYY-MM-DD"``); cached per day.

        A day after :attr:`known_until` is answered as the data has it, with a
        :class:`~greenprocure.jurisdictions.JurisdictionDataWarning` (once per
        registry and day): renames and mergers after that day are unknown.

        Raises:
            JurisdictionValueError: not a date, or a day before :attr:`covers_from`.
        """
        snapshot = self._snapshots.get(day) if type(day) is _dt.date else None
        if snapshot is not None:
            return snapshot
        checked = self._check_date(day)
        known = self._known_until
        if known is not None and checked > known and checked not in self._warned:
            with self._lock:
                first = checked not in self._warned
                self._warned.add(checked)
            if first:
                warnings.warn(
                    JurisdictionDataWarning(
                        N_(
                            "the jurisdiction data knows changes only up to {known}: renames,"
                            " mergers and new governments after it are unknown, so the"
                            " answer for {date} is that of {known}"
                        ),
                        known=known,
                        date=checked,
                    ),
                    stacklevel=2,
                )
        snapshot = self._snapshots.get(checked)
        if snapshot is None:
            position = bisect.bisect_right(self._boundaries, checked) - 1
            index = self._epoch(position)
            snapshot = Snapshot(self, checked, index)
            if len(self._snapshots) > 100_000:  # bounded: days are few in practice
                self._snapshots.clear()
            self._snapshots[checked] = snapshot
        return snapshot

    def _epoch(self, position: int) -> _Index:
        index = self._epochs.get(position)
        if index is None:
            with self._lock:
                index = self._epochs.get(position)
                if index is None:
                    day = self._boundaries[position]
                    index = _Index([r for r in self._records if r.valid_on(day)])
                    self._epochs[position] = index
        return index

    def _index(self) -> _Index:
        index = self._all
        if index is None:
            with self._lock:
                index = self._all
                if index is None:
                    index = self._all = _Index(self._records)
        return index

    def _check_date(self, day: object) -> _dt.date:
        checked = _as_date(day)
        if checked < self._covers_from:
            raise JurisdictionValueError(
                N_("{value} is before {start}, the first day the jurisdiction data covers"),
                value=checked,
                start=self._covers_from,
            )
        return checked

    # -- history --------------------------------------------------------------

    def successors(self, item: Jurisdiction | str) -> tuple[Jurisdiction, ...]:
        """The records that continue ``item`` (a record, or a code's latest record)."""
        record = item if isinstance(item, Jurisdiction) else self.get(item)
        if record.valid_until is None:
            return ()
        day = record.valid_until + _ONE_DAY
        return tuple(self._version_on(code, day) for code in record.successors)

    def predecessors(self, item: Jurisdiction | str) -> tuple[Jurisdiction, ...]:
        """The records that ``item`` (a record, or a code's latest record) continues."""
        record = item if isinstance(item, Jurisdiction) else self.get(item)
        day = record.valid_from - _ONE_DAY
        return tuple(self._version_on(code, day) for code in record.predecessors)

    def carry(
        self, code: str, from_date: _dt.date | str, to_date: _dt.date | str
    ) -> tuple[Jurisdiction, ...]:
        """The government(s) that the government with ``code`` on ``from_date`` is on ``to_date``.

        Follows successor links forwards (or predecessor links backwards) across
        renames, moves, merges, splits and status changes. A figure of 2022 for
        광주광역시 북구 belongs on 2026-11-25 to 전남광주통합특별시 북구; one for
        인천 서구 to both 서해구 and 검단구. Empty if the government was
        abolished without a successor.

        Raises:
            UnknownJurisdictionError: no jurisdiction has ``code`` on ``from_date``.
            JurisdictionValueError: a bad code or date.
        """
        start = self.on(from_date).get(code)
        return self._carry(start, self._check_date(to_date))

    def _carry(self, record: Jurisdiction, day: _dt.date) -> tuple[Jurisdiction, ...]:
        found: dict[str, Jurisdiction] = {}
        pending = [record]
        seen: set[tuple[str, _dt.date]] = set()
        while pending:
            current = pending.pop()
            if _by_code(current) in seen:
                continue
            seen.add(_by_code(current))
            if current.valid_on(day):
                found[current.code] = current
            elif current.valid_until is not None and day > current.valid_until:
                pending.extend(self.successors(current))
            elif day < current.valid_from:
                pending.extend(self.predecessors(current))
        return tuple(found[code] for code in sorted(found))

    def _drop_ancestors(self, entries: list[_Entry]) -> list[_Entry]:
        # Registry-wide, 강원 names both 강원도 and 강원특별자치도: the same
        # government at two times. Keep only the latest of one lineage.
        kept = []
        for entry in entries:
            record = entry.jurisdiction
            end = record.valid_until
            if end is None or not any(
                other.jurisdiction.valid_from > end
                and other.jurisdiction in self._carry(record, other.jurisdiction.valid_from)
                for other in entries
            ):
                kept.append(entry)
        return kept or entries

    def _version_on(self, code: str, day: _dt.date) -> Jurisdiction:
        for record in self._versions.get(code, ()):
            if record.valid_on(day):
                return record
        raise self._unknown_code(code, day)  # links were checked when loading

    # -- names ----------------------------------------------------------------

    def parent_of(self, record: Jurisdiction) -> Jurisdiction | None:
        """The metro ``record`` belongs to, as it was on the record's first day."""
        if record.parent_code is None:
            return None
        return self._version_on(record.parent_code, record.valid_from)

    def qualified_name(self, record: Jurisdiction, locale: str = "ko") -> str:
        """The name with its parent: ``대구광역시 중구`` (ko), ``Jung-gu, Daegu`` (en)."""
        names = self._names(record)
        return names.render(locale)

    def _names(self, record: Jurisdiction) -> Bilingual:
        parent = self.parent_of(record)
        if parent is None:
            return Bilingual(record.name_ko, record.name_en)
        return Bilingual(
            f"{parent.name_ko} {record.name_ko}", f"{record.name_en}, {parent.name_en}"
        )

    def _listing(self, records: Sequence[Jurisdiction]) -> Bilingual:
        def join(render: Callable[[Jurisdiction], str], separator: str) -> str:
            return separator.join(f"{render(r)} ({r.code})" for r in records)

        # English names hold a comma ("Jung-gu, Seoul"): separate them by semicolons.
        return Bilingual(
            join(lambda r: self._names(r).ko, ", "), join(lambda r: self._names(r).en, "; ")
        )

    def _ambiguous(
        self,
        name: str,
        day: _dt.date | None,
        candidates: tuple[Jurisdiction, ...],
        note: Message | None = None,
    ) -> AmbiguousJurisdictionError:
        listing = self._listing(candidates)
        if note is not None and day is not None:
            return AmbiguousJurisdictionError(
                N_(
                    "{note}: on {date} {name!r} could mean any of {count} jurisdictions:"
                    " {listing}; give the code"
                ),
                note=note,
                name=name,
                count=len(candidates),
                date=day,
                listing=listing,
                candidates=candidates,
            )
        if day is None:
            return AmbiguousJurisdictionError(
                N_(
                    "{name!r} could mean any of {count} jurisdictions: {listing};"
                    " give the parent or the code"
                ),
                name=name,
                count=len(candidates),
                listing=listing,
                candidates=candidates,
            )
        return AmbiguousJurisdictionError(
            N_(
                "{name!r} could mean any of {count} jurisdictions on {date}: {listing};"
                " give the parent or the code"
            ),
            name=name,
            count=len(candidates),
            date=day,
            listing=listing,
            candidates=candidates,
        )

    def _unknown_code(self, code: str, day: _dt.date | None) -> UnknownJurisdictionError:
        versions = self._versions.get(code if len(code) == 10 else "", ())
        if not versions:
            for record in self._records:
                if code in _code_keys(record):
                    versions = self._versions[record.code]
                    break
        if day is None or not versions:
            if day is None:
                return UnknownJurisdictionError(N_("no jurisdiction has code {code!r}"), code=code)
            return UnknownJurisdictionError(
                N_("no jurisdiction has code {code!r} on {date}"), code=code, date=day
            )
        last = versions[-1]
        if last.valid_until is not None and day > last.valid_until:
            return UnknownJurisdictionError(
                N_(
                    "code {code!r} ({name}) is not valid on {date}: it ended on {end};"
                    " carry() finds its successors"
                ),
                code=code,
                name=self._names(last),
                date=day,
                end=last.valid_until,
            )
        first = versions[0]
        return UnknownJurisdictionError(
            N_("code {code!r} ({name}) is not valid on {date}: it starts on {start}"),
            code=code,
            name=self._names(first),
            date=day,
            start=first.valid_from,
        )

    def _history_note(
        self, name: str, old: Jurisdiction, now: Jurisdiction, day: _dt.date
    ) -> Message:
        if day < old.valid_from:
            return Message.of(
                N_("{name!r} is a name used from {start}; on {date} it was {now}"),
                name=name,
                start=old.valid_from,
                date=day,
                now=self._names(now),
            )
        end = old.valid_until or day  # a record found for a later day has ended
        since = end + _ONE_DAY
        successors = self.successors(old)
        params = {"old": self._names(old), "new": self._names(now), "date": since}
        if now not in successors:  # several steps: say where it ends up
            return Message.of(
                N_("{old} was valid until {end}; on {date} it is {new}"),
                old=self._names(old),
                end=end,
                date=day,
                new=self._names(now),
            )
        if len(successors) > 1:
            params["new"] = self._listing_names(successors)
            return Message.of(N_("{old} was divided into {new} on {date}"), **params)
        if len(self.predecessors(now)) > 1:
            return Message.of(N_("{old} was merged into {new} on {date}"), **params)
        if old.ended_by is Change.RENAME and old.name_ko != now.name_ko:
            return Message.of(N_("{old} was renamed {new} on {date}"), **params)
        if old.ended_by is Change.MOVE:
            return Message.of(N_("{old} moved on {date}: it is now {new}"), **params)
        return Message.of(N_("{old} became {new} on {date}"), **params)

    def _meaning_note(
        self, day: _dt.date, key: str, parent: Jurisdiction | None, match: Match
    ) -> Message | None:
        """A note when the name ``key`` meant another government on an earlier day."""
        position = bisect.bisect_right(self._boundaries, day) - 1
        now = match.jurisdiction
        cache_key = (position, key, None if parent is None else parent.code, now.code)
        if cache_key in self._meanings:
            return self._meanings[cache_key]
        note = None
        start = self._boundaries[position]
        for earlier in range(position - 1, -1, -1):
            entries = self._epoch(earlier).by_key.get(key, [])
            if parent is not None:
                entries = [e for e in entries if e.jurisdiction.parent_code == parent.code]
            if not entries:
                continue
            best = min(entry.tier for entry in entries)
            chosen = [entry for entry in entries if entry.tier == best]
            if len(chosen) > 1:
                break  # the name was ambiguous then: it did not mean one government
            old = chosen[0].jurisdiction
            if old.code == now.code:
                break
            carried = self._carry(old, start)
            if now in carried:
                break  # the same government, renamed or moved
            since = self._boundaries[earlier + 1]
            params = {
                "name": match.matched,
                "old": self._names(old),
                "end": since - _ONE_DAY,
                "date": since,
                "new": self._names(now),
            }
            if carried:
                note = Message.of(
                    N_(
                        "{name!r} meant {old} until {end}; since {date} it means {new}:"
                        " write {successors} or {new} to be sure"
                    ),
                    successors=self._listing_names(carried),
                    **params,
                )
            else:
                note = Message.of(
                    N_(
                        "{name!r} meant {old} until {end}; since {date} it means {new}:"
                        " write {new} to be sure"
                    ),
                    **params,
                )
            break
        self._meanings[cache_key] = note
        return note

    def _listing_names(self, records: Sequence[Jurisdiction]) -> Bilingual:
        return Bilingual(
            ", ".join(self._names(r).ko for r in records),
            "; ".join(self._names(r).en for r in records),
        )


def _validate(located: Sequence[Located], source: str) -> None:
    """Check what one record alone cannot: overlaps, parents and links."""
    versions: dict[str, list[Located]] = defaultdict(list)
    for item in located:
        versions[item.record.code].append(item)
    for items in versions.values():
        items.sort(key=lambda item: item.record.valid_from)
        for before, after in itertools.pairwise(items):
            end = before.record.valid_until
            if end is None or end >= after.record.valid_from:
                raise data_error(
                    source,
                    after.where,
                    Message.of(
                        N_("code {code} is valid twice at once (see also {other})"),
                        code=after.record.code,
                        other=before.where,
                    ),
                )

    def version_on(code: str, day: _dt.date) -> Located | None:
        for item in versions.get(code, ()):
            if item.record.valid_on(day):
                return item
        return None

    for item in located:
        record = item.record
        if record.parent_code is not None:
            day = record.valid_from
            while True:
                parent = version_on(record.parent_code, day)
                if parent is None:
                    raise data_error(
                        source,
                        item.where,
                        Message.of(
                            N_("parent {value!r} does not exist on {date}"),
                            value=record.parent_code,
                            date=day,
                        ),
                    )
                if parent.record.level is not Level.METRO:
                    raise data_error(
                        source,
                        item.where,
                        Message.of(
                            N_("parent {value!r} is not a metropolitan government"),
                            value=record.parent_code,
                        ),
                    )
                end = parent.record.valid_until
                if end is None or (record.valid_until is not None and end >= record.valid_until):
                    break
                day = end + _ONE_DAY
        if record.successors and record.valid_until is None:
            raise data_error(
                source,
                item.where,
                Message.of(N_("successors are listed but valid_until is empty")),
            )
        links = [
            (N_("predecessor"), code, record.valid_from - _ONE_DAY, "successors")
            for code in record.predecessors
        ]
        if record.valid_until is not None:
            links.extend(
                (N_("successor"), code, record.valid_until + _ONE_DAY, "predecessors")
                for code in record.successors
            )
        for side, code, day, back in links:
            other = version_on(code, day)
            if other is None:
                raise data_error(
                    source,
                    item.where,
                    Message.of(
                        N_("{side} {value!r} has no record valid on {date}"),
                        side=Message.of(side),
                        value=code,
                        date=day,
                    ),
                )
            if record.code not in getattr(other.record, back):
                raise data_error(
                    source,
                    item.where,
                    Message.of(
                        N_("{side} {value!r} does not link back to {code} ({other})"),
                        side=Message.of(side),
                        value=code,
                        code=record.code,
                        other=other.where,
                    ),
                )
