"""`stretch history sync`: what is shared through the sync folder, as lines of text."""

from __future__ import annotations

from collections.abc import Sequence

from stretchcli.history.sync import SHARED, Status
from stretchcli.history.sync_files import is_copy
from stretchcli.text import moment, one_line, plural

NOT_READ = (
    "not a machine's file name; if a sync tool made it from one, take its sessions with "
    "`stretch history import` on it, then delete it"
)


def sync_lines(status: Status, unread: Sequence[tuple[str, str | None]] = ()) -> list[str]:
    """The folder, this machine and its file, each other machine's file (sessions taken
    from it, when it was last written), the files named like the sync's that are not read
    (`unread`: a sync tool's copy named in a way not known here), and the lines refused."""
    own_when = f", last written {moment(status.own_changed)}" if status.own_changed else ""
    found = [
        f"sync folder: {one_line(status.folder)}",
        f"this machine: {status.machine} (writes {status.own_file}{own_when})",
    ]
    if not status.others:
        found.append("other machines: none has written here yet")
    else:
        found.append("other machines:")
        width = max(len(other.machine) for other in status.others)
        for other in status.others:
            when = f", last written {moment(other.changed)}" if other.changed else ""
            copy = f" (a sync tool's conflict copy: {other.name})" if is_copy(other.name) else ""
            found.append(
                f"  {other.machine:<{width}}  {plural(other.sessions, 'session')} read{when}{copy}"
            )
    found.extend(
        f"not read: {one_line(name)}: {why or NOT_READ}"
        + ("; its sessions are not merged until it is a file" if why else "")
        for name, why in unread
    )
    refused = [refusal for refusal in status.refused if refusal.why != SHARED]
    if len(refused) < len(status.refused):
        found.append(f"this machine's file: {SHARED}")
    if refused:
        found.append(f"refused ({plural(len(refused), 'line')}, not merged):")
        found.extend(f"  {one_line(refusal.text())}" for refusal in refused)
    return found
