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
