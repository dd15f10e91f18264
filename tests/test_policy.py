"""Policy tasks: kinds, dates, activities, logs, summaries, events, and the 2022 data."""

from __future__ import annotations

import datetime as dt
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Period
from greenprocure.datasets._policy_2022 import activities_2022, workshop_2022
from greenprocure.errors import PolicyError, TextError
from greenprocure.i18n import Message
from greenprocure.policy import (
    BRIEFING,
    BUILTIN_KINDS,
    ROUNDTABLE,
    TRAINING,
    Activity,
    ActivityLog,
    Bilingual,
    Event,
    Precision,
    Session,
    State,
    TaskKind,
    TaskKinds,
    TaskSummary,
    When,
)

SEOUL, BUSAN, DAEGU, DAEJEON = "1100000000", "2600000000", "2700000000", "3000000000"
GYEONGGI, GANGWON, GYEONGNAM, JEONNAM = "4100000000", "4200000000", "4800000000", "4600000000"
METROS = (SEOUL, BUSAN, DAEGU, DAEJEON, GYEONGGI, GANGWON, GYEONGNAM, JEONNAM)
CODES = ("1100000000", "2600000000", "2700000000", "3000000000")
JAN_SEP = Period(2022, 1, 9)


# -- strategies ----------------------------------------------------------------------


