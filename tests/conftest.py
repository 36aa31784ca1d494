"""Shared fixtures: an isolated user environment and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
BUILTIN = REPO / "routines"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test gets its own config and state folders, no STRETCH_PATH and no colour."""
    home = tmp_path / "home"
    monkeypatch.setenv("STRETCH_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("STRETCH_STATE_DIR", str(home / "state"))
    monkeypatch.setenv("STRETCH_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("STRETCH_PATH", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm-256color")
    return home


@pytest.fixture
def user_routines(isolated: Path) -> Path:
    """The user's routines folder (created), with its exercises/ subfolder."""
    folder = isolated / "config" / "routines"
    (folder / "exercises").mkdir(parents=True)
    return folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
