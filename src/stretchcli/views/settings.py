"""`stretch config` and `stretch paths`: the settings and where files live (rich only for
the settings table: `paths` is plain text)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from stretchcli.files.config import Setting, toml_value
from stretchcli.files.paths import config_path, folder_state, routine_folders
from stretchcli.history.store import history_path
from stretchcli.text import one_line

if TYPE_CHECKING:
    from rich.console import RenderableType


def settings_table(rows: list[tuple[Setting, object, str]]) -> RenderableType:
    """`stretch config`: every setting, its value, where it comes from and what it does."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("setting", style="bold", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("from")
    table.add_column("what it does", ratio=1)
    for setting, value, origin in rows:  # a value as the config file has it, never markup
        table.add_row(setting.name, Text(one_line(toml_value(value))), origin, setting.help)
    return table


def paths_lines(environ: Mapping[str, str]) -> list[str]:
    """Every routines folder (highest precedence first), the config file and the history."""

    def state(path: Path) -> str:
        return "" if path.exists() else "  (not there yet)"

    lines = ["Routines, highest precedence first (exercises in each one's exercises/):"]
    for number, folder in enumerate(routine_folders(environ), 1):
        why = folder_state(folder.path)
        note = f"  ({why})" if why else ""
        lines.append(f"  {number}. {folder.path}  [{folder.source}]{note}")
    config = config_path(environ)
    history = history_path(environ)
    lines.append(f"Config file: {config}{state(config)}")
    lines.append(f"History:     {history}{state(history)}")
    return lines
