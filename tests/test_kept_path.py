"""A session kept aside (the history busy to the run's end) is named by a command that
works when pasted into a POSIX shell, whatever bytes the state folder's name holds: bytes
that are not UTF-8 (0x80-0xff) and control characters are written `$'\\xff'`, and no
control character of the name reaches the terminal (it cannot act as an escape sequence)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history.store import History
from stretchcli.session.unrecorded import shell_word
from stretchcli.text import one_line
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_busy import RUN, locked

SHELL = shutil.which("bash")
needs_shell = pytest.mark.skipif(SHELL is None, reason="no shell that reads $'...' here")

# Any bytes of a file name (but NUL and '/'), and some that a shell or a terminal acts on.
NAME_BYTES = st.binary(min_size=1, max_size=12).map(
    lambda b: b.replace(b"\0", b"").replace(b"/", b"")
)
NASTY = st.sampled_from([b"\xff", b"\x80", b"\x1b[31m", b"\n", b"\x7f", b"'", b"\\", b"$x"])


def said_by_shell(word: str) -> bytes:
    """The bytes a POSIX shell makes of `word`, as one argument."""
    assert SHELL is not None
    done = subprocess.run(
        [SHELL, "-c", f"printf %s {word}"], capture_output=True, check=True, timeout=30
    )
    return done.stdout


@needs_shell
@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(NAME_BYTES, NASTY), min_size=1, max_size=4).map(b"".join))
def test_the_word_is_the_path_to_a_shell_and_shows_no_control_character(name: bytes) -> None:
    path = Path(os.fsdecode(b"/tmp/s" + name + b"/unrecorded-20261104-103000-8f4576dd.jsonl"))
    word = shell_word(path)
    assert one_line(word) == word, word  # shown as it is: nothing acts on the terminal
    assert said_by_shell(word) == os.fsencode(path)


def test_a_plain_path_is_quoted_as_before() -> None:
    assert shell_word(Path("/tmp/state/u.jsonl")) == "/tmp/state/u.jsonl"
    assert shell_word(Path('/tmp/it\'s a "st" $x/u')) == "'/tmp/it'\"'\"'s a \"st\" $x/u'"


@needs_shell
def test_the_end_of_a_run_names_a_file_of_a_folder_not_utf8_by_a_command_that_works(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stretchcli.history import connection
    from stretchcli.session import run

    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)
    monkeypatch.setattr(run, "FLUSH_SECONDS", 2.0)
    folder = os.fsencode(isolated) + b"/s\xff\x80\x1b[31m\x07\ttab"
    os.makedirs(folder)
    state = Path(os.fsdecode(folder))
    monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
    History(state / "history.sqlite3", print, lambda: NOW).close()
    with locked(state / "history.sqlite3"):
        result = stretch(*RUN)
    assert result.code == 1
    (file,) = state.glob("unrecorded-*.jsonl")
    # Nothing of the name acts on the terminal: no control character but line ends.
    assert re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.err) is None, repr(result.err)
    found = re.search(
        r"`stretch history import (.+)` adds it once the history is free\n$", result.err
    )
    assert found is not None, result.err
    assert said_by_shell(found.group(1)) == os.fsencode(file)
