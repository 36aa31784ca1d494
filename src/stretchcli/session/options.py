"""How a session is to be shaped (`run --avoid`, `--only`, `--skip`, `--scale`, `--variant`,
`--minutes`, a resume), as typed and as stored to repeat it (`stretch again`)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeGuard

from stretchcli.model import SCALES

MINUTES = (1.0, 120.0)  # what `run --minutes` takes


@dataclass(frozen=True)
class RunOptions:
    """How to shape a session: movements to avoid, steps to keep or drop, a time scale."""

    avoid: frozenset[str] = frozenset()
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    scale: float = 1.0
    variants: Mapping[str, str] = field(default_factory=dict)
    start_at: int | None = None  # resume: leave out the steps before this one (0-based)
    minutes: float | None = None  # fit the session into this many minutes (fewer reps, sets)

    def record(self) -> dict[str, object]:
        """The options as JSON-ready data, to repeat a session later (`stretch again`)."""
        return {
            "avoid": sorted(self.avoid),
            "only": list(self.only),
            "skip": list(self.skip),
            "scale": self.scale,
            "variants": dict(self.variants),
            "minutes": self.minutes,
        }

    def steps_of(self, steps: Collection[str]) -> RunOptions:
        """The options as a run of these steps does them: an --only that names every one
        leaves nothing out, so it is kept as none (verify 25, V6: such a session was
        "chosen steps only", and partial)."""
        if self.only and set(steps) <= set(self.only):
            return replace(self, only=())
        return self

    def flags(self) -> list[str]:
        """The options as they would be typed: ['--avoid rotation', '--scale 0.5']."""
        given = [
            ("--avoid", ",".join(sorted(self.avoid))),
            ("--only", ",".join(self.only)),
            ("--skip", ",".join(self.skip)),
            ("--scale", f"{self.scale:g}" if self.scale != 1 else ""),
            ("--minutes", f"{self.minutes:g}" if self.minutes is not None else ""),
        ]
        given += [("--variant", f"{k}={v}") for k, v in self.variants.items()]
        return [f"{flag} {value}" for flag, value in given if value]

    @classmethod
    def from_record(cls, data: Mapping[str, object]) -> RunOptions:
        """Options stored by `record` (unknown or missing keys fall back to defaults)."""

        def strings(key: str) -> tuple[str, ...]:
            value = data.get(key)
            return tuple(str(v) for v in value) if isinstance(value, list) else ()

        scale = data.get("scale")
        variants = data.get("variants")
        minutes = data.get("minutes")
        return cls(
            avoid=frozenset(strings("avoid")),
            only=strings("only"),
            skip=strings("skip"),
            scale=float(scale) if _a_scale(scale) else 1.0,
            variants={str(k): str(v) for k, v in variants.items()}
            if isinstance(variants, dict)
            else {},
            minutes=float(minutes) if _a_minutes(minutes) else None,
        )


def _a_minutes(value: object) -> TypeGuard[float]:
    """Whether a stored value is a number of minutes `run --minutes` would accept."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return MINUTES[0] <= value <= MINUTES[1]


def _a_scale(value: object) -> TypeGuard[float]:
    """Whether a stored value is a scale `run` would accept (read-back data is input too)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return SCALES[0] <= value <= SCALES[1]
