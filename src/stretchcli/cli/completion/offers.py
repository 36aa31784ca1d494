"""What TAB offers for each argument: the `autocompletion=` functions of the commands.

Completion runs on every TAB, so it reads file names, not files: routine and exercise ids are
file stems. Only two things need what is inside a file: the steps of the routine already on
the command line (for --only and --skip), taken from the parse cache and only when it holds
that file (else every exercise id is offered), and the variants for --variant, the one place
where YAML may be read. Typer's public surface only (`typer.Context`); nothing heavy is
imported until a TAB asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence

import typer


def matching(candidates: Iterable[str], incomplete: str) -> list[str]:
    """The candidates that start with `incomplete`, sorted, without duplicates."""
    return sorted({c for c in candidates if c.startswith(incomplete)})


def ids(environ: Mapping[str, str], kinds: Sequence[str] = ("routine", "exercise")) -> set[str]:
    """The ids of the routines and/or exercises in every routines folder, from file names
    (a file whose name is not a valid id is skipped, as the catalog skips it)."""
    from stretchcli.files.paths import routine_folders
    from stretchcli.files.scan import scan
    from stretchcli.model import ID_RE

    found = scan(routine_folders(environ))
    return {c.id for c in found if c.kind in kinds and ID_RE.match(c.id)}


def comma_list(choices: Iterable[str], incomplete: str) -> list[str]:
    """Complete the item after the last comma of a comma-separated list, leaving out the
    items already in it: `rotation,si` -> `rotation,side-bend`."""
    cut = incomplete.rfind(",") + 1
    head, last = incomplete[:cut], incomplete[cut:]
    given = {part.strip() for part in head.split(",")}
    return [head + choice for choice in matching(choices, last) if choice not in given]


def movements(incomplete: str) -> list[str]:
    """Movement names for --avoid, as a comma-separated list."""
    from stretchcli.model import MOVEMENTS

    return comma_list(MOVEMENTS, incomplete)


def cached_steps(environ: Mapping[str, str], routine: str) -> list[str] | None:
    """The exercise ids of a routine's steps, in order, if the parse cache holds its file
    (no YAML is read); None when it does not, or the routine is unknown or broken."""
    from stretchcli.files.cache import ParseCache
    from stretchcli.files.paths import routine_folders
    from stretchcli.files.scan import scan

    found = next(
        (c for c in scan(routine_folders(environ)) if c.kind == "routine" and c.id == routine),
        None,
    )
    if found is None:
        return None
    checked = ParseCache.for_user(environ).get(found.path, "routine")
    if checked is None or checked.problems:
        return None
    steps = checked.values.get("steps")
    if not isinstance(steps, list):
        return None
    exercises = [step.get("exercise") for step in steps if isinstance(step, dict)]
    return list(dict.fromkeys(e for e in exercises if isinstance(e, str)))


def steps(environ: Mapping[str, str], routine: str | None, incomplete: str) -> list[str]:
    """Exercise ids for --only and --skip, as a comma-separated list: the steps of `routine`
    when they are known without reading YAML, else every exercise id."""
    known = cached_steps(environ, routine) if routine else None
    return comma_list(known if known is not None else ids(environ, ("exercise",)), incomplete)


def variants(environ: Mapping[str, str], routine: str | None, incomplete: str) -> list[str]:
    """EXERCISE=VARIANT pairs for --variant: every exercise with variants, or only those of
    `routine`'s steps when it is known. Reads the files (through the parse cache)."""
    from stretchcli.files.cache import ParseCache
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import routine_folders

    cache = ParseCache.for_user(environ)
    catalog = load_catalog(routine_folders(environ), cache=cache)
    cache.save()
    exercises = list(catalog.exercises.values())
    if routine in catalog.routines:
        used = {step.exercise for step in catalog.routines[routine].steps}
        exercises = [e for e in exercises if e.id in used]
    pairs = (f"{e.id}={name}" for e in exercises for name in e.variants)
    return matching(pairs, incomplete)


def complete_names(incomplete: str) -> list[str]:
    """`show`, `edit`: routine and exercise ids, from file names only (no YAML parsing)."""
    return matching(ids(os.environ), incomplete)


