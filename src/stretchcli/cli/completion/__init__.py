"""Shell completion, by job: `offers` (what TAB offers for each argument: the commands'
`autocompletion=` functions, re-exported here), `shells` (asking the app, one class per
shell), `scripts` (the scripts and installing them), `serving` (the app's group that serves
both), and `typer_internals` (every part of typer used that typer does not offer publicly).
"""

from stretchcli.cli.completion.offers import (
    complete_movements,
    complete_names,
    complete_one_of,
    complete_routines,
    complete_setting_values,
    complete_settings,
    complete_since,
    complete_snooze,
    complete_sources,
    complete_steps,
    complete_variants,
)

__all__ = [
    "complete_movements",
    "complete_names",
    "complete_one_of",
    "complete_routines",
    "complete_setting_values",
    "complete_settings",
    "complete_since",
    "complete_snooze",
    "complete_sources",
    "complete_steps",
    "complete_variants",
]
