"""`stretch run` in a real terminal: a pty driven with pexpect, as a user at the keyboard sees it.

POSIX only. Each test starts `python -m stretchcli run ...` (directly, or typed into a bash
that has job control) in a pseudo-terminal, with tiny routines from a STRETCH_PATH folder so
that a whole session takes a few seconds. Nothing sleeps blindly: every wait is an expect()
with a time-out.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pexpect
import pyte
import pytest

from stretchcli.env import PREFIX

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals and signals are POSIX"),
    pytest.mark.slow,
]

# What the terminal is told (xterm control sequences), written out rather than imported so the
# tests say what a terminal sees, not what the program calls them.
SHOW_CURSOR = "\x1b[?25h"
HIDE_CURSOR = "\x1b[?25l"
ALT_SCREEN_ON = "\x1b[?1049h"
ALT_SCREEN_OFF = "\x1b[?1049l"
PUSH_TITLE = "\x1b[22;0t"  # the window title saved as the live screen starts, and put back
POP_TITLE = "\x1b[23;0t"
PASTE_ON = "\x1b[?2004h"  # bracketed paste: what is pasted comes between two markers
PASTE_OFF = "\x1b[?2004l"
ESCAPE_CODE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")

WAIT = 10.0  # the longest any single expectation may take before the test fails
SIZE = (30, 100)  # rows, columns
PROMPT = "PTY-TEST$ "
SAFETY = "Not medical advice. Stop if you feel sharp pain, numbness or tingling."
# Every run says the safety line aloud as it starts, brief ones (these tests') too: the first
# get-ready lasts as long as that line and the exercise's name take at the default rate (the
# line 5.2 s and a gap, on to the next whole second: 6 s; "Scapular squeeze." 1.7 s and a
# gap: 9 s), longer than the routines' own `prepare` but LONG's. An expectation that waits
# through it may take that much longer.
FIRST_GETREADY = 9.0
THROUGH_GETREADY = WAIT + FIRST_GETREADY

QUICK = """\
name: Quick test
summary: A tiny routine that runs in twelve seconds, nine of them getting ready.
prepare: 1
rest: 1
steps:
  - exercise: scapular-squeeze
    hold: 1
    reps: 2
    relax: 1
"""
# A long get-ready: whatever a test sees within 30 s of the start was caused by its keys.
LONG = """\
name: Long test
summary: A routine that waits at get-ready for long enough to press keys.
prepare: 30
rest: 1
steps:
  - exercise: scapular-squeeze
    hold: 2
    reps: 2
    relax: 1
"""
# The same with a short get-ready: with FAST, every phase after the first get-ready (9 s)
# takes 0.25 s, and the run 9.75 s.
TINY = QUICK.replace("Quick", "Tiny").replace("prepare: 1\n", "prepare: 0.25\n")
FAST = ("--scale", "0.25")  # holds, relax and rests a quarter as long


class Term:
    """A program running in a pty, with everything it has written so far."""

    def __init__(self, child: Any) -> None:
        self.child = child
        self.log = io.StringIO()
        child.logfile_read = self.log

    @property
    def output(self) -> str:
        """All the program's output since it started, escape codes included."""
        return self.log.getvalue()

    @property
    def before(self) -> str:
        """What came between the last two matches."""
        return str(self.child.before)

    def expect(self, pattern: str | list[Any], timeout: float = WAIT) -> int:
        """Wait for a regular expression (or one of several); the index of the one found."""
        return int(self.child.expect(pattern, timeout=timeout))

    def expect_exact(self, text: str | list[Any], timeout: float = WAIT) -> int:
        """Wait for literal text (or one of several); the index of the one found."""
        return int(self.child.expect_exact(text, timeout=timeout))

    def matched(self) -> str:
        """The text the last expectation matched."""
        return str(self.child.after)

    def send(self, text: str) -> None:
        """Type `text` (no Enter)."""
        self.child.send(text)

    def sendline(self, text: str) -> None:
        """Type `text` and Enter."""
        self.child.sendline(text)

    def kill(self, signum: int) -> None:
        """Send a signal to the program."""
        self.child.kill(signum)

    def setwinsize(self, rows: int, cols: int) -> None:
        """Resize the terminal (the program gets SIGWINCH)."""
        self.child.setwinsize(rows, cols)

    def echo_and_canonical(self) -> tuple[bool, bool]:
        """The pty's ECHO and ICANON flags as they are now (read on our side of the pty)."""
        import termios

        lflag = termios.tcgetattr(self.child.child_fd)[3]
        return bool(lflag & termios.ECHO), bool(lflag & termios.ICANON)

    def wait_exit(self, timeout: float = WAIT) -> int | None:
        """Wait for the program to end; its exit status (None if a signal killed it).

        Before closing our side, checks that the program gave the terminal back in line mode
        with echo on: a user's next command must be typed visibly.
        """
        self.expect(pexpect.EOF, timeout=timeout)
        self.child.wait()
        modes = self.echo_and_canonical()
        self.child.close()
        assert modes == (True, True), "echo and line editing must be back on after the run"
        status = self.child.exitstatus
        return None if status is None else int(status)

    def hang_up(self, timeout: float = WAIT) -> int | None:
        """Close the terminal as a window closing does: the kernel sends SIGHUP. Exit status."""
        proc = self.child.ptyproc
        proc.fileobj.close()
        deadline = time.monotonic() + timeout
        while proc.isalive():
            if time.monotonic() > deadline:
                proc.kill(signal.SIGKILL)
                pytest.fail("the program did not end after its terminal was closed")
            time.sleep(0.02)
        status = proc.exitstatus
        return None if status is None else int(status)


