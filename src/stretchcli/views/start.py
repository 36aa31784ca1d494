"""`stretch start`'s conversation: one key a question at a terminal (Enter takes the answer
shown in capitals; numbers are typed, then Enter; lines where keys cannot be read), only the
questions the options left open; and the plan it made, with the reason for each choice. The
choosing itself is pure (`plan/screening.py`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from stretchcli import safety
from stretchcli.env import Environment
from stretchcli.errors import StretchError, UsageError
from stretchcli.files.catalog import Catalog
from stretchcli.files.config import Config
from stretchcli.files.startplan import write_plan, write_waiting
from stretchcli.history.plan_follow import follow
from stretchcli.history.store import History
from stretchcli.plan.advice import CHECK_FIRST, Advice
from stretchcli.plan.answers import FLAGS, MINUTES, Answers, Area, Precaution
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import Plan
from stretchcli.plan.screening import STRENGTH_FOR, Proposal, Timing, screen
from stretchcli.plan.standing import Standing
from stretchcli.session.options import RunOptions
from stretchcli.session.plan_length import first_session_seconds
from stretchcli.text import clock, wrapped

TRIES = 3
END_OF_INPUT = "\x04"  # Ctrl-D: a single key at a terminal, where it ends a typed line
KeyReader = Callable[[], str]  # the next key pressed ("\r" or "\n": Enter; "": no more)
DEFAULTS = Answers()
# The options that answer each question, for the one-line error without a terminal.
OPTIONS: dict[str, str] = {
    "where": "--where",
    "flags": "--no-red-flags (or --red-flag LEVEL)",
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
    left = missing(given)
    if left and not yes and not env.stdin_isatty:
        raise UsageError(
            "no terminal to ask at: give " + ", ".join(left),
            "or --yes to take the defaults",
        )
    answers = converse(env, given, key) if left and not yes else answers_from(given)
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
    adopted = write_plan(env.environ, found, catalog)
    # The plan starts now, as one adopted with `stretch plan use` does: its start is stored.
    followed = follow(history, adopted.plan, ladders, catalog.routines, catalog.exercises, env.warn)
    # The same answers again keep the plan's progress: what it left out is shown as such.
    standings = followed.progress.standings
    lines = proposal_lines(found, names, adopted.path, adopted.previous, standings)
    env.print_lines(wrapped(lines, env.width))
    return True


def run_timing(catalog: Catalog, config: Config) -> Timing:
    """How long a first session of a plan's routine takes as `stretch run` runs it with
    `config` (its avoided movements, time scale, coaching and voice rate)."""
    options = RunOptions(avoid=frozenset(config.avoid), scale=config.scale)

    def timing(plan: Plan, routine: str, earlier: frozenset[str]) -> float:
        return first_session_seconds(
            catalog, plan, routine, earlier, options, config.coach, config.voice_rate
        )

    return timing


THINGS: tuple[tuple[str, str], ...] = (
    ("chair", "A steady chair, such as your desk chair?"),
    ("bed", "A bed you can stretch on?"),
    ("ball", "A tennis ball?"),
    ("wall", "A clear stretch of wall to lean on?"),
    ("mat", "A mat, or a thick blanket, for the floor?"),
    ("band", "A resistance band (an exercise band)?"),
)


def missing(given: Mapping[str, object]) -> list[str]:
    """The options a script must still give to answer every question (the band only where
    the plan would have strengthening)."""
    asked = dict(OPTIONS)
    if given.get("where", DEFAULTS.where) not in STRENGTH_FOR:
        del asked["band"]
    return [option for name, option in asked.items() if name not in given]


def answers_from(given: Mapping[str, object]) -> Answers:
    """The answers the options give, the defaults for the rest."""
    return replace(DEFAULTS, **given)  # type: ignore[arg-type]


def converse(
    env: Environment, given: Mapping[str, object], key: KeyReader | None = None
) -> Answers:
    """Ask at the terminal what the options left open; the answers (stopping at the first
    red flag or uncleared surgery, whose answers are then enough to say so). With `key`, a
    letter question takes a single key press; numbers are typed and Enter."""
    known: dict[str, object] = dict(given)
    out = env.stdout
    intro = "A few questions to make your plan. Enter takes the answer in capitals."
    out.write("".join(f"{line}\n" for line in wrapped([intro], env.width)))
    if "where" not in known:
        keys = "/".join(k.upper() if v == DEFAULTS.where else k for k, v in AREA_KEYS.items())
        key_ = _choose(
            env,
            key,
            f"Where does it hurt most? u upper back, n neck and shoulders, l lower back [{keys}] ",
            {"": DEFAULTS.where, **AREA_KEYS},
        )
        known["where"] = key_
    if "flags" not in known:
        out.write("\nFirst, the warning signs (stretch safety has them all).\n")
        neck = known["where"] == "neck-shoulders"
        for flag, (_, signs) in zip(FLAGS, safety.asked(neck), strict=True):
            signs_ = [f"  - {sign.text}" for sign in signs]
            out.write("\n" + "".join(f"{line}\n" for line in wrapped(signs_, env.width)))
            if _yes(env, key, "Does any of these apply to you now?", False):
                known["flags"] = (flag,)
                return answers_from(known)
        known["flags"] = ()
    if "shoulder_blades" not in known:
        lead = ["", "The NHS asks that a clinician checks pain between the shoulder blades."]
        out.write("".join(f"{line}\n" for line in wrapped(lead, env.width)))
        there = _yes(
            env, key, "Is the pain at the top of your back, between the shoulder blades?", False
        )
        checked = there and _yes(
            env,
            key,
            "Has a doctor or physiotherapist checked that pain, and it has not changed since?",
            False,
        )
        known["shoulder_blades"] = "no" if not there else "checked" if checked else "unchecked"
    if "precautions" not in known:
        out.write("\nA few things that change which stretches are safe for you.\n")
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
                        return answers_from(known)
        known["precautions"] = frozenset(found)
    if "floor" not in known:
        known["floor"] = _yes(
            env, key, "Can you get down to the floor and back up, with room?", True
        )
    blood_thinners = "blood-thinners" in known["precautions"]  # type: ignore[operator]
    if blood_thinners and "ball" not in known:
        known["ball"] = False  # not asked: ruled out already
    if not known["floor"] and "mat" not in known:
        known["mat"] = False
    if known["where"] not in STRENGTH_FOR and "band" not in known:
        known["band"] = False  # not asked: only the strengthening uses one
    things = [(thing, question) for thing, question in THINGS if thing not in known]
    if things:
        out.write("\nWhere and with what can you stretch?\n")
    for thing, question in things:
        known[thing] = _yes(env, key, question, bool(getattr(DEFAULTS, thing)))
    out.write("\n")
    if "minutes" not in known:
        known["minutes"] = _number(env, "Minutes a day", MINUTES, DEFAULTS.minutes)
    if "days" not in known:
        known["days"] = _number(env, "Days a week", (1, 7), DEFAULTS.days)
    return answers_from(known)


def _read(env: Environment, prompt: str, key: KeyReader | None = None) -> str:
    """What is typed after `prompt`: a line, or with `key` a single key press (echoed; Enter
    is ""); a StretchError when the input ends."""
    env.stdout.write(prompt)
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
    for _ in range(TRIES):
        typed = _read(env, prompt, key)
        if typed in keys:
            return keys[typed]
        env.stdout.write(f"Please press one of {', '.join(k for k in keys if k)}.\n")
    raise UsageError("no answer after three tries", "nothing was written")


def _yes(env: Environment, key: KeyReader | None, question: str, default: bool) -> bool:
    keys = "[Y/n]" if default else "[y/N]"
    for _ in range(TRIES):
        typed = _read(env, f"{question} {keys} ", key)
        if typed in ("", "y", "yes", "n", "no"):
            return default if not typed else typed.startswith("y")
        env.stdout.write("Please press y or n.\n")
    raise UsageError("no answer after three tries", "nothing was written")


def _number(env: Environment, question: str, span: tuple[int, int], default: int) -> int:
    low, high = span
    for _ in range(TRIES):
        text = _read(env, f"{question} ({low}-{high}) [{default}] ")
        if not text:
            return default
        if text.isascii() and text.isdigit() and low <= int(text) <= high:
            return int(text)
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
) -> list[str]:
    """The plan as written, the reason for each choice, and what to do next (`standings`:
    where its exercises stand, for a plan whose progress goes on)."""
    lines = ["", f"Your plan is written to {path}."]
    if previous is not None:
        lines.append(f"The plan before it is kept as {previous}.")
    return [
        *lines,
        *plan_lines(proposal, names, standings),
        "",
        "Next: stretch run does today's routine of the plan; stretch plan shows its levels.",
        "Reminders: turn them on with stretch remind on.",
    ]


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
        f"Weekly goal: {proposal.weekly_goal} · avoid: {avoid} · review on "
        f"{proposal.review.isoformat()}",
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
