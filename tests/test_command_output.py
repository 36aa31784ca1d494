"""A system command's output is read up to a bound: a `crontab -l` (or any other command)
that writes without end is stopped and said in one line, never read into memory until its
time is up (before: `remind on` with such a crontab grew past 2 GB and ended in a
MemoryError traceback). What a command writes within the bound comes back byte for byte."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.remind import system
from stretchcli.remind.system import CommandError, run_bytes
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands

LIMIT = 4096  # the bound, made small here (16 MB in use)


def writer(folder: Path, out: int, err: int, endless: bool = False) -> dict[str, str]:
    """A command that echoes its input, then writes `out` and `err` bytes (or forever)."""
    script = folder / "writes"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "sys.stdout.buffer.write(sys.stdin.buffer.read())\n"
        f"for _ in iter(int, 1) if {endless} else [0]:\n"
        f"    sys.stdout.buffer.write(b'o' * {out}); sys.stdout.flush()\n"
        f"    sys.stderr.buffer.write(b'e' * {err}); sys.stderr.flush()\n"
    )
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=LIMIT // 2),
    st.integers(0, LIMIT),
    st.integers(0, LIMIT + 100),
)
def test_output_within_the_bound_comes_back_byte_for_byte_and_beyond_it_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given_in: bytes, out: int, err: int
) -> None:
    monkeypatch.setattr(system, "OUTPUT_LIMIT", LIMIT)
    environ = writer(tmp_path, out, err)
    if len(given_in) + out > LIMIT or err > LIMIT:
        with pytest.raises(CommandError) as caught:
            run_bytes(["writes"], environ, stdin=given_in, timeout=20)
        assert caught.value.message == "writes wrote more than 0 MB without end; it was stopped"
        return
    done = run_bytes(["writes"], environ, stdin=given_in, timeout=20)
    assert (done.code, done.out, done.err) == (0, given_in + b"o" * out, "e" * err)


@pytest.mark.parametrize("stream", ["out", "err"])
def test_a_command_that_writes_without_end_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stream: str
) -> None:
    monkeypatch.setattr(system, "OUTPUT_LIMIT", LIMIT)
    environ = writer(tmp_path, 100 if stream == "out" else 0, 100 if stream == "err" else 0, True)
    with pytest.raises(CommandError, match=r"^writes wrote more than 0 MB without end"):
        run_bytes(["writes"], environ, stdin=b"", timeout=60)


def test_remind_on_with_an_endless_crontab_is_one_line(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add(
        "crontab",
        body="if sys.argv[1:] == ['-l']:\n    while True: sys.stdout.write('x' * 65536)\n",
    )
    code, out, err = stretch("remind", "on", "--scheduler", "cron")
    assert (code, out) == (1, "")
    assert err == (
        "stretch: crontab wrote more than 16 MB without end; it was stopped "
        "(see that `crontab -l` works)\n"
    )
    assert [call[1:] for call in fakes.calls("crontab")] == [["-l"]]  # never `crontab -`
    assert not (isolated / "config" / "config.toml").exists()
