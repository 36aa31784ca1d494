"""How long a line takes to say at a speech rate, and how a rate is given to each speech
engine. Pure functions.

The estimate is fitted to espeak-ng 1.51 (its default voice), which wrote every line the
built-in routines say to WAV files at 100 to 250 words a minute (benchmarks/speech.py measures
it again): seconds = (0.12 + 0.068 a letter or digit + 0.182 more a digit + 0.44 a stop at
. ; : ! ? + 0.2 a comma) x (175 / rate) ^ 1.05, plus 0.15 s for the engine to start.
Measured: it is fitted from above (a linear programme: the least total overestimate with no
line over its estimate), the closest line 0.007 s under it before the start is added. With
the start, at 175 words a minute it is 0.63 s (1.19 times) over the median line and 1.34
times over a line under 2.5 s (the last fit, 0.9 + 0.06 a letter + 0.38 a pause: 0.98 s, 1.26
and 1.68 times, so short cues were dropped for want of room). A count ("3,") takes at most
1 s at 120 words a minute, so a 3, 2, 1 can be said one number a second.
"""

from __future__ import annotations

import functools
import math
import re

from stretchcli.model import RATE

_LETTERS = re.compile(r"[A-Za-z0-9]")
_DIGITS = re.compile(r"[0-9]")
_STOPS = re.compile(r"[.;:!?]")
_COMMAS = re.compile(r",")
# Measured (see above): fitted to 2,484 lines of espeak-ng 1.51 at six rates.
PER_LINE = 0.12
PER_LETTER = 0.068
PER_DIGIT = 0.182  # a digit is a word ("three"), on top of its letter
PER_STOP = 0.44
PER_COMMA = 0.2
EXPONENT = 1.05
ENGINE_START = 0.15  # starting the process and the sound: not in a WAV file, allowed for


@functools.cache  # `list` and `show` time every line of every routine, many of them alike
def speech_seconds(text: str, rate: float = RATE) -> float:
    """About how long `text` takes to say at `rate` words a minute (on the long side; 0 for
    no text)."""
    if not text.strip():
        return 0.0
    spoken = (
        PER_LINE
        + PER_LETTER * len(_LETTERS.findall(text))
        + PER_DIGIT * len(_DIGITS.findall(text))
        + PER_STOP * len(_STOPS.findall(text))
        + PER_COMMA * len(_COMMAS.findall(text))
    )
    return ENGINE_START + spoken * float((RATE / rate) ** EXPONENT)


# speech-dispatcher takes -100..100; its espeak-ng module's defaults map -100 to 80 words a
# minute, 0 to 170 and +100 to 449 (EspeakMinRate, EspeakNormalRate, EspeakMaxRate in
# espeak-ng.conf). Other output modules map the scale their own way.
SPD_RATES = (80, 170, 449)


def spd_rate(rate: float) -> int:
    """A rate in words a minute as spd-say's -100..100 (for its espeak-ng module)."""
    low, normal, high = SPD_RATES
    if rate < normal:
        value = (rate - normal) * 100 / (normal - low)
    else:
        value = (rate - normal) * 100 / (high - normal)
    return max(-100, min(100, math.floor(value + 0.5)))


def rate_args(engine: str, rate: float) -> list[str]:
    """The options that set the rate of `engine` (a command's file name), before the text."""
    wpm = str(round(rate))
    if engine in ("espeak-ng", "espeak"):
        return ["-s", wpm]
    if engine == "say":  # macOS: words a minute
        return ["-r", wpm]
    if engine == "spd-say":
        return ["-r", str(spd_rate(rate))]
    return []