Spawn = Callable[..., Term]
Run = Callable[..., Term]


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    """A STRETCH_PATH folder with the test routines (exercises come from the built-in library)."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "quick.yaml").write_text(QUICK, encoding="utf-8")
    (folder / "long.yaml").write_text(LONG, encoding="utf-8")
    (folder / "tiny.yaml").write_text(TINY, encoding="utf-8")
    return folder


@pytest.fixture
def pty_env(tmp_path: Path, routines: Path) -> dict[str, str]:
    """The environment of a user at a colour terminal, with their own folders in tmp_path."""
    env = dict(os.environ)
    for name in ("STRETCH_PATH", "COLUMNS", "LINES", "NO_COLOR", "PROMPT_COMMAND"):
        env.pop(name, None)  # COLUMNS would pin rich's width: the pty's size must count
    env["STRETCH_CONFIG_DIR"] = str(tmp_path / "config")
    # These tests are about the terminal, in real time: brief coaching keeps each get-ready
    # as short as the routine says (full coaching is tested on a fake clock).
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "config.toml").write_text('coach = "brief"\n', encoding="utf-8")
    env["STRETCH_STATE_DIR"] = str(tmp_path / "state")
    env["STRETCH_PATH"] = str(routines)
    env["TERM"] = "xterm-256color"
    return env


@pytest.fixture
def spawn(pty_env: dict[str, str]) -> Iterator[Spawn]:
    """Start a command in a new pty; every one still running is killed after the test."""
    started: list[Term] = []

    def start(
        command: str,
        args: Sequence[str],
        env: Mapping[str, str] | None = None,
        dimensions: tuple[int, int] = SIZE,
    ) -> Term:
        child = pexpect.spawn(
            command,
            list(args),
            env=dict(env if env is not None else pty_env),
            dimensions=dimensions,
            encoding="utf-8",
            codec_errors="replace",
            timeout=WAIT,
        )
        term = Term(child)
        started.append(term)
        return term

    yield start
    for term in started:
        if not term.child.closed:
            term.child.close(force=True)


@pytest.fixture
def run(spawn: Spawn) -> Run:
    """`stretch run ARGS...` in a pty of the given size."""

    def start(
        *args: str, env: Mapping[str, str] | None = None, size: tuple[int, int] = SIZE
    ) -> Term:
        return spawn(sys.executable, ["-m", "stretchcli", "run", *args], env, size)

    return start


@pytest.fixture
def shell(spawn: Spawn, pty_env: dict[str, str], tmp_path: Path) -> Term:
    """An interactive bash (job control on, no rc files) at its prompt."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is needed for job control")
    env = {
        **pty_env,
        "PS1": PROMPT,
        "INPUTRC": os.devnull,
        "HISTFILE": str(tmp_path / "bash_history"),
    }
    term = spawn(bash, ["--norc", "--noprofile", "-i"], env)
    term.expect_exact(PROMPT)
    return term


def stretch_command(*args: str) -> str:
    """The command line that runs stretch with this Python, for typing into a shell."""
    return shlex.join([sys.executable, "-m", "stretchcli", "run", *args])


def sessions(env: Mapping[str, str]) -> list[dict[str, Any]]:
    """The sessions `stretch history --json` shows."""
    shown = subprocess.run(
        [sys.executable, "-m", "stretchcli", "history", "--json"],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=True,
    )
    found: list[dict[str, Any]] = json.loads(shown.stdout)
    return found


def last_session(env: Mapping[str, str]) -> dict[str, Any]:
    """The newest session in `stretch history --json`."""
    found = sessions(env)
    assert found, "no session recorded"
    newest: dict[str, Any] = max(found, key=lambda s: s["id"])
    return newest


def begin(term: Term) -> None:
    """Go from the get-ready to the first hold (`n`): an exercise is begun, so the session
    is stored however it ends (a run that began none stores nothing)."""
    term.send("n")
    term.expect_exact("HOLD")


def assert_restored(output: str) -> None:
    """The live screen was given back: cursor shown and main screen on, after the last take-over."""
    assert HIDE_CURSOR in output and ALT_SCREEN_ON in output, "the live screen never started"
    assert output.rfind(SHOW_CURSOR) > output.rfind(HIDE_CURSOR), "cursor left hidden"
    assert output.rfind(ALT_SCREEN_OFF) > output.rfind(ALT_SCREEN_ON), "alternate screen not left"
    # Bracketed paste, turned on with the live screen (not the shell's own, at its prompt):
    # from the last take-over (the window title saved) to the last give-back (restored).
    ours = output[output.rfind(PUSH_TITLE) : output.rfind(POP_TITLE)]
    assert PASTE_ON in ours, "bracketed paste never turned on"
    assert ours.rfind(PASTE_OFF) > ours.rfind(PASTE_ON), "bracketed paste left on"


