"""Draw every built-in exercise's figures as SVG, and as PNG where `rsvg-convert` (Debian's
librsvg2-bin) is installed: `python docs/figures.py` writes docs/figures/."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import routine_folders
from stretchcli.model import apply_variant
from stretchcli.views.figure import svg

HERE = Path(__file__).parent / "figures"


def main() -> None:
    HERE.mkdir(exist_ok=True)
    catalog = load_catalog(routine_folders({**os.environ, "STRETCH_CONFIG_DIR": "/nonexistent"}))
    convert = shutil.which("rsvg-convert")
    for exercise in sorted(catalog.exercises.values(), key=lambda e: e.id):
        for variant in (None, *exercise.variants):
            shown = apply_variant(exercise, variant)
            if shown.figure is None or (variant and shown.figure is exercise.figure):
                continue
            name = exercise.id + (f"--{variant}" if variant else "")
            path = HERE / f"{name}.svg"
            path.write_text(svg(shown.figure, ("start", "held")), encoding="utf-8")
            if convert:
                subprocess.run(
                    [convert, str(path), "-o", str(path.with_suffix(".png"))], check=True
                )
                path.unlink()  # the PNGs are what the README shows; `show --svg` makes SVGs


if __name__ == "__main__":
    main()
