"""Six weeks of made-up sessions for the README's report picture:
`python docs/report_demo.py STATE_DIR`, then
`STRETCH_STATE_DIR=STATE_DIR stretch report -o report.html`.

A person doing upper-back most mornings and desk breaks on some afternoons, pain easing from
about 5 to about 2, a few stopped runs, notes, and back-pain-relief with --avoid extension.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from stretchcli.history.store import History
from stretchcli.records import ExerciseResult, Swap

UPPER_BACK = (
    "rhomboid-stretch",
    "scapular-squeeze",
    "thoracic-rotation",
    "thoracic-side-bend",
    "ball-pressure",
)
DESK_BREAK = ("rhomboid-stretch", "scapular-squeeze", "thoracic-rotation")
NOTES = {
    3: "tight on the left between the shoulder blades",
    11: "ball pressure too much today, went lighter",
    19: "rotation easier to the right",
    30: "slept badly, stopped early",
    38: "no pain during the side bends any more",
}


def fill(history: History, today: datetime, seed: int = 7) -> None:
    """Sessions and reminders over the six weeks up to `today`."""
    rng = random.Random(seed)
    first = today - timedelta(days=today.weekday(), weeks=5)
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        progress = offset / 42  # pain eases as the weeks go
        if rng.random() < 0.75:
            stopped = offset in (9, 30)
            done = 2 if stopped else len(UPPER_BACK)
            results = [
                ExerciseResult(name, "done" if i < done else "not reached", 2, 2 if i < done else 0)
                for i, name in enumerate(UPPER_BACK)
            ]
            if not stopped and rng.random() < 0.2:
                results[4] = ExerciseResult("ball-pressure", "skipped", 2, 0)
            pain = max(0, round(5 - 3 * progress + rng.uniform(-0.8, 0.8)))
            after = max(0, pain - rng.choice((1, 1, 2)))
            _session(
                history, day.replace(hour=8, minute=rng.randint(0, 40)), "upper-back",
                5 if stopped else 15, "stopped" if stopped else "completed", results,
                pain, None if stopped else after,
                round(6 - 3 * progress + rng.uniform(-0.5, 0.5)), NOTES.get(offset),
            )  # fmt: skip
        if day.weekday() < 5 and rng.random() < 0.45:
            at = day.replace(hour=15, minute=rng.randint(0, 50))
            history.now = lambda at=at: at - timedelta(minutes=1)  # type: ignore[misc]
            history.answer_reminder(
                history.add_reminder("desk-break", "waiting", "notification"), "started"
            )
            results = [ExerciseResult(name, "done", 2, 2) for name in DESK_BREAK]
            _session(history, at, "desk-break", 2.5, "completed", results, None, None, None, None)
        elif day.weekday() < 5:
            history.now = lambda day=day: day.replace(hour=16)  # type: ignore[misc]
            history.add_reminder(
                "desk-break", rng.choice(("snoozed", "skipped", "no answer")), "notification"
            )
        if day.weekday() == 5 and offset > 20:
            results = [
                ExerciseResult(name, "done", 2, 2)
                for name in ("pelvic-tilt", "lower-trunk-rotation", "thoracic-rotation")
            ]
            swap = Swap("back-extension", ("extension",), "pelvic-tilt")
            _session(
                history, day.replace(hour=18), "back-pain-relief", 5.2, "completed", results,
                3, 2, 3, None, (swap,),
            )  # fmt: skip


def _session(
    history: History,
    at: datetime,
    routine: str,
    minutes: float,
    status: str,
    results: list[ExerciseResult],
    before: int | None,
    after: int | None,
    difficulty: int | None,
    note: str | None,
    swaps: tuple[Swap, ...] = (),
) -> None:
    history.now = lambda: at
    ident = history.start(routine, {}, results, before, note, swaps)
    history.now = lambda: at + timedelta(minutes=minutes)
    history.finish(ident, status, minutes * 60, results, 0)  # type: ignore[arg-type]
    if after is not None:
        history.set_pain_after(ident, after)
    if difficulty is not None:
        history.set_difficulty(ident, difficulty)


def main() -> None:
    state = Path(sys.argv[1])
    state.mkdir(parents=True, exist_ok=True)
    now = datetime.now().astimezone()
    history = History(state / "history.sqlite3", print, lambda: now)
    fill(history, now)


if __name__ == "__main__":
    main()
