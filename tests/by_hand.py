"""What tests give model objects they make by hand: where such a file would have come from."""

from __future__ import annotations

from pathlib import Path

from stretchcli.model import Origin

ORIGIN = Origin(Path("made-by-hand.yaml"), "checked")
