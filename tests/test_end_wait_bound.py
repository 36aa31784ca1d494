"""Review 15, G2: "waiting up to 15 s to record this session" waited about 26 s. The end's
wait was checked only between its tries, and each try waited the history's own 10 s for
the lock. Each try now waits at most what is left of the wait said."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Sequence
from typing import Any

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


class Held(SlowBusy):
    """Its writes wait (in real time) until the end's wait has begun: the first one is then
    under way, having begun before it, as a write at the end of a real run can be."""

    def __init__(self, busy_timeout: float, free_at: float) -> None:
        super().__init__(busy_timeout, free_at)
        self.go = threading.Event()

    def finish(self, *args: Any) -> None:
        self.go.wait()
        super().finish(*args)


class Releasing(Writer):
    """Lets the held writes go as the end's wait first waits for them."""

    def __init__(self, go: threading.Event) -> None:
        super().__init__(lambda _: None)
        self.go = go

    def flush(self, timeout: float) -> bool:
        self.go.set()
        return super().flush(timeout)


@settings(deadline=None)
@given(free_at=st.floats(min_value=0.0, max_value=60.0))
def test_the_ends_wait_bounds_the_writes_under_way_as_it_begins(free_at: float) -> None:
    """Attack 14, H9: "waiting up to 15 s" waited about 21 s: the end's own write was still
    queued behind one under way as the wait began, and each waited the history's 10 s."""
    store = Held(10.0, free_at)
    env = Environment(
        io.StringIO(),
        io.StringIO(),
        io.StringIO(),
        dict(os.environ),
        monotonic=lambda: store.t,
        sleep=store.sleep,
        wall_clock=lambda: NOW,
    )
    writer = Releasing(store.go)
    recorder = HistoryRecorder(store, 7, writer, warn=lambda _: None)  # type: ignore[arg-type]
    state = RunState(PHASES)
    state.entered_holds.add(0)
    state.status = "completed"
    recorder.ended(state, 1000.0)  # under way as the wait begins...
    recorder.retry()  # ...and one more queued behind it
    recorded = run_module._settle(env, writer, recorder)
    limit = run_module.FLUSH_SECONDS + run_module.RETRY_PAUSE
    assert store.t <= limit, (store.waits, store.t)
    assert recorded is (free_at <= store.t)


def test_the_wait_is_said_at_once_when_the_runs_start_found_the_history_busy() -> None:
    """Attack 14, H9: the history was busy as the run began, and no write had ended since:
    the end still waited a second before saying that it waits for the history."""
    store = Held(10.0, 60.0)
    said: list[bool] = []  # whether the writes had been let go when the wait was said
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
    setattr(env, "note", lambda message: said.append(store.go.is_set()))  # noqa: B010
    writer = Releasing(store.go)
    recorder = HistoryRecorder(
        store,  # type: ignore[arg-type]
        7,
        writer,
        warn=lambda _: None,
        failure=BUSY,
    )
    state = RunState(PHASES)
    state.entered_holds.add(0)
    state.status = "completed"
    recorder.ended(state, 1000.0)
    assert not run_module._settle(env, writer, recorder)
    assert said == [False]