def assert_summary_on_main_screen(output: str, text: str) -> None:
    """The summary line is printed after the alternate screen is left, so it stays visible."""
    assert text in output
    assert output.rfind(text) > output.rfind(ALT_SCREEN_OFF)


def displayed(output: str, size: tuple[int, int] = SIZE) -> list[str]:
    """The screen as a person sees it after `output`, on a terminal of `size` (rows,
    columns): the live screen writes only what changes, so no one chunk of it is a frame."""
    screen = pyte.Screen(size[1], size[0])
    pyte.Stream(screen).feed(output)
    return [line.rstrip() for line in screen.display]


CURSOR_TO = re.compile(r"\x1b\[(\d+);(\d+)H")


def drawn_ends(output: str) -> list[int]:
    """The column after the last character of every run of text the live screen writes (it
    moves the cursor to a row and column, then writes)."""
    ends = []
    for move in CURSOR_TO.finditer(output):
        text = ESCAPE_CODE.split(output[move.end() :], maxsplit=1)[0]
        text = ESCAPE_CODE.sub("", text).replace("\x07", "")
        ends.append(int(move.group(2)) - 1 + len(text.split("\r\n")[0]))
    return ends


def visible(text: str) -> str:
    """Text as it reads on screen: escape codes and bells gone, \\r\\n as \\n."""
    return ESCAPE_CODE.sub("", text).replace("\x07", "").replace("\r\n", "\n")


def words(line: str) -> str:
    """A line with its runs of spaces (and no-break spaces) squeezed to one space."""
    return " ".join(line.replace("\u00a0", " ").split())


def window_title(output: str) -> list[str]:
    """Every window title set (OSC 0) in the output, in order."""
    return re.findall(r"\x1b\]0;([^\x07]*)\x07", output)


# 1. A session left alone runs to its end.


def test_a_session_runs_to_the_end_and_gives_the_terminal_back(run: Run) -> None:
    term = run("quick")
    term.expect_exact("GET READY")
    term.expect_exact("HOLD", timeout=THROUGH_GETREADY)
    term.expect_exact("RELAX")
    term.expect_exact("Finished Quick test")
    status = term.wait_exit()
    assert status == 0
    out = term.output
    assert_restored(out)
    assert_summary_on_main_screen(out, "Finished Quick test in 0:12.")
    assert_summary_on_main_screen(out, "Your 1st session this week.")
    assert "done: Scapular squeeze" in visible(out)
    assert "\x07" in out  # the bell marks hold, relax and the end
    # The window title carries the countdown for a glance from across the room.
    assert "0:01 Quick test" in window_title(out)


# 2. Keys, read one at a time without Enter.


def test_q_stops_the_session(run: Run) -> None:
    term = run("long")
    term.expect_exact("GET READY")
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0
    assert_restored(term.output)
    assert_summary_on_main_screen(term.output, "Stopped Long test in 0:00.")


