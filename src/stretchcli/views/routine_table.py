"""`stretch list`'s table of routines, drawn from its `list --json` entries: a list kept from
the last run (`files/listing.py`) and one made afresh are drawn alike. Imports neither the
model nor the catalog."""

from __future__ import annotations

from collections import Counter
from typing import cast

from stretchcli.text import Align, clock, columns, one_line, source_label
from stretchcli.views.table import cut_middle, table


def routine_lines(entries: list[dict[str, object]], width: int) -> list[str]:
    """A table: id, name, time, how many steps, where it comes from (two spaces between
    columns: the built-in names fit in 80 columns beside the longest id)."""
    idents = id_cells([str(entry["id"]) for entry in entries], width)
    cells = [
        [
            ident,
            str(entry["name"]),
            clock(cast(float, entry["total_seconds"])),
            str(len(cast(list[str], entry["exercises"]))),
            source_label(str(entry["source"])),
        ]
        for ident, entry in zip(idents, entries, strict=True)
    ]
    headers = ["routine", "name", "time", "steps", "source"]
    align: tuple[Align, ...] = ("left", "left", "right", "right", "left")
    return table(headers, cells, align, grow=1, width=width, gap="  ", drops=(4, 3))


def id_cells(idents: list[str], width: int) -> list[str]:
    """Ids as a table at `width` columns shows them (`id_cell`), each cut one told apart
    from the others: ids that would be cut alike are kept whole (verify 26, N10:
    `stretch-morning-routine` and `stretch-evening-routine` were both `stretch…routine`)."""
    cut = [id_cell(ident, width) for ident in idents]
    seen = Counter(cut)
    return [c if seen[c] == 1 else one_line(i) for i, c in zip(idents, cut, strict=True)]


def id_cell(ident: str, width: int) -> str:
    """An id as a table at `width` columns shows it: cut with '…' where it is longer than a
    third of them (attack 20, A5: one of 250 characters left every name 3 columns and
    wrapped each row); whole at a width of 0 (a pipe) and in `--json`."""
    shown = one_line(ident)
    most = max(8, width // 3)
    return cut_middle(shown, most) if width > 0 and columns(shown) > most else shown


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
