"""`stretch start`'s conversation: one key a question at a terminal (Enter takes the answer
shown in capitals; numbers are typed, then Enter; lines where keys cannot be read), only the
questions the options left open; and the plan it made, with the reason for each choice. The
choosing itself is pure (`plan/screening.py`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from stretchcli import safety
from stretchcli.env import Environment
from stretchcli.errors import StretchError, UsageError
from stretchcli.files.catalog import Catalog
from stretchcli.files.config import Config
from stretchcli.files.startplan import write_plan, write_waiting
from stretchcli.history.plan_follow import follow, free_to_adopt
from stretchcli.history.store import History
from stretchcli.model import Routine
from stretchcli.plan.advice import CHECK_FIRST, SEE_FIRST, Advice
from stretchcli.plan.answers import (
    AREA_NAMES,
    FLAGS,
    MINUTES,
    Answers,
    Area,
    Precaution,
    Seen,
    ends,
    settled,
    word,
)
from stretchcli.plan.choosing import Timing
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import Plan
from stretchcli.plan.screening import Proposal, screen, uses_bed
from stretchcli.plan.standing import Standing
from stretchcli.plan.words import goal_text
from stretchcli.session.options import RunOptions
from stretchcli.session.plan_length import first_session_seconds, least_run_minutes
from stretchcli.text import clock, full_date, whole_number, wrapped, wrapped_prompt

TRIES = 3
END_OF_INPUT = "\x04"  # Ctrl-D: a single key at a terminal, where it ends a typed line
KeyReader = Callable[[], str]  # the next key pressed ("\r" or "\n": Enter; "": no more)
DEFAULTS = Answers()
# The options that answer each question, for the one-line error without a terminal.
OPTIONS: dict[str, str] = {
    "where": "--where",
    "flags": "--no-red-flags (or --red-flag LEVEL, --lasting-pain ANSWER)",
    "shoulder_blades": "--shoulder-blades ANSWER",
    "precautions": "--precaution NAME (or --no-precautions)",
    "floor": "--floor/--no-floor",
    "chair": "--chair/--no-chair",
    "bed": "--bed/--no-bed",
    "ball": "--ball/--no-ball",
    "wall": "--wall/--no-wall",
    "mat": "--mat/--no-mat",
    "band": "--band/--no-band",
    "minutes": "--minutes",
    "days": "--days",
}
AREA_KEYS: dict[str, Area] = {"u": "upper-back", "n": "neck-shoulders", "l": "lower-back"}
PRECAUTION_QUESTIONS: tuple[tuple[Precaution, str], ...] = (
    ("osteoporosis", "Have you been told you have osteoporosis (thin, fragile bones)?"),
    ("blood-thinners", "Do you take blood thinners, or bruise or bleed easily?"),
    ("recent-surgery", "Have you had surgery in the last few months?"),
    ("stenosis", "Have you been told you have spinal stenosis?"),
)


def start(
    env: Environment,
    catalog: Catalog,
    history: History,
    given: Mapping[str, object],
    yes: bool,
    key: KeyReader | None = None,
    config: Config | None = None,
) -> bool:
    """`stretch start`: the answers (asked for at the terminal where the options leave some
    open), then the plan written and shown (True), or the advice instead of one (False:
    no plan was made)."""
    left = missing(given, catalog.routines)
    if left and not yes and not env.stdin_isatty:
        raise UsageError(
            "no terminal to ask at: give " + ", ".join(left),
            "or --yes to take the defaults",
        )
    routines = catalog.routines
    answers = (
        converse(env, given, key, routines) if left and not yes else answers_from(given, routines)
    )
    ladders = file_ladders(catalog.exercises)
    timing = run_timing(catalog, config or Config())
    found = screen(answers, catalog.routines, catalog.exercises, ladders, env.wall().date(), timing)
    if isinstance(found, Advice):
        env.print_lines(wrapped(advice_lines(found), env.width))
        return False
    names = {name: exercise.name for name, exercise in catalog.exercises.items()}
    if found.check_first:  # the NHS's urgency first; the plan waits for the check
        path = write_waiting(env.environ, found, catalog)
        lines = [
            *CHECK_FIRST,
            "",
            f"A plan is made for after that check, and waits: {path}.",
            f"Once a clinician has checked the pain, start it with: stretch plan use {path}",
        ]  # and nothing else: not the plan (the check comes first)
        env.print_lines(wrapped(lines, env.width))
        return False
    free_to_adopt(history)  # as `plan use`: nothing adopted where its start is not recorded
    adopted = write_plan(env.environ, found, catalog)
    # The plan starts now, as one adopted with `stretch plan use` does: its start is stored.
    followed = follow(history, adopted.plan, ladders, catalog.routines, catalog.exercises, env.warn)
    # The same answers again keep the plan's progress: what it left out is shown as such.
    standings = followed.progress.standings
    # Pain that has lasted, not yet seen: the NHS's appointment first, then the plan.
    lines = [*(SEE_FIRST if found.see_first else ())]
    on = config is not None and config.remind
    lines += proposal_lines(found, names, adopted.path, adopted.previous, standings, on)
    env.print_lines(wrapped(lines, env.width))
    return True


def run_timing(catalog: Catalog, config: Config) -> Timing:
    """How long a first session of a plan's routine takes as `stretch run` runs it with
    `config` (its avoided movements, time scale, coaching and voice rate), and the fewest
    minutes its --minutes fits it into."""
    return _RunTiming(catalog, config)


@dataclass(frozen=True)
class _RunTiming:
    """`Timing` as `stretch run` times and fits a session with `config`."""

    catalog: Catalog
    config: Config

    def _options(self) -> RunOptions:
        return RunOptions(avoid=frozenset(self.config.avoid), scale=self.config.scale)

    def __call__(self, plan: Plan, routine: str, earlier: frozenset[str]) -> float:
        config = self.config
        return first_session_seconds(
            self.catalog, plan, routine, earlier, self._options(), config.coach, config.voice_rate
        )

    def least(self, plan: Plan, routine: str) -> int | None:
        """The fewest minutes `stretch run --minutes` takes for the routine's session."""
        config = self.config
        return least_run_minutes(
            self.catalog, plan, routine, self._options(), config.coach, config.voice_rate
        )


