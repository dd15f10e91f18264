"""Common priority policy tasks (공통중점정책과제): kinds, activities, logs and events.

Besides attainment, the priority-city programme tracks which governments
carried out its common priority policy tasks, and how often:

* a **policy roundtable with basic governments** (기초지방정부 정책간담회),
* **green purchasing policy capacity-building training** (녹색구매 정책
  역량강화 교육),
* a **company certification briefing** (기업인증설명회).

A :class:`TaskKind` names a task in Korean and English; :data:`BUILTIN_KINDS`
holds the three above, and :meth:`TaskKinds.with_kind` makes a registry with
your own kinds added. An :class:`Activity` is one government's record of a
task: when (:class:`When`: a day, a month, or a span the date is only known to
lie in), its :class:`State` (planned, done, cancelled) and how many times. An
:class:`ActivityLog` is an immutable, validated collection of activities that
answers who did a task in a period, how many times, who has not done it yet,
and which plans are overdue; its summaries (:class:`TaskSummary`,
:class:`JurisdictionSummary`) add up over logs and describe themselves as
translatable :class:`~greenprocure.i18n.Message` objects. An :class:`Event`
records a meeting such as the programme's network workshop.

Texts that come with data rather than from the catalogs (a kind's names, an
event's place) are :class:`Bilingual` messages: they render in Korean or
English like any other message.

Examples:
    >>> import datetime
    >>> from greenprocure import Period
    >>> log = ActivityLog(
    ...     [
    ...         Activity("2600000000", ROUNDTABLE, When.parse("2022-01..2022-09")),
    ...         Activity("2600000000", TRAINING, When.parse("2022-05"), count=2),
    ...         Activity("4800000000", BRIEFING, When.month(2022, 11), State.PLANNED),
    ...     ],
    ...     cohort=["2600000000", "4800000000"],
    ...     period=Period.year(2022),
    ... )
    >>> log.done_by(ROUNDTABLE), log.times(TRAINING), log.not_yet(BRIEFING)
    (('2600000000',), 2, ('2600000000', '4800000000'))
    >>> log.summary(ROUNDTABLE).describe().render("en")
    'policy roundtable with basic governments: done by 1 of 2 governments, 1 time(s) in all'
    >>> log.summary(BRIEFING).describe().render("ko")
    '기업인증설명회: 2개 지방정부 중 0곳 실시(총 0회), 1건 예정'
    >>> [str(a) for a in log.overdue(datetime.date(2022, 12, 1))]
    ['4800000000 briefing 2022-11 (planned)']
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Protocol

import attrs

from greenprocure.errors import PolicyError
from greenprocure.i18n import N_, Bilingual, Message
from greenprocure.period import Period

__all__ = [
    "BRIEFING",
    "BUILTIN_KINDS",
    "ROUNDTABLE",
    "TRAINING",
    "Activity",
    "ActivityLog",
    "Bilingual",
    "CodeLookup",
    "Event",
    "JurisdictionSummary",
    "Precision",
    "Session",
    "State",
    "TaskKind",
    "TaskKinds",
    "TaskSummary",
    "When",
]

_ID: Final = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


# -- task kinds -------------------------------------------------------------------


def _check_id(value: object, what: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise PolicyError(
            N_("{what} id {value!r} is not a lowercase identifier such as 'roundtable'"),
            what=what,
            value=value,
        )
    return value


@attrs.frozen
class TaskKind:
    """A kind of policy task, with a stable id and Korean and English names.

    Attributes:
        id: a lowercase identifier (``"roundtable"``), used in data files.
        name_ko: the Korean name (``"기초지방정부 정책간담회"``).
        name_en: the English name.

    Examples:
        >>> fair = TaskKind("green-fair", "녹색제품 박람회", "green products fair")
        >>> fair.name.render("ko")
        '녹색제품 박람회'
    """

    id: str
    name_ko: str
    name_en: str

    def __attrs_post_init__(self) -> None:
        _check_id(self.id, "task kind")
        Bilingual(self.name_ko, self.name_en)

    @property
    def name(self) -> Bilingual:
        """The name as a message, rendered in the reader's language."""
        return Bilingual(self.name_ko, self.name_en)


