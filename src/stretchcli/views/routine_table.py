"""`stretch list`'s table of routines, drawn from its `list --json` entries: a list kept from
the last run (`files/listing.py`) and one made afresh are drawn alike. Imports neither the
model nor the catalog."""

from __future__ import annotations

from typing import cast

from stretchcli.text import Align, clock, source_label
from stretchcli.views.table import table


def routine_lines(entries: list[dict[str, object]], width: int) -> list[str]:
    """A table: id, name, time, how many steps, where it comes from (two spaces between
    columns: the built-in names fit in 80 columns beside the longest id)."""
    cells = [
        [
            str(entry["id"]),
            str(entry["name"]),
            clock(cast(float, entry["total_seconds"])),
            str(len(cast(list[str], entry["exercises"]))),
            source_label(str(entry["source"])),
        ]
        for entry in entries
    ]
    headers = ["routine", "name", "time", "steps", "source"]
    align: tuple[Align, ...] = ("left", "left", "right", "right", "left")
    return table(
        headers, cells, align, grow=1, width=width, gap="  ", drops=(4, 3), most=id_most(width)
    )


def id_most(width: int) -> int:
    """The most columns a table at `width` gives its ids: a third of them (attack 20, A5: an
    id of 250 characters left every name 3 columns and wrapped each row)."""
    return max(8, width // 3)


class RoutineTable:
    """`stretch list`'s routines, as its JSON entries (a plain class: a dataclass takes a
    fraction of a millisecond to make, and `list` is run more than any other command)."""

    def __init__(self, entries: list[dict[str, object]]) -> None:
        self.entries = entries

    def json(self) -> list[dict[str, object]]:
        """The `list --json` array."""
        return self.entries

    def lines(self, width: int) -> list[str]:
        """The table (`routine_lines`)."""
        return routine_lines(self.entries, width)
