"""Small text helpers with no dependencies: times, counts, names, suggestions, plain tables.

This module imports nothing of rich or of the rest of the package, so that any module may use
it and the commands that only print a table start fast (rich takes longer to import than
typer)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

Align = Literal["left", "right"]
GAP = "   "  # between columns, as rich's SIMPLE_HEAD table draws them


def clock(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss), rounded to the second."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs_ = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs_:02d}" if hours else f"{minutes}:{secs_:02d}"


def secs(seconds: float) -> str:
    """A short duration like '30 s' or '2.5 s'."""
    return f"{seconds:g}\u00a0s"  # no-break space: a number never wraps away from its unit


def plural(count: int, word: str, many: str = "") -> str:
    """'1 file', '3 files' (`many` for a word that does not just take an s)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def pain_text(before: int | None, after: int | None) -> str:
    """Pain before and after a session: '4 → 2', '4 → ?', or '-' when neither was given."""
    if before is None and after is None:
        return "-"
    return f"{'?' if before is None else before} → {'?' if after is None else after}"


def display_name(name: str, variant: str | None) -> str:
    """A name with the variant being done: 'Rhomboid stretch (long-sitting)'."""
    return f"{name} ({variant})" if variant else name


def did_you_mean(name: str, known: Iterable[str], otherwise: str = "", cutoff: float = 0.6) -> str:
    """'did you mean 'x'?' with the closest known name, else `otherwise`."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else otherwise


def source_label(source: str) -> str:
    """Where a file comes from, in words: built-in, yours, STRETCH_PATH."""
    return {"built-in": "built-in", "user": "yours", "path": "STRETCH_PATH"}.get(source, source)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[Align],
    grow: int,
    width: int,
    bold: bool = False,
    gap: str = GAP,
) -> list[str]:
    """A plain table: the headers, a rule, the rows. Column `grow` takes the width that is
    left (and is cut short with '…' when the line would be too long)."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    others = sum(w for i, w in enumerate(widths) if i != grow) + len(gap) * (len(headers) - 1)
    widths[grow] = max(len(headers[grow]), width - others)

    def line(cells: Sequence[str]) -> str:
        parts = []
        for cell, size, side in zip(cells, widths, align, strict=True):
            if len(cell) > size:
                cell = cell[: size - 1] + "…"
            parts.append(cell.rjust(size) if side == "right" else cell.ljust(size))
        return gap.join(parts)

    head = line(headers)
    if bold:
        head = f"\x1b[1m{head}\x1b[0m"
    return [head, "─" * max(width, others + widths[grow]), *(line(r) for r in rows)]
