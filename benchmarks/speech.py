"""How long espeak-ng takes to say every line the built-in routines say, against the estimate
the timeline is planned with, printed as a Markdown table.

    python benchmarks/speech.py [RATE ...]

Not part of the test suite: it writes each line to a WAV file with espeak-ng at each rate
(default 120 140 175 220 words a minute) and reads its length. The estimate must never be
shorter (a slow test checks that too); the table says by how much it is longer.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import wave
from collections.abc import Sequence
from pathlib import Path

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder, builtin_dir
from stretchcli.session.coaching import script
from stretchcli.session.holds import Coaching
from stretchcli.session.options import RunOptions
from stretchcli.session.planning import plan
from stretchcli.session.speech import speech_seconds
from stretchcli.session.timeline import build


def spoken_lines(rate: float) -> list[str]:
    """Every different line the built-in routines say at `rate`."""
    catalog = load_catalog([Folder(builtin_dir(), "built-in")])
    lines: set[str] = set()
    for routine in catalog.routines.values():
        planned = plan(routine, catalog.exercises, RunOptions(), "full", rate)
        phases = build(planned, "full", rate)
        steps = [s.exercise for s in planned.steps]
        told = Coaching("full", True, rate)
        for cue in script(phases, steps, told, planned.intro, planned.prepare):
            lines |= {said.text for said in cue.spoken}
    return sorted(lines)


def wav_seconds(text: str, rate: float, folder: Path) -> float:
    """How long espeak-ng's audio of `text` lasts at `rate`."""
    path = folder / "line.wav"
    subprocess.run(["espeak-ng", "-s", str(round(rate)), "-w", str(path), text], check=True)
    with wave.open(str(path)) as audio:
        frames: int = audio.getnframes()
        rate_hz: int = audio.getframerate()
    return frames / rate_hz


def main(argv: Sequence[str] | None = None) -> int:
    rates = [float(r) for r in (argv if argv is not None else sys.argv[1:])] or [120, 140, 175, 220]
    if shutil.which("espeak-ng") is None:
        print("needs espeak-ng", file=sys.stderr)
        return 1
    print(
        "| rate (wpm) | lines | longest line (s) | estimate - real: least, median, most (s) "
        "| estimate / real: median, most |"
    )
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for rate in rates:
            lines = spoken_lines(rate)
            real = [wav_seconds(text, rate, Path(folder)) for text in lines]
            spare = [speech_seconds(t, rate) - r for t, r in zip(lines, real, strict=True)]
            ratio = [speech_seconds(t, rate) / r for t, r in zip(lines, real, strict=True)]
            print(
                f"| {rate:g} | {len(lines)} | {max(real):.2f} | {min(spare):.2f}, "
                f"{statistics.median(spare):.2f}, {max(spare):.2f} | "
                f"{statistics.median(ratio):.2f}, {max(ratio):.2f} |"
            )
            if min(spare) < 0:
                print(f"the estimate is short at {rate:g} words a minute", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
