"""What a run writes as a whole: the checks of an exported session that tie its values to
each other (each value alone is read by `exported.py`), and of two records of one run. The
strict reader (`Session.from_record`) and the fast path of an import (`history/fast_lines.py`)
both ask `problem`, so that they take the same lines. No I/O; the standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from stretchcli.exported import MAX_SESSION_SECONDS, Refused, expected

# Seconds a run's count (pauses left out, on the steady clock) may pass the span from its
# started_at to its ended_at (the wall clock) and still be taken (chosen: a minute covers the
# wall clock being set a little back during the run, and the count's rounding to 0.1 s).
SPAN_SLACK = 60.0
# The shortest a hold can run its time: a file's shortest hold (1 s) at the smallest --scale
# (0.25; `-` never shortens a hold below 1 s). The holds done take at least this each, out of
# the session's seconds (pauses left out of both), give or take SPAN_SLACK.
FASTEST_HOLD = 0.25

# A result as its row: exercise, status, holds, done.
Result = tuple[str, str, int, int]
# A swap as `--avoid` makes it: the step's exercise, and what it was done as (None: left out).
SwapShape = tuple[str, str | None]


def swaps_problem(swaps: Sequence[SwapShape]) -> Refused | None:
    """What no run writes in a session's swaps, each alone in range (None: a run can): a run
    swaps a step for its alternative, never for itself nor for a step of the routine; once
    an exercise is done in place of one step, a later step swapped for it (its own
    exercise again, or another whose alternative it is) is left out."""
    swapped: dict[str, int] = {}  # exercise: the first swap of it
    for index, (exercise, _) in enumerate(swaps):
        swapped.setdefault(exercise, index)
    done_as: dict[str, int] = {}  # what a swap was done as: which swap
    for index, (exercise, instead) in enumerate(swaps):
        first = swapped[exercise]
        where = f"swaps[{index}].instead"
        if instead == exercise:
            what = f"null or {exercise}'s alternative: a step is never swapped for itself"
            return expected(what, instead).under(where)
        if instead is not None and instead in swapped:
            what = (
                f"null or {exercise}'s alternative: {instead} is a step of the routine "
                f"(swaps[{swapped[instead]}]), and a run never swaps one step for another"
            )
            return expected(what, instead).under(where)
        if instead is not None and first != index:
            what = (
                f"null: {exercise} is swapped before (swaps[{first}]), and its alternative "
                "is then in the session already, so a later step of it is left out"
            )
            return expected(what, instead).under(where)
        if instead is not None and instead in done_as:
            what = (
                f"null: {instead} is done in place of another step before "
                f"(swaps[{done_as[instead]}]), so this step is left out"
            )
            return expected(what, instead).under(where)
        if instead is not None:
            done_as[instead] = index
    return None


def problem(
    status: str,
    started_at: datetime,
    ended_at: datetime | None,
    seconds: float,
    exercises: Sequence[Result],
    swaps: Sequence[SwapShape] = (),
) -> Refused | None:
    """What no run writes in a session whose values are each in range (None when a run
    can write it all), named by its key."""
    if status == "completed" and not exercises:
        what = (
            "at least one exercise in a completed session (a run stores nothing before its "
            "first exercise begins)"
        )
        return expected(what, []).under("exercises")
    found = swaps_problem(swaps)
    if found is not None:
        return found
    if ended_at is not None and ended_at >= started_at:  # (else refused for that)
        span = (ended_at - started_at).total_seconds()
        if seconds > span + SPAN_SLACK:
            return Refused(
                f"{_number(seconds)} is more than the {_number(span)} s from started_at to "
                f"ended_at, and seconds may be at most {_number(SPAN_SLACK)} s over that (a "
                "clock set back during the run; pauses are not counted); give seconds "
                f"{_number(span + SPAN_SLACK)} or less, or a later ended_at",
                "seconds",
            )
    unreached = False  # a step before was not reached: a run reaches none after it
    held = 0  # holds done so far
    for index, (_, result, holds, done) in enumerate(exercises):
        if result == "done" and done != holds:
            what = f"{holds} (its holds): an exercise is done when every hold ran its time"
            return expected(what, done).under(f"exercises[{index}].done")
        if result == "not reached":
            if status == "completed":
                what = "not 'not reached' in a completed session, which entered every step"
                return expected(what, result).under(f"exercises[{index}].status")
            if done:
                what = "0 in a step not reached (none of its holds began)"
                return expected(what, done).under(f"exercises[{index}].done")
            unreached = True
        elif unreached:
            what = "'not reached' after a step not reached (a run goes through its steps in order)"
            return expected(what, result).under(f"exercises[{index}].status")
        held += done
    least = held * FASTEST_HOLD - SPAN_SLACK
    if least > MAX_SESSION_SECONDS:  # no seconds given could be enough (attack 19, H16)
        return Refused(
            f"{held} holds done is more than any run can do: each takes at least "
            f"{_number(FASTEST_HOLD)} s, {_number(held * FASTEST_HOLD)} s in all, and a run "
            f"lasts {MAX_SESSION_SECONDS // 3600} hours at most; give fewer holds done (the "
            "exercises' done)",
            "seconds",
        )
    if seconds < least:
        return Refused(
            f"{_number(seconds)} is too few for the {held} holds done: each takes at least "
            f"{_number(FASTEST_HOLD)} s (a 1 s hold at --scale 0.25), "
            f"{_number(held * FASTEST_HOLD)} s in all, and seconds may be at most "
            f"{_number(SPAN_SLACK)} s short of that; give seconds {_number(least)} or more, "
            "or fewer holds done (the exercises' done)",
            "seconds",
        )
    return None


def _number(value: float) -> str:
    """A number as a person writes it: whole where it is whole (940, not 940.0 nor
    9.4e+02), else with the decimals it has (190.25)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:f}".rstrip("0").rstrip(".")


class _Result(Protocol):
    @property
    def exercise(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def done(self) -> int: ...


class _Record(Protocol):
    @property
    def seconds(self) -> float: ...
    @property
    def last_step(self) -> int | None: ...
    @property
    def exercises(self) -> Sequence[_Result]: ...


# How far a step's status gets in a run, never back (one skipped, then entered, is partial,
# and skipped again if left; hurt, once said, stays).
_REACHED = {"not reached": 0, "skipped": 1, "partial": 1, "done": 2, "hurt": 3}


def behind(one: _Record, other: _Record) -> bool:
    """Whether `one` can be a record of a run taken before (or as) `other`: its time, its
    step, and each exercise's holds done and status, none further on."""
    step, last = (-1 if s.last_step is None else s.last_step for s in (one, other))
    if round(one.seconds, 1) > round(other.seconds, 1) or step > last:
        return False
    return len(one.exercises) == len(other.exercises) and all(
        a.exercise == b.exercise and a.done <= b.done and _REACHED[a.status] <= _REACHED[b.status]
        for a, b in zip(one.exercises, other.exercises, strict=True)
    )
