"""Draw every built-in exercise's figures as SVG, and as PNG where `rsvg-convert` (Debian's
librsvg2-bin) is installed: `python docs/figures.py` writes docs/figures/, each position at
least SIZE pixels across (large enough to judge a pose by); a figure the live screen frames to
the parts that move (its focus) also as that close-up, NAME--close-up."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import routine_folders
from stretchcli.model import Figure, apply_variant
from stretchcli.views.figure import bounds, svg

HERE = Path(__file__).parent / "figures"
SIZE = 420  # pixels across one position (start or held), at least


def unit(figure: Figure, framed: bool = False) -> float:
    """Pixels per head height: each position's larger side SIZE pixels, and the picture (two
    positions side by side, a head height apart) at least SIZE wide."""
    left, bottom, right, top = bounds(figure, framed)
    width, height = right - left, top - bottom
    return max(SIZE / max(width, height), SIZE / (2 * width + 1))


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
            title = f"{shown.name}: start and held positions"
            pictures = [(name, False)] + (
                [(f"{name}--close-up", True)] if shown.figure.focus else []
            )
            for stem, framed in pictures:
                path = HERE / f"{stem}.svg"
                scale = unit(shown.figure, framed)
                drawn = svg(shown.figure, ("start", "held"), scale, title=title, framed=framed)
                path.write_text(drawn, encoding="utf-8")
                if convert:
                    subprocess.run(
                        [convert, str(path), "-o", str(path.with_suffix(".png"))], check=True
                    )
                    path.unlink()  # the PNGs are what the README shows; `show --svg` makes SVGs


if __name__ == "__main__":
    main()