THINGS: tuple[tuple[str, str], ...] = (
    ("chair", "A steady chair without wheels, such as a kitchen chair?"),
    ("bed", "A bed you can stretch on?"),
    ("ball", "A tennis ball?"),
    ("wall", "A clear stretch of wall to lean on?"),
    ("mat", "A mat, or a thick blanket, for the floor?"),
    ("band", "A resistance band (an exercise band)?"),
)


def missing(given: Mapping[str, object], routines: Mapping[str, Routine]) -> list[str]:
    """The options a script must still give to answer every question: none once the
    answers say no plan is made, and none that the answers make needless (`settled`)."""
    if ends(given):
        return []
    needless = settled(given, _uses_bed(given, routines))
    return [option for name, option in OPTIONS.items() if name not in {**given, **needless}]


def _uses_bed(known: Mapping[str, object], routines: Mapping[str, Routine]) -> bool:
    where = known.get("where", DEFAULTS.where)
    return uses_bed(where, routines)  # type: ignore[arg-type]


def answers_from(given: Mapping[str, object], routines: Mapping[str, Routine]) -> Answers:
    """The answers the options give, the needless ones at what they stand for, the defaults
    for the rest."""
    needless = settled(given, _uses_bed(given, routines))
    return replace(DEFAULTS, **{**given, **needless})  # type: ignore[arg-type]


