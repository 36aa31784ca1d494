"""A simulated six weeks of a physiotherapist's plan, on an injected clock: green weeks that
step the exercises up, an amber week that holds them and falls short of the goal (answered
"no time" at the next session), a red session that steps them down, an exercise named as
hurting, and a pain over the ceiling. Each session follows the plan as a run does (the level
changes are stored as they are first seen), so the report and history read what a person's
history would hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.files.planfile import plan_path, read_plan
from stretchcli.history.barriers import Answer, add_answer
from stretchcli.history.plan_follow import follow
from stretchcli.history.store import History, history_path
from stretchcli.plan.levels import file_ladders
from stretchcli.records import ExerciseResult
from tests.conftest import BUILTIN

ZONE = ZoneInfo("Europe/Berlin")
ADOPTED = datetime(2026, 11, 2, 7, 0, tzinfo=ZONE)  # a Monday
REPORTED = datetime(2026, 12, 13, 20, 0, tzinfo=ZONE)  # the last evening of the six weeks
DESK = ("chest-stretch", "rhomboid-stretch", "scapular-squeeze")
PLAN = """\
written_by: A. Physio, physiotherapist
review: 2026-12-14
days: {mon: desk-upper-back, wed: desk-upper-back, fri: desk-upper-back}
weekly_goal: 3
"""


@dataclass(frozen=True)
class Day:
    """A session: days after the plan was adopted, pain before and after, and the exercise
    named as hurting after it (if any)."""

    day: int
    before: int
    after: int
    hurt: str | None = None


# Mon, Wed, Fri each week; week 3 misses its Friday.
SESSIONS = (
    Day(0, 3, 2), Day(2, 3, 2), Day(4, 2, 1),  # green: up at the third
    Day(7, 2, 2), Day(9, 2, 1), Day(11, 2, 2),  # green: up again
    Day(14, 3, 4), Day(16, 4, 5),  # amber: held; two of three
    Day(21, 3, 7), Day(23, 3, 3), Day(25, 2, 2),  # red (over the ceiling): down; green
    Day(28, 2, 2), Day(30, 3, 4, "rhomboid-stretch"), Day(32, 2, 2),  # up; named as hurting
    Day(35, 2, 1), Day(37, 1, 1), Day(39, 1, 0),  # green
)  # fmt: skip


class Clock:
    """The history's clock, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def six_weeks(environ: Mapping[str, str]) -> History:
    """Write the plan into the config folder of `environ` and the six weeks into its
    history; the history, its clock at REPORTED."""
    path = plan_path(environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PLAN, encoding="utf-8")
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    plan = read_plan(path, catalog)
    ladders = file_ladders(catalog.exercises)
    clock = Clock(ADOPTED)
    history = History(history_path(environ), print, clock)

    def followed() -> None:
        follow(history, plan, ladders, catalog.routines, catalog.exercises, print)

    followed()  # the plan is adopted: its start is stored
    for session in SESSIONS:
        when = ADOPTED + timedelta(days=session.day, hours=1)
        clock.now = when
        if session.day == 21:  # the first session after the short week asks about it
            add_answer(history, Answer(when, date(2026, 11, 16), "no time", 2, 3))
        followed()  # as a run starts: the changes after the last session are stored
        results = [ExerciseResult(name, "done", 3, 3) for name in DESK]
        ident = history.start("desk-upper-back", {}, results, session.before)
        clock.now = when + timedelta(minutes=6)
        history.finish(ident, "completed", 360, results, None)
        history.set_pain_after(ident, session.after)
        history.set_difficulty(ident, 2)
        if session.hurt:
            history.set_hurt(ident, session.hurt)
    clock.now = REPORTED
    followed()
    return history


def state(home: Path) -> dict[str, str]:
    """The environment of the `isolated` fixture's folders."""
    return {
        "STRETCH_CONFIG_DIR": str(home / "config"),
        "STRETCH_STATE_DIR": str(home / "state"),
        "STRETCH_CACHE_DIR": str(home / "cache"),
    }
