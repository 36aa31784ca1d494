"""When each thing said in a phase starts, so that nothing overlaps, nothing runs past the
end of the phase, and no silence grows too long. Pure functions.

Times are seconds from the start of the phase. A line after the first starts on a whole
number of seconds before the phase's end: that is when the runner wakes to redraw the
countdown, so a line is said on time, never up to a second late.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from stretchcli.session.speech import speech_seconds

GAP = 0.5  # chosen: the least silence between two things said, so they do not run together
# Chosen: the longest planned silence in a phase. Real speech is a little shorter than its
# estimate (speech.py), so a listener hears at most about a second more than this.
MAX_SILENCE = 9.0


@dataclass(frozen=True)
class Said:
    """One thing said in a phase: `text`, started `at` seconds into it."""

    at: float
    text: str


@dataclass(frozen=True)
class Group:
    """Lines said together: each (seconds after the first starts, text); `apart`: the least
    silence between two of them (a count keeps its own rhythm, with none)."""

    lines: tuple[tuple[float, str], ...]
    apart: float = GAP

    @classmethod
    def one(cls, text: str) -> Group:
        """A single line."""
        return cls(((0.0, text),))


@dataclass
class Layout:
    """The lines of one phase as they are placed; `rate` is the speech rate they are timed
    at, `duration` the phase's length."""

    duration: float
    rate: float
    said: list[Said] = field(default_factory=list)

    def seconds(self, text: str) -> float:
        """How long `text` takes at this layout's rate."""
        return speech_seconds(text, self.rate)

    def _free(self, at: float, text: str) -> bool:
        end = at + self.seconds(text)
        if at < 0 or end > self.duration + 1e-9:
            return False
        for other in self.said:
            other_end = other.at + self.seconds(other.text)
            if at < other_end + GAP - 1e-9 and other.at < end + GAP - 1e-9:
                return False
        return True

    def _fits(self, at: float, group: Group) -> bool:
        lines = group.lines
        apart = all(
            a + self.seconds(text) + group.apart <= b + 1e-9
            for (a, text), (b, _) in itertools.pairwise(lines)
        )
        return apart and all(self._free(at + offset, text) for offset, text in lines)

    def _add(self, at: float, group: Group) -> None:
        self.said += [Said(at + offset, text) for offset, text in group.lines]
        self.said.sort(key=lambda s: s.at)

    def grid(self, earliest: float = 0.0, latest: float | None = None) -> Iterator[float]:
        """The times a later line may start at, from `earliest` to `latest`: whole seconds
        before the end of the phase."""
        last = self.duration if latest is None else min(latest, self.duration)
        left = math.floor(self.duration - max(0.0, earliest) + 1e-9)
        while left >= 1 and self.duration - left <= last + 1e-9:
            yield self.duration - left
            left -= 1

    def start(self, wordings: Sequence[str]) -> str | None:
        """Say the first of `wordings` that fits as the phase starts (the others are shorter
        fallbacks); None when none fits."""
        for text in wordings:
            if text and self._free(0.0, text):
                self._add(0.0, Group.one(text))
                return text
        return None

    def at(self, at: float, text: str) -> bool:
        """Say `text` at `at` if nothing is in the way."""
        if self._free(at, text):
            self._add(at, Group.one(text))
            return True
        return False

    def place(self, at: float, group: Group) -> bool:
        """Say `group` from `at` if nothing is in the way."""
        if self._fits(at, group):
            self._add(at, group)
            return True
        return False

    def ending(self, text: str, before_end: float = 0.0) -> bool:
        """Say `text` so that it ends `before_end` seconds before the phase (or just before)."""
        finish = self.duration - before_end
        left = math.ceil(self.duration - finish + self.seconds(text) - 1e-9)
        return self.at(self.duration - left, text)

    def earliest(self, group: Group, after: float = 0.0, latest: float | None = None) -> bool:
        """Say `group` as early as it fits, no sooner than `after` (nor later than `latest`)."""
        for at in self.grid(after, latest):
            if self._fits(at, group):
                self._add(at, group)
                return True
        return False

    def silences(self) -> list[tuple[float, float]]:
        """The silences of the phase, as (start, end)."""
        gaps = []
        quiet_from = 0.0
        for said in self.said:
            if said.at > quiet_from:
                gaps.append((quiet_from, said.at))
            quiet_from = max(quiet_from, said.at + self.seconds(said.text))
        if self.duration > quiet_from:
            gaps.append((quiet_from, self.duration))
        return gaps

    def fill(self, fillers: Iterable[Group]) -> None:
        """Break every silence longer than MAX_SILENCE with the next fillers, spread evenly
        through it."""
        queue = iter(fillers)
        for a, b in self.silences():
            if b - a <= MAX_SILENCE:
                continue
            pending: list[Group] = []
            while True:
                group = pending[-1] if pending else next(queue, None)
                if group is None:
                    return
                if not pending:
                    pending.append(group)
                said = sum(self._length(g) + GAP for g in pending)
                if (b - a - said) / (len(pending) + 1) <= MAX_SILENCE:
                    break
                nxt = next(queue, None)
                if nxt is None:
                    break
                pending.append(nxt)
            step = (b - a) / (len(pending) + 1)
            for j, group in enumerate(pending, 1):
                aim = a + j * step - self._length(group) / 2
                for at in sorted(self.grid(a, b), key=_distance_to(aim)):
                    if self._fits(at, group):
                        self._add(at, group)
                        break

    def _length(self, group: Group) -> float:
        """How long a group takes, from its first line's start to its last line's end."""
        offset, text = group.lines[-1]
        return offset + self.seconds(text)

    def lines(self) -> tuple[Said, ...]:
        """What is said, in order."""
        return tuple(self.said)


def _distance_to(aim: float) -> Callable[[float], float]:
    return lambda at: abs(at - aim)