@pytest.mark.parametrize("pieces", [1, 3], ids=["one-write", "split"])
def test_pasted_text_is_never_taken_for_keys(
    run: Run, pty_env: dict[str, str], pieces: int
) -> None:
    """A sentence pasted (its h would end an exercise as hurt, its n skip) does nothing; the
    keys typed after it still work."""
    term = run("long")  # 30 s to get ready: a key's effect would show at once
    term.expect_exact(PASTE_ON)  # with the live screen, before it draws
    term.expect_exact("GET READY")
    pasted = "\x1b[200~see you at the gym, thanks\nq\x1b[201~"
    size = -(-len(pasted) // pieces)
    for start in range(0, len(pasted), size):
        term.send(pasted[start : start + size])
        if pieces > 1:  # each piece its own read: the markers cut in two
            term.expect(pexpect.TIMEOUT, timeout=0.3)
    term.send(" ")  # a key typed after the paste: pauses
    term.expect_exact("PAUSED")
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0
    assert_restored(term.output)
    assert "HOLD" not in visible(term.output)  # no n was taken: still getting ready
    assert_summary_on_main_screen(term.output, "not reached: Scapular squeeze")
    assert sessions(pty_env) == []  # no exercise begun (no h, no n): nothing stored


def assert_no_key_taken(term: Term, env: Mapping[str, str]) -> None:
    """The run is still at its get-ready, as no key of the text typed ahead was taken: a
    space typed now pauses, q stops, and no exercise is recorded as hurt or skipped."""
    term.send(" ")
    term.expect_exact("PAUSED")
    assert "HOLD" not in visible(term.output)  # no n was taken: still getting ready
    assert "because it hurt" not in visible(term.output)
    term.send(" ")
    term.expect_exact("GET READY")
    begin(term)
    term.send("q")
    term.expect_exact("Stopped Long test")
    recorded = last_session(env)
    assert recorded["status"] == "stopped"
    statuses = {e["status"] for e in recorded["exercises"]}
    assert not statuses & {"hurt", "skipped"}, recorded["exercises"]


def test_text_pasted_with_the_pain_answer_is_not_taken_for_keys(
    run: Run, pty_env: dict[str, str]
) -> None:
    """The answer and a sentence after it, pasted (or typed ahead) in one go at the pain
    question: its h would end exercises as hurt, its n skip. The run forgets it."""
    term = run("long", "--pain")
    term.expect_exact("how much pain do you have now, 0-10")
    term.send("3\nthanks, he had no hunch\n")  # one write: all there before the run starts
    term.expect_exact("GET READY")
    assert_no_key_taken(term, pty_env)
    term.expect_exact("And now: how much pain do you have, 0-10")
    term.send("\x04")  # no more questions
    assert term.wait_exit() == 0
    assert last_session(pty_env)["pain_before"] == 3


def test_a_line_pasted_after_the_command_is_not_taken_for_keys(
    shell: Term, pty_env: dict[str, str]
) -> None:
    """Two lines pasted into a shell without bracketed paste: the second waits in the
    terminal while the run starts, and is forgotten, not read as keys (nor run after)."""
    shell.send(stretch_command("long") + "\nthanks, he had no hunch\n")
    shell.expect_exact("GET READY")
    assert_no_key_taken(shell, pty_env)
    shell.expect_exact(PROMPT)
    shell.sendline("echo status=$?")
    shell.expect_exact("status=0")
    assert "thanks: command not found" not in shell.output


def test_text_pasted_without_bracketed_paste_is_never_taken_for_keys(
    run: Run, pty_env: dict[str, str]
) -> None:
    """A terminal that does not mark pastes sends them as typed, all at once: none of it is a
    key (its q would stop the run, its h end the exercise as hurt, its n skip)."""
    term = run("long")
    term.expect_exact("GET READY")
    term.send("see you at the gym, thanks\nq")
    term.expect(pexpect.TIMEOUT, timeout=0.3)  # the key typed next is a read of its own
    assert_no_key_taken(term, pty_env)
    assert term.wait_exit() == 0


def test_keys_work_again_after_a_paste_whose_end_never_comes(
    run: Run, pty_env: dict[str, str]
) -> None:
    """A lone paste start (a paste cut off): keys are taken for pasted text only for a
    moment, then space, h and q work again (before, every key was dropped for good)."""
    term = run("long")
    term.expect_exact("GET READY")
    term.send("\x1b[200~")
    for _ in range(40):  # a space every quarter second until one pauses
        term.send(" ")
        if term.expect([r"PAUSED", pexpect.TIMEOUT], timeout=0.25) == 0:
            break
    else:
        pytest.fail("keys were never read again after a lone paste start")
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0
    assert sessions(pty_env) == []  # no exercise begun: nothing stored


def test_space_pauses_and_resumes(run: Run) -> None:
    term = run("long")
    term.expect_exact("GET READY")
    term.send(" ")
    term.expect_exact("PAUSED")
    term.expect_exact("space to resume")
    term.send(" ")
    term.expect_exact("GET READY")  # drawn again after PAUSED: the session goes on
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0


def test_n_skips_to_the_next_phase_at_once(run: Run) -> None:
    term = run("long")  # 30 s to get ready
    term.expect_exact("GET READY")
    term.send("n")
    term.expect_exact("HOLD", timeout=5)  # from the key: the get-ready lasts 30 s
    term.expect(r"\x1b\]0;0:02 Long test\x07", timeout=1)  # the 2 s hold starts in full
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0


def test_plus_adds_five_seconds_to_the_hold(run: Run) -> None:
    term = run("long")
    term.expect_exact("GET READY")
    term.send("n")
    term.expect_exact("HOLD")
    term.expect(r"\x1b\]0;0:02 Long test\x07")  # the hold's 2 s, in the window title
    term.send("+")
    # 2 s + 5 s, less the moment it took to press: 0:07 (0:06 on a slow machine).
    term.expect(r"\x1b\]0;0:0[67] Long test\x07", timeout=3)
    assert any("HOLD" in line for line in displayed(term.output))
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0


# 3-4. Ctrl-C and signals end the session, give the terminal back and exit 128+N.


def test_ctrl_c_interrupts_with_status_130(run: Run, pty_env: dict[str, str]) -> None:
    term = run("long")
    term.expect_exact("GET READY")
    begin(term)
    term.child.sendintr()
    term.expect_exact("Interrupted Long test")
    assert term.wait_exit() == 130
    assert_restored(term.output)
    assert_summary_on_main_screen(term.output, "Interrupted Long test in 0:0")
    assert "Traceback" not in term.output
    recorded = last_session(pty_env)
    assert (recorded["routine"], recorded["status"]) == ("long", "interrupted")
    assert recorded["ended_at"] is not None


# Every signal whose default would end the process ends the run as SIGTERM does: the
# terminal restored, the session closed with its end, 128+N.
ENDING = [
    signal.SIGTERM,
    signal.SIGHUP,
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGALRM,
    signal.SIGVTALRM,
    signal.SIGPROF,
    signal.SIGRTMIN + 3,
    signal.SIGTRAP,  # `kill -TRAP`: before, a core dump and a terminal left in cbreak mode
    signal.SIGABRT,
    signal.SIGSYS,
]


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signum, 128 + signum) for signum in ENDING],
    ids=[signal.strsignal(signum) or str(signum) for signum in ENDING],
)
def test_a_signal_ends_the_session_with_128_plus_n(
    run: Run, pty_env: dict[str, str], signum: int, status: int
) -> None:
    term = run("long")
    term.expect_exact("GET READY")
    begin(term)
    term.kill(signum)
    term.expect_exact("Interrupted Long test")
    assert term.wait_exit() == status
    assert_restored(term.output)
    assert "Traceback" not in term.output
    recorded = last_session(pty_env)
    assert (recorded["routine"], recorded["status"]) == ("long", "interrupted")
    assert recorded["ended_at"] is not None


