"""What the plan's fold works on and gives: a session as the plan sees it (`Rated`), each
exercise's standing, the changes made, and what is said of them and when. Pure data."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

from stretchcli.model import Dose, Exercise, Level, apply_variant
from stretchcli.plan.model import Band, Plan, Rules
from stretchcli.records import Session

Change = Literal["up", "down", "alternative"]


@dataclass(frozen=True)
class Rated:
    """A session as the plan sees it: when, which exercises it did, and its ratings."""

    uid: str
    at: datetime
    done: tuple[str, ...]  # exercises done in full
    tried: tuple[str, ...]  # exercises started (done in full or in part)
    pain_before: int | None = None
    pain_after: int | None = None
    difficulty: int | None = None
    hurt: frozenset[str] = frozenset()  # exercises the person said hurt
    routine: str = ""
    why: str = ""  # why the exercises of `hurt` count as hurt, where not said in the session
    week: date | None = None  # an answer about this week (its Monday), not a session
    scaled: bool = False  # run with holds shortened (--scale under 1): not its level's dose
    fitted: float | None = None  # minutes of `--minutes`, which may cut sets and reps
    planned: tuple[tuple[str, int], ...] = ()  # each exercise's holds, as the run planned them
    only: frozenset[str] | None = None  # its `--only` (None: none given)
    skip: frozenset[str] = frozenset()  # its `--skip`
    variants: Mapping[str, str] = field(default_factory=dict)  # its `--variant`s
    completed: bool = False  # it ran to its end

    @property
    def counts(self) -> bool:
        """Whether it counts as a session done (`Session.counts`): it completed, or finished
        an exercise in full; never an answer about a week."""
        return self.week is None and (self.completed or bool(self.done))

    @property
    def ran(self) -> bool:
        """Whether this session ran its routine: did some of it in full, and was not narrowed
        to a few of its exercises by --only (review 20, F5: a run of one exercise with --only
        marked the routine done for the day, and the plan moved on past the others)."""
        return bool(self.done) and self.only is None

    def light(self, rules: Rules, exercise: str, name: str) -> tuple[Band | None, str]:
        """This session's traffic light for `exercise` (called `name`) under `rules`, and
        why; None when nothing is known."""
        before, after = self.pain_before, self.pain_after
        too_much = ""
        why_red = rules.too_much(before, after)
        if why_red == "ceiling":
            too_much = (
                f"pain {after}/10 after the session, at or over the ceiling of "
                f"{rules.ceiling.value}"
            )
        elif why_red == "rise":
            too_much = f"pain rose from {before} to {after}/10, by {rules.rise.value} or more"
        if exercise in self.hurt:
            said = self.why or f"you said {name} hurt"
            return "red", f"{said}; {too_much}" if too_much else said
        if too_much:
            return "red", too_much
        if after is None:
            return None, "no pain rating after the session"
        if rules.band(after) == "amber":
            return "amber", f"pain {after}/10 after the session is amber"
        return "green", f"pain {after}/10 after the session is green"

    def holds(self, exercise: str, steps: Collection[str] = ()) -> bool:
        """Whether this session held `exercise`: began it, or had it among `steps` (its
        routine's, where what the plan left out still has its place) and did not leave it
        out with --only or --skip; never an answer about a week."""
        if self.week is not None:
            return False
        return self.began(exercise) or (
            exercise in steps and not chosen_out(exercise, self.only, self.skip)
        )

    def began(self, exercise: str) -> bool:
        """Whether this session reached `exercise`: did it, in full or in part, or said it
        hurt there; never an answer about a week."""
        if self.week is not None:
            return False
        return exercise in self.tried or exercise in self.hurt or exercise in self.done

    @staticmethod
    def of(session: Session, hurt: frozenset[str] = frozenset()) -> Rated:
        """A stored session, as the plan sees it: the exercises said to hurt are those of
        `hurt` and those recorded as hurt (the `h` key, or named after the session)."""
        results = session.exercises
        hurt = hurt | {r.exercise for r in results if r.status == "hurt"}
        return Rated(
            uid=session.uid,
            at=session.started_at,
            done=tuple(r.exercise for r in results if r.in_full),
            tried=tuple(r.exercise for r in results if r.status in ("done", "partial")),
            pain_before=session.pain_before,
            pain_after=session.pain_after,
            difficulty=session.difficulty,
            hurt=hurt,
            routine=session.routine,
            scaled=_shortened(session.options.get("scale")),
            fitted=_minutes(session.options.get("minutes")),
            planned=tuple((r.exercise, r.holds) for r in results),
            only=_names(session.options.get("only")) or None,
            skip=_names(session.options.get("skip")),
            variants=_variants(session.options.get("variants")),
            completed=session.status == "completed",
        )

    def held_at(self, exercise: str, level: Level, known: Exercise) -> str:
        """Why this session, green, says nothing of `exercise`'s `level` (laid over `known`):
        its holds shortened (--scale under 1); done as another variant than the level's own
        (attack 17, H2: green without the band stepped the banded row up); or fewer sets or
        reps (--minutes; attack 16, H7). '' where it counts."""
        if self.scaled:
            return "done with shorter holds"
        chosen = self.variants.get(exercise)
        if chosen is not None and not same_variant(known, chosen, level.variant):
            return f"done as its {chosen} variant"
        if self.cut(exercise, level.exercise(known).dose):
            return f"done with fewer sets or reps (--minutes {self.fitted:g})"
        return ""

    def cut(self, exercise: str, dose: Dose) -> bool:
        """Whether `--minutes` fitted `exercise` to fewer holds than `dose` has (fewer sets
        or reps than its level): green then says nothing of the level's own dose."""
        if self.fitted is None:
            return False
        return any(
            name == exercise and n < dose.sets * dose.holds_per_set for name, n in self.planned
        )


def same_variant(known: Exercise, chosen: str, own: str | None) -> bool:
    """Whether `chosen` does `known` as the level's `own` variant does: by name, or by what
    it changes (review 20, F7: `chair: {}`, the exercise as it is, given again with --variant
    as desk-upper-back's own step has it, held the level for good)."""
    if chosen == own:
        return True
    if chosen not in known.variants or (own is not None and own not in known.variants):
        return False
    done, level = apply_variant(known, chosen), apply_variant(known, own)
    return replace(done, variant=None) == replace(level, variant=None)


def off_ladder(
    plan: Plan, exercises: Mapping[str, Exercise], variants: Mapping[str, str]
) -> tuple[str, ...]:
    """The exercises of `variants` done in a way that the plan's own ladder for them never
    does (review 22, F1: with osteoporosis the plan keeps the ball at the wall, and
    `--variant ball-pressure=floor` lay on it): a plan's levels are the ways it is done."""
    return tuple(
        name
        for name, chosen in variants.items()
        if (own := plan.ladders.get(name)) is not None
        and (known := exercises.get(name)) is not None
        and not any(same_variant(known, chosen, level.variant) for level in own.levels)
    )


def chosen_out(exercise: str, only: Collection[str] | None, skip: Collection[str]) -> bool:
    """Whether a run's `--only` or `--skip` left `exercise` out (review 18, F2: what waits
    to be said of it was said at the session that skipped it, and never at the next)."""
    return (only is not None and exercise not in only) or exercise in skip


def _names(value: object) -> frozenset[str]:
    """The exercise ids a stored `only` or `skip` lists (none for anything else)."""
    if not isinstance(value, list):
        return frozenset()
    return frozenset(name for name in value if isinstance(name, str))


def _variants(value: object) -> dict[str, str]:
    """A run's stored `--variant`s, exercise to variant (none for anything else)."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _minutes(minutes: object) -> float | None:
    """A run's stored `--minutes`, if it had one."""
    return (
        float(minutes)
        if isinstance(minutes, int | float) and not isinstance(minutes, bool)
        else None
    )


def _shortened(scale: object) -> bool:
    """Whether a run's stored scale shortened its holds (a number under 1)."""
    return isinstance(scale, int | float) and not isinstance(scale, bool) and scale < 1


def done_on(sessions: Sequence[Rated], day: date) -> tuple[str, ...]:
    """The routine of each session that ran it on `day` (each at its own local time; not
    one narrowed by --only): a routine done twice is there twice (a day may list it twice)."""
    return tuple(s.routine for s in sessions if s.ran and s.at.date() == day)


@dataclass(frozen=True)
class Decision:
    """A change to an exercise's place in the plan, with its reason and the line said about it
    at the start of the next session."""

    exercise: str
    change: Change
    before: int  # the level before
    level: int  # the level after
    reason: str
    said: str
    at: datetime  # when the session it follows started
    session: str  # that session's uid
    alternative: str | None = None  # the exercise done in its place, for "alternative"


@dataclass(frozen=True)
class Standing:
    """Where an exercise is in the plan now, and why."""

    exercise: str
    level: int
    top: int
    reason: str
    greens: int = 0  # green sessions in a row at this level, one a day
    green_on: date | None = None  # the day of the last green counted (None: since a reset)
    reds: tuple[date, ...] = ()  # the days of its red sessions
    peaks: tuple[tuple[date, int], ...] = ()  # the pain after each red session, where rated
    named: tuple[date, ...] = ()  # the days of the red sessions that named it as hurting
    instead: str | None = None  # its alternative, done in its place
    left_out: bool = False  # by the plan, or hurt too often with no alternative

    @property
    def active(self) -> bool:
        """Whether the exercise itself is still done."""
        return self.instead is None and not self.left_out


@dataclass(frozen=True)
class Note:
    """What is said about an exercise after a session without a change of level (one that
    hurt at its lowest level, one kept as the last of its routine), not stored as a change."""

    exercise: str
    line: str
    at: datetime  # when the session it follows started
    session: str  # that session's uid


@dataclass(frozen=True)
class Progress:
    """Every exercise's standing, in the plan's order, and every change made so far."""

    standings: Mapping[str, Standing]
    decisions: tuple[Decision, ...]
    notes: tuple[Note, ...] = ()

    def said(self, session: str) -> tuple[str, ...]:
        """What follows `session` (a uid): its changes, then its notes."""
        changes = tuple(d.said for d in self.decisions if d.session == session)
        return changes + tuple(n.line for n in self.notes if n.session == session)

    def pending(
        self,
        sessions: Sequence[Rated],
        holds: Collection[str],
        steps: Mapping[str, Collection[str]] | None = None,
    ) -> tuple[str, ...]:
        """What a session that holds the exercises of `holds` starts with: each change and
        note about one of them not said yet, that is, made after the last of `sessions` that
        began that exercise (`steps`: each routine's exercises, by routine id). A session
        stopped before it leaves it to the next, as its get-ready's caution (review 24, F7)."""
        unsaid = self._unsaid(sessions, holds, steps)
        return tuple(dict.fromkeys(line for _, line, _ in unsaid))

    def eased(
        self,
        sessions: Sequence[Rated],
        holds: Collection[str],
        steps: Mapping[str, Collection[str]] | None = None,
    ) -> frozenset[str]:
        """The exercises of `holds` whose last session was too much for them (a step down,
        or a note of a red session, not said yet): the session says so again at each one's
        get-ready, not only before it starts (review 21, F8). It is said until a session
        reaches that get-ready: one stopped before it leaves it to the next (review 23, F11)."""
        unsaid = self._unsaid(sessions, holds, steps)
        return frozenset(name for name, _, red in unsaid if red)

    def _unsaid(
        self,
        sessions: Sequence[Rated],
        holds: Collection[str],
        steps: Mapping[str, Collection[str]] | None,
    ) -> list[tuple[str, str, bool]]:
        """Each change and note not said yet about an exercise of `holds`, in order: the
        exercise, the line, and whether it follows a red session (a step down, a note).
        Said by a later session that began the exercise (or, for one done no more, that held
        its place)."""
        # A step up or down of an exercise done no more (its alternative in its place, or
        # left out) is not the session's to say (attack 16, H10): why it is not, is.
        told = [
            (d.at, d.session, 0, d.exercise, d.said, d.change == "down")
            for d in self.decisions
            if d.change not in ("up", "down") or alive_itself(d.exercise, self.standings)
        ]
        told += [(n.at, n.session, 1, n.exercise, n.line, True) for n in self.notes]
        done_earlier = _done_by_day(sessions, None if steps is None else steps.keys())
        found: list[tuple[str, str, bool]] = []
        for at, uid, _, exercise, line, red in sorted(told, key=lambda t: t[:3]):
            if exercise not in holds:
                continue
            gone = not alive_itself(exercise, self.standings)
            later = any(
                (s.at, s.uid) > (at, uid)
                and (
                    s.began(exercise)
                    # one done no more is never begun: the session that held its place says it
                    or (gone and s.holds(exercise, (steps or {}).get(s.routine, ())))
                )
                and not _left_as_done(s, exercise, done_earlier)
                for s in sessions
            )
            if not later:
                found.append((exercise, line, red))
        return found


def done_elsewhere(
    sessions: Sequence[Rated], routine: str | None, day: date, plans: Collection[str]
) -> dict[str, str]:
    """Each exercise that a session of another of the plan's routines (`plans`) than
    `routine`, or one of `routine` narrowed by --only, did in full on `day`, with that
    routine (the first such session's): what a session of `routine` then leaves out. A
    routine the plan does not hold (a reminder's desk break) takes nothing from the plan's
    sessions (attack 17, H11)."""
    found: dict[str, str] = {}
    for session in sessions:
        if session.at.date() == day and _other(session, routine) and session.routine in plans:
            for exercise in session.done:
                found.setdefault(exercise, session.routine)
    return found


def _done_by_day(
    sessions: Sequence[Rated], plans: Collection[str] | None
) -> dict[tuple[date, str], list[Rated]]:
    """The sessions of the plan's routines (`plans`; None: of any) that did each exercise in
    full, by day and exercise: what a later session that day left out (`done_elsewhere`)."""
    found: dict[tuple[date, str], list[Rated]] = {}
    for session in sessions:
        if plans is not None and session.routine not in plans:
            continue
        for exercise in session.done:
            found.setdefault((session.at.date(), exercise), []).append(session)
    return found


def _left_as_done(
    session: Rated, exercise: str, done: Mapping[tuple[date, str], Sequence[Rated]]
) -> bool:
    """Whether `session` left `exercise` out because another session (`_other`) did it in
    full earlier that day (`stretch run` does so): it did not hold it, whatever its
    routine's steps say, so what waits to be said of it waits on."""
    if exercise in session.tried or exercise in session.hurt:
        return False
    return any(
        other.at < session.at and _other(other, session.routine)
        for other in done.get((session.at.date(), exercise), ())
    )


def _other(session: Rated, routine: str | None) -> bool:
    """Whether `session` is another session than one of `routine` for what it did: of
    another routine, or narrowed to a few exercises by --only (which is not the routine
    done: review 20, F5)."""
    return session.routine != routine or session.only is not None


def alive_itself(name: str, standings: Mapping[str, Standing]) -> bool:
    """Whether a session still does the exercise `name` itself."""
    standing = standings.get(name)
    return standing is None or standing.active


def alive(name: str, standings: Mapping[str, Standing]) -> bool:
    """Whether a session still does something in the place of `name`: the exercise itself,
    or its alternative (unless that is left out too)."""
    standing = standings.get(name)
    if standing is None:
        return True
    if standing.left_out:
        return False
    other = standings.get(standing.instead or "")
    return other is None or not other.left_out
