"""A stored session's options, as `stretch again` and `run --resume` take them: what a run
wrote, or an error that says whose they are (exit 1: nothing typed was wrong). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stretchcli import exported
from stretchcli.errors import StretchError
from stretchcli.session.options import RunOptions


@dataclass(frozen=True)
class Replayed:
    """Where a run's shaping options came from when nobody typed them: session `session` of
    the history, the last one (`again`) or the routine's last stopped one (`resume`);
    `today`: the routine is today's of the plan (started afresh by `stretch run`)."""

    session: int
    resume: bool = False
    today: bool = False


class ReplayError(StretchError):
    """A stored session's options that cannot be used again. Exit code 1, as for anything
    to fix that is not on the command line (2 is for what was typed)."""


def as_stored(record: Mapping[str, object], replayed: Replayed, routine: str) -> RunOptions:
    """A stored session's options (`replayed`'s, of `routine`) as a run wrote them; a
    ReplayError for options no run writes (changed by hand: a scale of 1e999, a key that
    is none), rather than run without them unsaid."""
    try:
        exported.options(dict(record))
    except exported.Refused as exc:
        said = f"options.{exc}" if exc.key else f"options: {exc}"
        raise ReplayError(
            f"{whose(replayed, routine)}: {said}",
            f"start afresh with `stretch run {routine}`",
        ) from None
    return RunOptions.from_record(record)


def whose(replayed: Replayed, routine: str) -> str:
    """Whose options they are, and what cannot be done with them."""
    if replayed.resume:
        return f"session {replayed.session} of {routine} cannot be resumed with its options"
    return f"the last session (session {replayed.session}) cannot be run again with its options"
