"""After a run of many exercises, 'Did one of them hurt?' offers every exercise the session
began: up to 9, one key answers; from 10 on, the names one a line and a number typed and
Enter. The one named is the one recorded as `hurt`."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from itertools import count as counting
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.env import Environment
from stretchcli.session.questions import NO_ANSWER, ask_hurt
from tests.conftest import BUILTIN, Stretch
from tests.fakes import NOW, TypedAtTerminal

MOST = 30
SAFETY = (
    "If the pain is sharp, or you feel numbness or tingling, stop for today. When to get "
    "help: run stretch safety."
)
CHIN_TUCK = (BUILTIN / "exercises" / "chin-tuck.yaml").read_text(encoding="utf-8")
HOURS = counting(1)
PROMPT = "PTY-TEST$ "
TYPE = "Type its number and press Enter (Enter alone for none): "


def name(number: int) -> str:
    return f"Neck glide {number:02}"


def routine(count: int) -> str:
    steps = "".join(
        f"  - exercise: glide-{n:02}\n    hold: 2\n    reps: 1\n    relax: 1\n"
        for n in range(1, count + 1)
    )
    return f"name: Many {count}\nsummary: {count} exercises\nprepare: 1\nrest: 0\nsteps:\n{steps}"


@pytest.fixture
def many(user_routines: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MOST exercises of the user's own (each a chin tuck by another name), and a routine of
    the first N of them for each N."""
    monkeypatch.setenv("COLUMNS", "1000")  # one line each: wrapping is tested on its own
    for n in range(1, MOST + 1):
        text = CHIN_TUCK.replace("name: Chin tuck", f"name: {name(n)}")
        (user_routines / "exercises" / f"glide-{n:02}.yaml").write_text(text, encoding="utf-8")
    for count in range(1, MOST + 1):
        (user_routines / f"many-{count}.yaml").write_text(routine(count), encoding="utf-8")
    return user_routines


def question(count: int) -> str:
    """The question as shown for `count` exercises, at 1000 columns, typed answers."""
    if count <= 9:
        listed = ", ".join(f"{n} {name(n)}" for n in range(1, count + 1))
        which = "it" if count == 1 else "one of them"
        return f"Did {which} hurt? {listed} (its number; Enter for none): "
    digits = len(str(count))
    lines = "".join(f"  {n:>{digits}} {name(n)}\n" for n in range(1, count + 1))
    return f"Did one of them hurt?\n{lines}"


def hurt_in_latest(stretch: Stretch, wall: datetime | None = None) -> list[str]:
    session = json.loads(stretch("history", "--json", wall=wall).out)[-1]  # oldest first
    return [e["exercise"] for e in session["exercises"] if e["status"] == "hurt"]


def noted(number: int) -> str:
    return f"Noted: {name(number)} hurt. {SAFETY}\n"


@pytest.mark.parametrize(("count", "chosen"), [(1, 1), (9, 9), (10, 10), (12, 12), (30, 23)])
def test_every_exercise_begun_is_offered_and_the_one_named_is_recorded(
    stretch: Stretch, many: Path, count: int, chosen: int
) -> None:
    result = stretch("run", f"many-{count}", "--plain", "--pain", typed=f"2\n2\n3\n{chosen}\n")
    assert result.code == 0, result.err
    asked = question(count) + ("" if count <= 9 else TYPE)
    assert result.err.endswith(f"{asked}{noted(chosen)}"), result.err[-3000:]
    assert hurt_in_latest(stretch) == [f"glide-{chosen:02}"]


@pytest.mark.parametrize(("count", "wrong"), [(12, "0"), (12, "13"), (12, "twelve"), (30, "31")])
def test_a_wrong_number_is_said_and_asked_again(
    stretch: Stretch, many: Path, count: int, wrong: str
) -> None:
    """The list is not shown again: only the line asking for the number."""
    typed = f"2\n2\n3\n{wrong}\n{count}\n"
    result = stretch("run", f"many-{count}", "--plain", "--pain", typed=typed)
    again = f"Please type a number from 1 to {count}, or press Enter.\n"
    assert result.err.endswith(f"{question(count)}{TYPE}{again}{TYPE}{noted(count)}")
    assert hurt_in_latest(stretch) == [f"glide-{count:02}"]


