"""Review 15, G2: "waiting up to 15 s to record this session" waited about 26 s. The end's
wait was checked only between its tries, and each try waited the history's own 10 s for
the lock. Each try now waits at most what is left of the wait said."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.env import Environment
from stretchcli.errors import HistoryError
from stretchcli.history.store import History
from stretchcli.history.writer import Writer
from stretchcli.model import Phase
from stretchcli.session import run as run_module
from stretchcli.session.recorder import HistoryRecorder
from stretchcli.session.runner import RunState
from tests.fakes import NOW

BUSY = HistoryError("the history is busy; try again", "another process is writing to h")


class SlowBusy:
    """A history another process holds: each write waits its `busy_timeout` (on the fake
    clock, as SQLite would in real time) and is refused, until `free_at`."""

    def __init__(self, busy_timeout: float, free_at: float) -> None:
        self.busy_timeout = busy_timeout
        self.free_at = free_at
        self.t = 0.0
        self.waits: list[tuple[float, float]] = []  # (when a try began, how long it waited)
        self.rows: dict[int, str] = {}

    waiting_at_most = History.waiting_at_most  # the history's own bound of each try's wait

    def sleep(self, seconds: float) -> None:
        self.t += seconds

    def _try(self) -> None:
        if self.t >= self.free_at:
            return
        wait = min(self.busy_timeout, max(0.0, self.free_at - self.t))
        self.waits.append((self.t, self.busy_timeout))
        self.t += wait
        if self.t < self.free_at:
            raise BUSY

    def finish(
        self,
        session_id: int,
        status: str,
        seconds: float,
        exercises: Sequence[object],
        last: int | None,
        ended_at: object = None,
    ) -> None:
        self._try()
        self.rows[session_id] = status


PHASES = [Phase(i, "hold", "e", None, 1, i, 5.0, 5.0 * i) for i in range(2)]


@settings(deadline=None)
@given(
    busy_timeout=st.sampled_from([0.2, 3.0, 10.0, 30.0]),
    free_at=st.floats(min_value=0.0, max_value=60.0),
)
def test_the_ends_wait_is_no_longer_than_it_says(busy_timeout: float, free_at: float) -> None:
    store = SlowBusy(busy_timeout, free_at)
    err = io.StringIO()
    env = Environment(
        io.StringIO(),
        io.StringIO(),
        err,
        dict(os.environ),
        monotonic=lambda: store.t,
        sleep=store.sleep,
        wall_clock=lambda: NOW,
    )
    said: list[str] = []
    writer = Writer(said.append)
    recorder = HistoryRecorder(store, 7, writer, warn=said.append)  # type: ignore[arg-type]
    state = RunState(PHASES)
    state.entered_holds.add(0)
    state.status = "completed"
    recorder.ended(state, 1000.0)
    assert writer.flush(5)
    began = store.t  # the end's wait begins as the last write has failed (or not)
    recorded = run_module._settle(env, writer, recorder)
    # Every try of the wait within the wait said, so the whole of it too (a pause between
    # tries is the only thing past it).
    limit = run_module.FLUSH_SECONDS + run_module.RETRY_PAUSE
    assert store.t - began <= limit, (store.waits, store.t - began)
    assert recorded == (store.rows == {7: "completed"})
    assert recorded is (free_at <= store.t)
    assert store.busy_timeout == busy_timeout  # the history's own wait, given back
