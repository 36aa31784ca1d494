"""Which swaps a run of this machine's library can make, for an import and a sync to refuse
one it cannot (`refused`): `--avoid` swaps a step for its exercise's own alternative (or
leaves it out), for movements the exercise has (its own, or a variant's); an exercise whose
movements are the same in every variant is avoided in every step, so it is never also done
itself. An exercise this machine does not have (someone's own, from another machine) is
not judged. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from stretchcli import exported
from stretchcli.exported import Refused
from stretchcli.model import Exercise
from stretchcli.records import Session, Swap


def movement_sets(exercise: Exercise) -> set[tuple[str, ...]]:
    """The movements the exercise has in each of its forms: its own, and each variant's."""
    found: set[tuple[str, ...]] = {tuple(exercise.movements)}
    found.update(tuple(v.movements) for v in exercise.variants.values() if v.movements is not None)
    return found


def alternative_refused(name: str, exercise: Exercise, instead: str | None) -> Refused | None:
    """Why no run does the exercise `name` as `instead` (None: left out), or None when one
    can: only as its own alternative (a swap's `instead`, a level change's `alternative`)."""
    own = exercise.alternative if exercise.alternative != name else None
    if instead in (None, own):
        return None
    wanted = (
        f'"{own}" ({name}\'s alternative), or null (left out)'
        if own is not None
        else f"null ({name} has no alternative: it is left out)"
    )
    return exported.expected(wanted, instead)


def swap_refused(exercises: Mapping[str, Exercise], swap: Swap) -> Refused | None:
    """Why no run of this library makes `swap` (its key in the swap), or None when one can
    (or its exercise is not known here)."""
    name = swap.exercise
    exercise = exercises.get(name)
    if exercise is None:
        return None
    wrong = alternative_refused(name, exercise, swap.instead)
    if wrong is not None:
        return wrong.under("instead")
    has = sorted({m for movements in movement_sets(exercise) for m in movements})
    if not set(swap.avoided) <= set(has):
        wanted = f"movements {name} has ({', '.join(has) or 'none'})"
        return exported.expected(wanted, list(swap.avoided)).under("avoided")
    return None


def refused(exercises: Mapping[str, Exercise], session: Session) -> Refused | None:
    """Why no run of this library makes the session's swaps (by its key, `swaps[1].instead`),
    or None when one can."""
    done = [e.exercise for e in session.exercises]
    for index, swap in enumerate(session.swaps):
        found = swap_refused(exercises, swap)
        if found is not None:
            return found.under(f"[{index}]").under("swaps")
        exercise = exercises.get(swap.exercise)
        if exercise is not None and swap.exercise in done and len(movement_sets(exercise)) == 1:
            wanted = (
                f"an exercise not done itself in this session: {swap.exercise} is "
                f"exercises[{done.index(swap.exercise)}], but its movements are the same in "
                "every step, so a run that avoids one swaps or leaves out each"
            )
            return exported.expected(wanted, swap.exercise).under(f"swaps[{index}].exercise")
    return None