def converse(
    env: Environment,
    given: Mapping[str, object],
    key: KeyReader | None,
    routines: Mapping[str, Routine],
) -> Answers:
    """Ask at the terminal what the options left open; the answers (stopping at the first
    red flag or uncleared surgery, whose answers are then enough to say so). With `key`, a
    letter question takes a single key press; numbers are typed and Enter. The warning signs
    need a y or an n: Enter takes no answer for them."""
    known: dict[str, object] = dict(given)
    out = env.stdout
    intro = "A few questions to make your plan. Enter takes the answer in capitals."
    out.write("".join(f"{line}\n" for line in wrapped([intro], env.width)))
    if "where" not in known:
        keys = "/".join(k.upper() if v == DEFAULTS.where else k for k, v in AREA_KEYS.items())
        known["where"] = _choose(
            env,
            key,
            f"Where does it hurt most? u upper back, n neck and shoulders, l lower back [{keys}] ",
            {"": DEFAULTS.where, **AREA_NAMES},
        )
    if "flags" not in known:
        lead = ["", "First, the warning signs (stretch safety has them all), a group at a time."]
        out.write("".join(f"{line}\n" for line in wrapped(lead, env.width)))
        neck = known["where"] == "neck-shoulders"
        groups = safety.asked(neck)
        for flag, (urgency, signs) in zip(FLAGS, groups, strict=False):
            _signs(env, signs, urgency)
            if _yes(env, key, "Does any of these apply to you now?", None):
                known["flags"] = (flag,)
                return answers_from(known, routines)
        known["flags"] = ()
        if "lasting" not in known:
            _signs(env, groups[-1][1], groups[-1][0])
            known["lasting"] = _seen(
                env,
                key,
                "Does this apply to you now?",
                "Has a doctor or physiotherapist seen this pain, and it is no worse since?",
            )
    if "shoulder_blades" not in known:
        lead = ["", "The NHS asks that a clinician checks pain between the shoulder blades."]
        out.write("".join(f"{line}\n" for line in wrapped(lead, env.width)))
        known["shoulder_blades"] = _seen(
            env,
            key,
            "Is the pain at the top of your back, between the shoulder blades?",
            "Has a doctor or physiotherapist checked that pain, and it has not changed since?",
        )
    if "precautions" not in known:
        _write(env, ["", "A few things that change which stretches are safe for you."])
        found: set[Precaution] = set()
        for name, question in PRECAUTION_QUESTIONS:
            if _yes(env, key, question, False):
                found.add(name)
                if name == "recent-surgery" and "cleared" not in known:
                    known["cleared"] = _yes(
                        env,
                        key,
                        "Has the clinician who looks after it said you can stretch?",
                        False,
                    )
                    if not known["cleared"]:
                        known["precautions"] = frozenset(found)
                        return answers_from(known, routines)
        known["precautions"] = frozenset(found)
    if "floor" not in known:
        known["floor"] = _yes(
            env, key, "Can you get down to the floor and back up, with room?", True
        )
    needless = settled(known, _uses_bed(known, routines))
    things = [(thing, q) for thing, q in THINGS if thing not in known and thing not in needless]
    if things:
        _write(env, ["", "Where and with what can you stretch?"])
    for thing, question in things:
        known[thing] = _yes(env, key, question, bool(getattr(DEFAULTS, thing)))
    out.write("\n")
    if "minutes" not in known:
        known["minutes"] = _number(env, "Minutes a day", MINUTES, DEFAULTS.minutes)
    if "days" not in known:
        known["days"] = _number(env, "Days a week", (1, 7), DEFAULTS.days)
    return answers_from(known, routines)


def _write(env: Environment, lines: list[str]) -> None:
    """Lines of the conversation, wrapped at words to the terminal."""
    env.stdout.write("".join(f"{line}\n" for line in wrapped(lines, env.width)))


def _signs(env: Environment, signs: tuple[safety.Sign, ...], urgency: safety.Urgency) -> None:
    """A group of warning signs under what to do if one applies, as `stretch safety` has
    them, one item each, wrapped to the terminal."""
    items = [f"{urgency.name.upper()}: {urgency.action}.", *(f"  - {sign.text}" for sign in signs)]
    env.stdout.write("\n" + "".join(f"{line}\n" for line in wrapped(items, env.width)))


def _seen(env: Environment, key: KeyReader | None, there: str, checked: str) -> Seen:
    """A warning sign asked on its own: not there ("no"), or there and seen by a clinician
    ("checked") or not ("unchecked"); each a y or an n, with no default."""
    if not _yes(env, key, there, None):
        return "no"
    return "checked" if _yes(env, key, checked, None) else "unchecked"


def _read(env: Environment, prompt: str, key: KeyReader | None = None) -> str:
    """What is typed after `prompt`: a line, or with `key` a single key press (echoed; Enter
    is ""); a StretchError when the input ends."""
    env.stdout.write(wrapped_prompt(prompt, env.width))
    env.stdout.flush()
    if key is not None:
        pressed = key()
        if not pressed or pressed == END_OF_INPUT:
            env.stdout.write("\n")
            raise StretchError("no answer: the input ended", "nothing was written")
        enter = pressed in ("\r", "\n")
        env.stdout.write(("" if enter or not pressed.isprintable() else pressed) + "\n")
        return "" if enter else pressed.lower()
    line = env.stdin.readline()
    if not line:
        env.stdout.write("\n")
        raise StretchError("no answer: the input ended", "nothing was written")
    return line.strip().lower()


def _choose(env: Environment, key: KeyReader | None, prompt: str, keys: Mapping[str, Area]) -> Area:
    """One of `keys` (a key, or a word typed where lines are read: the options' words)."""
    for _ in range(TRIES):
        typed = _read(env, prompt, key)
        if word(typed) in keys:
            return keys[word(typed)]
        shown = ", ".join(k for k in keys if len(k) == 1)
        env.stdout.write(f"Please press one of {shown}.\n")
    raise UsageError("no answer after three tries", "nothing was written")


