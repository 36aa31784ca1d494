"""The figures behind DESIGN.md's "Measured, not assumed", printed as a Markdown table.

    python benchmarks/run.py [--quick]
    python benchmarks/run.py --sessions 1000000

Not part of the test suite: it starts real processes and takes about two and a half minutes
(`--quick`: under a minute). Linux only (it reads /proc). Each run uses throw-away config,
state and routine folders, so the user's history is never touched.

`--sessions N` is a separate, slow part (about five minutes a round for a million; two
rounds unless `--rounds`): a history of N sessions is imported, then shown, reported in every
format and exported again, each command timed (wall and CPU: the medians of the rounds) and
its peak memory taken from the kernel's account of the finished child.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pyte

from stretchcli.files.stamps import RACY_SECONDS

TICKS = os.sysconf("SC_CLK_TCK")
SHOWN_WORD = re.compile(r"GET READY|HOLD|RELAX|REST|SWITCH SIDES")
WORDS = {"prepare": "GET READY", "hold": "HOLD", "relax": "RELAX", "rest": "REST"}
ROUTINE = """\
name: Benchmark {reps}
summary: Many one-second phases, to time their boundaries.
prepare: 1
rest: 1
steps:
  - exercise: scapular-squeeze
    hold: 1
    reps: {reps}
    relax: 1
"""
MANY = "name: Routine {n}\nsummary: One of many.\nsteps: [thoracic-rotation]\n"
# One get-ready and one long hold, with a figure: the live screen's bytes for a countdown.
ONE_HOLD = """\
name: One hold
summary: A get-ready and one hold, to count the bytes the live screen writes.
prepare: 0
rest: 0
steps:
  - exercise: rhomboid-stretch
    hold: {hold}
    reps: 1
    sets: 1
"""


@dataclass(frozen=True)
class Row:
    """One line of the table; `met` is None for a figure without a target."""

    measure: str
    figure: str
    target: str = ""
    met: bool | None = None


@dataclass(frozen=True)
class Timed:
    """Phase starts as seen by the reader: (kind, scheduled offset, arrival), and more."""

    starts: list[tuple[str, float, float]]
    total: float  # nominal length of the timeline
    end: float | None  # arrival of the end line (JSON mode only)
    spawned: float
    cpu_ticks: int  # the child's CPU time between the first and the last phase start
    cpu_wall: float  # and the seconds between them
    peak_mib: float


class Sandbox:
    """Temporary config, state and routine folders, and the environment pointing at them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.stretch = shutil.which("stretch", path=str(Path(sys.executable).parent)) or "stretch"
        for name in ("config", "state", "path", "many"):
            (root / name).mkdir()

    def env(self, path: str | None = None, **extra: str) -> dict[str, str]:
        """The child's environment: no COLUMNS/LINES (they would override the pty's size)."""
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
        env.pop("STRETCH_PATH", None)
        env.update(STRETCH_CONFIG_DIR=str(self.root / "config"))
        env.update(STRETCH_CACHE_DIR=str(self.root / "cache"))
        env.update(STRETCH_STATE_DIR=str(self.root / "state"), **extra)
        if path:
            env["STRETCH_PATH"] = str(self.root / path)
        return env

    def routine(self, reps: int) -> str:
        ident = f"bench-{reps}"
        (self.root / "path" / f"{ident}.yaml").write_text(ROUTINE.format(reps=reps))
        return ident


