"""The installed check keeps the zone (TZ) it was given at `remind on`; after the person's
zone changes (travel, TZ set later) `stretch remind` says so, and how to move it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.remind.installs import Installed, load, save
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab

MOVED = (
    "The check runs in TZ=Asia/Kolkata, not in TZ=America/New_York as this command does: "
    "it reminds in the working hours there; run `stretch remind on` again to move it"
)


def said(out: str) -> str:
    """The output as one line (the status wraps to the terminal's width)."""
    return " ".join(out.split())


@pytest.fixture
def cron(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    fakes.add("systemctl", out="offline\n", code=1)
    return Crontab(fakes, tmp_path)


def test_remind_says_when_the_check_runs_in_another_zone(
    stretch: Stretch, cron: Crontab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    result = stretch("remind")
    assert (result.code, MOVED in said(result.out)) == (0, False)
    assert json.loads(stretch("remind", "--json").out)["zone_moved"] is False
    monkeypatch.setenv("TZ", "America/New_York")
    result = stretch("remind")
    assert (result.code, MOVED in said(result.out)) == (0, True)
    assert json.loads(stretch("remind", "--json").out)["zone_moved"] is True
    assert stretch("remind", "on", "--scheduler", "cron").code == 0  # moved: said no more
    assert "The check runs in" not in stretch("remind").out


def test_tz_set_after_remind_on_is_a_move_too(
    stretch: Stretch, cron: Crontab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert (
        "The check runs in the system's zone (TZ not set), not in TZ=Europe/Paris as this "
        "command does: it reminds in the working hours there; run `stretch remind on` again "
        "to move it"
    ) in said(stretch("remind").out)


def test_an_older_record_without_a_zone_says_nothing(isolated: Path) -> None:
    state = isolated / "state"
    state.mkdir(parents=True)
    save([Installed("cron", (), ("stretch", "remind", "check"))], state)
    assert load(state)[0].zone is None
    assert "zone" not in json.loads((state / "remind-installed.json").read_text())["installed"][0]


@given(st.text(max_size=40))
def test_the_zone_is_kept_as_it_was_given(
    tmp_path_factory: pytest.TempPathFactory, tz: str
) -> None:
    state = tmp_path_factory.mktemp("state")
    save([Installed("systemd", (), ("stretch",), zone=tz)], state)
    assert load(state)[0].zone == tz
