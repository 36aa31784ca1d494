"""What checking one file found: its plain values, where each is, and its problems.

Apart from the checker (checker.py) and the loader (catalog.py), which both use it, so that a
cached result (cache.py) can be used without importing YAML or the checker."""

from __future__ import annotations

from dataclasses import dataclass, field

from stretchcli.errors import Problem

Mark = tuple[int, int]  # a 1-based line and column


@dataclass
class Checked:
    """The plain values of a file, the position of each, the problems found and the
    warnings."""

    values: dict[str, object] = field(default_factory=dict)
    marks: dict[str, Mark] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # What is taken but should be checked (a ladder's unusual dose): each message begins
    # "warning: "; never a reason to refuse the file.
    warnings: list[Problem] = field(default_factory=list)