def cpu_ticks(pid: int) -> int:
    """utime + stime of a process, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def peak_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc status")


def json_run(box: Sandbox, routine: str) -> Timed:
    """`stretch run --json` on a pipe; every line stamped on arrival."""
    spawned = time.monotonic()
    proc = subprocess.Popen(
        [box.stretch, "run", routine, "--json"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=box.env("path"),
    )
    assert proc.stdout is not None
    starts: list[tuple[str, float, float]] = []
    samples: list[tuple[float, int]] = []
    end = None
    total = 0.0
    for raw in proc.stdout:
        now = time.monotonic()
        record = json.loads(raw)
        if record["event"] == "phase":
            samples.append((now, cpu_ticks(proc.pid)))
            starts.append((record["kind"], record["offset"], now))
            total = record["offset"] + record["duration"]
        else:
            end = now
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or end is None:
        raise RuntimeError(f"stretch run --json exited {proc.returncode}")
    ticks, wall = samples[-1][1] - samples[0][1], samples[-1][0] - samples[0][0]
    return Timed(starts, total, end, spawned, ticks, wall, usage.ru_maxrss / 1024)


def pty_run(box: Sandbox, routine: str, timeline: Sequence[tuple[str, float, float]]) -> Timed:
    """`stretch run` with the live display in a 30x100 pty; a phase starts when the screen
    (kept by a terminal emulator: the display writes only what changes) shows a new phase
    word."""
    spawned = time.monotonic()
    env = box.env("path", TERM="xterm-256color")
    child = pexpect.spawn(box.stretch, ["run", routine], env=env, dimensions=(30, 100))
    screen = pyte.Screen(100, 30)
    stream = pyte.ByteStream(screen)
    expected = [WORDS[kind] for kind, _, _ in timeline]
    starts: list[tuple[str, float, float]] = []
    samples: list[tuple[float, int]] = []
    peak = 0
    previous = ""
    while len(starts) < len(timeline):
        try:
            stream.feed(child.read_nonblocking(1 << 16, timeout=5))
        except pexpect.EOF:
            break
        now = time.monotonic()
        shown = SHOWN_WORD.search("\n".join(screen.display))
        word = shown.group(0) if shown else previous
        if word == previous:
            continue
        previous = word
        if word != expected[len(starts)]:
            raise RuntimeError(f"phase {len(starts)} shows {word}, expected {expected}")
        starts.append((word, timeline[len(starts)][1], now))
        samples.append((now, cpu_ticks(child.pid)))
        peak = peak_kib(child.pid)
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    if child.exitstatus != 0 or len(starts) != len(timeline):
        raise RuntimeError(f"live run exited {child.exitstatus} after {len(starts)} phases")
    ticks, wall = samples[-1][1] - samples[0][1], samples[-1][0] - samples[0][0]
    total = timeline[-1][1] + 1.0
    return Timed(starts, total, None, spawned, ticks, wall, peak / 1024)


def boundary_rows(mode: str, run: Timed, check_end: bool) -> list[Row]:
    """Error of phase i = (arrival_i - arrival_0) - (offset_i - offset_0)."""
    _, offset0, arrival0 = run.starts[0]
    errors = [(at - arrival0) - (off - offset0) for _, off, at in run.starts]
    offsets = [off for _, off, _ in run.starts]
    ms = sorted(abs(e) * 1000 for e in errors)
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18]
    # Trend from phase 1 on: phase 0 carries one-off costs (the first frame's render) that
    # shift every later error alike. A loop sleeping 1 s per tick would drift by its render
    # time every second, 60 ms/min or more; 10 ms/min separates that from noise.
    slope = statistics.linear_regression(offsets[1:], errors[1:]).slope * 60_000
    n, span = len(errors), offsets[-1] - offset0
    percent = 100 * run.cpu_ticks / TICKS / run.cpu_wall
    tick_ms = 1000 // TICKS
    rows = [
        Row(
            f"{mode}: phase boundary error, |ms| ({n} phases over {span:.0f} s)",
            f"median {statistics.median(ms):.1f}, p95 {p95:.1f}, max {ms[-1]:.1f}",
            "within 20 ms",
            ms[-1] <= 20,
        ),
        Row(
            f"{mode}: drift (error of the last phase; trend)",
            f"{errors[-1] * 1000:+.1f} ms; {slope:+.2f} ms/min",
            "no cumulative drift",
            abs(errors[-1]) <= 0.020 and abs(slope) < 10,
        ),
    ]
    if check_end and run.end is not None:
        late = (run.end - arrival0) - (run.total - offset0)
        rows.append(
            Row(
                f"{mode}: end line vs nominal total ({run.total:.0f} s)",
                f"{late * 1000:+.1f} ms",
                "within 20 ms",
                abs(late) <= 0.020,
            )
        )
    rows.append(Row(f"{mode}: spawn to first phase", f"{(arrival0 - run.spawned) * 1000:.0f} ms"))
    rows.append(
        Row(
            f"{mode}: CPU after start-up (first to last phase)",
            f"{percent:.2f} % of one core ({run.cpu_ticks} × {tick_ms} ms ticks in "
            f"{run.cpu_wall:.1f} s)",
            "under 1% of one core",
            percent < 1,
        )
    )
    return rows


def wall_ms(argv: Sequence[str], env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = (time.perf_counter() - start) * 1000
    if done.returncode != 0 or done.stderr:
        raise RuntimeError(f"{argv} exited {done.returncode}: {done.stderr.decode()}")
    return took


def medians(commands: Mapping[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Median wall time of each command, the commands taking turns round after round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(command())
    return {name: statistics.median(t) for name, t in times.items()}


def installed_copy(folder: Path) -> str:
    """`stretch` installed from this checkout into a virtual environment of its own, as the
    README's first command installs it (not editable: an editable install stamps every
    module to know its build, an installed one its install record)."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, str(Path(__file__).resolve().parent.parent)], check=True)
    return str(folder / "bin" / "stretch")


