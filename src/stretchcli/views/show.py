"""`stretch show` drawn with rich, from its view model (views/catalog.py). Builds what is
printed; prints nothing itself."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from stretchcli import safety
from stretchcli.model import Figure
from stretchcli.plan.words import dose_text
from stretchcli.text import clock, secs, source_label
from stretchcli.views.catalog import ExercisePage, RoutinePage


def _heading(title: str, ident: str, source: str) -> Text:
    text = Text(title, style="bold")
    text.append(f"  {ident} · {source_label(source)}", style="dim")
    return text


def bullets(
    title: str, lines: tuple[str, ...] | list[str], numbered: bool = False, urls: bool = False
) -> Group:
    """A title, then its lines as bullets (or numbered), indented. `urls` are never broken
    across lines (the terminal may wrap a long one, but it stays one line to copy or click)."""
    if urls:  # printed with crop=False: a long one runs past the edge, whole
        marks = [f"{i}." if numbered else "•" for i in range(1, len(lines) + 1)]
        size = max(map(len, marks), default=0)
        rows = [
            Text(f"  {mark:>{size}} {line}", no_wrap=True, overflow="ignore")
            for mark, line in zip(marks, lines, strict=True)
        ]
        return Group(Text(title, style="bold underline"), *rows)
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


def render(
    page: RoutinePage | ExercisePage, width: int = 80, pictures: bool = True
) -> RenderableType:
    """The page of a routine or an exercise, for a terminal `width` columns wide; with
    `pictures`, an exercise's positions drawn in braille (its words are always there)."""
    if isinstance(page, RoutinePage):
        return routine_view(page)
    return exercise_view(page, width, pictures)


def draws_pictures(
    asked: bool | None, plain: bool, terminal: bool, dumb: bool, configured: bool
) -> bool:
    """Whether `show` draws braille pictures: when asked (--figures / --no-figures), else
    only on a terminal that can show them, with `figures` on in the config and not --plain.
    Braille is read out by screen readers dot by dot, and means nothing in a pipe."""
    if asked is not None:
        return asked
    return terminal and not dumb and configured and not plain


def routine_view(page: RoutinePage) -> RenderableType:
    """`stretch show ROUTINE`: its steps with dose and time, the total, the cautions."""
    routine = page.routine
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("exercise", ratio=1)
    table.add_column("dose", ratio=2)
    table.add_column("time", justify="right", no_wrap=True)
    for i, row in enumerate(page.steps, 1):
        table.add_row(
            str(i),
            Text(row.name) + Text(f"\n{row.step.exercise.id}", style="dim"),
            dose_text(row.step.dose, "full", row.step.exercise.pace),
            clock(row.seconds),
        )
    parts: list[RenderableType] = [
        _heading(routine.name, routine.id, routine.origin.source),
        Text(routine.summary),
        Text(""),
        table,
        Text.assemble(
            ("total ", "bold"),
            (clock(page.row.seconds), "bold"),
            (
                f" · between exercises a rest of up to {secs(routine.rest)}, then a get-ready"
                if routine.rest > 0
                else " · between exercises no rest, only a get-ready"
            ),
            " long enough to get there and hear how to set up"
            f" (at least {secs(routine.prepare)}); the first one says the cautions below",
        ),
    ]
    other = page.other_variants()
    if other:
        parts.append(Text("other positions: " + ", ".join(other), style="dim"))
    if routine.cautions:
        parts += [Text(""), bullets("Cautions", routine.cautions)]
    parts.append(_safety())
    return Group(*parts)


FIGURE_ROWS = 12  # characters: 48 dots high, enough for limbs to read from across a room
FIGURE_GAP = 4


def figures(figure: Figure, width: int) -> RenderableType:
    """The start and held positions side by side, each with its caption."""
    from stretchcli.views.figure import draw, styled  # only for a page that has one

    columns = max(12, min(32, (width - FIGURE_GAP) // 2))
    grid = Table.grid(padding=(0, FIGURE_GAP, 0, 0))
    grid.add_column(no_wrap=True, justify="center")
    grid.add_column(no_wrap=True, justify="center")
    start = draw(figure, figure.start, columns, FIGURE_ROWS)
    end = draw(figure, figure.end, columns, FIGURE_ROWS)
    grid.add_row(styled(start), styled(end))
    grid.add_row(Text("start", style="dim"), Text("held", style="dim"))
    return grid


def exercise_view(page: ExercisePage, width: int = 80, pictures: bool = True) -> RenderableType:
    """`stretch show EXERCISE`: how to do it, dose, cautions, alternative, variants, users;
    the positions in words and (`pictures`) drawn."""
    exercise = page.exercise
    facts = [
        ("targets", ", ".join(exercise.targets) or "-"),
        ("position", exercise.position or "-"),
        ("equipment", ", ".join(exercise.equipment) or "none"),
        ("movements", ", ".join(exercise.movements) or "none"),
        (
            "dose",
            f"{dose_text(exercise.dose, 'full', exercise.pace)} · about {clock(page.seconds)}",
        ),
    ]
    if exercise.alternative:
        moves = ",".join(exercise.movements)
        facts.append(("instead", f"{exercise.alternative} (with --avoid {moves})"))
    facts.append(("used by", ", ".join(page.used_by) or "no routine yet"))
    if exercise.figure is not None:
        facts.append(("held", exercise.figure.description))
    if page.stands_in_for:
        facts.append(("stands in for", ", ".join(page.stands_in_for) + " (with --avoid)"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in facts:
        grid.add_row(key, Text(value))
    ident = exercise.id + (f" --variant {exercise.variant}" if exercise.variant else "")
    parts: list[RenderableType] = [
        _heading(exercise.name, ident, exercise.origin.source),
        Text(exercise.summary),
        Text(""),
        grid,
    ]
    if exercise.figure is not None and pictures:
        parts += [Text(""), figures(exercise.figure, width)]
    parts += [
        Text(""),
        bullets("How to do it", exercise.instructions, numbered=True),
        Text(""),
        bullets("Cautions", exercise.cautions),
    ]
    for name, variant in exercise.variants.items():
        if not variant.record():  # `{}`: the exercise as it is
            continue
        title = f"Variant {name}"
        if variant.position is not None:
            title += f" ({variant.position})"
        parts += [Text("")]
        if variant.instructions is not None:
            parts.append(bullets(title, variant.instructions, numbered=True))
        else:
            parts.append(Text(title, style="bold underline"))
        if variant.cautions is not None:
            parts.append(bullets("  Cautions for this variant", variant.cautions))
    if exercise.variants:
        parts += [Text(""), Text("variants: " + ", ".join(exercise.variants), style="dim")]
    if exercise.sources:
        parts += [Text(""), bullets("Sources", exercise.sources, urls=True)]
    parts.append(_safety())
    return Group(*parts)
