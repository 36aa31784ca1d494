"""`stretch safety`: the general note and the red flags by urgency, as text or JSON."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from stretchcli import safety
from stretchcli.views.show import bullets


def safety_record() -> dict[str, object]:
    """The `safety --json` object: each group's signs, and beside them the pages each sign
    is cited to (`sign_sources`, in the same order)."""
    flags = [
        {
            "urgency": urgency.name,
            "action": urgency.action,
            "signs": [sign.text for sign in signs],
            "sign_sources": [list(sign.sources) for sign in signs],
        }
        for urgency, signs in safety.RED_FLAGS
    ]
    return {
        "short": safety.SHORT,
        "general": list(safety.GENERAL),
        "red_flags": flags,
        "sources": list(safety.SOURCES),
    }


URGENCY_STYLES = {"Emergency": "bold red", "Urgent": "bold yellow", "See a clinician": "bold"}


def safety_view() -> RenderableType:
    """`stretch safety`: the general note, then the red flags grouped by how urgent they are,
    each with the numbers of its sources."""
    parts: list[RenderableType] = [
        Text("Safety", style="bold"),
        Text(""),
        bullets("Before and while you stretch", safety.GENERAL),
        Text(""),
        Text("When to get help", style="bold underline"),
    ]
    number = {source: i for i, source in enumerate(safety.SOURCES, 1)}
    for urgency, signs in safety.RED_FLAGS:
        title = Text(f"{urgency.name.upper()}: ", style=URGENCY_STYLES.get(urgency.name, "bold"))
        title.append(urgency.action, style="bold")
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for sign in signs:
            cited = " ".join(f"[{number[s]}]" for s in sign.sources)
            grid.add_row("•", Text(sign.text).append(f" {cited}", style="dim"))
        parts += [Text(""), Padding(title, (0, 0, 0, 2)), Padding(grid, (0, 0, 0, 4))]
    parts += [Text(""), bullets("Sources", safety.SOURCES, numbered=True, urls=True)]
    return Group(*parts)