def startup_rows(box: Sandbox, rounds: int) -> list[Row]:
    env = box.env()
    complete = box.env(
        _STRETCH_COMPLETE="complete_bash", COMP_WORDS="stretch show thor", COMP_CWORD="2"
    )
    got = subprocess.run([box.stretch], env=complete, capture_output=True, text=True).stdout
    if got.split() != ["thoracic-rotation", "thoracic-side-bend"]:
        raise RuntimeError(f"completion printed {got!r}")
    s = box.stretch
    installed = installed_copy(box.root / "installed")
    own = box.env(STRETCH_CACHE_DIR=str(box.root / "installed-cache"))  # its own kept list
    wall_ms([installed, "list"], own)  # the list it keeps
    time.sleep(RACY_SECONDS)  # until the kept list's files are old enough to be trusted
    commands: dict[str, Callable[[], float]] = {
        'python -c "import typer"': lambda: wall_ms([sys.executable, "-c", "import typer"], env),
        "stretch --version": lambda: wall_ms([s, "--version"], env),
        "stretch list": lambda: wall_ms([s, "list"], env),
        "stretch list, installed as the README's first command does": lambda: wall_ms(
            [installed, "list"], own
        ),
        "its own typer import": lambda: wall_ms(
            [str(Path(installed).parent / "python"), "-c", "import typer"], own
        ),
        "stretch show upper-back": lambda: wall_ms([s, "show", "upper-back"], env),
        "completion of `stretch show thor`": lambda: wall_ms([s], complete),
    }
    times = medians(commands, rounds)
    typer_ms = times['python -c "import typer"']
    own_typer_ms = times.pop("its own typer import")
    limits = {
        "stretch list": 1.3,
        "stretch list, installed as the README's first command does": 1.3,
        "stretch --version": 1.15,
    }  # issue 22's targets
    return [
        ratio_row(
            f"start-up: {name} (median of {rounds})",
            ms,
            own_typer_ms if name.endswith("first command does") else typer_ms,
            "typer import",
            limits.get(name),
        )
        for name, ms in times.items()
    ]


def ratio_row(measure: str, ms: float, base: float, against: str, limit: float | None) -> Row:
    """A time as a multiple of a baseline's, against `limit` where it has one."""
    ratio = ms / base
    return Row(
        measure,
        f"{ms:.0f} ms = {ratio:.2f}x {against}",
        f"≤ {limit:g}x {against}" if limit else "",
        ratio <= limit if limit else None,
    )