@st.composite
def whens(draw: st.DrawFn) -> When:
    first = draw(st.dates(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    last = draw(st.dates(first, dt.date(2022, 12, 31)))
    return When(first, last)


activities = st.builds(
    Activity,
    jurisdiction=st.sampled_from(CODES),
    kind=st.sampled_from(BUILTIN_KINDS.kinds),
    when=whens(),
    state=st.sampled_from(list(State)),
    count=st.integers(1, 5),
)
activity_lists = st.lists(activities, max_size=25)
periods = st.one_of(
    st.none(),
    st.tuples(st.integers(1, 12), st.integers(1, 12)).map(
        lambda months: Period(2022, min(months), max(months))
    ),
)


def _log(items: list[Activity]) -> ActivityLog:
    return ActivityLog(items, cohort=CODES, period=Period.year(2022))


# -- properties ----------------------------------------------------------------------


@given(activity_lists, st.data(), periods)
def test_summaries_are_additive_over_disjoint_logs(
    items: list[Activity], data: st.DataObject, period: Period | None
) -> None:
    cut = data.draw(st.integers(0, len(items)))
    first, second = _log(items[:cut]), _log(items[cut:])
    whole = first + second
    for kind in BUILTIN_KINDS:
        assert whole.summary(kind, period) == first.summary(kind, period) + second.summary(
            kind, period
        )
        assert whole.times(kind, period=period) == first.times(kind, period=period) + second.times(
            kind, period=period
        )
    merged = [
        a + b
        for a, b in zip(first.by_jurisdiction(period), second.by_jurisdiction(period), strict=True)
    ]
    assert whole.by_jurisdiction(period) == tuple(merged)


@given(activity_lists, st.randoms(use_true_random=False), periods)
def test_summaries_do_not_depend_on_order(
    items: list[Activity], random: Random, period: Period | None
) -> None:
    shuffled = list(items)
    random.shuffle(shuffled)
    assert _log(items).summaries(period) == _log(shuffled).summaries(period)
    assert _log(items).by_jurisdiction(period) == _log(shuffled).by_jurisdiction(period)


@given(activity_lists, periods)
def test_planned_items_are_never_counted_as_done(
    items: list[Activity], period: Period | None
) -> None:
    log = _log(items)
    for kind in BUILTIN_KINDS:
        summary = log.summary(kind, period)
        expected = sum(
            a.count
            for a in items
            if a.kind == kind
            and a.state is State.DONE
            and (period is None or a.when.lies_within(period))
        )
        assert summary.times == expected == log.times(kind, period=period)
        done_codes = {
            a.jurisdiction
            for a in items
            if a.kind == kind
            and a.state is State.DONE
            and (period is None or a.when.lies_within(period))
        }
        assert set(summary.jurisdictions) == done_codes
        assert set(summary.not_yet or ()) == set(CODES) - done_codes
    # Turning every activity into a plan leaves nothing done.
    planned = _log(
        [Activity(a.jurisdiction, a.kind, a.when, State.PLANNED, a.count) for a in items]
    )
    assert all(s.times == 0 and not s.jurisdictions for s in planned.summaries(period))


@given(whens(), st.dates(dt.date(2021, 6, 1), dt.date(2023, 6, 1)))
def test_a_plan_is_either_upcoming_or_overdue(when: When, as_of: dt.date) -> None:
    plan = Activity(SEOUL, BRIEFING, when, State.PLANNED)
    log = _log([plan])
    assert (plan in log.planned(as_of)) != (plan in log.overdue(as_of))
    assert log.planned() == (plan,)


@given(whens())
def test_when_round_trips_through_its_text(when: When) -> None:
    assert When.parse(str(when)) == when


# -- dates -----------------------------------------------------------------------------


def test_when_forms() -> None:
    assert When.parse("2022-10-20") == When.day(dt.date(2022, 10, 20))
    assert When.parse("2022-11") == When.month(2022, 11)
    assert When.parse("2022-01..2022-09") == When.within(JAN_SEP)
    assert When.parse("2022-10-20..2022-10-21").precision is Precision.SPAN
    assert When.month(2022, 2).last == dt.date(2022, 2, 28)
    assert str(When.within(Period.year(2004))) == "2004"
    assert When.within(JAN_SEP).lies_within(JAN_SEP)
    assert not When.within(JAN_SEP).lies_within(Period(2022, 1, 6))
    assert When.month(2022, 11).describe().render("ko") == "2022년 11월"
    assert When.within(JAN_SEP).describe().render("en") == "some time in 2022-01..2022-09"


@pytest.mark.parametrize("text", ["2022-13", "2022-02-30", "next week", "2022-10..2022-09", ""])
def test_when_refuses_bad_dates(text: str) -> None:
    with pytest.raises(PolicyError):
        When.parse(text)


# -- kinds -----------------------------------------------------------------------------


def test_builtin_kinds_have_korean_and_english_names() -> None:
    assert [(k.id, k.name_ko) for k in BUILTIN_KINDS] == [
        ("roundtable", "기초지방정부 정책간담회"),
        ("training", "녹색구매 정책 역량강화 교육"),
        ("briefing", "기업인증설명회"),
    ]
    assert TRAINING.name.render("en") == "green purchasing policy capacity-building training"


def test_users_add_their_own_kinds_without_changing_the_builtin_registry() -> None:
    fair = TaskKind("green-fair", "녹색제품 박람회", "green products fair")
    kinds = BUILTIN_KINDS.with_kind(fair)
    assert kinds.get("green-fair") is fair
    assert "green-fair" not in BUILTIN_KINDS
    log = ActivityLog([Activity(SEOUL, fair, When.month(2022, 5))], kinds=kinds)
    assert log.summary("green-fair").times == 1
    with pytest.raises(PolicyError, match="defined twice"):
        kinds.with_kind(TaskKind("green-fair", "다른 이름", "another name"))


def test_unknown_task_kinds_are_errors_naming_the_kind_or_record() -> None:
    with pytest.raises(PolicyError, match="unknown task kind 'seminar'"):
        BUILTIN_KINDS.get("seminar")
    stray = TaskKind("seminar", "세미나", "seminar")
    with pytest.raises(PolicyError, match=r"activity 1100000000 seminar 2022-05 \(done\)"):
        ActivityLog([Activity(SEOUL, stray, When.month(2022, 5))])
    with pytest.raises(PolicyError):
        TaskKind("Bad Id", "이름", "name")
    with pytest.raises(PolicyError):
        TaskKinds([ROUNDTABLE, ROUNDTABLE])


# -- activities and the log ------------------------------------------------------------


def test_activities_validate_their_fields() -> None:
    with pytest.raises(PolicyError, match="count 0"):
        Activity(SEOUL, TRAINING, When.month(2022, 5), count=0)
    with pytest.raises(PolicyError, match="jurisdiction code"):
        Activity(" 1100000000", TRAINING, When.month(2022, 5))
    with pytest.raises(PolicyError, match="not a TaskKind"):
        Activity(SEOUL, "training", When.month(2022, 5))  # type: ignore[arg-type]
    assert State.parse(" Planned ") is State.PLANNED
    with pytest.raises(PolicyError, match="state 'postponed'"):
        State.parse("postponed")


def test_activities_outside_the_cohort_or_period_are_errors_naming_the_record() -> None:
    busan_training = Activity(BUSAN, TRAINING, When.month(2022, 5))
    with pytest.raises(PolicyError, match=r"2600000000 training 2022-05.*not a member"):
        ActivityLog([busan_training], cohort=[SEOUL])
    with pytest.raises(
        PolicyError, match=r"dated 2022-11, outside the log's period 2022-01..2022-09"
    ):
        ActivityLog([Activity(SEOUL, BRIEFING, When.month(2022, 11))], period=JAN_SEP)
    # A cohort can be given as objects with a code, or as a cohort with members.
    member = type("Member", (), {"code": BUSAN})()
    cohort = type("Cohort", (), {"members": (member,)})()
    assert ActivityLog([busan_training], cohort=cohort).cohort == frozenset({BUSAN})


def test_activities_of_governments_outside_the_registry_are_errors() -> None:
    class Registry:
        def get(self, code: str, /) -> object:
            return {"1100000000": "서울특별시"}.get(code)

    ok = Activity(SEOUL, TRAINING, When.month(2022, 5))
    assert len(ActivityLog.build([ok], registry=Registry())) == 1
    with pytest.raises(PolicyError, match="'9900000000', which is not in the jurisdiction"):
        ActivityLog.build(
            [Activity("9900000000", TRAINING, When.month(2022, 5))], registry=Registry()
        )


def test_queries_on_a_small_log() -> None:
    plan = Activity(GYEONGNAM, BRIEFING, When.month(2022, 11), State.PLANNED)
    log = ActivityLog(
        [
            Activity(BUSAN, ROUNDTABLE, When.within(JAN_SEP)),
            Activity(BUSAN, TRAINING, When.month(2022, 3), count=2),
            Activity(SEOUL, TRAINING, When.day(dt.date(2022, 8, 1))),
            Activity(SEOUL, ROUNDTABLE, When.month(2022, 4), State.CANCELLED),
            plan,
        ],
        cohort=[BUSAN, SEOUL, GYEONGNAM],
        period=Period.year(2022),
    )
    assert log.done_by(TRAINING) == (SEOUL, BUSAN)
    assert log.times(TRAINING) == 3
    assert log.times(TRAINING, BUSAN) == 2
    assert log.times(TRAINING, period=Period(2022, 1, 6)) == 2
    assert (
        log.done_by(ROUNDTABLE, Period(2022, 1, 6)) == ()
    )  # "some time in Jan–Sep" is not surely in Jan–Jun
    assert log.not_yet(ROUNDTABLE) == (SEOUL, GYEONGNAM)
    assert log.summary(ROUNDTABLE).cancelled == ((SEOUL, 1),)
    assert log.planned(dt.date(2022, 10, 21)) == (plan,)
    assert log.overdue(dt.date(2022, 10, 21)) == ()
    assert log.overdue(dt.date(2022, 12, 1)) == (plan,)
    held = Activity(GYEONGNAM, BRIEFING, When.day(dt.date(2022, 11, 15)))
    updated = log.replace(plan, held)
    assert updated.overdue(dt.date(2022, 12, 1)) == ()
    assert updated.done_by(BRIEFING) == (GYEONGNAM,)
    assert log.done_by(BRIEFING) == ()  # the original is unchanged
    by_code = {row.jurisdiction: row for row in log.by_jurisdiction()}
    assert by_code[BUSAN].count(TRAINING) == 2
    assert by_code[GYEONGNAM].count("briefing", State.PLANNED) == 1
    assert by_code[BUSAN].describe(Bilingual("부산광역시", "Busan")).render("ko") == (
        "부산광역시: 2개 유형 과제 3회 실시, 0건 예정"
    )


def test_summary_without_a_cohort_and_its_errors() -> None:
    log = ActivityLog([Activity(SEOUL, TRAINING, When.month(2022, 5))])
    assert log.summary(TRAINING).not_yet is None
    assert log.summary(TRAINING).describe().render("en") == (
        "green purchasing policy capacity-building training: done by 1 government(s),"
        " 1 time(s) in all"
    )
    with pytest.raises(PolicyError, match="no cohort"):
        log.not_yet(TRAINING)
    with pytest.raises(PolicyError, match="different task kinds"):
        log.summary(TRAINING) + log.summary(ROUNDTABLE)
    other = ActivityLog([], cohort=[SEOUL])
    with pytest.raises(PolicyError, match="cannot merge"):
        log + other


def test_bilingual_texts() -> None:
    text = Bilingual("제주도", "Jeju")
    assert (text.render("ko"), text.render("en"), str(text)) == ("제주도", "Jeju", "Jeju")
    assert isinstance(text, Message)
    assert Bilingual.from_mapping(text.to_mapping()) == text
    with pytest.raises(TextError, match="empty"):
        Bilingual("", "Jeju")
    with pytest.raises(ValueError, match="unsupported locale"):
        text.render("fr")


def test_event_validates_its_days() -> None:
    name = Bilingual("워크숍", "workshop")
    with pytest.raises(PolicyError, match="ends on 2022-10-19"):
        Event("w", name, "workshop", name, dt.date(2022, 10, 20), dt.date(2022, 10, 19), name)
    with pytest.raises(PolicyError, match="session"):
        Event(
            "w",
            name,
            "workshop",
            name,
            dt.date(2022, 10, 20),
            dt.date(2022, 10, 21),
            name,
            programme=[Session(dt.date(2022, 10, 22), name)],
        )


# -- the 2022 data ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def log_2022() -> ActivityLog:
    return activities_2022()


def test_2022_roundtables_held_by_5_governments(log_2022: ActivityLog) -> None:
    assert set(log_2022.done_by(ROUNDTABLE)) == {BUSAN, DAEGU, GYEONGNAM, JEONNAM, SEOUL}
    assert log_2022.times(ROUNDTABLE) == 5
    assert log_2022.not_yet(ROUNDTABLE) == (DAEJEON, GYEONGGI, GANGWON)
    summary = log_2022.summary(ROUNDTABLE)
    assert (
        summary.describe().render("ko")
        == "기초지방정부 정책간담회: 8개 지방정부 중 5곳 실시(총 5회)"
    )
    assert summary.describe().render("en") == (
        "policy roundtable with basic governments: done by 5 of 8 governments, 5 time(s) in all"
    )


def test_2022_trainings_9_by_6_metros(log_2022: ActivityLog) -> None:
    summary = log_2022.summary(TRAINING)
    assert dict(summary.done) == {
        BUSAN: 2,
        DAEGU: 2,
        SEOUL: 2,
        DAEJEON: 1,
        GYEONGNAM: 1,
        GANGWON: 1,
    }
    assert (summary.times, len(summary.jurisdictions)) == (9, 6)
    assert summary.not_yet == (GYEONGGI, JEONNAM)


def test_2022_briefings_and_gyeongnams_plan(log_2022: ActivityLog) -> None:
    summary = log_2022.summary(BRIEFING)
    assert dict(summary.done) == {JEONNAM: 1, BUSAN: 1}
    assert dict(summary.planned) == {GYEONGNAM: 1}
    assert GYEONGNAM not in summary.jurisdictions
    (plan,) = log_2022.planned(dt.date(2022, 10, 21))
    assert (plan.jurisdiction, plan.kind, str(plan.when)) == (GYEONGNAM, BRIEFING, "2022-11")
    assert log_2022.overdue(dt.date(2022, 10, 21)) == ()
    assert log_2022.overdue(dt.date(2022, 12, 1)) == (plan,)
    assert (
        summary.describe().render("ko")
        == "기업인증설명회: 8개 지방정부 중 2곳 실시(총 2회), 1건 예정"
    )


def test_2022_activities_lie_in_january_to_september_except_the_plan(
    log_2022: ActivityLog,
) -> None:
    done = log_2022.select(state=State.DONE)
    assert len(done) == 13
    assert all(a.when == When.within(JAN_SEP) and a.source for a in done)
    assert sum(s.times for s in log_2022.summaries(JAN_SEP)) == 5 + 9 + 2
    assert log_2022.cohort == frozenset(METROS)
    assert log_2022.period == Period.year(2022)
    assert isinstance(log_2022.summary(TRAINING), TaskSummary)


def test_2022_workshop() -> None:
    event = workshop_2022()
    assert (event.name.ko, event.place.ko, event.organiser.ko) == (
        "제4차 네트워크 합동 워크숍",
        "제주도",
        "이클레이 한국사무소",
    )
    assert (event.start, event.end, event.days, event.kind) == (
        dt.date(2022, 10, 20),
        dt.date(2022, 10, 21),
        2,
        "workshop",
    )
    assert len(event.programme) == 6
    assert "세기산업" in event.programme[-1].title.ko
    assert event.describe().render("en") == (
        "4th network joint workshop, Jeju, October 20, 2022 – October 21, 2022,"
        " organised by ICLEI Korea"
    )
    assert workshop_2022(participants=[SEOUL]).participants == (SEOUL,)