def test_ctrl_backslash_ends_the_session_as_sigterm_does(run: Run, pty_env: dict[str, str]) -> None:
    """Ctrl-\\ is SIGQUIT from the terminal: no core dump, no broken terminal, one line."""
    term = run("long")
    term.expect_exact("GET READY")
    begin(term)
    term.send("\x1c")
    term.expect_exact("Interrupted Long test")
    assert term.wait_exit() == 131  # 128 + SIGQUIT
    assert_restored(term.output)
    assert "Traceback" not in term.output
    after = visible(term.output[term.output.rfind(ALT_SCREEN_OFF) :])
    assert "Interrupted Long test in 0:0" in after
    recorded = last_session(pty_env)
    assert (recorded["routine"], recorded["status"]) == ("long", "interrupted")
    assert recorded["ended_at"] is not None


def test_closing_the_terminal_window_exits_129_without_a_traceback(
    spawn: Spawn, pty_env: dict[str, str], tmp_path: Path
) -> None:
    errors = tmp_path / "stderr.txt"
    script = f'exec "$0" -m stretchcli run long 2>{shlex.quote(str(errors))}'
    term = spawn("bash", ["-c", script, sys.executable])
    term.expect_exact("GET READY")
    begin(term)
    status = term.hang_up()
    assert "Traceback" not in errors.read_text(encoding="utf-8")
    assert status == 129
    recorded = last_session(pty_env)
    assert recorded["status"] == "interrupted"
    assert recorded["ended_at"] is not None


# 5. Ctrl-Z and fg, under a shell with job control.


def test_ctrl_z_gives_the_terminal_back_and_fg_takes_it_again(shell: Term) -> None:
    start = len(shell.output)
    shell.sendline(stretch_command("long"))
    shell.expect_exact("GET READY")  # 30 s of it: time enough for every key below
    shell.send("\x1a")
    shell.expect(r"\[1\]\+\s+Stopped")
    job = shell.output[start:]
    assert_restored(job[: job.index("Stopped")])  # cursor and main screen back before stopping
    shell.expect_exact(PROMPT)

    start = len(shell.output)
    shell.sendline("fg")
    shell.expect_exact("PAUSED")  # the screen is back, waiting where it was
    again = shell.output[start:]
    assert ALT_SCREEN_ON in again and HIDE_CURSOR in again
    assert shell.echo_and_canonical() == (False, False)  # single keys again, not lines
    shell.send(" ")
    shell.expect_exact("GET READY")

    shell.send("q")
    shell.expect_exact("Stopped Long test")
    shell.expect_exact(PROMPT)
    assert_restored(shell.output[start:])
    shell.sendline("echo status=$?")
    shell.expect_exact("status=0")


def test_time_stopped_by_ctrl_z_does_not_count(shell: Term) -> None:
    shell.sendline(stretch_command("tiny", *FAST))  # 9.75 s in all
    shell.expect_exact("GET READY")
    shell.send("\x1a")
    shell.expect(r"\[1\]\+\s+Stopped")
    shell.expect_exact(PROMPT)
    # Stay stopped for longer than the whole routine (expect() as a bounded wait).
    shell.expect(pexpect.TIMEOUT, timeout=FIRST_GETREADY + 0.75 + 0.3)
    shell.sendline("fg")
    # Not finished at once, with holds never done counted as done: paused where it was.
    assert shell.expect_exact(["PAUSED", "Finished"]) == 0
    shell.send(" ")
    # Most of the routine was still to do: its holds are shown before it finishes.
    assert shell.expect_exact(["HOLD", "Finished"], timeout=THROUGH_GETREADY) == 0
    shell.expect_exact("Finished Tiny test")
    shell.expect_exact("done: Scapular squeeze")
    shell.expect_exact(PROMPT)


# A run not in the foreground (suspended, or started with `&`) that a signal ends: at once,
# never stopping again on the terminal (SIGTTOU).


def status_of_job(shell: Term) -> int:
    """`kill %1` (SIGTERM, then SIGCONT), and the job's exit status as bash waits for it:
    `wait` answers at once while the job is stopped (148 stopped by Ctrl-Z, 150 on the
    terminal), so it is asked again for a while; stopped for good, that is its answer."""
    shell.sendline(
        "kill -TERM %1; for i in $(seq 40); do wait %1; s=$?; "
        "case $s in 148|150) sleep 0.05;; *) break;; esac; done; echo status=$s"
    )
    shell.expect(r"status=(\d+)")
    return int(shell.child.match.group(1))


def test_sigterm_to_a_suspended_run_ends_it_at_once(shell: Term, pty_env: dict[str, str]) -> None:
    shell.sendline(stretch_command("long"))
    shell.expect_exact("GET READY")
    begin(shell)  # an exercise begun: the session is stored however it ends
    shell.send("\x1a")
    shell.expect(r"\[1\]\+\s+Stopped")
    shell.expect_exact(PROMPT)
    start = len(shell.output)
    assert status_of_job(shell) == 143
    after = shell.output[start:]
    assert "tty output" not in after and "Traceback" not in after
    recorded = last_session(pty_env)
    assert (recorded["routine"], recorded["status"]) == ("long", "interrupted")


