"""Nothing crashes: output that cannot be written, legacy encodings, hostile config and cache
files, `new --from` on odd files, and the smaller edge cases (issue 10, items 10-12 and
15-17). Real processes where the operating system is what is being tested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stretchcli.cli.app import app
from tests.fakes import NOW

COMMANDS = [
    ["list"],
    ["show", "upper-back", "--json"],
    ["schema"],
    ["history", "--json"],
    ["run", "upper-back", "--json", "--brief"],
    ["run", "upper-back", "--plain", "--brief"],
    ["--version"],
]


# libfaketime (the suite's second pass in CI) opens its shared memory on the lowest free file
# descriptor as a process starts: in a child whose stdout or stderr was closed, the closed one.
not_under_faketime = pytest.mark.skipif(
    "faketime" in os.environ.get("LD_PRELOAD", ""),
    reason="under libfaketime a closed stdout or stderr is reopened on its shared memory",
)


def stretch(
    args: Sequence[str],
    stdout: int | None = subprocess.PIPE,
    close: int | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """`stretch ARGS` in a process of its own, with fd `close` closed (`>&-`, `2>&-`)."""

    def closing() -> None:
        if close is not None:
            os.close(close)

    return subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout if close != 1 else None,
        stderr=subprocess.PIPE if close != 2 else None,
        preexec_fn=closing,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_for_output_is_one_line(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = stretch(args, stdout=full.fileno())
    errors = done.stderr.decode().splitlines()
    assert done.returncode == 1
    assert errors[-1] == "stretch: cannot write the output: No space left on device"
    assert "Traceback" not in done.stderr.decode()


@not_under_faketime
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_closed_stdout_is_one_line(args: list[str]) -> None:
    done = stretch(args, close=1)
    assert done.returncode == 1
    errors = done.stderr.decode()
    assert errors.splitlines()[-1] == "stretch: cannot write the output: standard output is closed"
    assert "Traceback" not in errors


@not_under_faketime
@pytest.mark.parametrize("args", COMMANDS[:4], ids=" ".join)
def test_a_closed_stderr_changes_nothing(args: list[str]) -> None:
    done = stretch(args, close=2)
    assert done.returncode == 0
    assert done.stdout


@not_under_faketime
def test_a_run_whose_output_fails_ends_without_a_traceback(isolated: Path) -> None:
    """Its output closed, the run ends at once, at its get-ready: no exercise was begun, so
    nothing is stored (README), and nothing but a line is said."""
    with open(os.devnull, "wb"):
        done = stretch(["run", "upper-back", "--plain", "--brief"], close=1)
    assert b"Traceback" not in done.stderr
    shown = stretch(["history", "--json"])
    assert json.loads(shown.stdout) == []


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
@pytest.mark.parametrize(
    "args", [["list"], ["history"], ["show", "upper-back"], ["safety"]], ids=" ".join
)
def test_legacy_encodings_get_ascii_fallbacks(encoding: str, args: list[str]) -> None:
    done = stretch(args, env={"PYTHONIOENCODING": encoding, "COLUMNS": "100"})
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode(encoding)  # what was written can be read back in it
    assert text.strip()
    if args == ["show", "upper-back"] and encoding == "ascii":
        assert "hold 30 s x 3 - relax 10 s" in text


# 15. Config files that would crash every command.


# 16. A cache that is not what it should be.


def cache_file(isolated: Path) -> Path:
    return isolated / "cache" / "checked-files.json"


def test_a_fifo_named_like_the_cache_is_ignored(isolated: Path) -> None:
    path = cache_file(isolated)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    done = stretch(["list", "--json"])  # a hang would time out
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 11  # the built-in routines


def test_a_cache_entry_of_the_wrong_shape_is_ignored(isolated: Path, runner: CliRunner) -> None:
    assert runner.invoke(app, ["list"]).exit_code == 0
    path = cache_file(isolated)
    digest, _, text = path.read_text().partition("\n")
    data = json.loads(text)
    for entry in data["files"].values():
        entry["values"] = {"name": ["not", "text"], "steps": 5}
    path.write_text(f"{digest}\n{json.dumps(data)}")
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0, result.stderr
    assert {r["id"] for r in json.loads(result.stdout)} >= {"upper-back", "mid-back"}


# 10. `new --from` reads through the guarded reader.


@pytest.mark.parametrize("what", ["fifo", "binary", "folder", "loop"])
def test_new_from_an_odd_file_is_one_line(
    what: str, user_routines: Path, runner: CliRunner
) -> None:
    odd = user_routines / "odd.yaml"
    if what == "fifo":
        os.mkfifo(odd)
    elif what == "binary":
        odd.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    elif what == "folder":
        odd.mkdir()
    else:
        odd.symlink_to(odd)
    result = runner.invoke(app, ["new", "mine", "--from", "odd"])
    assert result.exit_code == 1
    assert result.stderr.startswith("stretch: ")
    assert result.stderr.count("\n") == 1
    assert not (user_routines / "mine.yaml").exists()


# 17. Smaller ones.


def test_validate_refuses_an_empty_path(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", ""])
    assert result.exit_code == 2
    assert result.stderr == (
        "stretch: PATH: an empty file name (name a file or a folder, e.g. routines/)\n"
    )


def test_validate_reports_a_folder_it_cannot_read(tmp_path: Path, runner: CliRunner) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder: chmod cannot stop it")
    locked = tmp_path / "mine" / "locked"
    locked.mkdir(parents=True)
    locked.chmod(0)
    try:
        result = runner.invoke(app, ["validate", str(tmp_path / "mine")])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1
    assert f"{locked}:1:1: cannot read the folder: Permission denied" in result.stdout


def test_an_editor_that_deletes_the_file_says_so(
    user_routines: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (user_routines / "mine.yaml").write_text("name: M\nsummary: s\nsteps: [pelvic-tilt]\n")
    monkeypatch.setenv("EDITOR", "rm")
    result = runner.invoke(app, ["edit", "mine"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"stretch: the editor left no file at {user_routines / 'mine.yaml'} "
        "(`stretch new mine` starts afresh)\n"
    )


# 9. A valid file with absurd doses is refused at once, without making its timeline.


def test_a_routine_of_thousands_of_hours_is_a_clear_problem(
    user_routines: Path, runner: CliRunner
) -> None:
    (user_routines / "exercises" / "forever.yaml").write_text(
        "name: Forever\nsummary: s\nhold: 3600\nreps: 100\nsets: 20\nsides: alternate\n"
        "instructions: [Hold.]\ncautions: [Gently.]\n"
    )
    steps = "".join("  - forever\n" for _ in range(1000))
    (user_routines / "long.yaml").write_text(f"name: Long\nsummary: s\nsteps:\n{steps}")
    path = user_routines / "long.yaml"
    problem = (
        f"{path}:4:3: steps: the routine would last about 4,000,004 hours; at most 4 are "
        "allowed (check the doses (hold, reps, sets) of its steps, or split it)"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == problem
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    assert f"stretch: warning: {problem}; file skipped" in result.stderr
    result = runner.invoke(app, ["run", "long", "--json"])
    assert result.exit_code == 1
    assert result.stderr.endswith("stretch: no routine named 'long' (see `stretch list`)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "upper-back", "--scale", "\u0663"], "'\u0663' is not a number from 0.25 to 4"),
        (["run", "upper-back", "--scale", "nan"], "'nan' is not a number from 0.25 to 4"),
        (["run", "upper-back", "--pain-before", "\u0663"], "'\u0663' is not a whole number"),
        (["history", "--since", "\uff12\uff10\uff12\uff16-01-01"], "--since: cannot read"),
        (["report", "--since", "\uff16w"], "--since: cannot read"),
    ],
)
def test_only_ascii_digits_are_numbers(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_click_usage_errors_are_one_line_naming_the_help(runner: CliRunner) -> None:
    cases = {
        ("run", "upper-back", "--scale", "9"): "stretch: invalid value for '--scale': '9' is "
        "not a number from 0.25 to 4 (see `stretch run --help`)\n",
        ("lst",): "stretch: no such command 'lst' (did you mean 'list'?)\n",
        ("show",): "stretch: missing argument 'NAME' (see `stretch show --help`)\n",
        ("list", "--jsn"): "stretch: no such option: --jsn (did you mean '--json'?)\n",
    }
    for args, line in cases.items():
        result = runner.invoke(app, list(args))
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", line), args


def test_an_empty_only_is_refused_and_cannot_slip_past_resume(runner: CliRunner) -> None:
    for args in (["--only", ""], ["--resume", "--only", ""]):
        result = runner.invoke(app, ["run", "upper-back", *args])
        assert result.exit_code == 2
        assert result.stderr == (
            "stretch: --only: give at least one exercise id (e.g. --only ball-pressure)\n"
        )


def test_an_avoided_alternative_is_named(user_routines: Path, runner: CliRunner) -> None:
    (user_routines / "exercises" / "twist.yaml").write_text(
        "name: Twist\nsummary: s\nhold: 5\nreps: 1\nsides: none\nmovements: [rotation]\n"
        "alternative: lean\ninstructions: [Twist.]\ncautions: [Gently.]\n"
    )
    (user_routines / "exercises" / "lean.yaml").write_text(
        "name: Lean\nsummary: s\nhold: 5\nreps: 1\nsides: none\nmovements: [side-bend]\n"
        "instructions: [Lean.]\ncautions: [Gently.]\n"
    )
    (user_routines / "both.yaml").write_text("name: B\nsummary: s\nsteps: [twist, pelvic-tilt]\n")
    result = runner.invoke(app, ["show", "both", "--json"])
    assert result.exit_code == 0
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import routine_folders
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan

    catalog = load_catalog(routine_folders(os.environ))
    options = RunOptions(avoid=frozenset({"rotation", "side-bend"}))
    notes = plan(catalog.routine("both"), catalog.exercises, options).notes
    assert notes == (
        "skipping twist (rotation): its alternative, lean, has an avoided movement too (side-bend)",
    )


def test_stretch_path_entries_that_are_not_folders_are_named(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    afile = tmp_path / "routines.txt"
    afile.write_text("not a folder")
    monkeypatch.setenv("STRETCH_PATH", f"{afile}{os.pathsep}{tmp_path / 'later'}")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert result.stderr == f"stretch: warning: STRETCH_PATH: {afile}: not a folder; ignored\n"
    shown = runner.invoke(app, ["paths"]).stdout.splitlines()
    assert shown[1] == f"  1. {afile}  [path]  (not a folder)"
    assert shown[2] == f"  2. {tmp_path / 'later'}  [path]  (not there yet)"


def test_a_dangling_symlink_history_is_one_line_and_moves_nothing(
    isolated: Path, runner: CliRunner
) -> None:
    state = isolated / "state"
    state.mkdir(parents=True)
    (state / "history.sqlite3").symlink_to(state / "gone" / "history.sqlite3")
    result = runner.invoke(app, ["history", "--json"])
    assert result.exit_code in (0, 1)
    assert "moved" not in result.stderr and "Traceback" not in result.stderr
    assert (state / "history.sqlite3").is_symlink()
    assert not list(state.glob("*.unreadable-*"))


def test_a_reused_pid_does_not_keep_a_killed_run_running(isolated: Path) -> None:
    import sqlite3
    from contextlib import closing
    from datetime import datetime, timedelta

    from stretchcli.history.liveness import process_started
    from stretchcli.history.store import History
    from stretchcli.records import ExerciseResult

    path = isolated / "state" / "history.sqlite3"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:  # the killed run's pid now belongs to a process that started an hour after it
        started = process_started(other.pid)
        if started is None:
            pytest.skip("the system does not say when a process started")
        an_hour_before = datetime.fromtimestamp(started).astimezone() - timedelta(hours=1)
        history = History(path, lambda m: None, lambda: an_hour_before)
        history.start("upper-back", {}, [ExerciseResult("x", "not reached", 1, 0)], None)
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("UPDATE sessions SET pid = ?", (other.pid,))
        (session,) = History(path, lambda m: None, lambda: NOW).sessions()
        assert session.status == "interrupted"
    finally:
        other.kill()
        other.wait()


def test_every_mark_a_view_draws_has_its_own_ascii_stand_in() -> None:
    """In a C locale or a legacy code page each mark keeps its meaning: the calendar's five
    levels differ, and a week's goal dots are not '?'."""
    from stretchcli.env import ASCII_FALLBACK
    from stretchcli.views.calendar import LEVELS

    levels = [ASCII_FALLBACK[mark] for _, mark, _ in LEVELS]
    assert len(set(levels)) == len(levels) == 5
    assert {ASCII_FALLBACK["●"], ASCII_FALLBACK["○"]} == {"*", "o"}
    assert all(c.isascii() and c != "?" for c in ASCII_FALLBACK.values())
