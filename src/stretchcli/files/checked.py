"""The outcome of checking one file: its plain values, where each sits, and its problems.

Kept apart from the checker so that a cached result can be used without importing YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stretchcli.errors import Problem

Mark = tuple[int, int]


@dataclass
class Checked:
    """The plain values of a file, the position of each, and the problems found."""

    values: dict[str, object] = field(default_factory=dict)
    marks: dict[str, Mark] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