def test_sigterm_to_a_run_started_in_the_background_ends_it_at_once(
    shell: Term, pty_env: dict[str, str]
) -> None:
    shell.sendline(stretch_command("long") + " &")
    shell.expect_exact(PROMPT)
    # It wants the terminal: job control stops it (bash says so at its next prompt).
    shell.sendline("until jobs -l %1 | grep -q 'Stopped'; do sleep 0.05; done; echo stopped")
    shell.expect_exact("stopped\r\n")
    shell.expect_exact(PROMPT)
    start = len(shell.output)
    status = status_of_job(shell)
    after = shell.output[start:]
    assert status == 143, after
    assert "Traceback" not in after
    assert "tty output" not in after
    assert "Interrupted Long test in 0:00." in after
    assert sessions(pty_env) == []  # ended before any exercise began: nothing stored


# 6. The terminal's modes after the run, as the next command sees them.


@pytest.mark.parametrize("ending", ["q", "ctrl-c"])
def test_the_shell_gets_its_terminal_modes_back(shell: Term, ending: str) -> None:
    def modes() -> str:
        shell.sendline('echo "<$(stty -g)>"')
        shell.expect(r"<([^\s<>$()]+)>")
        value = shell.child.match.group(1)
        shell.expect_exact(PROMPT)
        return str(value)

    before = modes()
    shell.sendline(stretch_command("long"))
    shell.expect_exact("GET READY")
    if ending == "q":
        shell.send("q")
        shell.expect_exact("Stopped Long test")
    else:
        shell.child.sendintr()
        shell.expect_exact("Interrupted Long test")
    shell.expect_exact(PROMPT)
    assert modes() == before

    # What a user notices: what they type is echoed again (kernel echo: head reads the tty).
    shell.sendline("head -n1")
    shell.expect_exact("head -n1\r\n")
    deadline = time.monotonic() + 3  # until bash has put readline's own modes away
    while shell.echo_and_canonical() != (True, True):
        assert time.monotonic() < deadline, "echo and line mode never came back for head"
        time.sleep(0.01)
    shell.send("hello")
    shell.expect_exact("hello", timeout=3)
    shell.send("\r")
    shell.expect(r"hello\r\n")  # head's copy, after the echoed line
    shell.expect_exact(PROMPT)


# 7. Plain and JSON output stay plain even on a terminal.

SCALED = (
    "stretch: --scale 0.25: holds, relaxes and rests 0.25 times their length "
    "(0:10 in all instead of 0:12)"
)
# A newcomer's first run at a terminal (a fresh state folder): `stretch start` is said once.
HINT = "stretch: new here? `stretch start` asks a few questions and makes a plan for you"
PLAIN_LINES = [
    HINT,
    SCALED,
    f"Tiny test. {SAFETY} You will need: chair. When to get help: run stretch safety.",
    "Keys: space pauses and resumes, n goes to the next phase, b goes back, plus and minus "
    "make the hold 5 seconds longer or shorter, h ends an exercise that hurts, q stops.",
    "0:00 get ready 9 seconds Scapular squeeze: Sit tall with your hands resting on your "
    "thighs. Keep your shoulders low and your neck easy. Careful: Squeeze gently, without "
    "shrugging your shoulders up or arching your low back. The position held: Seated tall, "
    "hands resting on the thighs, shoulder blades drawn back and a little down, chin level.",
    "0:09 hold 0.25 seconds Scapular squeeze, rep 1 of 2: Draw your shoulder blades back and down.",
    "0:09 relax 0.25 seconds Scapular squeeze: Let go fully and breathe.",
    "0:10 hold 0.25 seconds Scapular squeeze, rep 2 of 2: Draw your shoulder blades back and down.",
    "Finished Tiny test in 0:10.",
    "done: Scapular squeeze",
    "Your 1st session this week.",
]


def unwrapped(out: str) -> list[str]:
    """The lines written, each message on stderr (wrapped at words at a terminal, under its
    text) joined back into one line."""
    lines: list[str] = []
    for line in out.splitlines():
        if line.startswith(" " * len(PREFIX)) and lines and lines[-1].startswith(PREFIX):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


@pytest.mark.parametrize("how", ["--plain", "TERM=dumb"])
def test_plain_output_on_a_terminal_has_no_escape_codes(
    run: Run, pty_env: dict[str, str], how: str
) -> None:
    if how == "--plain":
        term = run("tiny", "--plain", *FAST)
    else:
        term = run("tiny", *FAST, env={**pty_env, "TERM": "dumb"})
    term.expect_exact("Finished Tiny test", timeout=THROUGH_GETREADY)
    assert term.wait_exit() == 0
    out = term.output
    assert "\x1b" not in out
    assert "\x07" in out  # the bell still rings on a terminal
    shown = unwrapped(out.replace("\x07", ""))
    assert [words(line) for line in shown] == PLAIN_LINES