ROUNDTABLE: Final = TaskKind(
    "roundtable", "기초지방정부 정책간담회", "policy roundtable with basic governments"
)
"""Policy roundtable with basic governments (기초지방정부 정책간담회)."""

TRAINING: Final = TaskKind(
    "training", "녹색구매 정책 역량강화 교육", "green purchasing policy capacity-building training"
)
"""Green purchasing policy capacity-building training (녹색구매 정책 역량강화 교육)."""

BRIEFING: Final = TaskKind("briefing", "기업인증설명회", "company certification briefing")
"""Company certification briefing (기업인증설명회)."""


def _kind_tuple(kinds: Iterable[TaskKind]) -> tuple[TaskKind, ...]:
    return tuple(kinds)


@attrs.frozen
class TaskKinds:
    """An immutable registry of task kinds, looked up by id.

    Users add their own kinds with :meth:`with_kind`, which returns a new
    registry; nothing global is changed.

    Examples:
        >>> kinds = BUILTIN_KINDS.with_kind(TaskKind("fair", "녹색제품 박람회", "green fair"))
        >>> [kind.id for kind in kinds]
        ['roundtable', 'training', 'briefing', 'fair']
        >>> BUILTIN_KINDS.get("fair")
        Traceback (most recent call last):
        ...
        greenprocure.errors.PolicyError: unknown task kind 'fair': known kinds are roundtable, ...
    """

    #: The kinds, in order (ids are unique).
    kinds: tuple[TaskKind, ...] = attrs.field(converter=_kind_tuple)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for kind in self.kinds:
            if not isinstance(kind, TaskKind):
                raise PolicyError(N_("{value!r} is not a task kind"), value=kind)
            if kind.id in seen:
                raise PolicyError(N_("task kind id {kind!r} is defined twice"), kind=kind.id)
            seen.add(kind.id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the kinds, in registry order."""
        return tuple(kind.id for kind in self.kinds)

    def get(self, kind_id: str) -> TaskKind:
        """The kind with id ``kind_id``; an unknown id raises :class:`PolicyError`."""
        for kind in self.kinds:
            if kind.id == kind_id:
                return kind
        raise PolicyError(
            N_("unknown task kind {kind!r}: known kinds are {known}"),
            kind=kind_id,
            known=", ".join(self.ids),
        )

    def resolve(self, kind: TaskKind | str) -> TaskKind:
        """``kind`` itself if registered, or the registered kind with that id."""
        if isinstance(kind, TaskKind):
            if kind not in self.kinds:
                raise PolicyError(
                    N_("unknown task kind {kind!r}: known kinds are {known}"),
                    kind=kind.id,
                    known=", ".join(self.ids),
                )
            return kind
        return self.get(kind)

    def with_kind(self, *kinds: TaskKind) -> TaskKinds:
        """A new registry with ``kinds`` added (an id already present is an error)."""
        return TaskKinds(self.kinds + kinds)

    def __contains__(self, kind: object) -> bool:
        if isinstance(kind, str):
            return kind in self.ids
        return kind in self.kinds

    def __iter__(self) -> Iterator[TaskKind]:
        return iter(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)


BUILTIN_KINDS: Final = TaskKinds((ROUNDTABLE, TRAINING, BRIEFING))
"""The three common priority tasks of the priority-city programme."""


# -- dates --------------------------------------------------------------------------


class Precision(enum.Enum):
    """How precisely an activity's date is known."""

    #: One day.
    DAY = "day"
    #: One whole calendar month.
    MONTH = "month"
    #: Some day inside a longer span (e.g. "in January–September 2022").
    SPAN = "span"


_WHEN: Final = re.compile(
    r"^\s*(?P<a>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\s*\.\.\s*(?P<b>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?))?\s*$"
)


def _month_end(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def _bounds(text: str, source: str) -> tuple[_dt.date, _dt.date]:
    parts = [int(part) for part in text.split("-")]
    try:
        if len(parts) == 1:
            return _dt.date(parts[0], 1, 1), _dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            return _dt.date(parts[0], parts[1], 1), _month_end(parts[0], parts[1])
        day = _dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise PolicyError(N_("{value!r} is not a valid date"), value=source) from None
    return day, day


def _check_date(value: object, what: str) -> _dt.date:
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise PolicyError(N_("{what} {value!r} is not a date"), what=what, value=value)
    return value


@attrs.frozen(order=True)
class When:
    """When an activity happens: a day, a whole month, or some day inside a span.

    The seed reports some activities only as "held in January–September
    2022"; :meth:`within` records exactly that, without inventing a day.

    Attributes:
        first: the earliest day it can be.
        last: the latest day it can be.

    Examples:
        >>> import datetime
        >>> When.parse("2022-01..2022-09").precision, When.parse("2022-11").precision
        (<Precision.SPAN: 'span'>, <Precision.MONTH: 'month'>)
        >>> str(When.day(datetime.date(2022, 10, 20)))
        '2022-10-20'
        >>> When.parse("2022-11").describe().render("en")
        'in 2022-11'
    """

    first: _dt.date
    last: _dt.date

    def __attrs_post_init__(self) -> None:
        _check_date(self.first, "first day")
        _check_date(self.last, "last day")
        if self.last < self.first:
            raise PolicyError(
                N_("date span {first}..{last} ends before it starts"),
                first=self.first.isoformat(),
                last=self.last.isoformat(),
            )

    @classmethod
    def day(cls, day: _dt.date) -> When:
        """Exactly ``day``."""
        return cls(day, day)

    @classmethod
    def month(cls, year: int, month: int) -> When:
        """Some day of one calendar month."""
        return cls(*_bounds(f"{year:04d}-{month}", f"{year}-{month}"))

    @classmethod
    def within(cls, period: Period) -> When:
        """Some day inside ``period`` (the date is not known more precisely)."""
        return cls(period.start, period.end)

    @classmethod
    def parse(cls, text: str) -> When:
        """Parse ``"2022-10-20"``, ``"2022-11"``, ``"2022"``, ``"2022-01..2022-09"``.

        A span's ends may be days or months: ``"2022-10-20..2022-10-21"``.
        """
        match = _WHEN.match(text) if isinstance(text, str) else None
        if match is None:
            raise PolicyError(
                N_("date {value!r} is not of the form 2022-10-20, 2022-11 or 2022-01..2022-09"),
                value=text,
            )
        first, last = _bounds(match["a"], text)
        if match["b"] is not None:
            last = _bounds(match["b"], text)[1]
        return cls(first, last)

    @property
    def precision(self) -> Precision:
        """Whether this is a day, a whole month, or a longer span."""
        if self.first == self.last:
            return Precision.DAY
        if (
            self.first.day == 1
            and (self.first.year, self.first.month) == (self.last.year, self.last.month)
            and self.last == _month_end(self.last.year, self.last.month)
        ):
            return Precision.MONTH
        return Precision.SPAN

    def lies_within(self, period: Period) -> bool:
        """True when every day it can be falls inside ``period``."""
        return period.start <= self.first and self.last <= period.end

    def before(self, day: _dt.date) -> bool:
        """True when even its latest day comes before ``day``."""
        return self.last < day

    def describe(self) -> Message:
        """The date for people: ``2022년 11월`` / ``November 2022``-style."""
        precision = self.precision
        if precision is Precision.DAY:
            return Message.of(N_("on {day}"), day=self.first)
        if precision is Precision.MONTH:
            return Message.of(
                N_("in {year}-{month:02d}"), year=self.first.year, month=self.first.month
            )
        return Message.of(N_("some time in {span}"), span=str(self))

    def __str__(self) -> str:
        precision = self.precision
        if precision is Precision.DAY:
            return self.first.isoformat()
        if precision is Precision.MONTH:
            return f"{self.first.year:04d}-{self.first.month:02d}"
        whole_year = (self.first.month, self.first.day, self.last.month, self.last.day)
        if whole_year == (1, 1, 12, 31) and self.first.year == self.last.year:
            return f"{self.first.year:04d}"
        if self.first.day == 1 and self.last == _month_end(self.last.year, self.last.month):
            return (
                f"{self.first.year:04d}-{self.first.month:02d}.."
                f"{self.last.year:04d}-{self.last.month:02d}"
            )
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


# -- activities -----------------------------------------------------------------------


class State(enum.Enum):
    """Where an activity stands."""

    #: Announced but not (yet) carried out.
    PLANNED = "planned"
    #: Carried out.
    DONE = "done"
    #: Called off.
    CANCELLED = "cancelled"

    @property
    def label(self) -> Message:
        """The state's name for people."""
        return _STATE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> State:
        """``"planned"``, ``"done"`` or ``"cancelled"``; anything else raises PolicyError."""
        try:
            return cls(text.strip().lower() if isinstance(text, str) else text)
        except ValueError:
            raise PolicyError(
                N_("state {value!r} is not one of planned, done, cancelled"), value=text
            ) from None


_STATE_LABELS: Final = {
    State.PLANNED: Message.of(N_("planned")),
    State.DONE: Message.of(N_("done")),
    State.CANCELLED: Message.of(N_("cancelled")),
}


def _check_code(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise PolicyError(
            N_("jurisdiction code {value!r} is empty, padded or not a string"), value=value
        )
    return value


def _check_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PolicyError(N_("count {value!r} is not a whole number of at least 1"), value=value)
    return value


@attrs.frozen
class Activity:
    """One government's record of a policy task.

    Attributes:
        jurisdiction: the government's code (the 10-digit legal-dong code for
            Korea, e.g. ``"2600000000"`` for Busan).
        kind: the task kind.
        when: when it happened or is planned.
        state: planned, done or cancelled (default done).
        count: how many times (default 1).
        note: free text, e.g. why the date is only known to the month.
        source: where the record comes from.

    Examples:
        >>> a = Activity("2600000000", TRAINING, When.parse("2022-01..2022-09"), count=2)
        >>> str(a)
        '2600000000 training 2022-01..2022-09 ×2 (done)'
        >>> a.describe().render("en")  # doctest: +NORMALIZE_WHITESPACE
        'green purchasing policy capacity-building training, some time in 2022-01..2022-09,
         2 time(s) (done)'
    """

    jurisdiction: str
    kind: TaskKind
    when: When
    state: State = State.DONE
    count: int = 1
    note: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        _check_code(self.jurisdiction)
        if not isinstance(self.kind, TaskKind):
            raise PolicyError(
                N_("task kind {value!r} is not a TaskKind: look it up with TaskKinds.get"),
                value=self.kind,
            )
        if not isinstance(self.when, When):
            raise PolicyError(N_("date {value!r} is not a When"), value=self.when)
        if not isinstance(self.state, State):
            raise PolicyError(N_("state {value!r} is not a State"), value=self.state)
        _check_count(self.count)

    @property
    def is_done(self) -> bool:
        """True when the activity was carried out."""
        return self.state is State.DONE

    def describe(self) -> Message:
        """The activity for people (without the government's name)."""
        return Message.of(
            N_("{kind}, {when}, {count} time(s) ({state})"),
            kind=self.kind.name,
            when=self.when.describe(),
            count=self.count,
            state=self.state.label,
        )

    def __str__(self) -> str:
        times = f" ×{self.count}" if self.count != 1 else ""
        return f"{self.jurisdiction} {self.kind.id} {self.when}{times} ({self.state.value})"


# -- summaries -------------------------------------------------------------------------

Counts = tuple[tuple[str, int], ...]


def _counts(counter: Mapping[str, int]) -> Counts:
    return tuple(sorted((key, value) for key, value in counter.items() if value))


def _add_counts(first: Counts, second: Counts) -> Counts:
    total: Counter[str] = Counter(dict(first))
    total.update(dict(second))
    return _counts(total)


@attrs.frozen
class TaskSummary:
    """How one task kind went, over a log or a period of it.

    Counts are kept per government code (sorted), for done, planned and
    cancelled activities. Summaries of two logs with the same cohort and
    period add up with ``+``.

    Attributes:
        kind: the task kind.
        done: ``(code, times)`` for every government that carried it out.
        planned: ``(code, times)`` of planned activities.
        cancelled: ``(code, times)`` of cancelled activities.
        cohort: the governments expected to carry it out, if the log has a cohort.
        period: the period summarised, if one was asked for.
    """

    kind: TaskKind
    done: Counts = ()
    planned: Counts = ()
    cancelled: Counts = ()
    cohort: frozenset[str] | None = None
    period: Period | None = None

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """The codes of the governments that carried the task out, sorted."""
        return tuple(code for code, _ in self.done)

    @property
    def times(self) -> int:
        """How many times the task was carried out in all."""
        return sum(times for _, times in self.done)

    @property
    def planned_times(self) -> int:
        """How many times it is planned in all."""
        return sum(times for _, times in self.planned)

    @property
    def not_yet(self) -> tuple[str, ...] | None:
        """Cohort members that have not carried it out (``None`` without a cohort)."""
        if self.cohort is None:
            return None
        done = set(self.jurisdictions)
        return tuple(sorted(code for code in self.cohort if code not in done))

    def count(self, jurisdiction: str) -> int:
        """How many times ``jurisdiction`` carried the task out."""
        return dict(self.done).get(jurisdiction, 0)

    def __add__(self, other: TaskSummary) -> TaskSummary:
        if not isinstance(other, TaskSummary):
            return NotImplemented
        if (other.kind, other.cohort, other.period) != (self.kind, self.cohort, self.period):
            raise PolicyError(
                N_(
                    "cannot add summaries of different task kinds, cohorts or periods"
                    " ({first}, {second})"
                ),
                first=self.kind.id,
                second=other.kind.id,
            )
        return attrs.evolve(
            self,
            done=_add_counts(self.done, other.done),
            planned=_add_counts(self.planned, other.planned),
            cancelled=_add_counts(self.cancelled, other.cancelled),
        )

    def describe(self) -> Message:
        """One line for people: who did it, out of how many, how often, what is planned."""
        params: dict[str, Any] = {
            "kind": self.kind.name,
            "done": len(self.done),
            "times": self.times,
        }
        planned = self.planned_times
        if self.cohort is not None:
            params["total"] = len(self.cohort)
            if planned:
                return Message.of(
                    N_(
                        "{kind}: done by {done} of {total} governments, {times} time(s) in all;"
                        " {planned} more planned"
                    ),
                    planned=planned,
                    **params,
                )
            return Message.of(
                N_("{kind}: done by {done} of {total} governments, {times} time(s) in all"),
                **params,
            )
        if planned:
            return Message.of(
                N_(
                    "{kind}: done by {done} government(s), {times} time(s) in all;"
                    " {planned} more planned"
                ),
                planned=planned,
                **params,
            )
        return Message.of(
            N_("{kind}: done by {done} government(s), {times} time(s) in all"), **params
        )


@attrs.frozen
class JurisdictionSummary:
    """What one government did, per task kind.

    Attributes:
        jurisdiction: the government's code.
        done: ``(kind id, times)`` of tasks carried out, sorted by kind id.
        planned: ``(kind id, times)`` of planned tasks.
        cancelled: ``(kind id, times)`` of cancelled tasks.
        period: the period summarised, if one was asked for.
    """

    jurisdiction: str
    done: Counts = ()
    planned: Counts = ()
    cancelled: Counts = ()
    period: Period | None = None

    @property
    def times(self) -> int:
        """How many tasks it carried out in all."""
        return sum(times for _, times in self.done)

    @property
    def kinds_done(self) -> tuple[str, ...]:
        """The ids of the kinds it carried out at least once."""
        return tuple(kind for kind, _ in self.done)

    def count(self, kind: TaskKind | str, state: State = State.DONE) -> int:
        """How many times it has ``kind`` in ``state`` (default done)."""
        kind_id = kind.id if isinstance(kind, TaskKind) else kind
        counts = {
            State.DONE: self.done,
            State.PLANNED: self.planned,
            State.CANCELLED: self.cancelled,
        }
        return dict(counts[state]).get(kind_id, 0)

    def __add__(self, other: JurisdictionSummary) -> JurisdictionSummary:
        if not isinstance(other, JurisdictionSummary):
            return NotImplemented
        if (other.jurisdiction, other.period) != (self.jurisdiction, self.period):
            raise PolicyError(
                N_("cannot add summaries of different governments or periods ({first}, {second})"),
                first=self.jurisdiction,
                second=other.jurisdiction,
            )
        return attrs.evolve(
            self,
            done=_add_counts(self.done, other.done),
            planned=_add_counts(self.planned, other.planned),
            cancelled=_add_counts(self.cancelled, other.cancelled),
        )

    def describe(self, name: Message | str | None = None) -> Message:
        """One line for people, with the government's ``name`` if given (else its code)."""
        planned = sum(times for _, times in self.planned)
        return Message.of(
            N_("{name}: {times} task(s) done in {kinds} kind(s), {planned} planned"),
            name=self.jurisdiction if name is None else name,
            times=self.times,
            kinds=len(self.done),
            planned=planned,
        )


# -- the log ---------------------------------------------------------------------------


class CodeLookup(Protocol):
    """Anything that finds a jurisdiction by code, such as a registry snapshot on a date."""

    def get(self, code: str, /) -> object:
        """The jurisdiction with ``code``; ``None`` or an error when there is none."""


def _cohort(value: object) -> frozenset[str] | None:
    """Codes from codes, from objects with ``.code``, or from an object with ``.members``."""
    if value is None:
        return None
    members = getattr(value, "members", value)
    if isinstance(members, str) or not isinstance(members, Iterable):
        raise PolicyError(
            N_("cohort {value!r} is not a collection of jurisdiction codes"), value=value
        )
    codes: set[str] = set()
    for member in members:
        code = member if isinstance(member, str) else getattr(member, "code", member)
        codes.add(_check_code(code))
    return frozenset(codes)


def _activities(value: Iterable[Activity]) -> tuple[Activity, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, Activity):
            raise PolicyError(N_("{value!r} is not an Activity"), value=item)
    return items


def _check_period(value: object) -> Period | None:
    if value is not None and not isinstance(value, Period):
        raise PolicyError(N_("period {value!r} is not a Period"), value=value)
    return value


@attrs.frozen
class ActivityLog:
    """An immutable, validated collection of policy-task activities.

    Attributes:
        activities: the activities, in any order.
        cohort: the governments expected to carry out the tasks (give codes,
            objects with a ``code``, or a cohort with ``members``). When
            given, an activity of any other government is an error.
        period: when given, an activity dated outside it is an error.
        kinds: the task kinds allowed (default :data:`BUILTIN_KINDS`).

    Raises:
        PolicyError: an activity of an unknown kind, of a government outside
            the cohort, or dated outside the period; the message names it.

    An activity counts *in a period* only when its whole date span lies in
    the period: "some time in January–September" is in January–September, but
    not (certainly) in January–June.
    """

    activities: tuple[Activity, ...] = attrs.field(converter=_activities)
    cohort: frozenset[str] | None = attrs.field(default=None, converter=_cohort)
    period: Period | None = attrs.field(default=None, converter=_check_period)
    kinds: TaskKinds = attrs.field(default=BUILTIN_KINDS, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for activity in self.activities:
            if activity.kind not in self.kinds.kinds:
                raise PolicyError(
                    N_(
                        "activity {activity} has task kind {kind!r}, which is not one of the"
                        " log's task kinds ({known})"
                    ),
                    activity=str(activity),
                    kind=activity.kind.id,
                    known=", ".join(self.kinds.ids),
                )
            if self.cohort is not None and activity.jurisdiction not in self.cohort:
                raise PolicyError(
                    N_(
                        "activity {activity} is for {jurisdiction!r}, which is not a member of"
                        " the log's cohort"
                    ),
                    activity=str(activity),
                    jurisdiction=activity.jurisdiction,
                )
            if self.period is not None and not activity.when.lies_within(self.period):
                raise PolicyError(
                    N_("activity {activity} is dated {when}, outside the log's period {period}"),
                    activity=str(activity),
                    when=str(activity.when),
                    period=str(self.period),
                )

    @classmethod
    def build(
        cls,
        activities: Iterable[Activity],
        *,
        cohort: object = None,
        period: Period | None = None,
        kinds: TaskKinds = BUILTIN_KINDS,
        registry: CodeLookup | None = None,
    ) -> ActivityLog:
        """Like the constructor, and also check every code against a ``registry``.

        ``registry`` is anything with ``get(code)`` (such as a snapshot of the
        jurisdiction registry on a date); a code it does not know (``None``, a
        :class:`~greenprocure.errors.UnknownJurisdictionError` or another
        ``LookupError`` or ``ValueError``) is an error naming the activity.
        """
        items = _activities(activities)
        if registry is not None:
            for activity in items:
                try:
                    found = registry.get(activity.jurisdiction)
                except (LookupError, ValueError):
                    # Unknown (UnknownJurisdictionError) or malformed codes alike.
                    found = None
                if found is None:
                    raise PolicyError(
                        N_(
                            "activity {activity} is for {jurisdiction!r}, which is not in the"
                            " jurisdiction registry"
                        ),
                        activity=str(activity),
                        jurisdiction=activity.jurisdiction,
                    )
        return cls(items, cohort, period, kinds=kinds)

    # -- building ---------------------------------------------------------------

    def with_activities(self, *activities: Activity) -> ActivityLog:
        """A new log with ``activities`` added (validated like the rest)."""
        return attrs.evolve(self, activities=self.activities + activities)

    def replace(self, old: Activity, new: Activity) -> ActivityLog:
        """A new log with ``old`` replaced by ``new`` (e.g. a plan that was carried out)."""
        if old not in self.activities:
            raise PolicyError(N_("activity {activity} is not in the log"), activity=str(old))
        index = self.activities.index(old)
        items = (*self.activities[:index], new, *self.activities[index + 1 :])
        return attrs.evolve(self, activities=items)

    def __add__(self, other: ActivityLog) -> ActivityLog:
        if not isinstance(other, ActivityLog):
            return NotImplemented
        if (other.cohort, other.period, other.kinds) != (self.cohort, self.period, self.kinds):
            raise PolicyError(
                N_("cannot merge activity logs with different cohorts, periods or task kinds")
            )
        return attrs.evolve(self, activities=self.activities + other.activities)

    def __iter__(self) -> Iterator[Activity]:
        return iter(self.activities)

    def __len__(self) -> int:
        return len(self.activities)

    # -- queries ----------------------------------------------------------------

    def select(
        self,
        kind: TaskKind | str | None = None,
        *,
        jurisdiction: str | None = None,
        state: State | None = None,
        period: Period | None = None,
    ) -> tuple[Activity, ...]:
        """The activities matching every criterion given, in log order."""
        wanted = None if kind is None else self.kinds.resolve(kind)
        return tuple(
            activity
            for activity in self.activities
            if (wanted is None or activity.kind == wanted)
            and (jurisdiction is None or activity.jurisdiction == jurisdiction)
            and (state is None or activity.state is state)
            and (period is None or activity.when.lies_within(period))
        )

    def done_by(self, kind: TaskKind | str, period: Period | None = None) -> tuple[str, ...]:
        """Codes of the governments that carried out ``kind`` (in ``period``), sorted."""
        return self.summary(kind, period).jurisdictions

    def times(
        self,
        kind: TaskKind | str,
        jurisdiction: str | None = None,
        period: Period | None = None,
    ) -> int:
        """How many times ``kind`` was carried out (by ``jurisdiction``, in ``period``)."""
        chosen = self.select(kind, jurisdiction=jurisdiction, state=State.DONE, period=period)
        return sum(activity.count for activity in chosen)

    def not_yet(self, kind: TaskKind | str, period: Period | None = None) -> tuple[str, ...]:
        """Cohort members that have not carried out ``kind`` (in ``period``), sorted.

        Raises:
            PolicyError: the log has no cohort to compare with.
        """
        missing = self.summary(kind, period).not_yet
        if missing is None:
            raise PolicyError(N_("the activity log has no cohort: give one to ask who is missing"))
        return missing

    def planned(self, as_of: _dt.date | None = None) -> tuple[Activity, ...]:
        """Planned activities; with ``as_of``, only those whose date has not passed by then."""
        return tuple(
            activity
            for activity in self.select(state=State.PLANNED)
            if as_of is None or not activity.when.before(as_of)
        )

    def overdue(self, as_of: _dt.date) -> tuple[Activity, ...]:
        """Planned activities still open after their date (every day they could be is past)."""
        _check_date(as_of, "date")
        return tuple(
            activity for activity in self.select(state=State.PLANNED) if activity.when.before(as_of)
        )

    # -- summaries --------------------------------------------------------------

    def summary(self, kind: TaskKind | str, period: Period | None = None) -> TaskSummary:
        """How ``kind`` went (in ``period``): who, how many times, what is planned."""
        wanted = self.kinds.resolve(kind)
        counters: dict[State, Counter[str]] = {state: Counter() for state in State}
        for activity in self.select(wanted, period=period):
            counters[activity.state][activity.jurisdiction] += activity.count
        return TaskSummary(
            wanted,
            done=_counts(counters[State.DONE]),
            planned=_counts(counters[State.PLANNED]),
            cancelled=_counts(counters[State.CANCELLED]),
            cohort=self.cohort,
            period=period,
        )

    def summaries(self, period: Period | None = None) -> tuple[TaskSummary, ...]:
        """One :class:`TaskSummary` per kind of the log's registry, in registry order."""
        return tuple(self.summary(kind, period) for kind in self.kinds)

    def by_jurisdiction(self, period: Period | None = None) -> tuple[JurisdictionSummary, ...]:
        """One :class:`JurisdictionSummary` per government (cohort and others), sorted by code."""
        counters: dict[str, dict[State, Counter[str]]] = {}
        for code in self.cohort or ():
            counters[code] = {state: Counter() for state in State}
        for activity in self.select(period=period):
            per_state = counters.setdefault(
                activity.jurisdiction, {state: Counter() for state in State}
            )
            per_state[activity.state][activity.kind.id] += activity.count
        return tuple(
            JurisdictionSummary(
                code,
                done=_counts(per_state[State.DONE]),
                planned=_counts(per_state[State.PLANNED]),
                cancelled=_counts(per_state[State.CANCELLED]),
                period=period,
            )
            for code, per_state in sorted(counters.items())
        )


# -- events ----------------------------------------------------------------------------


@attrs.frozen
class Session:
    """One item of an event's programme.

    Attributes:
        day: the day it took place.
        title: what it was, in Korean and English.
    """

    day: _dt.date
    title: Bilingual


def _session_tuple(sessions: Iterable[Session]) -> tuple[Session, ...]:
    return tuple(sessions)


def _code_tuple(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(codes)


@attrs.frozen
class Event:
    """A meeting of the programme, such as a network joint workshop.

    Attributes:
        id: a lowercase identifier (``"workshop-2022-4"``).
        name: the event's name, in Korean and English.
        kind: a lowercase word for the kind of event (``"workshop"``).
        place: where it took place.
        start: the first day.
        end: the last day (not before ``start``).
        organiser: who organised it.
        programme: its sessions, in order.
        participants: codes of the governments that took part, if recorded.
        source: where the record comes from.

    Examples:
        >>> import datetime
        >>> event = Event(
        ...     "workshop-2022-4",
        ...     Bilingual("제4차 네트워크 합동 워크숍", "4th network joint workshop"),
        ...     "workshop",
        ...     Bilingual("제주도", "Jeju"),
        ...     datetime.date(2022, 10, 20),
        ...     datetime.date(2022, 10, 21),
        ...     Bilingual("이클레이 한국사무소", "ICLEI Korea"),
        ... )
        >>> event.days
        2
        >>> print(event.describe().render("en"))
        4th network joint workshop, Jeju, October 20, 2022 – October 21, 2022,
        organised by ICLEI Korea
    """

    id: str
    name: Bilingual
    kind: str
    place: Bilingual
    start: _dt.date
    end: _dt.date
    organiser: Bilingual
    programme: tuple[Session, ...] = attrs.field(default=(), converter=_session_tuple)
    participants: tuple[str, ...] = attrs.field(default=(), converter=_code_tuple)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        _check_id(self.id, "event")
        _check_id(self.kind, "event kind")
        _check_date(self.start, "start")
        _check_date(self.end, "end")
        if self.end < self.start:
            raise PolicyError(
                N_("event {event!r} ends on {end}, before it starts on {start}"),
                event=self.id,
                start=self.start.isoformat(),
                end=self.end.isoformat(),
            )
        for session in self.programme:
            if not self.start <= session.day <= self.end:
                raise PolicyError(
                    N_("a session of event {event!r} is dated {day}, outside the event's days"),
                    event=self.id,
                    day=session.day.isoformat(),
                )
        for code in self.participants:
            _check_code(code)

    @property
    def days(self) -> int:
        """How many days it lasted."""
        return (self.end - self.start).days + 1

    @property
    def when(self) -> When:
        """Its days as a :class:`When`."""
        return When(self.start, self.end)

    def describe(self) -> Message:
        """One line for people: name, place, dates and organiser."""
        return Message.of(
            N_("{name}, {place}, {start} – {end}, organised by {organiser}"),
            name=self.name,
            place=self.place,
            start=self.start,
            end=self.end,
            organiser=self.organiser,
        )
