"""What the commands' options and arguments have in common: the shared declarations (`--json`,
`-o`, a routine argument, `--routine`, the options `run` and `again` share) and the parsers of
typed values (numbers, ranges, dates, words), each saying in one line what it wants."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli.cli.completion import complete_one_of, complete_routines, complete_since
from stretchcli.errors import UsageError
from stretchcli.words import SINCE_HELP

if TYPE_CHECKING:
    from stretchcli.cli.context import Application

if TYPE_CHECKING:
    from stretchcli.model import Movement

# --- Shared declarations -------------------------------------------------------------------


def examples(*lines: str) -> str:
    """The end of a command's help: its examples, one per line, kept as written."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def json_flag(what: str) -> typer.models.OptionInfo:
    """`--json`, printing `what` as JSON."""
    option: typer.models.OptionInfo = typer.Option("--json", help=what)
    return option


Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (- or none: standard output).",
        metavar="FILE",
    ),
]
RoutineArgument = Annotated[
    str,
    typer.Argument(help="The routine to run.", metavar="ROUTINE", autocompletion=complete_routines),
]
ROUTINE_NAME = "a routine's name, as `stretch list` shows it"
RoutineFilter = Annotated[
    str | None,
    typer.Option(
        help="Only sessions of this routine.",
        metavar="ROUTINE",
        autocompletion=complete_routines,
    ),
]


def since_option(what: str) -> typer.models.OptionInfo:
    """`--since WHEN` of `history` and `report` (read by `since`, completed by TAB)."""
    option: typer.models.OptionInfo = typer.Option(
        help=f"{what} {SINCE_HELP}.", metavar="WHEN", autocompletion=complete_since
    )
    return option


def format_option(formats: tuple[str, ...], help_: str) -> typer.models.OptionInfo:
    """`--format`, one of `formats` (completed by TAB)."""
    option: typer.models.OptionInfo = typer.Option(
        "--format",
        help=help_,
        parser=one_of(formats),
        metavar="FORMAT",
        autocompletion=complete_one_of(formats),
    )
    return option


# --- Parsers -------------------------------------------------------------------------------

# Python reads Arabic-Indic and full-width digits as numbers; the pain prompt refuses
# them, and so do the options.
_ASCII_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _number(text: str) -> float:
    """A number written in ASCII digits, else NaN (which no range holds)."""
    return float(text) if _ASCII_NUMBER.fullmatch(text.strip()) else math.nan


def scale(text: str) -> float:
    """`--scale`: a factor from SCALES[0] to SCALES[1]."""
    from stretchcli.model import SCALES

    value = _number(text)
    if not SCALES[0] <= value <= SCALES[1]:  # false for NaN too
        raise typer.BadParameter(f"'{text}' is not a number from {SCALES[0]:g} to {SCALES[1]:g}")
    return value


def minutes(text: str) -> float:
    """`--minutes`: a number of minutes a routine can be fitted into."""
    from stretchcli.session.options import MINUTES

    value = _number(text)
    if not MINUTES[0] <= value <= MINUTES[1]:
        raise typer.BadParameter(
            f"'{text}' is not a number of minutes from {MINUTES[0]:g} to {MINUTES[1]:g}"
        )
    return value


def voice_rate(text: str) -> int:
    """`--voice-rate`: words a minute, a whole number from RATES[0] to RATES[1]."""
    from stretchcli.model import RATES
    from stretchcli.text import whole_number

    rate = whole_number(text.strip(), *RATES)
    if rate is None:
        raise typer.BadParameter(
            f"'{text}' is not a whole number of words a minute from {RATES[0]} to {RATES[1]}"
        )
    return rate


def pain(text: str) -> int:
    """A 0-10 rating, in ASCII digits."""
    from stretchcli.session.questions import pain_rating

    rating = pain_rating(text)
    if rating is None:
        raise typer.BadParameter(f"'{text}' is not a whole number from 0 to 10")
    return rating