def test_json_output_on_a_terminal_is_only_json_lines(run: Run) -> None:
    term = run("tiny", "--json", *FAST)
    term.expect_exact('"event": "end"', timeout=THROUGH_GETREADY)
    assert term.wait_exit() == 0
    out = term.output
    assert "\x1b" not in out
    assert "\x07" not in out
    lines = unwrapped(out)
    records = [json.loads(line) for line in lines if line.startswith("{")]
    others = [line for line in lines if not line.startswith("{")]
    assert others == [HINT, SCALED, f"{SAFETY} When to get help: run stretch safety."]  # stderr
    phases = [r for r in records if r["event"] == "phase"]
    assert [(p["kind"], p["offset"]) for p in phases] == [
        ("prepare", 0.0),
        ("hold", 9.0),
        ("relax", 9.25),
        ("hold", 9.5),
    ]
    assert [p["rep"] for p in phases if p["kind"] == "hold"] == [1, 2]
    assert all(p["exercise"] == "scapular-squeeze" for p in phases)
    assert records[-1] == {"event": "end", "status": "completed", "elapsed": 9.75}


# 8. No keyboard: stdin is not the terminal.


def test_without_a_keyboard_the_session_still_runs_to_the_end(spawn: Spawn) -> None:
    script = 'exec "$0" -m stretchcli run tiny --scale 0.25 </dev/null'
    term = spawn("bash", ["-c", script, sys.executable])
    term.expect_exact("HOLD", timeout=THROUGH_GETREADY)
    term.send("q")  # goes to the terminal, not to the program: nothing stops the run
    term.expect_exact("Finished Tiny test")
    assert term.wait_exit() == 0
    assert "Stopped" not in term.output
    assert_restored(term.output)


# 9. Terminal size.


def test_a_narrower_terminal_gets_a_narrower_screen(run: Run) -> None:
    term = run("long")
    term.expect_exact("q quit")  # the whole first frame
    assert displayed(term.output)[0].startswith("╭─ Long test ─")
    assert len(displayed(term.output)[0]) == 100
    cleared = term.output.count("\x1b[2J")
    term.setwinsize(30, 60)
    deadline = time.monotonic() + 5
    while term.output.count("\x1b[2J") == cleared:  # a new size: cleared and drawn anew
        term.expect(r"\x1b\]0;", timeout=max(0.1, deadline - time.monotonic()))
    resized = term.output[term.output.rfind("\x1b[2J") :]
    frame = [line for line in displayed(resized, (30, 60)) if line]
    assert frame[0].startswith("╭─ Long test ─") and frame[0].endswith("╮")
    assert frame[-1].startswith("space pause")
    assert max(drawn_ends(resized)) <= 60
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0


def test_a_40_column_terminal_works(run: Run) -> None:
    term = run("long", size=(30, 40))
    term.expect_exact("GET READY")
    term.send("n")
    term.expect_exact("HOLD")
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0
    out = term.output
    assert "Traceback" not in out
    assert_restored(out)
    live = out[: out.rfind(ALT_SCREEN_OFF)]
    top = displayed(live, (30, 40))[0]
    assert top.startswith("╭─ Long test ─") and len(top) == 40
    assert max(drawn_ends(live)) <= 40


def test_minus_takes_five_seconds_but_never_the_whole_hold(run: Run) -> None:
    term = run("long")
    term.expect_exact("GET READY")
    term.send("n")
    term.expect(r"\x1b\]0;0:02 Long test\x07")
    term.send("-")
    term.expect(r"\x1b\]0;0:01 Long test\x07", timeout=2)  # 2 s - 5 s: at least 1 s is left
    term.expect_exact("RELAX", timeout=3)
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0


def test_b_goes_back_to_the_phase_before_in_its_first_seconds(run: Run) -> None:
    term = run("long")
    term.expect_exact("GET READY")
    term.send("n")
    term.expect(r"\x1b\]0;0:02 Long test\x07")
    term.send("b")
    term.expect(r"\x1b\]0;0:30 Long test\x07", timeout=2)  # get-ready again, in full
    assert "GET READY" in visible(term.before + term.matched())
    term.send("q")
    term.expect_exact("Stopped Long test")
    assert term.wait_exit() == 0


def test_no_color_means_no_colour_codes_but_the_same_screen(
    run: Run, pty_env: dict[str, str]
) -> None:
    term = run("quick", env={**pty_env, "NO_COLOR": "1"})
    term.expect_exact("HOLD", timeout=THROUGH_GETREADY)
    term.expect_exact("Finished Quick test")
    assert term.wait_exit() == 0
    colours = re.findall(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;[25];[0-9;]+)m", term.output)
    assert colours == []
    assert_restored(term.output)


def test_report_in_a_terminal_is_markdown_and_html_asks_for_a_file(spawn: Spawn) -> None:
    term = spawn(sys.executable, ["-m", "stretchcli", "report", "--format", "html"])
    assert term.wait_exit() == 2
    assert visible(term.output).strip() == (
        "stretch: the HTML report is a page to open in a browser, not to read here "
        "(give -o report.html)"
    )
    term = spawn(sys.executable, ["-m", "stretchcli", "report"])
    assert term.wait_exit() == 0
    assert visible(term.output).startswith("# stretch report: ")


