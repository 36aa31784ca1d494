"""A plan: the steps a session will do, each an exercise with its dose settled, and the
get-ready and rest between them; the error of options the routine cannot take."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stretchcli.errors import UsageError
from stretchcli.model import PREPARE, REST, Dose, Exercise
from stretchcli.session import wording

if TYPE_CHECKING:  # `list` and `show` plan every routine: they need no records
    from stretchcli.records import Swap


@dataclass(frozen=True)
class PlannedStep:
    """An exercise as it will be done in this session: variant applied, dose settled."""

    exercise: Exercise
    dose: Dose


@dataclass(frozen=True)
class Plan:
    """The steps a session will do, the get-ready and rest between them (scaled), and notes
    on what the options changed."""

    steps: tuple[PlannedStep, ...]
    prepare: float = PREPARE
    rest: float = REST
    notes: tuple[str, ...] = ()
    first_step: int = 0  # a resumed run starts at this step of the full plan
    swaps: tuple[Swap, ...] = ()
    intro: wording.Intro = field(default_factory=wording.Intro)  # the first get-ready's


# What is said of a step the person's plan leaves out, where a flag asks for it.
WITHHELD_HINT = (
    "it is not done while the plan says so; show `stretch plan` to a clinician to change that"
)


@dataclass(frozen=True)
class Withheld:
    """What the person's plan takes away from a routine's run, for the run to say truly:
    each step it leaves out (or has another done in place of), by id, in words ('your plan
    leaves out Ball pressure on trigger points (blood thinners)'); and each step whose
    alternative it leaves out, by id, in words ('your plan leaves out its alternative, ...');
    and why the routine itself is not run, if it is not (every step is in `steps` then)."""

    steps: Mapping[str, str] = field(default_factory=dict)
    alternatives: Mapping[str, str] = field(default_factory=dict)
    refused: str = ""  # why the routine itself is not run ('': it is)


class PlanError(UsageError):
    """Options that name a step the routine does not have, or a variant its exercise does
    not have, or minutes it does not fit into; `option` is which ("only", "skip", "variant",
    "minutes"), for the CLI to name its flag; `least`: the fewest minutes it fits into;
    `named`: the exercise it names, where the message does not quote it."""

    def __init__(
        self,
        option: str,
        message: str,
        hint: str,
        least: int | None = None,
        named: str | None = None,
    ) -> None:
        super().__init__(message, hint)
        self.option = option
        self.least = least
        self.named = named


def refuse_withheld(only: Iterable[str], variants: Iterable[str], taken: Withheld) -> None:
    """A PlanError where --only or a variant names a step the plan takes away (with why)."""
    for option, ident in (*(("only", i) for i in only), *(("variant", i) for i in variants)):
        why = taken.steps.get(ident)
        if why is not None:
            raise PlanError(option, f"your plan leaves out {why}", WITHHELD_HINT, named=ident)
