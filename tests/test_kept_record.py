"""A running session's record survives a history that refuses writes for a while: its start
is written late (once), a refused save is made again with the newest state, and what the
history holds at last is the newest state; the refusal is said once."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import HistoryError
from stretchcli.history.writer import Writer
from stretchcli.model import Phase
from stretchcli.session.recorder import HistoryRecorder
from stretchcli.session.runner import RunState

BUSY = HistoryError("the history is busy; try again", "another process is writing to h")


class Refusing:
    """A history that refuses the writes whose turn (counted from 0) is in `refused`."""

    def __init__(self, refused: set[int]) -> None:
        self.refused = refused
        self.turn = 0
        self.started = 0
        self.rows: dict[int, tuple[str, float]] = {}

    def _turn(self) -> None:
        turn, self.turn = self.turn, self.turn + 1
        if turn in self.refused:
            raise BUSY

    def begin(self) -> int:
        self._turn()
        self.started += 1
        self.rows[7] = ("running", 0.0)
        return 7

    def progress(
        self, session_id: int, seconds: float, exercises: Sequence[object], last: int | None
    ) -> None:
        self._turn()
        self.rows[session_id] = ("running", seconds)

    def finish(
        self,
        session_id: int,
        status: str,
        seconds: float,
        exercises: Sequence[object],
        last: int | None,
        ended_at: object = None,
    ) -> None:
        self._turn()
        self.rows[session_id] = (status, seconds)


PHASES = [Phase(i, "hold", "e", None, 1, i, 5.0, 5.0 * i) for i in range(4)]


@given(st.sets(st.integers(0, 12)), st.integers(1, 6), st.booleans())
def test_the_newest_state_is_what_the_history_holds_at_last(
    refused: set[int], saves: int, started: bool
) -> None:
    store = Refusing(refused)
    said: list[str] = []
    writer = Writer(said.append)
    recorder = HistoryRecorder(
        store,  # type: ignore[arg-type]
        7 if started else None,
        writer,
        begin=None if started else store.begin,
        warn=said.append,
    )
    state = RunState(PHASES)
    state.entered_holds.add(0)  # an exercise begun: the session has a row to keep
    for second in range(saves):
        recorder.paused(state, 1000.0 + second)
        assert writer.flush(5)
    state.status = "completed"
    recorder.ended(state, 1000.0 + saves)
    assert writer.flush(5)
    for _ in range(len(refused) + 1):  # as the end tries again while the history is busy
        if recorder.recorded:
            break
        recorder.retry()
        assert writer.flush(5)
    assert recorder.recorded and recorder.session_id == 7
    assert store.rows == {7: ("completed", state.elapsed(1000.0 + saves))}
    assert store.started == (0 if started else 1)
    failed = any(turn in refused for turn in range(store.turn))
    assert len(said) == (1 if failed else 0)
    assert all("try again" not in line and "is kept" in line for line in said)