def complete_routines(incomplete: str) -> list[str]:
    """`run`, `history --routine`: routine ids, from file names only."""
    return matching(ids(os.environ, ("routine",)), incomplete)


def complete_sources(ctx: typer.Context, incomplete: str) -> list[str]:
    """`new --from`: routines and exercises; only exercises once --exercise is given."""
    kinds = ("exercise",) if ctx.params.get("exercise") else ("routine", "exercise")
    return matching(ids(os.environ, kinds), incomplete)


def complete_one_of(choices: Sequence[str]) -> Callable[[str], list[str]]:
    """--format and the like: the words the option takes."""

    def complete(incomplete: str) -> list[str]:
        return matching(choices, incomplete)

    return complete


def complete_movements(incomplete: str) -> list[str]:
    """--avoid: movement names, completing the one after the last comma."""
    return movements(incomplete)


def complete_steps(ctx: typer.Context, incomplete: str) -> list[str]:
    """--only, --skip: the steps of the routine given, else every exercise id."""
    return steps(os.environ, ctx.params.get("routine"), incomplete)


def complete_variants(ctx: typer.Context, incomplete: str) -> list[str]:
    """--variant: EXERCISE=VARIANT pairs (the only completion that reads YAML)."""
    return variants(os.environ, ctx.params.get("routine"), incomplete)


def complete_settings(incomplete: str) -> list[tuple[str, str]]:
    """`config KEY`: the settings, each with what it does."""
    from stretchcli.files.config import SETTINGS

    return [(s.name, _sentence(s.short)) for s in SETTINGS if s.name.startswith(incomplete)]


# Words that are good examples of each kind of setting's value (a number is the person's).
EXAMPLES = {
    "every": ("30m", "45m", "50m", "1h", "1h30m"),
    "pause": ("2m", "5m", "10m", "15m"),
    # no spaces: a shell completes one word, and a space would end it
    "times": ("10:30", "10:30,15:00", "11:00,14:00,16:00"),
    "hours": ("08:00-16:30", "09:00-17:30", "10:00-18:00"),
    "days": ("mon-fri", "mon,wed,fri", "daily"),
}
SNOOZES = ("10m", "15m", "30m", "1h", "2h", "tomorrow")


def complete_setting_values(ctx: typer.Context, incomplete: str) -> list[str]:
    """`config KEY VALUE`: the values that KEY takes (true/false, its choices, movements
    after the last comma, routine ids, examples of times, hours and days)."""
    from stretchcli.files.config import BY_NAME

    setting = BY_NAME.get(str(ctx.params.get("key") or ""))
    if setting is None:
        return []
    if setting.kind == "bool":
        return matching(("true", "false"), incomplete)
    if setting.kind == "choice":
        return matching(setting.choices, incomplete)
    if setting.kind == "movements":
        return movements(incomplete)
    if setting.kind == "id":
        return matching(ids(os.environ, ("routine",)), incomplete)
    if setting.kind == "folder":
        return folders(incomplete)
    return matching(EXAMPLES.get(setting.kind, ()), incomplete)


def folders(incomplete: str) -> list[str]:
    """The folders whose path begins with `incomplete` (~ as the person typed it), each
    ending in a slash, to go on into; none where the folder cannot be read."""
    head, _, start = incomplete.rpartition("/")
    parent = os.path.expanduser(head + "/" if head or incomplete.startswith("/") else ".")
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(parent)
            if entry.name.startswith(start)
            and (start.startswith(".") or not entry.name.startswith("."))
            and entry.is_dir()
        )
    except OSError:
        return []
    prefix = head + "/" if head or incomplete.startswith("/") else ""
    return [prefix + name + "/" for name in names]


def complete_snooze(incomplete: str) -> list[str]:
    """`remind snooze TIME`: a few usual lengths."""
    return [s for s in SNOOZES if s.startswith(incomplete)]


def complete_since(incomplete: str) -> list[tuple[str, str]]:
    """`--since`: the forms its help names, each with what it means."""
    from stretchcli.words import SINCE_FORMS

    forms = SINCE_FORMS
    return [(word, _sentence(meaning)) for word, meaning in forms if word.startswith(incomplete)]


def _sentence(text: str) -> str:
    """A setting's help as a sentence: a capital first, a full stop last."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