def due_rows(box: Sandbox, rounds: int, routine: str) -> list[Row]:
    """`stretch due` (run on every prompt) against a bare `python -c pass`: with reminders on
    and a session in the history, answered from its kept answer (the usual case), with the
    prompt's mark of presence, and worked out afresh (after a change to the config or the
    history)."""
    env = box.env()
    config = box.root / "config" / "config.toml"
    config.write_text("remind = true\n")
    s = box.stretch
    run_env = box.env("path")
    subprocess.run([s, "run", routine, "--json"], env=run_env, capture_output=True, check=True)
    cache = box.root / "state" / "due.cache"

    def afresh() -> float:
        cache.unlink(missing_ok=True)
        return wall_ms([s, "due"], env)

    commands: dict[str, Callable[[], float]] = {
        "python -c pass": lambda: wall_ms([sys.executable, "-c", "pass"], env),
        "stretch due": lambda: wall_ms([s, "due"], env),
        # the prompt's form also marks that the person is at the keyboard (natural breaks)
        "stretch due --format prompt": lambda: wall_ms([s, "due", "--format", "prompt"], env),
        "stretch due, worked out afresh": afresh,
    }
    wall_ms([s, "due"], env)  # keep an answer
    times = medians(commands, rounds * 4)
    times.update(_due_synced(box, rounds, config))
    config.unlink()
    bare = times["python -c pass"]
    rows = [Row(f"start-up: python -c pass (median of {rounds * 4})", f"{bare:.0f} ms", "", None)]
    for name in times:
        if name == "python -c pass":
            continue
        limit = 2.0 if "afresh" not in name and "wrote" not in name else None
        rows.append(ratio_row(f"start-up: {name}", times[name], bare, "python -c pass", limit))
    return rows


SYNCED = "stretch due, with a sync folder (3 other machines' files of 300 sessions)"


def _due_synced(box: Sandbox, rounds: int, config: Path) -> dict[str, float]:
    """`stretch due` with a sync folder that three other machines write to: nothing new
    (the usual case: only the files' sizes and times are looked at), and after one of them
    wrote a session (that one line is merged, then the answer worked out)."""
    folder = box.root / "synced"
    folder.mkdir(exist_ok=True)
    config.write_text(f"remind = true\nsync_folder = {json.dumps(str(folder))}\n")
    start = datetime.now(UTC) - timedelta(days=300)
    files: list[Path] = []
    for machine in ("desk-0000000a", "laptop-0000000b", "work-0000000c"):
        path = folder / f"stretch-history-{machine}.jsonl"
        lines = [json.dumps({"format": "stretch-history", "version": 1})]
        lines += [_synced_line(start + timedelta(days=n, minutes=len(files))) for n in range(300)]
        path.write_text("\n".join(lines) + "\n")
        files.append(path)
    env, s = box.env(), box.stretch
    wall_ms([s, "due"], env)  # merges them all, and keeps an answer

    def another_session() -> float:
        with files[0].open("a") as file:
            file.write(_synced_line(datetime.now(UTC) - timedelta(minutes=5)) + "\n")
        return wall_ms([s, "due"], env)

    # One after the other: a session written between two runs of the first would change it.
    times = medians({SYNCED: lambda: wall_ms([s, "due"], env)}, rounds * 4)
    wrote = "stretch due, after another machine wrote a session"
    return {**times, **medians({wrote: another_session}, rounds * 4)}


def _synced_line(started: datetime) -> str:
    """One session's line as another machine's file has it."""
    return json.dumps(
        {
            "uid": uuid.uuid4().hex,
            "routine": "desk-break",
            "started_at": started.isoformat(),
            "ended_at": (started + timedelta(minutes=4)).isoformat(),
            "status": "completed",
            "seconds": 240.0,
            "pain_before": None,
            "pain_after": None,
            "difficulty": None,
            "note": None,
            "exercises": [],
            "swaps": [],
            "options": {},
            "last_step": None,
        }
    )