def since(text: str, today: date) -> date:
    """`--since` of `history` and `report`: the first day, from 6w, 30d or a date."""
    from stretchcli.words import SINCE_HINT, SinceError, parse_since

    try:
        return parse_since(text, today)
    except SinceError as exc:
        raise UsageError(f"--since: {exc}", SINCE_HINT) from None


def known_routine(app: Application, name: str | None) -> str | None:
    """`--routine` of `history` and `report`: a routine of the routines folders or of the
    history (one that has no session yet is known too), else a NotFoundError saying which
    known one is closest."""
    if name is None:
        return None
    given_name(name, "--routine", ROUTINE_NAME)
    from stretchcli.files.scan import not_found, scan
    from stretchcli.model import ID_RE

    files = {c.id for c in scan(app.folders()) if c.kind == "routine" and ID_RE.match(c.id)}
    if name in files:
        return name
    recorded = app.history().routines()
    if name in recorded:
        return name
    raise not_found("routine", name, sorted(files | recorded))


def file_name(text: str, hint: str = "give a file name", argument: str = "FILE") -> Path:
    """A FILE argument (declared as text, so that TAB offers file names) as a path; an
    empty or blank one is a UsageError naming the argument: Path('') is '.', a folder the
    person never named, and a name of spaces is a file nobody meant."""
    if not text.strip():
        from stretchcli.files.output import blank

        raise UsageError(f"{argument}: {blank(text)}", hint)
    from stretchcli.files.output import spelt_apart

    return spelt_apart(text)


def given_name(text: str, argument: str, what: str) -> str:
    """A name (of a routine, an exercise) as given to `argument`; an empty or blank one is
    a UsageError naming the argument and saying what to give (`what`), never looked for."""
    if not text.strip():
        from stretchcli.files.output import blank

        raise UsageError(f"{argument}: {blank(text, 'name')}", f"give {what}")
    return text


def one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    """An option parser that takes one of `choices`."""

    def parse(text: str) -> str:
        if text not in choices:
            raise typer.BadParameter(f"'{text}' is not one of {', '.join(choices)}")
        return text

    return parse


def named(
    names: Mapping[str, str], unclear: Mapping[str, str] | None = None
) -> Callable[[str], str]:
    """An option parser that takes a word of `names` (as `plan.answers.word` spells it:
    any case, spaces for dashes) and gives what it names; a word of `unclear` (one that
    could mean two answers) is refused with its own explanation."""

    def parse(text: str) -> str:
        from stretchcli.plan.answers import word

        found = word(text)
        if found in names:
            return names[found]
        if unclear and found in unclear:
            raise typer.BadParameter(unclear[found])
        choices = ", ".join(dict.fromkeys(names.values()))
        raise typer.BadParameter(f"'{text}' is not one of {choices}")

    return parse


def schedule_word(reader: Callable[[str], object]) -> Callable[[str], str]:
    """An option parser that checks a schedule word with `reader` and keeps it as typed."""

    def parse(text: str) -> str:
        from stretchcli.words import ScheduleError

        try:
            reader(text)
        except ScheduleError as exc:
            raise typer.BadParameter(f"{exc}, not '{text}'") from None
        return text.strip()

    return parse


def every(text: str) -> str:
    """`--every`: the time between reminders."""
    from stretchcli.words import parse_every

    return schedule_word(parse_every)(text)


def between(text: str) -> str:
    """`--between`: the working hours."""
    from stretchcli.words import parse_hours

    return schedule_word(parse_hours)(text)


def days(text: str) -> str:
    """`--days`: the days to remind on."""
    from stretchcli.words import parse_days

    return schedule_word(parse_days)(text)


