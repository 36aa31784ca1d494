"""A phase in a few words, the same on every screen: its name ("HOLD") and its counters
("set 1/2 · rep 4/10", or for a screen reader "set 1 of 2, rep 4 of 10"). No rich: plain and
JSON runs use it without the live display."""

from __future__ import annotations

from collections.abc import Sequence

from stretchcli.model import Phase

WORDS = {
    "prepare": "GET READY",
    "hold": "HOLD",
    "relax": "RELAX",
    "rest": "REST",
    "switch": "SWITCH SIDES",
}


def reps_of(phases: Sequence[Phase], step: int) -> int:
    """How many reps (per side) the step has."""
    return max((p.rep or 0 for p in phases if p.step == step), default=0)


def counters(phase: Phase, phases: Sequence[Phase], words: bool = False) -> str:
    """'set 1/2 · rep 4/10' for the phase's exercise (reps counted per side); in `words`,
    for a screen reader: 'set 1 of 2, rep 4 of 10'."""
    sets = max((p.set for p in phases if p.step == phase.step), default=1)
    reps = reps_of(phases, phase.step)
    of = " of " if words else "/"
    parts = []
    if sets > 1:
        parts.append(f"set {phase.set}{of}{sets}")
    if phase.rep is not None and reps:
        parts.append(f"rep {phase.rep}{of}{reps}")
    return (", " if words else " · ").join(parts)
