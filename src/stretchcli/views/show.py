"""Rich renderables for `list` and `show`. Builds what is printed; prints nothing itself."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from stretchcli import safety
from stretchcli.files.catalog import Catalog
from stretchcli.files.config import Setting
from stretchcli.model import Dose, Exercise, Routine
from stretchcli.session.timeline import Plan
from stretchcli.text import clock, secs, source_label
from stretchcli.views.records import steps_seconds

SIDE_WORDS = {
    "none": "",
    "both": "per side, one side then the other",
    "alternate": "per side, alternating left and right",
}


def dose_text(dose: Dose) -> str:
    """A dose in words: 'hold 20 s × 3 per side, one side then the other · relax 5 s'."""
    reps = f"hold {secs(dose.hold)} × {dose.reps}"
    parts = [f"{reps} {SIDE_WORDS[dose.sides]}".strip()]
    if (dose.relax and dose.reps > 1) or (dose.relax and dose.sides == "alternate"):
        parts.append(f"relax {secs(dose.relax)}")
    if dose.sets > 1:
        parts.append(f"{dose.sets} sets, rest {secs(dose.rest)}")
    return " · ".join(parts)


def _heading(title: str, ident: str, source: str) -> Text:
    text = Text(title, style="bold")
    text.append(f"  {ident} · {source_label(source)}", style="dim")
    return text


def _bullets(title: str, lines: tuple[str, ...] | list[str], numbered: bool = False) -> Group:
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for i, line in enumerate(lines, 1):
        grid.add_row(f"{i}." if numbered else "•", Text(line))
    return Group(Text(title, style="bold underline"), Padding(grid, (0, 0, 0, 2), expand=False))


def _safety() -> Group:
    return Group(
        Text(""),
        Text(safety.SHORT, style="bold yellow"),
        Text(
            "When to get help (red flags): `stretch safety`. "
            "Each exercise's own cautions: `stretch show EXERCISE`.",
            style="dim",
        ),
    )


URGENCY_STYLES = {"Emergency": "bold red", "Urgent": "bold yellow", "See a clinician": "bold"}


def safety_view() -> RenderableType:
    """`stretch safety`: the general note, then the red flags grouped by how urgent they are."""
    parts: list[RenderableType] = [
        Text("Safety", style="bold"),
        Text(""),
        _bullets("Before and while you stretch", safety.GENERAL),
        Text(""),
        Text("When to get help", style="bold underline"),
    ]
    for urgency, signs in safety.RED_FLAGS:
        title = Text(f"{urgency.name.upper()}: ", style=URGENCY_STYLES.get(urgency.name, "bold"))
        title.append(urgency.action, style="bold")
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for sign in signs:
            grid.add_row("•", Text(sign))
        parts += [Text(""), Padding(title, (0, 0, 0, 2)), Padding(grid, (0, 0, 0, 4))]
    parts += [Text(""), _bullets("Sources", safety.SOURCES)]
    return Group(*parts)


def routine_view(routine: Routine, plan: Plan, total: float) -> RenderableType:
    """`stretch show ROUTINE`: its steps with dose and time, the total, the cautions."""
    assert routine.origin is not None
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("exercise", ratio=1)
    table.add_column("dose", ratio=2)
    table.add_column("time", justify="right", no_wrap=True)
    seconds = steps_seconds(routine, plan)
    for i, step in enumerate(plan.steps):
        name = step.exercise.name
        if step.exercise.variant:
            name += f" ({step.exercise.variant})"
        table.add_row(
            str(i + 1),
            Text(name) + Text(f"\n{step.exercise.id}", style="dim"),
            dose_text(step.dose),
            clock(seconds[i]),
        )
    parts: list[RenderableType] = [
        _heading(routine.name, routine.id, routine.origin.source),
        Text(routine.summary),
        Text(""),
        table,
        Text.assemble(
            ("total ", "bold"),
            (clock(total), "bold"),
            f" · between exercises a rest of up to {secs(routine.rest)}, then a get-ready"
            f" long enough to hear how to set up (at least {secs(routine.prepare)})",
        ),
    ]
    other = [
        f"--variant {step.exercise.id}={name}"
        for step in plan.steps
        for name in step.exercise.variants
        if name != step.exercise.variant
    ]
    if other:
        parts.append(Text("other positions: " + ", ".join(other), style="dim"))
    if routine.cautions:
        parts += [Text(""), _bullets("Cautions", routine.cautions)]
    parts.append(_safety())
    return Group(*parts)


def exercise_view(exercise: Exercise, catalog: Catalog, seconds: float) -> RenderableType:
    """`stretch show EXERCISE`: how to do it, dose, cautions, alternative, variants, users."""
    assert exercise.origin is not None
    facts = [
        ("targets", ", ".join(exercise.targets) or "-"),
        ("position", exercise.position or "-"),
        ("equipment", ", ".join(exercise.equipment) or "none"),
        ("movements", ", ".join(exercise.movements) or "none"),
        ("dose", f"{dose_text(exercise.dose)} · about {clock(seconds)}"),
    ]
    if exercise.alternative:
        moves = ",".join(exercise.movements)
        facts.append(("instead", f"{exercise.alternative} (with --avoid {moves})"))
    used_by = catalog.used_by(exercise.id)
    facts.append(("used by", ", ".join(used_by) or "no routine yet"))
    stands_in = catalog.stands_in_for(exercise.id)
    if stands_in:
        facts.append(("stands in for", ", ".join(stands_in) + " (with --avoid)"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in facts:
        grid.add_row(key, Text(value))
    parts: list[RenderableType] = [
        _heading(exercise.name, exercise.id, exercise.origin.source),
        Text(exercise.summary),
        Text(""),
        grid,
        Text(""),
        _bullets("How to do it", exercise.instructions, numbered=True),
        Text(""),
        _bullets("Cautions", exercise.cautions),
    ]
    for name, changes in exercise.variants.items():
        if not changes:
            continue
        title = f"Variant {name}"
        if "position" in changes:
            title += f" ({changes['position']})"
        lines = changes.get("instructions")
        parts += [Text("")]
        if isinstance(lines, list):
            parts.append(_bullets(title, [str(x) for x in lines], numbered=True))
        else:
            parts.append(Text(title, style="bold underline"))
        extra = changes.get("cautions")
        if isinstance(extra, list):
            parts.append(_bullets("  Cautions for this variant", [str(x) for x in extra]))
    if exercise.variants:
        parts += [Text(""), Text("variants: " + ", ".join(exercise.variants), style="dim")]
    if exercise.sources:
        parts += [Text(""), _bullets("Sources", exercise.sources)]
    parts.append(_safety())
    return Group(*parts)


def settings_table(rows: list[tuple[Setting, object, str]]) -> RenderableType:
    """`stretch config`: every setting, its value, where it comes from and what it does."""
    from stretchcli.files.config import toml_value

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("setting", style="bold", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("from")
    table.add_column("what it does", ratio=1)
    for setting, value, origin in rows:
        table.add_row(setting.name, toml_value(value), origin, setting.help)
    return table