def variants(pairs: list[str] | None) -> dict[str, str] | None:
    """`--variant EXERCISE=VARIANT`, repeated: the variant chosen for each exercise."""
    if pairs is None:
        return None
    chosen: dict[str, str] = {}
    for pair in pairs:
        exercise, _, name = pair.partition("=")
        if not exercise.strip() or not name.strip():
            raise UsageError(
                f"--variant: expected EXERCISE=VARIANT, not '{pair}'",
                "e.g. --variant rhomboid-stretch=long-sitting",
            )
        ident = exercise.strip()
        if ident in chosen:  # (attack 19, H17: the last
            raise UsageError(  # won unsaid, and put on the floor one who asked for the chair)
                f"--variant: {ident} given twice ({chosen[ident]}, {name.strip()})",
                "give each exercise one --variant",
            )
        chosen[ident] = name.strip()
    return chosen


def movements(value: str | None, flag: str) -> tuple[Movement, ...] | None:
    """A comma-separated list of movements given to `flag` (None when not given)."""
    from stretchcli.files.config import movement_list

    return movement_list(value, flag) if value is not None else None


def ids(value: str | None, flag: str) -> tuple[str, ...] | None:
    """A comma-separated list of exercise ids (`--only`, `--skip`); never empty."""
    if value is None:
        return None
    found = tuple(part.strip() for part in value.split(",") if part.strip())
    if not found:  # `--only ''` must not mean "everything"
        raise UsageError(f"{flag}: give at least one exercise id", f"e.g. {flag} ball-pressure")
    twice = next((step for i, step in enumerate(found) if step in found[:i]), None)
    if twice is not None:  # the history keeps each once (an import refuses it twice)
        raise UsageError(f"{flag}: '{twice}' given twice", "give each exercise once")
    return found


def exclusive(*given: tuple[str, bool]) -> None:
    """A UsageError when more than one of these (flag, given) options was given."""
    named = [flag for flag, present in given if present]
    if len(named) > 1:
        raise UsageError(f"{' and '.join(named)} do not fit together", "give one of them")


def note(text: str) -> str:
    """A note as stored: as typed, without blanks at either end, if an import would take it
    (`exported.note_problem`, the one check of a note); else a UsageError naming what is
    wrong, and nothing is written."""
    from stretchcli.exported import note_problem

    line = text.strip()
    why = note_problem(line)
    if not line:  # (for `run --note` as for `history note`: attack 19, H9)
        raise UsageError("the note is empty", 'write a few words, e.g. "tight on the left"')
    if why:
        from stretchcli.exported import NOTE_CHARACTERS

        too_long = why.startswith("is longer than")  # (H9: "write the note without it")
        hint = f"shorten it to {NOTE_CHARACTERS} characters" if too_long else ""
        hint = hint or ("write the note without it" if "character" in why else "")
        raise UsageError(f"the note {why}", hint)
    return line


# --- A run's options, the same for `run` and `again` ---------------------------------------

Plain = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="One plain line per phase, for screen readers (also when piped or TERM=dumb; "
        "config: plain).",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", help="No bell and no voice.")]
RunJson = Annotated[bool, json_flag("One JSON object per phase, then an end line.")]
Brief = Annotated[
    bool,
    typer.Option(
        "--brief",
        help="Coach briefly, for a routine you know: the safety line said once, then a "
        "short get-ready and only the action at each hold (config: coach).",
    ),
]
Voice = Annotated[bool | None, typer.Option("--voice/--no-voice", help="Speak short cues aloud.")]
VoiceRate = Annotated[
    int | None,
    typer.Option(
        help="Words a minute the voice speaks at, 100-250 (config: voice_rate); every "
        "cue is timed for it.",
        parser=voice_rate,
        metavar="WPM",
    ),
]
Pain = Annotated[
    bool | None,
    typer.Option("--pain/--no-pain", help="Ask for pain (0-10) before and after the run."),
]
Note = Annotated[
    str | None,
    typer.Option(help='A note kept with the session, e.g. "tight on the left".', metavar="TEXT"),
]