def _yes(env: Environment, key: KeyReader | None, question: str, default: bool | None) -> bool:
    """A y or an n; Enter takes `default`, or with None (a warning sign) asks again."""
    keys = "[y/n]" if default is None else "[Y/n]" if default else "[y/N]"
    for _ in range(TRIES):
        typed = _read(env, f"{question} {keys} ", key)
        if typed in ("y", "yes", "n", "no"):
            return typed.startswith("y")
        if not typed and default is not None:
            return default
        why = ": a warning sign takes no default" if not typed else ""
        env.stdout.write(f"Please press y or n{why}.\n")
    raise UsageError("no answer after three tries", "nothing was written")


def _number(env: Environment, question: str, span: tuple[int, int], default: int) -> int:
    low, high = span
    for _ in range(TRIES):
        text = _read(env, f"{question} ({low}-{high}) [{default}] ")
        if not text:
            return default
        number = whole_number(text, low, high)
        if number is not None:
            return number
        env.stdout.write(f"Please type a whole number from {low} to {high}.\n")
    raise UsageError("no answer after three tries", "nothing was written")


def advice_lines(advice: Advice) -> list[str]:
    """The advice instead of a plan."""
    return list(advice.lines)


def proposal_lines(
    proposal: Proposal,
    names: Mapping[str, str],
    path: Path,
    previous: Path | None,
    standings: Mapping[str, Standing] | None = None,
    reminding: bool = False,
) -> list[str]:
    """The plan as written, the reason for each choice, and what to do next (`standings`:
    where its exercises stand, for a plan whose progress goes on; `reminding`: reminders
    are on, and turning them on is not what comes next)."""
    lines = ["", f"Your plan is written to {path}."]
    if previous is not None:
        lines.append(f"The plan before it is kept as {previous}.")
    return [
        *lines,
        *plan_lines(proposal, names, standings),
        "",
        "Next: stretch run does today's routine of the plan; stretch plan shows its levels.",
        REMINDERS_ON if reminding else "Reminders: turn them on with stretch remind on.",
    ]


REMINDERS_ON = "Reminders: on; stretch remind says when the next one comes."


def exercise_lines(
    exercises: Sequence[str], names: Mapping[str, str], standings: Mapping[str, Standing]
) -> list[str]:
    """A routine's exercises as its sessions do them (an alternative in the place of the
    one it replaces), and on a line of their own those its plan has left out."""
    doing: list[str] = []
    left: list[str] = []
    for exercise in exercises:
        standing = standings.get(exercise)
        name = names.get(exercise, exercise)
        if standing is not None and standing.left_out:
            left.append(name)
        elif standing is not None and standing.instead is not None:
            doing.append(f"{names.get(standing.instead, standing.instead)} (for {name})")
        else:
            doing.append(name)
    lines = ["Exercises:   " + ", ".join(doing)]
    if left:
        lines.append("Left out:    " + ", ".join(left) + " (stretch plan says why)")
    return lines


def plan_lines(
    proposal: Proposal, names: Mapping[str, str], standings: Mapping[str, Standing] | None = None
) -> list[str]:
    """The plan: its routines, days, goal, and the reason for each choice."""
    lines: list[str] = []
    avoid = ", ".join(proposal.avoid) or "nothing"
    lines += [
        "",
        f"Routine:     {proposal.routine} on {', '.join(proposal.stretch_days())} "
        f"(about {clock(proposal.seconds)} a session)",
        *exercise_lines(proposal.exercises, names, standings or {}),
    ]
    strength = proposal.strength
    if strength is not None:
        lines += [
            f"Strength:    {strength.routine} on {', '.join(strength.days)}"
            f"{', before the routine' if strength.both else ''} "
            f"(about {clock(strength.seconds)} a session)",
            *exercise_lines(strength.exercises, names, standings or {}),
        ]
    lines += [
        f"Weekly goal: {goal_text(proposal.weekly_goal, len(dict(proposal.schedule())))}"
        f" · avoid: {avoid} · review on {full_date(proposal.review)}",
        "",
        "Why:",
    ]
    for reason in proposal.reasons:
        lines.append(f"  - {reason.choice}: {reason.why}.")
        if reason.sources:
            lines += [f"      {source}" for source in reason.sources]
        elif reason.chosen:
            lines.append("      (chosen by stretch: no page gives it)")
    return lines