def test_enter_is_none_and_the_end_of_the_input_asks_no_more(stretch: Stretch, many: Path) -> None:
    none = stretch("run", "many-12", "--plain", "--pain", typed="2\n2\n3\n\n")
    assert none.err.endswith(f"{question(12)}{TYPE}Noted: none of them hurt.\n")
    ended = stretch("run", "many-12", "--plain", "--pain", typed="2\n2\n3\n")
    assert ended.err.endswith(f"{question(12)}{TYPE}\n")
    assert hurt_in_latest(stretch) == []


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_number_of_exercises_any_one_named(
    stretch: Stretch, many: Path, data: st.DataObject
) -> None:
    count = data.draw(st.integers(1, MOST), label="count")
    chosen = data.draw(st.integers(1, count), label="chosen")
    typed = f"2\n2\n3\n{chosen}\n"
    # Each run an hour after the one before: the latest in the history is this one.
    wall = NOW + timedelta(hours=next(HOURS))
    result = stretch("run", f"many-{count}", "--plain", "--pain", typed=typed, wall=wall)
    assert result.err.endswith(noted(chosen))
    assert hurt_in_latest(stretch, wall) == [f"glide-{chosen:02}"]


@given(count=st.integers(10, 120), data=st.data())
def test_from_ten_on_a_key_reader_is_not_used_and_the_number_is_typed(
    count: int, data: st.DataObject
) -> None:
    """At a terminal of single keys too: '12' is one answer, typed and Enter, never '1'."""
    chosen = data.draw(st.integers(1, count))
    err = io.StringIO()
    env = Environment(TypedAtTerminal(f"{chosen}\n"), io.StringIO(), err, {"COLUMNS": "1000"})

    def key() -> str:
        raise AssertionError("no single key is read from 10 names on")

    names = [f"Exercise {n}" for n in range(1, count + 1)]
    assert ask_hurt(env, names, key) == chosen - 1
    assert f"\n  {chosen:>{len(str(count))}} Exercise {chosen}\n" in err.getvalue()
    assert err.getvalue().endswith(f"  {count} Exercise {count}\n{TYPE}")
    assert (
        ask_hurt(Environment(TypedAtTerminal(""), io.StringIO(), io.StringIO(), {}), names, key)
        == NO_ANSWER
    )


@settings(max_examples=60, deadline=None)
@given(width=st.integers(20, 120), count=st.integers(10, 40), long=st.booleans())
def test_a_long_list_wraps_each_name_under_its_own_start(
    width: int, count: int, long: bool
) -> None:
    base = "Seated thoracic side bend with a towel" if long else "Chin tuck"
    names = [f"{base} {n}" for n in range(1, count + 1)]
    err = io.StringIO()
    env = Environment(TypedAtTerminal("\n"), io.StringIO(), err, {"COLUMNS": str(width)})
    assert ask_hurt(env, names) is None
    lines = err.getvalue().split("\n")
    listed = lines[1 : lines.index(next(line for line in lines if line.startswith("Type")))]
    digits = len(str(count))
    starts = [i for i, line in enumerate(listed) if line[: 2 + digits].strip().isdigit()]
    assert [int(listed[i][: 2 + digits]) for i in starts] == list(range(1, count + 1))
    for line in listed:
        assert len(line) <= width or " " not in line.strip()
        assert line.startswith(" " * (3 + digits)) or line[: 2 + digits].strip().isdigit()
    # Every word of every name, in order, once the lines are joined.
    assert " ".join(" ".join(listed).split()) == " ".join(
        f"{n} {name_}" for n, name_ in enumerate(names, 1)
    )


