"""Reminders never suggest a routine the person's plan leaves nothing of (review 12, F8):
every reminder's Start would lead to "nothing left to do". `remind on` and `config
remind_routine` refuse it in one line, naming what to do (exit 2, nothing installed or
written); `stretch remind` warns where the plan, changed since, leaves nothing of it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.plan.model import Plan, Schedule
from stretchcli.plan.rules import DEFAULT_RULES
from stretchcli.remind.planned import left_nothing
from tests.conftest import BUILTIN, Stretch
from tests.test_remind_safety import Crontab, crontab  # noqa: F401 (a fixture)

DESK_BREAK = ("rhomboid-stretch", "scapular-squeeze", "thoracic-rotation")
PLAN = "days: {mon: desk-upper-back, thu: desk-upper-back}\nleave_out: {%s}\n"
ALL_OUT = PLAN % ", ".join(f"{name}: not now" for name in DESK_BREAK)
REFUSED = (
    "stretch: your plan leaves out every exercise of desk-break: a reminder's Start would find "
    "nothing to do (choose another routine with {how} (your plan's: desk-upper-back), or "
    "change the plan)\n"
)


def use(stretch: Stretch, tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert stretch("plan", "use", str(path)).code == 0


def test_remind_on_refuses_a_routine_the_plan_leaves_nothing_of(
    stretch: Stretch,
    tmp_path: Path,
    isolated: Path,
    crontab: Crontab,  # noqa: F811
) -> None:
    use(stretch, tmp_path, ALL_OUT)
    config = isolated / "config" / "config.toml"
    before = config.read_bytes() if config.exists() else None
    code, out, err = stretch("remind", "on", "--scheduler", "cron")
    assert (code, out, err) == (2, "", REFUSED.format(how="--routine"))
    assert not crontab.table.exists()  # nothing installed
    assert (config.read_bytes() if config.exists() else None) == before
    # Another routine is taken, and so is desk-break once the plan keeps one of its steps.
    assert stretch("remind", "on", "--scheduler", "cron", "--routine", "desk-upper-back").code == 0


def test_config_remind_routine_refuses_it_too(
    stretch: Stretch, tmp_path: Path, isolated: Path
) -> None:
    use(stretch, tmp_path, ALL_OUT)
    code, out, err = stretch("config", "remind_routine", "desk-break")
    assert (code, out) == (2, "")
    assert err == REFUSED.format(how="`stretch config remind_routine ROUTINE`")
    config = isolated / "config" / "config.toml"
    assert not config.exists() or "remind_routine" not in config.read_text()


def test_remind_warns_where_the_plan_changed_since(
    stretch: Stretch,
    tmp_path: Path,
    crontab: Crontab,  # noqa: F811
) -> None:
    use(stretch, tmp_path, PLAN % "rhomboid-stretch: not now")
    result = stretch("remind", "on", "--scheduler", "cron")
    assert result.code == 0 and "warning" not in result.err, result.err
    assert stretch("remind").err == ""
    use(stretch, tmp_path, ALL_OUT)  # the plan changes later
    code, out, err = stretch("remind")
    assert code == 0 and out
    expected = (
        "stretch: warning: your plan leaves out every exercise of desk-break, the routine "
        "reminders suggest: a reminder's Start finds nothing to do; choose another with "
        "`stretch remind on --routine ROUTINE` (your plan's: desk-upper-back), or change the "
        "plan\n"
    )
    assert err == expected
    assert stretch("remind", "off").code == 0  # off: nothing is suggested, nothing said
    assert stretch("remind").err == ""


CATALOG = load_catalog([Folder(BUILTIN, "built-in")])


@given(st.sets(st.sampled_from([*DESK_BREAK, "chin-tuck", "ball-pressure"])))
def test_nothing_is_left_exactly_when_every_step_is_left_out(left: set[str]) -> None:
    plan = Plan(
        Schedule(rotation=("desk-upper-back",)), DEFAULT_RULES, leave_out=dict.fromkeys(left, "x")
    )
    assert bool(left_nothing(plan, CATALOG.routines, "desk-break")) == (set(DESK_BREAK) <= left)
    assert not left_nothing(None, CATALOG.routines, "desk-break")
    assert not left_nothing(plan, CATALOG.routines, "no-such-routine")
