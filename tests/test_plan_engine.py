"""The plan's decisions over weeks: green steps up, amber holds, red steps down, a second red
in a week brings the alternative and when to see a clinician. Sessions are dated on a
simulated calendar (no clock is read): eight weeks of each kind of history, then the rules
themselves, over any history."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.plan.engine import Progress, Rated, plan_exercises, progress
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import Plan, Schedule
from stretchcli.plan.rules import DEFAULT_RULES
from stretchcli.plan.words import CLINICIAN, severe_said
from tests.conftest import BUILTIN

# The ladders of the built-in exercise files, as a plan climbs them.
LADDERS = file_ladders(load_catalog([Folder(BUILTIN, "built-in")]).exercises)

ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=ZONE)  # week 1 starts here
UPPER_BACK = (
    "rhomboid-stretch",
    "scapular-squeeze",
    "thoracic-rotation",
    "thoracic-side-bend",
    "ball-pressure",
)


@functools.cache
def catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


def plan(routine: str = "upper-back", **changes: object) -> Plan:
    days = tuple((day, routine) for day in ("mon", "wed", "fri"))
    return Plan(schedule=Schedule(days=days), rules=DEFAULT_RULES, **changes)  # type: ignore[arg-type]


def on(week: int, day: int) -> datetime:
    """8:00 on `day` (0: Monday) of `week` (1: the first)."""
    return MONDAY + timedelta(weeks=week - 1, days=day)


def rated(
    at: datetime,
    before: int | None,
    after: int | None,
    difficulty: int | None = 3,
    exercises: Sequence[str] = UPPER_BACK,
    hurt: Sequence[str] = (),
) -> Rated:
    uid = f"{at:%Y%m%d%H%M}".ljust(32, "0")
    done = tuple(exercises)
    return Rated(uid, at, done, done, before, after, difficulty, frozenset(hurt))


def weeks(count: int, before: int, after: int, difficulty: int = 3) -> list[Rated]:
    """Monday, Wednesday and Friday of `count` weeks, each rated the same."""
    return [
        rated(on(week, day), before, after, difficulty)
        for week in range(1, count + 1)
        for day in (0, 2, 4)
    ]


def run(p: Plan, sessions: Sequence[Rated]) -> Progress:
    c = catalog()
    return progress(p, LADDERS, c.exercises, plan_exercises(p, c.routines, c.exercises), sessions)


def levels(found: Progress) -> dict[str, int]:
    return {name: s.level for name, s in found.standings.items()}


def test_eight_green_weeks_climb_a_level_a_week_to_the_top_of_each_ladder() -> None:
    found = run(plan(), weeks(8, before=2, after=1))
    # Three green sessions a week, three in a row for a step: one level a week, until the top.
    assert levels(found) == {
        "rhomboid-stretch": 6,
        "scapular-squeeze": 7,
        "thoracic-rotation": 4,
        "thoracic-side-bend": 4,
        "ball-pressure": 6,
    }
    rhomboid = [d for d in found.decisions if d.exercise == "rhomboid-stretch"]
    assert [(d.change, d.before, d.level, d.at) for d in rhomboid] == [
        ("up", 1, 2, on(1, 4)),
        ("up", 2, 3, on(2, 4)),
        ("up", 3, 4, on(3, 4)),
        ("up", 4, 5, on(4, 4)),
        ("up", 5, 6, on(5, 4)),
    ]
    # What is said at the start of the session after the first week's Friday.
    assert found.said(rated(on(1, 4), 2, 1).uid) == (
        "This week: Rhomboid stretch, 3 reps, up from 2.",
        "This week: Scapular squeeze, 8 reps, up from 5.",
        "This week: Seated thoracic rotation, 4 reps, up from 2.",
        "This week: Seated thoracic side bend, 3 × 20 s a side, up from 2 × 15 s a side.",
        "This week: Ball pressure on trigger points, 30 s holds, up from 15.",
    )
    assert found.said(rated(on(4, 4), 2, 1).uid) == (
        "This week: Rhomboid stretch, 4 reps, up from 3.",
        "This week: Scapular squeeze, 10 × 5 s, 2 sets, up from 12 × 5 s.",
        "This week: Ball pressure on trigger points, the floor version at 3 × 15 s a side, "
        "up from the usual version at 5 × 30 s a side.",
    )
    # The squeeze's ladder ends with the band (its exercise file's `ladder:`).
    assert found.said(rated(on(5, 4), 2, 1).uid) == (
        "This week: Rhomboid stretch, 5 reps, up from 4.",
        "This week: Scapular squeeze, the band version at 8 × 5 s, up from the usual version "
        "at 10 × 5 s, 2 sets.",
        "This week: Ball pressure on trigger points, 30 s holds, up from 15.",
    )
    top = found.standings["scapular-squeeze"]
    assert (
        top.reason == "at the top of its ladder; pain 1/10 after the session is green (25 Dec 2026)"
    )
    assert not any(d.change != "up" for d in found.decisions)


def test_eight_amber_weeks_hold_every_exercise_where_it_started() -> None:
    found = run(plan(levels={"scapular-squeeze": 3}), weeks(8, before=3, after=4))
    assert levels(found) == {
        "rhomboid-stretch": 1,
        "scapular-squeeze": 3,
        "thoracic-rotation": 1,
        "thoracic-side-bend": 1,
        "ball-pressure": 1,
    }
    assert found.decisions == ()
    assert found.standings["scapular-squeeze"].reason == (
        "holds: pain 4/10 after the session is amber (25 Dec 2026)"
    )


def test_a_hard_session_holds_even_in_the_green() -> None:
    found = run(plan(), weeks(8, before=1, after=1, difficulty=6))
    assert set(levels(found).values()) == {1}
    assert found.standings["ball-pressure"].reason == (
        "holds: difficulty 6/10 is over 3, though pain 1/10 after the session is green "
        "(25 Dec 2026)"
    )


def test_red_weeks_step_down_and_a_second_red_brings_the_alternative() -> None:
    """Two green weeks climb two levels; week 3 goes red twice (a rise of 3 on Monday, the
    rhomboid stretch said to hurt on Wednesday): down, then ball pressure in its place;
    weeks 4 to 8 are green again."""
    p = plan("desk-upper-back")  # chest stretch, rhomboid stretch, scapular squeeze
    desk = ("chest-stretch", "rhomboid-stretch", "scapular-squeeze")
    after = ("chest-stretch", "scapular-squeeze", "ball-pressure")
    sessions = [
        *[rated(on(w, d), 2, 2, exercises=desk) for w in (1, 2) for d in (0, 2, 4)],
        rated(on(3, 0), 2, 5, exercises=desk),  # pain up by 3: red for all three
        rated(on(3, 2), 2, 2, exercises=desk, hurt=["rhomboid-stretch"]),
        rated(on(3, 4), 2, 2, exercises=after),
        *[rated(on(w, d), 2, 2, exercises=after) for w in range(4, 9) for d in (0, 2, 4)],
    ]
    found = run(p, sessions)
    assert [
        (d.exercise, d.change, d.before, d.level, d.at.date().isoformat()) for d in found.decisions
    ][:9] == [
        ("chest-stretch", "up", 1, 2, "2026-11-06"),
        ("rhomboid-stretch", "up", 1, 2, "2026-11-06"),
        ("scapular-squeeze", "up", 1, 2, "2026-11-06"),
        ("chest-stretch", "up", 2, 3, "2026-11-13"),
        ("rhomboid-stretch", "up", 2, 3, "2026-11-13"),
        ("scapular-squeeze", "up", 2, 3, "2026-11-13"),
        ("chest-stretch", "down", 3, 2, "2026-11-16"),
        ("rhomboid-stretch", "down", 3, 2, "2026-11-16"),
        ("scapular-squeeze", "down", 3, 2, "2026-11-16"),
    ]
    monday, wednesday = rated(on(3, 0), 2, 5).uid, rated(on(3, 2), 2, 2).uid
    # A session red as a whole is said as its rating; one named as hurting, as hurting.
    assert found.said(monday) == (
        "This week: Chest stretch, 20 s holds, down from 30. The last session with it was rated "
        "red (pain from 2 to 5/10): easier until it settles.",
        "This week: Rhomboid stretch, 10 s holds, down from 20. The last session with it was "
        "rated red (pain from 2 to 5/10): easier until it settles.",
        "This week: Scapular squeeze, 8 reps, down from 10. The last session with it was rated "
        "red (pain from 2 to 5/10): easier until it settles.",
    )
    assert found.said(wednesday) == (
        "This week: Rhomboid stretch, 2 reps, down from 3. It hurt last time: easier until it "
        "settles.",
        # Red once as a whole, once named: not "hurt twice".
        "Rhomboid stretch was in 2 sessions rated red in the week of 16 Nov 2026: Ball "
        f"pressure on trigger points takes its place. {CLINICIAN}",
    )
    rhomboid = found.standings["rhomboid-stretch"]
    assert (rhomboid.level, rhomboid.instead, rhomboid.active) == (1, "ball-pressure", False)
    assert rhomboid.reason == (
        "Ball pressure on trigger points in its place: 2 red sessions in the week of 16 Nov 2026"
    )
    # The alternative starts at the bottom of its own ladder and climbs from week 3's Friday.
    ball = [d for d in found.decisions if d.exercise == "ball-pressure"]
    assert [(d.level, d.at.date().isoformat()) for d in ball] == [
        (2, "2026-11-25"),
        (3, "2026-12-02"),
        (4, "2026-12-09"),
        (5, "2026-12-16"),
        (6, "2026-12-23"),
    ]
    assert levels(found) == {
        "chest-stretch": 5,
        "rhomboid-stretch": 1,
        "scapular-squeeze": 7,
        "ball-pressure": 6,
    }


def test_an_exercise_without_an_alternative_is_left_out_at_its_second_red() -> None:
    sessions = [rated(on(1, d), 1, 1, hurt=["scapular-squeeze"]) for d in (0, 2)]
    found = run(plan(), sessions)
    squeeze = found.standings["scapular-squeeze"]
    assert (squeeze.level, squeeze.left_out, squeeze.instead) == (1, True, None)
    assert found.said(sessions[1].uid) == (
        "Scapular squeeze hurt twice in the week of 2 Nov 2026 and has no alternative: it is "
        f"left out until a clinician has looked at it. {CLINICIAN}",
    )
    assert CLINICIAN == (
        "If the pain has not started to ease after a few weeks, gets worse, or stops you doing "
        "everyday things, book an appointment with a doctor or physiotherapist. For the urgent "
        "signs, see stretch safety."
    )


def test_a_pain_rise_steps_down_the_exercise_named_and_the_others_done() -> None:
    sessions = [rated(on(1, 0), 2, 4, hurt=["rhomboid-stretch"])]
    found = run(plan(levels=dict.fromkeys(UPPER_BACK, 3)), sessions)
    assert found.standings["rhomboid-stretch"].reason == (
        "down: you said Rhomboid stretch hurt; pain rose from 2 to 4/10, by 2 or more (2 Nov 2026)"
    )
    assert found.standings["scapular-squeeze"].reason == (
        "down: pain rose from 2 to 4/10, by 2 or more (2 Nov 2026)"
    )
    assert set(levels(found).values()) == {2}
    # Over the ceiling with one named: the same; green with one named: only that one.
    found = run(
        plan(levels=dict.fromkeys(UPPER_BACK, 3)),
        [rated(on(1, 0), None, 6, hurt=["ball-pressure"])],
    )
    assert set(levels(found).values()) == {2}
    found = run(
        plan(levels=dict.fromkeys(UPPER_BACK, 3)), [rated(on(1, 0), 2, 3, hurt=["ball-pressure"])]
    )
    assert levels(found) == {**dict.fromkeys(UPPER_BACK, 3), "ball-pressure": 2}


def test_two_reds_in_different_weeks_step_down_but_bring_no_alternative() -> None:
    sessions = [
        rated(on(1, 4), 1, 7),  # Friday of week 1: over the ceiling
        rated(on(2, 0), 1, 7),  # Monday of week 2: another week
    ]
    found = run(plan(levels={"rhomboid-stretch": 4}), sessions)
    assert [d.change for d in found.decisions if d.exercise == "rhomboid-stretch"] == [
        "down",
        "down",
    ]
    assert found.standings["rhomboid-stretch"].level == 2
    assert found.standings["rhomboid-stretch"].reason == (
        "down: pain 7/10 after the session, at or over the ceiling of 6 (9 Nov 2026)"
    )


def test_sessions_without_a_pain_rating_never_move_a_level() -> None:
    unrated = [rated(on(w, d), None, None) for w in range(1, 9) for d in (0, 2, 4)]
    found = run(plan(), unrated)
    assert set(levels(found).values()) == {1}
    assert found.standings["rhomboid-stretch"].reason == (
        "holds: no pain rating after the session (25 Dec 2026)"
    )


def test_a_plans_ceiling_and_sessions_are_the_ones_used() -> None:
    from dataclasses import replace

    from stretchcli.plan.model import Threshold

    rules = replace(
        DEFAULT_RULES,
        ceiling=Threshold(5, (), "set by A. Physio"),
        sessions=Threshold(2, (), "set by A. Physio"),
    )
    p = Plan(schedule=Schedule(rotation=("upper-back",)), rules=rules)
    found = run(p, [rated(on(1, 0), 2, 2), rated(on(1, 1), 2, 2), rated(on(1, 2), 2, 5)])
    rhomboid = [(d.change, d.level) for d in found.decisions if d.exercise == "rhomboid-stretch"]
    assert rhomboid == [("up", 2), ("down", 1)]  # 5 is red under this plan, amber by default


# --- The rules, over any history ---------------------------------------------------------

RATINGS = st.one_of(st.none(), st.integers(0, 10))


@st.composite
def histories(draw: st.DrawFn, most: int = 30) -> list[Rated]:
    count = draw(st.integers(0, most))
    sessions = []
    for n in range(count):
        at = MONDAY + timedelta(days=draw(st.integers(0, 55)), minutes=n)
        exercises = draw(st.lists(st.sampled_from(UPPER_BACK), unique=True))
        hurt = draw(st.lists(st.sampled_from(UPPER_BACK), unique=True, max_size=2))
        sessions.append(rated(at, draw(RATINGS), draw(RATINGS), draw(RATINGS), exercises, hurt))
    return sessions


def red(p: Plan, session: Rated, exercise: str) -> bool:
    before, after = session.pain_before, session.pain_after
    if exercise in session.hurt:
        return True
    # A rise counts only where it ends above the green band (0 to 2 is pain the plan calls
    # fine).
    return after is not None and (
        after >= p.rules.ceiling.value
        or (
            before is not None
            and after - before >= p.rules.rise.value
            and after > p.rules.green.value
        )
    )


@settings(deadline=None)
@given(histories(), st.integers(1, 6))
def test_a_level_never_leaves_its_ladder_and_moves_one_step_at_a_time(
    sessions: list[Rated], start: int
) -> None:
    p = plan(levels={"rhomboid-stretch": start})
    found = run(p, sessions)
    for name, standing in found.standings.items():
        assert 1 <= standing.level <= LADDERS[name].top == standing.top
    for decision in found.decisions:
        assert 1 <= decision.level <= LADDERS[decision.exercise].top
        step = {"up": 1, "down": -1, "alternative": 0}[decision.change]
        assert decision.level - decision.before == step


@settings(deadline=None)
@given(histories())
def test_a_red_session_never_steps_an_exercise_up(sessions: list[Rated]) -> None:
    p = plan()
    found = run(p, sessions)
    by_uid = {s.uid: s for s in sessions}
    for decision in found.decisions:
        if red(p, by_uid[decision.session], decision.exercise):
            assert decision.change != "up"
        if decision.change == "up":
            session = by_uid[decision.session]
            assert session.pain_after is not None and session.pain_after <= 3
            assert decision.exercise in session.done


@st.composite
def last_sessions(draw: st.DrawFn) -> Rated:
    """A session after every one of `histories()`."""
    exercises = draw(st.lists(st.sampled_from(UPPER_BACK), unique=True))
    hurt = draw(st.lists(st.sampled_from(UPPER_BACK), unique=True, max_size=2))
    at = MONDAY + timedelta(days=56)
    return rated(at, draw(RATINGS), draw(RATINGS), draw(RATINGS), exercises, hurt)


@settings(deadline=None)
@given(histories(most=4), last_sessions(), st.integers(2, 6))
def test_a_red_session_steps_every_exercise_it_did_down_one_level(
    sessions: list[Rated], last: Rated, start: int
) -> None:
    """Red (said to hurt, pain at or over the ceiling, or up by the rise) is one level down
    for each exercise the session did or named, whether or not another was named."""
    p = plan(levels=dict.fromkeys(UPPER_BACK, start))
    before, found = run(p, sessions), run(p, [*sessions, last])
    for name, was in before.standings.items():
        touched = name in last.tried or name in last.hurt
        if not touched or not was.active or not red(p, last, name):
            continue
        now = found.standings[name]
        assert now.level == max(was.level - 1, 1), (name, last)
        assert now.greens == 0


@settings(deadline=None)
@given(histories(), st.randoms())
def test_the_same_history_always_gives_the_same_plan(sessions: list[Rated], rng: object) -> None:
    import random

    assert isinstance(rng, random.Random)
    shuffled = list(sessions)
    rng.shuffle(shuffled)
    assert run(plan(), shuffled) == run(plan(), sessions) == run(plan(), list(sessions))


@settings(deadline=None)
@given(histories())
def test_an_alternative_is_offered_once_and_only_at_the_weeks_second_red(
    sessions: list[Rated],
) -> None:
    p = plan()
    found = run(p, sessions)
    offered = [d for d in found.decisions if d.change == "alternative"]
    assert len({d.exercise for d in offered}) == len(offered)
    by_uid = {s.uid: s for s in sessions}
    for decision in offered:
        week = decision.at.isocalendar()[:2]
        reds = [
            s
            for s in sessions
            if s.at.isocalendar()[:2] == week
            and s.at <= decision.at
            and (decision.exercise in s.tried or decision.exercise in s.hurt)
            and red(p, s, decision.exercise)
        ]
        assert len(reds) >= 2, by_uid[decision.session]
        # When to get help, at the urgency of the worst pain the week's reds reported.
        worst = max((s.pain_after or 0 for s in reds), default=0)
        urgent = worst >= p.rules.ceiling.value
        assert decision.said.endswith(severe_said(worst) if urgent else CLINICIAN)


@given(st.integers(1, 12), st.integers(0, 2))
def test_an_exercise_at_the_top_of_its_ladder_is_never_promised_a_step_up(
    sessions: int, before: int
) -> None:
    """Attack 18, H2: a plan's level at the top said "2 more green sessions to step up"."""
    tops = {name: ladder.top for name, ladder in LADDERS.items() if name in UPPER_BACK}
    days = [on(1 + n // 3, (0, 2, 4)[n % 3]) for n in range(sessions)]
    found = run(plan(levels=tops), [rated(day, before, 1) for day in days])
    for name, standing in found.standings.items():
        assert standing.level == tops[name]
        assert "step up" not in standing.reason, (name, standing.reason)
        assert standing.reason.startswith("at the top of its ladder; "), standing.reason


@given(st.integers(2, 4), st.sampled_from([0, 2, 4]))
def test_red_sessions_on_one_day_are_one_bad_day(sessions: int, day: int) -> None:
    """Attack 18, H7: two sessions on one day, the rhomboid stretch named as hurting in
    both, brought its alternative ("a second red in a week is a pattern, not one bad
    day"); a second red day does."""
    at = on(1, day)
    one_day = [
        rated(at + timedelta(hours=n), 2, 2, hurt=["rhomboid-stretch"]) for n in range(sessions)
    ]
    rhomboid = run(plan(), one_day).standings["rhomboid-stretch"]
    assert rhomboid.active and rhomboid.instead is None, rhomboid.reason
    later = rated(at + timedelta(days=1), 2, 2, hurt=["rhomboid-stretch"])
    rhomboid = run(plan(), [*one_day, later]).standings["rhomboid-stretch"]
    assert rhomboid.instead == "ball-pressure", rhomboid.reason


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 23 * 60)), max_size=20))
def test_green_sessions_count_one_a_day_toward_a_step_up(moments: list[tuple[int, int]]) -> None:
    """Review 22, F8: three green sessions in one afternoon stepped every exercise up, as
    three days of them do. A step up needs green sessions on `sessions` days."""
    days = sorted(MONDAY + timedelta(days=d, minutes=m - 8 * 60) for d, m in moments)
    found = run(plan(), [rated(at, 0, 1) for at in days])
    counted = len({at.date() for at in days})
    for name, standing in found.standings.items():
        top = LADDERS[name].top
        assert standing.level == min(1 + counted // 3, top), (name, counted, standing.reason)


def test_a_second_green_session_on_a_day_says_it_counts_for_nothing() -> None:
    at = on(1, 0)
    found = run(plan(), [rated(at + timedelta(hours=n), 0, 1) for n in range(3)])
    rhomboid = found.standings["rhomboid-stretch"]
    assert (rhomboid.level, rhomboid.greens) == (1, 1)
    assert rhomboid.reason == (
        "pain 1/10 after the session is green (2 Nov 2026), a second that day: one a day "
        "counts; 2 more green sessions, on other days, to step up"
    )
    found = run(plan(), [rated(on(1, day), 0, 1) for day in (0, 2, 4)])
    assert found.standings["rhomboid-stretch"].level == 2
