"""A session ahead of this machine's clock (another machine's clock, up to a day ahead) is not
counted until the clock reaches it, but it is never hidden: `stretch history` lists it as ahead
of the clock, and never says "No sessions yet" while there are sessions (issue 23, class 1)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.export_file import FORMAT
from stretchcli.text import moment
from tests.conftest import Stretch
from tests.test_time import CLOCK, export_line


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ahead=st.lists(st.integers(1, 86400), min_size=1, max_size=3, unique=True),
    past=st.lists(st.integers(3600, 30 * 86400), max_size=2, unique=True),
)
def test_sessions_ahead_of_the_clock_are_listed_as_such(
    stretch: Stretch, isolated: Path, tmp_path: Path, ahead: list[int], past: list[int]
) -> None:
    (isolated / "state" / "history.sqlite3").unlink(missing_ok=True)
    moments = [CLOCK + timedelta(seconds=s) for s in ahead]
    moments += [CLOCK - timedelta(seconds=s) for s in past]
    lines = [json.dumps(FORMAT)]
    lines += [export_line(i + 1, at.isoformat(), None) for i, at in enumerate(moments)]
    source = tmp_path / "ahead.jsonl"
    source.write_text("\n".join(lines) + "\n")
    done = stretch("history", "import", str(source), wall=CLOCK)
    assert done.code == 0, done.err
    out = stretch("history", wall=CLOCK).out
    assert "No sessions" not in out
    heading, _, rest = out.partition("Ahead of this machine's clock\n")
    assert rest, out
    listed, _, _ = rest.partition("Counted once the clock reaches them.\n")
    soonest = sorted(moments[: len(ahead)])
    shown = [moment(at.astimezone()) for at in soonest]
    assert all(s in listed for s in shown)
    assert all(moment(at.astimezone()) not in listed for at in moments[len(ahead) :])
    if past:
        assert "Recent sessions" in heading
        assert "Streak: " in out


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ahead=st.lists(st.integers(1, 86400), min_size=1, max_size=3, unique=True))
def test_again_and_note_never_say_no_session_yet_while_sessions_are_ahead(
    stretch: Stretch, isolated: Path, tmp_path: Path, ahead: list[int]
) -> None:
    (isolated / "state" / "history.sqlite3").unlink(missing_ok=True)
    lines = [json.dumps(FORMAT)]
    lines += [
        export_line(i + 1, (CLOCK + timedelta(seconds=s)).isoformat(), None)
        for i, s in enumerate(ahead)
    ]
    source = tmp_path / "ahead.jsonl"
    source.write_text("\n".join(lines) + "\n")
    assert stretch("history", "import", str(source), wall=CLOCK).code == 0
    many = "1 session starts" if len(ahead) == 1 else f"{len(ahead)} sessions start"
    why = f"none has started by this machine's clock ({many} later: see `stretch history`)"
    assert stretch("again", "--brief", wall=CLOCK) == (
        1,
        "",
        f"stretch: no session to run again: {why}\n",
    )
    assert stretch("history", "note", "sore today", wall=CLOCK) == (
        1,
        "",
        f"stretch: no session to add a note to: {why}\n",
    )


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ahead=st.integers(1, 86400 - 120))  # its end, 2 minutes on, within the day
def test_a_plan_does_not_count_a_session_ahead_of_the_clock(
    stretch: Stretch, isolated: Path, tmp_path: Path, ahead: int
) -> None:
    # A plan's rotation moves on once a routine is done: one that a wrong clock put later
    # than now has not been done yet, so today's session is still the rotation's first.
    (isolated / "state" / "history.sqlite3").unlink(missing_ok=True)
    plan = tmp_path / "plan.yaml"
    plan.write_text("rotation: [desk-break, desk-upper-back]\n", encoding="utf-8")
    assert stretch("plan", "use", str(plan), wall=CLOCK - timedelta(hours=1)).code == 0
    started = CLOCK + timedelta(seconds=ahead)
    row = json.loads(
        export_line(1, started.isoformat(), (started + timedelta(minutes=2)).isoformat())
    )
    row["exercises"] = [{"exercise": "chin-tuck", "status": "done", "holds": 3, "done": 3}]
    source = tmp_path / "ahead.jsonl"
    source.write_text(json.dumps(FORMAT) + "\n" + json.dumps(row) + "\n")
    assert stretch("history", "import", str(source), wall=CLOCK).code == 0
    page = json.loads(stretch("plan", "--json", wall=CLOCK).out)
    assert (page["today"]["routine"], page["sessions"]) == ("desk-break", 0)
    assert "stretch: today's plan: desk-break\n" in stretch("run", "--json", wall=CLOCK).err
