"""The plan's safety limits (its `avoid`: no rounding forward with osteoporosis; its
`leave_out`: no ball with blood thinners) on a run whose options nobody typed: `stretch
again` and `run --resume` take them from a stored session, which may have been recorded
before the plan was adopted, or on another machine, without those limits. Run again, the
session takes them on; resumed, it cannot (its steps would not be the ones it stopped in),
so it is refused with what to run instead. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from stretchcli.model import Exercise, Routine, Step, apply_variant
from stretchcli.plan.model import Plan
from stretchcli.plan.standing import off_ladder
from stretchcli.session.options import RunOptions
from stretchcli.session.settings import RunSettings
from stretchcli.session.stored_options import ReplayError


@dataclass(frozen=True)
class Missing:
    """What a stored session's options lack of the plan's limits: the movements the plan
    avoids that a step of the routine has, the steps the plan leaves out that they do, and
    the exercises they do in a way the plan's own ladder never does."""

    avoid: frozenset[str] = frozenset()
    leave_out: tuple[str, ...] = ()
    variants: tuple[tuple[str, str], ...] = ()  # (exercise, variant) its own ladder never does

    def __bool__(self) -> bool:
        return bool(self.avoid or self.leave_out or self.variants)


def missing(
    plan: Plan, routine: Routine, exercises: Mapping[str, Exercise], options: RunOptions
) -> Missing:
    """The plan's limits that `options` (a stored session's) do not keep for `routine`."""
    steps = [step.exercise for step in routine.steps]
    moves = {m for step in routine.steps for m in _movements(step, exercises, options)}
    avoid = frozenset(m for m in plan.avoid if m in moves and m not in options.avoid)
    # One it names (in --only, or with a variant) is the session's to say (`check_replayed`).
    named = {*options.only, *options.variants}
    done = [n for n in steps if n not in options.skip and not options.only and n not in named]
    left = tuple(n for n in dict.fromkeys(done) if n in plan.leave_out)
    odd = tuple((n, options.variants[n]) for n in off_ladder(plan, exercises, options.variants))
    return Missing(avoid, left, odd)


def kept_within(
    settings: RunSettings, plan: Plan | None, routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
) -> tuple[RunSettings, list[str]]:  # fmt: skip
    """`settings` with the plan's limits kept, and what to say of them: a session run again
    takes them on (said); one resumed without them is a ReplayError. Settings whose options
    were typed, or that keep every limit already, are returned as they are."""
    replayed, routine = settings.replayed, routines.get(settings.routine)
    if plan is None or replayed is None or routine is None:
        return settings, []
    found = missing(plan, routine, exercises, settings.options)
    if not found:
        return settings, []
    what = _said(plan, exercises, found)
    if replayed.resume:
        raise ReplayError(
            f"session {replayed.session} of {settings.routine} cannot be resumed: it was run "
            f"without your plan's limits ({what})",
            f"start afresh with `stretch run {settings.routine}`, which keeps them",
        )
    options = settings.options
    kept = replace(
        options,
        avoid=options.avoid | found.avoid,
        skip=tuple(dict.fromkeys([*options.skip, *found.leave_out])),
        variants={n: v for n, v in options.variants.items() if (n, v) not in found.variants},
    )
    said = f"your plan's limits, which session {replayed.session} was run without, are kept: {what}"
    return replace(settings, options=kept), [said]


def _said(plan: Plan, exercises: Mapping[str, Exercise], found: Missing) -> str:
    """The limits in words: 'avoiding flexion; leaving out Ball pressure on trigger points
    (blood thinners)'."""
    parts = []
    if found.avoid:
        parts.append(f"avoiding {', '.join(sorted(found.avoid))}")
    if found.leave_out:
        names = [
            f"{exercises[n].name if n in exercises else n} ({plan.leave_out[n]})"
            for n in found.leave_out
        ]
        parts.append(f"leaving out {'; '.join(names)}")
    for name, variant in found.variants:  # (`again` lay on the ball the plan kept at a wall)
        parts.append(f"doing {exercises[name].name} as your plan's levels do, not as its {variant}")
    return "; ".join(parts)


def _movements(step: Step, exercises: Mapping[str, Exercise], options: RunOptions) -> set[str]:
    """Every movement a step can bring into the run: its exercise's, its variant's (the
    stored one, or the routine's), and its alternative's, which an avoided step is done as."""
    exercise = exercises.get(step.exercise)
    if exercise is None:
        return set()
    found = set(exercise.movements)
    variant = options.variants.get(step.exercise, step.variant)
    if variant is not None and variant in exercise.variants:
        found |= set(apply_variant(exercise, variant).movements)
    alternative = exercises.get(exercise.alternative or "")
    return found | set(alternative.movements if alternative is not None else ())