def at_a_shell(tmp_path: Path) -> tuple[Any, dict[str, str]]:
    """An interactive bash in a pseudo-terminal (no rc files), at its prompt, and its
    environment (this test's folders)."""
    pexpect = pytest.importorskip("pexpect")
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is needed")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "STRETCH_PATH")}
    env.update(PS1=PROMPT, INPUTRC=os.devnull, HISTFILE=str(tmp_path / "history"))
    shell = pexpect.spawn(
        bash, ["--norc", "--noprofile", "-i"], env=env, encoding="utf-8", timeout=60,
        dimensions=(30, 100),
    )  # fmt: skip
    shell.expect_exact(PROMPT)
    return shell, env


def run_at(shell: Any, routine_id: str) -> None:
    """`stretch run ROUTINE` typed at the shell, its ratings answered, up to the hurt question."""
    command = [sys.executable, "-m", "stretchcli", "run", routine_id, "--brief", "--plain"]
    shell.sendline(" ".join([*command, "--pain", "--scale", "0.25"]))
    for question, answer in (("0-10", "3"), ("And now", "2"), ("How hard", "4")):
        shell.expect_exact(question)
        shell.sendline(answer)


def shell_line_after(shell: Any) -> str:
    """What the shell shows when the next line typed at it is its own."""
    shell.expect_exact(PROMPT)
    shell.sendline("echo the-shell-line")
    shell.expect_exact(PROMPT)
    return str(shell.before)


def hurt_recorded(env: dict[str, str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "stretchcli", "history", "--json"],
        capture_output=True, text=True, check=True, env=env,
    ).stdout  # fmt: skip
    return [e["exercise"] for e in json.loads(out)[-1]["exercises"] if e["status"] == "hurt"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_at_a_real_terminal_twelve_is_the_twelfth_and_nothing_reaches_the_shell(
    many: Path, tmp_path: Path
) -> None:
    """Typed into a shell, as the tester did: '12' and Enter answer the question, and the
    shell's next line is the person's own (no '2: command not found')."""
    fast = routine(12).replace("prepare: 1\n", "prepare: 0.25\n")
    (many / "fast-12.yaml").write_text(fast, encoding="utf-8")
    shell, env = at_a_shell(tmp_path)
    try:
        run_at(shell, "fast-12")
        shell.expect_exact(TYPE)
        shell.send("12\r")
        shell.expect_exact(f"Noted: {name(12)} hurt.")
        said = shell_line_after(shell)
        assert "not found" not in said and "the-shell-line" in said
    finally:
        shell.close(force=True)
    assert hurt_recorded(env) == ["glide-12"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_with_a_few_a_second_digit_typed_after_the_first_makes_one_number(
    many: Path, tmp_path: Path
) -> None:
    """Up to 9 the digit answers at once; a second one typed right after it ('12', keys a
    moment apart) is one number, asked about again, and never left for the shell."""
    fast = routine(2).replace("prepare: 1\n", "prepare: 0.25\n")
    (many / "fast-2.yaml").write_text(fast, encoding="utf-8")
    shell, env = at_a_shell(tmp_path)
    asked = f"Did one of them hurt? 1 {name(1)}, 2 {name(2)} (press its number; Enter for none): "
    try:
        run_at(shell, "fast-2")
        shell.expect_exact(asked)
        # Two keys, as fingers type them (further apart than a paste's characters come, well
        # within the moment a number's next digit is waited for).
        shell.delaybeforesend = 0.15
        shell.send("1")
        shell.send("2")
        shell.expect_exact("Please press a number from 1 to 2, or press Enter.")
        shell.expect_exact(asked)
        shell.send("2")
        shell.expect_exact(f"Noted: {name(2)} hurt.")
        said = shell_line_after(shell)
        assert "not found" not in said and "the-shell-line" in said
    finally:
        shell.close(force=True)
    assert hurt_recorded(env) == ["glide-02"]
