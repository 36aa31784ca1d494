"""What a run writes as a whole: the checks of an exported session that tie its values to
each other (each value alone is read by `exported.py`). The strict reader
(`Session.from_record`) and the fast path of an import (`history/fast_lines.py`) both ask
`problem`, so that they take the same lines. No I/O; the standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from stretchcli.exported import Refused, expected

# Seconds a run's count (pauses left out, on the steady clock) may pass the span from its
# started_at to its ended_at (the wall clock) and still be taken (chosen: a minute covers the
# wall clock being set a little back during the run, and the count's rounding to 0.1 s).
SPAN_SLACK = 60.0

# A result as its row: exercise, status, holds, done.
Result = tuple[str, str, int, int]


def problem(
    status: str,
    started_at: datetime,
    ended_at: datetime | None,
    seconds: float,
    exercises: Sequence[Result],
) -> Refused | None:
    """What no run writes in a session whose values are each in range (None when a run
    can write it all), named by its key."""
    if ended_at is not None and ended_at >= started_at:  # (else refused for that)
        span = (ended_at - started_at).total_seconds()
        if seconds > span + SPAN_SLACK:
            what = (
                f"at most the {span:g} seconds from started_at to ended_at "
                f"({SPAN_SLACK:g} more are taken)"
            )
            return expected(what, seconds).under("seconds")
    for index, (_, result, holds, done) in enumerate(exercises):
        if result == "done" and done != holds:
            what = f"{holds} (its holds): an exercise is done when every hold ran its time"
            return expected(what, done).under(f"exercises[{index}].done")
        if result == "not reached" and status == "completed":
            what = "not 'not reached' in a completed session, which entered every step"
            return expected(what, result).under(f"exercises[{index}].status")
    return None
