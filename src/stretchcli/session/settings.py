"""How a run is to go, decided in one place: an option given on the command line wins over the
config file, which wins over the default; `--resume` and `stretch again` take their options
from the history's past (`past.Past`, read before). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from stretchcli.errors import NotFoundError, UsageError
from stretchcli.model import RATE, Coach
from stretchcli.session.options import RunOptions
from stretchcli.session.stored_options import Replayed, as_stored

if TYPE_CHECKING:
    from stretchcli.files.config import Config
    from stretchcli.history.past import Past
    from stretchcli.plan.model import LastPain


FIRST = "`stretch run upper-back`"  # as `stretch history` says with no session
FIRST_OF_PLAN = "`stretch run`: today's routine of your plan"


@dataclass(frozen=True)
class RunFlags:
    """What the command line said about a run; None where it said nothing."""

    avoid: tuple[str, ...] | None = None
    only: tuple[str, ...] | None = None
    skip: tuple[str, ...] | None = None
    scale: float | None = None
    minutes: float | None = None
    variants: dict[str, str] | None = None
    voice: bool | None = None
    pain: bool | None = None
    pain_before: int | None = None
    quiet: bool = False
    plain: bool = False
    as_json: bool = False
    brief: bool = False
    figures: bool | None = None
    note: str | None = None
    voice_rate: int | None = None

    def shaping(self) -> list[str]:
        """The flags given that shape the session (which `--resume` cannot take)."""
        given = {
            "--avoid": self.avoid,
            "--only": self.only,
            "--skip": self.skip,
            "--scale": self.scale,
            "--variant": self.variants,
            "--minutes": self.minutes,
        }
        return [flag for flag, value in given.items() if value is not None]

    def check_resumable(self) -> None:
        """A UsageError if a flag that shapes the session is given with `--resume`."""
        given = self.shaping()
        if given:
            raise UsageError(
                f"--resume continues with the options of the run it resumes: leave out {given[0]}",
                "or start afresh without --resume",
            )


@dataclass(frozen=True)
class RunSettings:
    """Everything a run needs to know before it starts."""

    routine: str
    options: RunOptions = field(default_factory=RunOptions)
    plain: bool = False
    as_json: bool = False
    bell: bool = True
    voice: bool = False
    ask_pain: bool = False
    pain_before: int | None = None
    coach: Coach = "full"
    countdown: bool = True
    figures: bool = True
    note: str | None = None
    voice_rate: float = RATE  # words a minute: the voice's, and what cues are timed at
    cautions_heard: bool = False  # this routine was done to its end within CAUTIONS_HEARD
    this_week: int | None = None  # sessions that counted this week before this one
    rated_lately: LastPain | None = None  # the latest pain before and after, of lately
    replayed: Replayed | None = None  # the options are a stored session's, not typed

    @classmethod
    def resolve(
        cls,
        *,
        flags: RunFlags,
        config: Config,
        past: Past,
        routine: str | None = None,
        resume: bool = False,
        has_plan: bool = False,
    ) -> RunSettings:
        """The settings of `stretch run ROUTINE` (with `resume`: of `--resume`, continuing the
        routine's last stopped run), or, without a routine, of `stretch again` (the last
        session's routine and options), from what `past` read of the history for it. Before
        any session, `again` points to the first one: with a plan (`has_plan`), its own."""
        if routine is None:
            last = past.last
            if last is None and past.ahead:
                from stretchcli.history.past import ahead_words

                raise NotFoundError(f"no session to run again: {ahead_words(past.ahead)}")
            if last is None:
                first = FIRST_OF_PLAN if has_plan else FIRST
                raise NotFoundError("no session yet to run again", f"start one with {first}")
            again = Replayed(last.id)
            routine, options = last.routine, as_stored(last.options, again, last.routine)
            replayed: Replayed | None = again
        elif resume:  # its flags were checked (`check_resumable`) before the past was read
            stopped = past.unfinished
            if stopped is None:
                raise NotFoundError(
                    f"no stopped or interrupted run of {routine} to resume",
                    f"start one with `stretch run {routine}`",
                )
            replayed = Replayed(stopped.id, resume=True)
            stored = as_stored(stopped.options, replayed, routine)
            options = replace(stored, start_at=stopped.last_step)
        else:
            replayed = None
            options = RunOptions(
                avoid=frozenset(config.avoid if flags.avoid is None else flags.avoid),
                only=flags.only or (),
                skip=flags.skip or (),
                scale=config.scale if flags.scale is None else flags.scale,
                variants=flags.variants or {},
                minutes=flags.minutes,
            )
        return cls(
            routine=routine,
            options=options,
            plain=flags.plain or config.plain,
            as_json=flags.as_json,
            bell=config.sound and not flags.quiet,
            voice=(config.voice if flags.voice is None else flags.voice) and not flags.quiet,
            ask_pain=config.ask_pain if flags.pain is None else flags.pain,
            pain_before=flags.pain_before,
            coach="brief" if flags.brief else config.coach,
            countdown=config.countdown,
            figures=config.figures if flags.figures is None else flags.figures,
            note=flags.note,
            voice_rate=config.voice_rate if flags.voice_rate is None else flags.voice_rate,
            cautions_heard=past.heard,
            this_week=past.this_week,
            rated_lately=past.rated_lately,
            replayed=replayed,
        )