def report_rows(box: Sandbox, rounds: int) -> list[Row]:
    """`stretch report` over six weeks of sessions (the README picture's history), as
    Markdown and as the HTML page with its charts, and what importing pygal costs."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "report_demo", Path(__file__).parent.parent / "docs" / "report_demo.py"
    )
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    from datetime import datetime

    from stretchcli.history.store import History

    state = box.root / "report-state"
    state.mkdir()
    now = datetime.now().astimezone()
    demo.fill(History(state / "history.sqlite3", print, lambda: now), now)
    env = {**box.env(), "STRETCH_STATE_DIR": str(state)}
    s = box.stretch
    commands: dict[str, Callable[[], float]] = {
        "python -c 'import pygal'": lambda: wall_ms([sys.executable, "-c", "import pygal"], env),
        "python -c pass": lambda: wall_ms([sys.executable, "-c", "pass"], env),
        "stretch report (Markdown)": lambda: wall_ms([s, "report"], env),
        "stretch report --format html": lambda: wall_ms([s, "report", "--format", "html"], env),
    }
    times = medians(commands, rounds)
    sessions = len(History(state / "history.sqlite3", print, lambda: now).sessions())
    pygal = times["python -c 'import pygal'"] - times["python -c pass"]
    return [
        Row("import pygal (only in `report --format html`)", f"{pygal:.0f} ms"),
        *(
            Row(f"{name}, six weeks ({sessions} sessions)", f"{times[name]:.0f} ms")
            for name in ("stretch report (Markdown)", "stretch report --format html")
        ),
    ]


def many_files_rows(box: Sandbox, rounds: int, count: int = 1000) -> list[Row]:
    """`stretch list` (the table) and `stretch list --json` (no rendering), each minus its
    time without the extra files, per file."""
    an_hour_ago = time.time() - 3600  # files written before today's run, as a user's are
    for n in range(1, count + 1):
        path = box.root / "many" / f"r{n:04d}.yaml"
        path.write_text(MANY.format(n=n))
        os.utime(path, (an_hour_ago, an_hour_ago))
    env, plain = box.env("many"), box.env()
    listed = subprocess.run(
        [box.stretch, "list", "--json"], env=env, capture_output=True, text=True, check=True
    )
    if len(json.loads(listed.stdout)) < count or listed.stderr:
        raise RuntimeError(f"stretch list did not list the {count} files: {listed.stderr}")
    variants = {
        "`stretch list`": ["list"],
        "`stretch list --json`": ["list", "--json"],
        "`stretch list --json`, no cache": ["list", "--json"],
    }
    commands: dict[str, Callable[[], float]] = {}
    for name, args in variants.items():
        argv = [box.stretch, *args]
        extra = {"STRETCH_NO_CACHE": "1"} if "no cache" in name else {}
        commands[name] = functools.partial(wall_ms, argv, {**env, **extra})
        commands[name + " plain"] = functools.partial(wall_ms, argv, {**plain, **extra})
    times = medians(commands, rounds)
    rows = []
    for name in variants:
        many, base = times[name], times[name + " plain"]
        each = (many - base) / count
        table = name == "`stretch list`"
        rows.append(
            Row(
                f"{name} with {count} user routines (median of {rounds}, minus without them)",
                f"{many:.0f} - {base:.0f} ms = {each:.3f} ms per file",
                "< 0.5 ms per file" if table else "",
                each < 0.5 if table else None,
            )
        )
    return rows


def progress_rows(box: Sandbox, writes: int) -> list[Row]:
    """What saving a run's progress costs (done at every phase and every 5 s, off the clock,
    on the history's writer thread): one transaction updating the session and its exercises."""
    from stretchcli.clock import wall
    from stretchcli.history.store import History
    from stretchcli.records import ExerciseResult

    history = History(box.root / "bench-history.sqlite3", lambda message: None, wall(os.environ))
    records = [ExerciseResult(f"exercise-{i}", "partial", 20, 10) for i in range(5)]
    session = history.start("upper-back", {}, records, None)
    took = []
    for n in range(writes):
        start = time.perf_counter()
        history.progress(session, float(n), records, 2)
        took.append((time.perf_counter() - start) * 1000)
    took.sort()
    p95 = took[int(len(took) * 0.95)]
    return [
        Row(
            f"saving a run's progress (median of {writes} writes, 5 exercises)",
            f"{statistics.median(took):.2f} ms, p95 {p95:.2f} ms",
            "off the clock (writer thread)",
            None,
        )
    ]


def pty_bytes(argv: Sequence[str], env: Mapping[str, str]) -> tuple[int, float]:
    """Every byte a program writes to a 30x100 pty from its start to its end, and the
    seconds it ran."""
    spawned = time.monotonic()
    child = pexpect.spawn(argv[0], list(argv[1:]), env=dict(env), dimensions=(30, 100))
    written = 0
    while True:
        try:
            written += len(child.read_nonblocking(1 << 16, timeout=120))
        except pexpect.EOF:
            break
    child.close()
    return written, time.monotonic() - spawned


