"""A session the history cannot take by the run's end is kept in a file that `stretch
history import` takes whole: for any session a run writes, the file's session is the one the
history would have held (its pain after and difficulty not asked yet; the uid of its run, as
its row has)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from hypothesis import given

from stretchcli.env import Environment
from stretchcli.history.export_file import parse
from stretchcli.records import Session
from stretchcli.session.unrecorded import Begun, Ended, keep
from tests.test_records import ROUNDS, sessions


@ROUNDS
@given(sessions().filter(lambda s: s.status != "running" and s.last_step is not None))
def test_the_file_holds_the_session_the_history_would_have(session: Session) -> None:
    folder = Path(os.environ["STRETCH_STATE_DIR"])
    begun = Begun(
        session.routine,
        session.options,
        session.pain_before,
        session.note,
        session.swaps,
        session.started_at,
        session.uid,
    )
    assert session.status != "running" and session.last_step is not None
    ended = Ended(
        session.status,
        session.seconds,
        session.exercises,
        session.last_step,
        session.ended_at,
    )
    kept = keep(Environment.from_os(), begun, ended)
    assert kept is not None and kept.path.parent == folder
    path = kept.path
    header, line = path.read_text(encoding="ascii").splitlines()
    path.unlink()
    assert json.loads(header) == {"format": "stretch-history", "version": 1}
    found = Session.from_record(parse(2, line))
    # The run's own uid, which its row in the history has too: an import merges the two.
    assert found == replace(session, pain_after=None, difficulty=None)
