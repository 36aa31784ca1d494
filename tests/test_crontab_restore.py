"""`remind off` gives the user's crontab back as it was before `remind on`: no crontab where
there was none (`crontab -r`), and the same bytes where there was one, a last line without
its newline included (cron needs a newline after stretch's own line, so `remind on` ends the
user's last line; `remind off` takes that newline away again while stretch's line is last)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.remind import crontab as crontab_table
from stretchcli.remind import schedulers, texts
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import USER_LINES, Crontab

ON = ("remind", "on", "--scheduler", "cron")


@pytest.fixture
def crontab(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    return Crontab(fakes, tmp_path)


def ours(table: bytes) -> list[bytes]:
    """Stretch's lines in a table."""
    return [line for line in table.split(b"\n") if line.endswith(b" remind check # stretch-remind")]


def lines_of(table: bytes) -> list[bytes]:
    """A table's lines, without their newlines."""
    lines = table.split(b"\n")
    return lines[:-1] if lines[-1] == b"" else lines


def test_off_leaves_no_crontab_where_there_was_none(
    stretch: Stretch, fakes: FakeCommands, crontab: Crontab
) -> None:
    assert not crontab.table.exists()
    assert stretch(*ON).code == 0
    assert len(ours(crontab.table.read_bytes())) == 1
    assert stretch("remind", "off") == (0, "Reminders: off\nRemoved: the crontab line\n", "")
    assert not crontab.table.exists()  # `crontab -l` says "no crontab for root" again
    assert [call[1] for call in fakes.calls("crontab")][-2:] == ["-r", "-l"]  # read back


def test_an_empty_crontab_stays_an_empty_crontab(stretch: Stretch, crontab: Crontab) -> None:
    crontab.table.write_bytes(b"")
    assert stretch(*ON).code == 0
    assert stretch("remind", "off").code == 0
    assert crontab.table.read_bytes() == b""


def test_lines_the_user_added_since_keep_the_crontab(stretch: Stretch, crontab: Crontab) -> None:
    assert stretch(*ON).code == 0
    with crontab.table.open("ab") as table:
        table.write(b"0 3 * * * backup\n")
    assert stretch("remind", "off").code == 0
    assert crontab.table.read_bytes() == b"0 3 * * * backup\n"


def test_a_last_line_without_its_newline_comes_back_without_it(
    stretch: Stretch, crontab: Crontab
) -> None:
    crontab.table.write_bytes(b"MAILTO=me\n0 3 * * * backup")
    assert stretch(*ON).code == 0
    written = crontab.table.read_bytes()
    assert written.startswith(b"MAILTO=me\n0 3 * * * backup\n")  # cron needs ours on its own
    assert written.endswith(b" remind check # stretch-remind\n")
    assert stretch("remind", "off").code == 0
    assert crontab.table.read_bytes() == b"MAILTO=me\n0 3 * * * backup"


def test_a_line_added_after_ours_keeps_the_newline_it_needs(
    stretch: Stretch, crontab: Crontab
) -> None:
    crontab.table.write_bytes(b"0 3 * * * backup")
    assert stretch(*ON).code == 0
    with crontab.table.open("ab") as table:
        table.write(b"0 4 * * * more\n")
    assert stretch("remind", "off").code == 0
    assert crontab.table.read_bytes() == b"0 3 * * * backup\n0 4 * * * more\n"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=USER_LINES,
    newline=st.booleans(),
    none=st.booleans(),
    times=st.integers(1, 3),
    change=st.sampled_from(["", "--every 45m", "--every 1h"]),
)
def test_the_crontab_comes_back_as_it_was_whatever_it_was(
    stretch: Stretch,
    crontab: Crontab,
    isolated: Path,
    lines: list[bytes],
    newline: bool,
    none: bool,
    times: int,
    change: str,
) -> None:
    """Any table (or none), any number of `on` (each replacing the line before): `off` gives
    back exactly what was there; while on, the table ends in a newline and holds the user's
    lines, each on its own, and stretch's line once."""
    (isolated / "state" / texts.MANIFEST).unlink(missing_ok=True)
    (isolated / "config" / "config.toml").unlink(missing_ok=True)
    table = None if none else b"\n".join(lines) + (b"\n" if newline and lines else b"")
    if table is None:
        crontab.table.unlink(missing_ok=True)
    else:
        crontab.table.write_bytes(table)
    for time in range(times):
        extra = change.split() if time else []
        assert stretch(*ON, *extra).code == 0
        written = crontab.table.read_bytes()
        assert written.endswith(b"\n")
        assert len(ours(written)) == 1
        user = [line for line in written.split(b"\n")[:-1] if line not in ours(written)]
        assert user == lines_of(table or b"")
    assert stretch("remind", "off").code == 0
    if table is None:
        assert not crontab.table.exists()
    else:
        assert crontab.table.read_bytes() == table


LINE = "*/5 * * * * /usr/bin/stretch remind check # stretch-remind"
TABLES = st.one_of(
    st.none(),
    st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")), max_size=5).map(
        lambda lines: b"\n".join(lines)
    ),
    st.binary(max_size=40),
)


@given(table=TABLES, after=st.lists(st.binary(max_size=8).map(lambda b: b.replace(b"\n", b""))))
def test_adding_and_taking_away_our_line_is_the_identity(
    table: bytes | None, after: list[bytes]
) -> None:
    """The rule beyond the command: any bytes (or no table) come back after stretch's line
    went in and out, and lines the user added after ours since stay, each ended."""
    ours = LINE.encode()
    was = crontab_table.before(table)
    on = crontab_table.with_line(table or b"", ours, lambda _: False)
    assert on.endswith(ours + b"\n")
    assert crontab_table.with_line(on, ours, lambda line: line == ours) == on  # again: the same
    assert crontab_table.without_lines(on, lambda line: line == ours, was) == table
    added = on + b"".join(line + b"\n" for line in after)
    if after:
        kept = crontab_table.without_lines(added, lambda line: line == ours, was)
        assert kept is not None and kept.endswith(b"".join(line + b"\n" for line in after))


def test_a_record_from_before_the_crontab_was_noted_keeps_the_table(tmp_path: Path) -> None:
    """An install recorded by an older stretch says nothing of the table before it: `off`
    leaves an (empty) table, as that stretch did, never removes one it cannot know of."""
    record = {"installed": [{"scheduler": "cron", "files": [], "command": []}]}
    (tmp_path / texts.MANIFEST).write_text(json.dumps(record))
    [old] = schedulers.load(tmp_path)
    assert old.before == "ended"
    table = f"{LINE}\n".encode()
    assert crontab_table.without_lines(table, lambda line: line == LINE.encode(), old.before) == b""
