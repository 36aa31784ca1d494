"""A sync folder that cannot be used is one plain warning per command: it names the folder
and what to do, never Python's `[Errno 2] No such file or directory: '...'`, and `remind
check` (which reads the history, then writes the reminder) says it once, not twice (attack 4,
D13)."""

from __future__ import annotations

import errno
import os
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.errors import said
from stretchcli.files.atomic import shown
from stretchcli.history import sync
from tests.fakes import NOW
from tests.test_sync import Machines, machines  # noqa: F401 - a fixture

HINT = '(another: stretch config sync_folder PATH; none: stretch config sync_folder "")'
COMMANDS = [("history",), ("remind", "check"), ("report",), ("history", "sync")]


def unusable(folder: Path, why: str) -> str:
    return (
        f"stretch: warning: sync: the sync folder {folder} cannot be used ({why}); "
        f"the history was not synced {HINT}\n"
    )


def test_a_folder_whose_file_is_a_folder_is_one_plain_warning(
    machines: Machines,  # noqa: F811
) -> None:
    machines.session("a", NOW - timedelta(minutes=10))
    assert machines.run("a", "history", wall=NOW).err == ""
    (own,) = machines.folder.iterdir()
    own.unlink()
    own.mkdir()
    for command in COMMANDS:
        result = machines.run("a", *command, wall=NOW)
        assert result.code == 0, command
        assert result.err == (  # as a fifo there is said (attack 15, H1)
            f"stretch: warning: sync: this machine's sync file {shown(own)}: it is a folder, not a "
            "file (move it aside; stretch writes it again)\n"
        ), command


@pytest.mark.skipif(not os.path.isfile("/proc/self/status"), reason="no /proc")
@pytest.mark.parametrize("command", COMMANDS)
def test_proc_as_the_sync_folder_is_one_plain_warning(
    machines: Machines,  # noqa: F811
    command: tuple[str, ...],
) -> None:
    """Written by hand: the line is said as any wrong setting is (attack 21: the system's
    own folders are no sync folder; set, it is refused), and nothing is synced there."""
    machines.session("a", NOW - timedelta(minutes=10))
    config = machines.root / "a" / "config" / "config.toml"
    config.write_text(config.read_text().replace(str(machines.folder), "/proc"))
    result = machines.run("a", *command, wall=NOW)
    assert result.code in (0, 1)  # a warning, or the error of a command that needs the config
    assert result.err.count("\n") == 1, result.err
    assert f"{config}:4:1: sync_folder: expected a folder of your own, not the system's " in (
        result.err
    )


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(sorted(errno.errorcode)),
    st.sampled_from(COMMANDS[:3]),
    st.sampled_from(["stretch-history-x.jsonl", ""]),
)
def test_any_failure_in_the_folder_is_said_once_in_plain_words(
    machines: Machines,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    number: int,
    command: tuple[str, ...],
    name: str,
) -> None:
    machines.session("a", NOW - timedelta(minutes=10))
    where = machines.folder / name if name else machines.folder

    def failing(*args: object, **kwargs: object) -> int:
        raise OSError(number, os.strerror(number), str(where))

    with monkeypatch.context() as patched:
        patched.setattr(sync, "sync", failing)
        patched.setattr(sync, "write_own", failing)
        result = machines.run("a", *command, wall=NOW)
    why = f"{name}: {os.strerror(number)}" if name else os.strerror(number)
    assert result.err == unusable(machines.folder, why)


@given(st.sampled_from(sorted(errno.errorcode)), st.text(min_size=1))
def test_said_gives_an_os_error_without_python_s_wording(number: int, name: str) -> None:
    line = said(OSError(number, os.strerror(number), name))
    assert line.endswith(f": {os.strerror(number)}")
    assert "Errno" not in line and "\n" not in line
