"""The counts of a set's reps, said ahead of their holds where a hold has no room for its
own ("Three." as its bell rings), and every rep of the set counted the same way."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from stretchcli.model import Phase
from stretchcli.session.holds import Coaching, Cue
from stretchcli.session.pacing import GAP, Layout
from stretchcli.session.wording import count_words, number_said, sentence


def counted_alike(
    phases: Sequence[Phase], held: dict[int, Cue], reps_of: dict[int, int]
) -> dict[int, Cue]:
    """The holds of a set counted the same way: where one rep has no room for its count
    and is counted in the phase before, so are the others whose cue is only their count
    (else a listener hears "Two. 3 of 10. Relax. Four.")."""
    sets: dict[tuple[int, int, object], list[Phase]] = {}
    for phase in phases:
        if phase.index in held:
            sets.setdefault((phase.step, phase.set, phase.side), []).append(phase)
    alike = dict(held)
    for reps in sets.values():
        if all(held[p.index].spoken for p in reps):
            continue
        for p in reps:
            said = [line.text for line in held[p.index].spoken]
            count = count_words(p.rep or 1, reps_of[p.step])
            if len(said) == 1 and said[0] in (sentence(count), count_said(p.rep or 1)):
                alike[p.index] = replace(held[p.index], spoken=())
    return alike


def count_room(coming: Phase, coaching: Coaching) -> float:
    """The seconds to leave at the end of a phase for the `coming` hold's count, on the
    whole seconds lines start on, and a gap."""
    return max(1.0, math.ceil(coaching.seconds(count_said(coming.rep or 1))) + GAP)


def count_said(rep: int) -> str:
    """A rep's count as said ahead of its hold: its number alone ("Three."), as every count
    of its set is then said, the way one counts reps aloud."""
    return sentence(number_said(rep))


def count_before(layout: Layout, coming: Phase) -> bool:
    """Say the count of the `coming` hold so that it ends as its bell rings (whether it fit)."""
    return layout.ending(count_said(coming.rep or 1))