@pytest.mark.parametrize("questions", [0, 1, 4])
def test_ctrl_d_at_a_one_key_question_ends_start_and_writes_nothing(
    spawn: Spawn, tmp_path: Path, questions: int
) -> None:
    term = spawn(sys.executable, ["-m", "stretchcli", "start"])
    term.expect_exact("[U/n/l] ")
    if questions:
        term.send("l")
        for _ in range(questions):
            term.expect_exact("? [y/")  # the warning signs' [y/n], then the precautions' [y/N]
            term.send("n")
        term.expect_exact("? [")
    term.send("\x04")
    term.expect(pexpect.EOF)
    assert term.child.wait() == 1
    assert "no answer: the input ended (nothing was written)" in term.output
    assert "Please press" not in term.output
    assert not (tmp_path / "config" / "plan.yaml").exists()


def test_start_takes_single_keys_at_a_terminal(spawn: Spawn, tmp_path: Path) -> None:
    """Each letter question of `stretch start` is answered by one key press, with no Enter
    (Enter alone takes the answer in capitals, but for a warning sign: it asks again);
    numbers are typed and Enter."""
    term = spawn(sys.executable, ["-m", "stretchcli", "start"])
    term.expect_exact("[U/n/l] ")
    term.send("l")  # the lower back: one key, no Enter
    term.expect_exact("First, the warning signs")
    term.expect_exact("Does any of these apply to you now? [y/n] ")
    term.send("\r")  # Enter: no answer to a warning sign
    term.expect_exact("Please press y or n: a warning sign takes no default.")
    for _ in range(2):
        term.expect_exact("Does any of these apply to you now? [y/n] ")
        term.send("n")
    term.expect_exact("Does this apply to you now? [y/n] ")
    term.send("n")
    term.expect_exact("between the shoulder blades? [y/n] ")
    term.send("n")
    for _ in range(4):  # osteoporosis, blood thinners, surgery, stenosis
        term.expect_exact("? [y/N] ")
        term.send("n")
    term.expect_exact("Can you get down to the floor and back up, with room? [Y/n] ")
    term.send("n")
    term.expect_exact("A steady chair without wheels, such as a kitchen chair? [Y/n] ")
    term.send("x")  # not an answer: asked again
    term.expect_exact("Please press y or n.")
    term.expect_exact("A steady chair without wheels, such as a kitchen chair? [Y/n] ")
    term.send("y")
    for question in ("A bed you can stretch on?", "A tennis ball?", "wall to lean on?"):
        term.expect_exact(question)
        term.send("\r")
    term.expect_exact("Minutes a day (1-60) [10] ")
    term.send("15\r")
    term.expect_exact("Days a week (1-7) [3] ")
    term.send("4\r")
    term.expect_exact("Routine:     low-back-seated on mon, tue, thu, fri")
    term.expect(pexpect.EOF)
    assert term.child.wait() == 0
    shown = ESCAPE_CODE.sub("", term.output).replace("\r\n", "\n")
    # Each key is shown after its question, as typed.
    assert "lower back [U/n/l] l\n" in shown
    assert "Can you get down to the floor and back up, with room? [Y/n] n\n" in shown
    assert (tmp_path / "config" / "plan.yaml").exists()


def test_the_hurt_question_after_a_session_takes_one_key(run: Run) -> None:
    """At a terminal the digit answers 'Did it hurt?' at once, with no Enter, and
    the answer is acknowledged in one line; the terminal is given back in line mode."""
    term = run("quick", "--pain", "--plain")
    term.expect_exact("how much pain do you have now, 0-10")
    term.sendline("2")
    term.expect_exact("And now: how much pain do you have, 0-10", timeout=THROUGH_GETREADY)
    term.sendline("3")
    term.expect_exact("How hard was the session, 0-10")
    term.sendline("2")
    term.expect_exact("Did it hurt? 1 Scapular squeeze (press its number; Enter for none): ")
    term.send("1")  # no Enter
    term.expect_exact("Noted: Scapular squeeze hurt.")
    assert term.wait_exit() == 0
    shown = ESCAPE_CODE.sub("", term.output).replace("\r\n", "\n")
    assert "(press its number; Enter for none): 1\nNoted: Scapular squeeze hurt. " in shown


def test_ctrl_d_at_the_hurt_question_ends_it_and_other_keys_ask_again(
    run: Run, pty_env: dict[str, str]
) -> None:
    """In single-key mode Ctrl-D is a key: it ends the question (nothing recorded as hurt);
    any other key is asked about again, however many come."""
    term = run("quick", "--pain", "--plain")
    term.expect_exact("how much pain do you have now, 0-10")
    term.sendline("2")
    term.expect_exact("And now: how much pain do you have, 0-10", timeout=THROUGH_GETREADY)
    term.sendline("3")
    term.expect_exact("How hard was the session, 0-10")
    term.sendline("2")
    question = "Did it hurt? 1 Scapular squeeze (press its number; Enter for none): "
    for key in "x05q":
        term.expect_exact(question)
        term.send(key)
        term.expect_exact("Please press 1, or press Enter.")
    term.expect_exact(question)
    term.send("\x04")
    assert term.wait_exit() == 0
    assert "Noted" not in term.output
    recorded = last_session(pty_env)
    assert [e["status"] for e in recorded["exercises"]] == ["done"]
    assert (recorded["pain_after"], recorded["difficulty"]) == (3, 2)
