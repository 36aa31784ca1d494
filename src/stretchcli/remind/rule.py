"""The one rule for whether a reminder is due at a moment, once its time and working window
are known: `remind check`, `stretch remind` and `stretch due` (from its kept answer) all ask
it, so that they never disagree at a window's edge or on a night the clocks change.

Moments are seconds since the epoch (real time, whatever the local clock shows); this module
imports nothing, as `stretch due` runs on every prompt."""

from __future__ import annotations


def due_at(next_at: float, opens: float, closes: float, now: float) -> bool:
    """Whether a reminder whose time is `next_at`, in the working window from `opens` to
    `closes` (its end left out), is due at `now`: its time has come and the window is open."""
    return next_at <= now and opens <= now < closes