def bytes_rows(box: Sandbox, hold: int) -> list[Row]:
    """What the live screen writes for a countdown, against termdown (a countdown in big
    digits) for as long: over SSH and for screen readers, every byte redrawn costs."""
    (box.root / "path" / "one-hold.yaml").write_text(ONE_HOLD.format(hold=hold))
    env = box.env("path", TERM="xterm-256color")
    written, seconds = pty_bytes([box.stretch, "run", "one-hold"], env)
    rows = [
        Row(
            f"live screen (100x30, with the figure): bytes written, {seconds:.0f} s run",
            f"{written:,} B = {written / seconds:.0f} B/s",
        )
    ]
    termdown = shutil.which("termdown", path=str(Path(sys.executable).parent))
    if termdown is None:
        rows.append(Row("termdown for as long", "not installed (pip install termdown)"))
        return rows
    theirs, their_seconds = pty_bytes([termdown, "--no-bell", str(round(seconds))], env)
    rate, their_rate = written / seconds, theirs / their_seconds
    ratio = rate / their_rate
    rows.append(
        Row(
            f"live screen bytes per second against termdown's ({their_rate:.0f} B/s, "
            f"{round(seconds)} s)",
            f"{ratio:.2f}x termdown",
            "≤ 3x termdown",
            ratio <= 3,
        )
    )
    return rows


SPAN_DAYS = 700  # the sessions of `--sessions N` are spread evenly over these days up to now
EXERCISES = ("rhomboid-stretch", "scapular-squeeze", "thoracic-rotation", "thoracic-side-bend")


def export_file(path: Path, count: int, now: float) -> None:
    """An export file (as `stretch history export` writes it) of `count` sessions spread
    evenly over the SPAN_DAYS days up to `now`: most completed, some stopped with their
    exercises partly done, most rated for pain, a few with notes and swaps (as a run writes
    them: what `history import` takes)."""
    from datetime import UTC, datetime

    step = SPAN_DAYS * 86400 / count
    start = now - SPAN_DAYS * 86400
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"format": "stretch-history", "version": 1}) + "\n")
        for n in range(count):
            began = start + n * step
            stopped = n % 11 == 0
            exercises = [
                {"exercise": name, "status": "done", "holds": 2, "done": 2} for name in EXERCISES
            ]
            if stopped:
                exercises[2:] = [{**e, "status": "not reached", "done": 0} for e in exercises[2:]]
            swapped = n % 13 == 0  # `--avoid rotation`: the rotation done as its alternative
            if swapped:
                exercises[2] = {**exercises[2], "exercise": "ball-pressure"}
            record = {
                # In no order, as a run's random ids are (their index costs more that way).
                "uid": hashlib.blake2b(n.to_bytes(8, "big"), digest_size=16).hexdigest(),
                "routine": "upper-back" if n % 3 else "desk-break",
                "started_at": datetime.fromtimestamp(began, UTC).isoformat(),
                "ended_at": datetime.fromtimestamp(began + 300, UTC).isoformat(),
                "status": "stopped" if stopped else "completed",
                "seconds": 140.0 if stopped else 300.0,
                "pain_before": n % 7 if n % 4 else None,
                "pain_after": max(0, n % 7 - 2) if n % 4 else None,
                "difficulty": n % 5 if n % 2 else None,
                "note": f"note {n}" if n % 50 == 0 else None,
                "exercises": exercises,
                "swaps": (
                    [
                        {
                            "exercise": "thoracic-rotation",
                            "instead": "ball-pressure",
                            "avoided": ["rotation"],
                        }
                    ]
                    if swapped
                    else []
                ),
                "options": {"scale": 1.0},
                "last_step": 1 if stopped else 3,
            }
            out.write(json.dumps(record) + "\n")


