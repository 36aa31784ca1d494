"""What `remind on` installed, as data and as kept in the state folder: the scheduler, the
files it wrote and the folders it made for them, the command, the crontab lines; and what
`remind off` did with it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stretchcli.files import guarded
from stretchcli.files.atomic import write_text
from stretchcli.remind import crontab
from stretchcli.remind.state_files import MANIFEST

SchedulerName = Literal["systemd", "launchd", "schtasks", "cron"]
SCHEDULERS: tuple[SchedulerName, ...] = ("systemd", "launchd", "schtasks", "cron")


@dataclass(frozen=True)
class Installed:
    """What `install` set up: the scheduler, the files it wrote, the command it runs, the
    crontab lines it added, and how the crontab was before them."""

    scheduler: SchedulerName
    files: tuple[Path, ...]
    command: tuple[str, ...]
    lines: tuple[str, ...] = ()
    before: crontab.Before = "ended"
    made: tuple[
        Path, ...
    ] = ()  # the folders of its files that were not there before, deepest first
    # The TZ the check was given ('' for none: the system's zone); None where unknown (an
    # older stretch's record) or where none is passed on (Task Scheduler).
    zone: str | None = None

    def record(self) -> dict[str, object]:
        """As kept in the state folder, and shown by `remind --json`."""
        record: dict[str, object] = {
            "scheduler": self.scheduler,
            "files": [str(f) for f in self.files],
            "command": list(self.command),
            "lines": list(self.lines),
        }
        if self.made:
            record["made_folders"] = [str(f) for f in self.made]
        if self.scheduler == "cron":
            record["crontab_before"] = self.before
        if self.zone is not None:
            record["zone"] = self.zone
        return record


@dataclass(frozen=True)
class Removal:
    """What `remove` did: what it removed, what it could not (and why), and the files it
    left alone because they are not ones `stretch` writes."""

    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    left_alone: list[Path] = field(default_factory=list)
    still: list[str] = field(default_factory=list)  # checks that look like ours, left there
    not_ours: list[str] = field(default_factory=list)  # crontab lines listed, not of our form


def save(installs: Sequence[Installed], state_dir: Path) -> None:
    """Keep what is installed (or about to be), for `off` and the status."""
    if not installs:
        forget(state_dir)
        return
    data = {"installed": [i.record() for i in installs]}
    write_text(state_dir / MANIFEST, json.dumps(data, indent=2) + "\n", state=True)


def load(state_dir: Path) -> list[Installed]:
    """What `on` installed, oldest first; none when there is no record or it cannot be read."""
    try:
        data = json.loads(guarded.read_text(state_dir / MANIFEST, 64 * 1024))
        records = _items(data.get("installed", [data]))  # [data]: an older stretch's record
        return [_installed(record) for record in records]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, StopIteration):
        return []
    except RecursionError:
        return []


def _installed(data: object) -> Installed:
    if not isinstance(data, dict):
        raise TypeError("not an object")
    scheduler = next(s for s in SCHEDULERS if s == data["scheduler"])
    files = tuple(Path(str(f)) for f in _items(data["files"]))
    command = tuple(str(a) for a in _items(data["command"]))
    lines = tuple(str(line) for line in _items(data.get("lines", [])))
    noted = [b for b in crontab.BEFORES if b == data.get("crontab_before")]
    before: crontab.Before = noted[0] if noted else "ended"  # an older record: as then
    made = tuple(Path(str(f)) for f in _items(data.get("made_folders", [])))
    zone = data.get("zone")
    return Installed(
        scheduler, files, command, lines, before, made, zone if isinstance(zone, str) else None
    )


def _items(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def forget(state_dir: Path) -> None:
    """Drop the record of what was installed."""
    (state_dir / MANIFEST).unlink(missing_ok=True)