def measured(argv: Sequence[str], env: Mapping[str, str], out: Path | None) -> Measured:
    """Run a command to the end (its output to `out`, or nowhere): its wall time, its CPU
    time and peak resident memory (the child's rusage, from wait4), and how it failed if it
    did."""
    with open(out or os.devnull, "w") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=sink, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        errors = proc.stderr.read().decode(errors="replace")
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    failed = f"exit {code}: {errors.strip().splitlines()[-1]}" if code and errors.strip() else ""
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(took, cpu, usage.ru_maxrss / 1024, failed or (f"exit {code}" if code else ""))


@dataclass(frozen=True)
class Measured:
    """One command run to its end."""

    seconds: float
    cpu_seconds: float  # user and system: what it cost whatever else the machine was doing
    peak_mib: float
    failed: str  # '' when it exited 0


def sessions_rows(box: Sandbox, count: int, rounds: int = 2) -> list[Row]:
    """A history of `count` sessions: imported from an export file, shown, reported in every
    format over a period that holds all of them and over the default six weeks, exported,
    and the same file imported again (every session already there); each command once a
    round (each round into a new history), its wall time, CPU time (user and system: what
    it cost whatever else the machine was doing) and peak memory against the targets
    (10 s, 150 MB at a million)."""
    folder = box.root / "sizes"
    folder.mkdir()
    source = folder / "history.jsonl"
    print(f"writing an export file of {count:,} sessions ...", file=sys.stderr)
    export_file(source, count, time.time())
    whole = f"{SPAN_DAYS // 7 + 2}w"
    s = box.stretch
    commands: list[tuple[str, list[str], Path | None]] = [
        ("history import (into an empty history)", ["history", "import", str(source)], None),
        ("history", ["history"], None),
        ("history --json", ["history", "--json"], None),
        *(
            (
                f"report --since {whole} --format {fmt}",
                ["report", "--since", whole, "--format", fmt],
                None,
            )
            for fmt in ("md", "html", "csv", "json")
        ),
        ("report (six weeks, Markdown)", ["report"], None),
        ("report (six weeks) --format html", ["report", "--format", "html"], None),
        ("history export", ["history", "export"], folder / "again.jsonl"),
        ("history import (the same file again)", ["history", "import", str(source)], None),
    ]
    runs: dict[str, list[Measured]] = {name: [] for name, _, _ in commands}
    for round_ in range(rounds):
        state = folder / f"state-{round_}"
        env = {**box.env(), "STRETCH_STATE_DIR": str(state)}
        for name, args, out in commands:
            print(f"round {round_ + 1}: timing stretch {name} ...", file=sys.stderr)
            runs[name].append(measured([s, *args], env, out))
        shutil.rmtree(state)
    rows = []
    for name, done in runs.items():
        walls = sorted(d.seconds for d in done)
        wall = statistics.median(walls)
        cpu = statistics.median(d.cpu_seconds for d in done)
        peak = max(d.peak_mib for d in done)
        failed = "; ".join(d.failed for d in done if d.failed)
        spread = f" ({walls[0]:.1f} to {walls[-1]:.1f})" if len(walls) > 1 else ""
        figure = f"{wall:.1f} s wall{spread}, {cpu:.1f} s CPU, peak {peak:.0f} MiB"
        target = wall < 10 and peak < 150 and not failed
        rows.append(
            Row(
                f"{count:,} sessions: `stretch {name}`",
                f"{figure} ({failed})" if failed else figure,
                "under 10 s and 150 MB" if count == 1_000_000 else "",
                target if count == 1_000_000 else None,
            )
        )
    return rows


def write_wide(source: Path, count: int, steps: int) -> None:
    """An export file of `count` sessions of `steps` exercises each, as a run writes them
    (what `history import` takes whole)."""
    exercises = [
        {"exercise": f"ex-{n}", "status": "done", "holds": 2, "done": 2} for n in range(steps)
    ]
    with source.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"format": "stretch-history", "version": 1}) + "\n")
        for n in range(count):
            # A second for each of its holds: an import refuses fewer seconds than they take.
            began = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=9 * n)
            record = {
                "uid": f"{n:032x}",
                "routine": "upper-back",
                "started_at": began.isoformat(),
                "ended_at": (began + timedelta(seconds=2 * steps)).isoformat(),
                "status": "completed",
                "seconds": float(2 * steps),
                "pain_before": None,
                "pain_after": None,
                "difficulty": None,
                "note": None,
                "exercises": exercises,
                "swaps": [],
                "options": {},
                "last_step": steps - 1,
            }
            out.write(json.dumps(record) + "\n")


def wide_rows(box: Sandbox, count: int = 96, steps: int = 14_400) -> list[Row]:
    """`count` sessions of `steps` exercises each (the most an import takes: about a MiB a
    line) imported and exported: memory must not grow with the file."""
    folder = box.root / "wide"
    folder.mkdir()
    source = folder / "wide.jsonl"
    write_wide(source, count, steps)
    env = {**box.env(), "STRETCH_STATE_DIR": str(folder / "state")}
    mib = source.stat().st_size / 2**20
    rows = []
    for name, args, out_file in (
        ("history import", ["history", "import", str(source)], None),
        ("history export", ["history", "export"], folder / "again.jsonl"),
    ):
        done = measured([box.stretch, *args], env, out_file)
        figure = (
            f"{done.seconds:.1f} s wall, {done.cpu_seconds:.1f} s CPU, peak {done.peak_mib:.0f} MiB"
        )
        rows.append(
            Row(
                f"{count} sessions of {steps:,} exercises ({mib:.0f} MiB): `stretch {name}`",
                f"{figure} ({done.failed})" if done.failed else figure,
                "under 150 MB",
                done.peak_mib < 150 and not done.failed,
            )
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="about 15 s runs, fewer repeats")
    parser.add_argument(
        "--sessions",
        type=int,
        metavar="N",
        help="only the history of N sessions: import, history, report, export (slow)",
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="with --sessions: each command this many times"
    )
    args = parser.parse_args(argv)
    began = time.monotonic()
    if args.sessions:
        with tempfile.TemporaryDirectory(prefix="stretch-bench-") as tmp:
            box = Sandbox(Path(tmp))
            print_table(sessions_rows(box, args.sessions, args.rounds) + wide_rows(box))
        print(f"\n{args.sessions:,} sessions, {time.monotonic() - began:.0f} s")
        return 0
    reps, rounds, list_rounds = (7, 5, 3) if args.quick else (30, 15, 5)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="stretch-bench-") as tmp:
        box = Sandbox(Path(tmp))
        routine = box.routine(reps)
        print(f"timing a {2 * reps}-phase run in --json mode ...", file=sys.stderr)
        piped = json_run(box, routine)
        rows += boundary_rows("--json", piped, check_end=True)
        print("timing the same run in a 30x100 pty with the live display ...", file=sys.stderr)
        live = pty_run(box, routine, piped.starts)
        rows += boundary_rows("live pty", live, check_end=False)
        print("timing start-up and list ...", file=sys.stderr)
        rows += startup_rows(box, rounds)
        rows += due_rows(box, rounds, box.routine(1))
        rows += report_rows(box, rounds)
        rows += many_files_rows(box, list_rounds)
        rows += progress_rows(box, 50 if args.quick else 200)
        print("counting the bytes of a live countdown, and termdown's ...", file=sys.stderr)
        rows += bytes_rows(box, 20 if args.quick else 60)
        short = json_run(box, box.routine(1))
        for what, mib in (
            ("--json run of a 2 s routine (ru_maxrss)", short.peak_mib),
            ("live pty run (VmHWM before the last phase)", live.peak_mib),
        ):
            rows.append(Row(f"peak memory: {what}", f"{mib:.1f} MiB", "< 60 MB", mib < 60))
    print_table(rows)
    took = time.monotonic() - began
    print(
        f"\n{'quick' if args.quick else 'full'} run, {took:.0f} s, Python {sys.version.split()[0]}"
    )
    return 0


def print_table(rows: Sequence[Row]) -> None:
    """The rows as a Markdown table."""
    print("| measure | figure | target | met? |\n|---|---|---|---|")
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        print(f"| {row.measure} | {row.figure} | {row.target} | {met} |")


if __name__ == "__main__":
    sys.exit(main())
