"""A plain table of text for the terminal: headers, a rule and rows, fitted to a width."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from stretchcli.text import GAP, Align, columns, fit, one_line


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[Align],
    grow: int,
    width: int,
    gap: str = GAP,
    drops: Sequence[int] = (),
    most: int = 0,
) -> list[str]:
    """A plain table: the headers, a rule, the rows. Column `grow` takes the width that is
    left (and is cut short with '…' when the line would be too long); a `width` of 0 cuts
    nothing (for a pipe, where whole names matter more than a screen). Each cell is made one
    line (`one_line`): data never breaks the table or acts on the terminal. Column 0 (an id)
    is cut in its middle, so that ids alike at their start are told apart. Where the table
    does not fit even so, the columns `drops` are left out, in that order; `most`: the most
    columns column 0 takes (0: no limit)."""
    rows = [[one_line(cell) for cell in row] for row in rows]
    kept = list(range(len(headers)))
    widths = _widths(headers, rows, align, grow, width, gap, kept, most)
    for column in drops:  # (attack 22, C6: below 37 columns every row took two lines)
        fits = sum(widths[i] for i in kept) + len(gap) * (len(kept) - 1) <= width
        if width <= 0 or (fits and not _alike(rows, widths[0])):  # (verify 26, N10)
            break
        kept.remove(column)
        widths = _widths(headers, rows, align, grow, width, gap, kept, most)

    def line(cells: Sequence[str], first: str) -> str:
        parts = [fit(first if i == 0 else cells[i], widths[i], align[i]) for i in kept]
        return gap.join(parts).rstrip()

    drawn = sum(widths[i] for i in kept) + len(gap) * (len(kept) - 1)
    rule = "─" * (min(width, drawn) if width > 0 else drawn)
    firsts = apart([r[0] for r in rows], widths[0]) if width > 0 else [r[0] for r in rows]
    heading = cut_middle(headers[0], widths[0])
    return [line(headers, heading), rule, *map(line, rows, firsts)]


def _widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[Align],
    grow: int,
    width: int,
    gap: str,
    kept: Sequence[int],
    most: int = 0,
) -> list[int]:
    """Each column's width (of those `kept`): the widest cell, column `grow` taking what is
    left of `width`, and where that is not enough, the other text columns giving way too,
    the widest first, down to their header (verify 25, V8: 40 columns); numbers never."""
    widths = [max([columns(h), *(columns(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    if width <= 0:
        return widths
    if most:
        widths[0] = min(widths[0], max(most, columns(headers[0])))
    others = sum(widths[i] for i in kept if i != grow) + len(gap) * (len(kept) - 1)
    widths[grow] = max(columns(headers[grow]), width - others)
    over = others + widths[grow] - width
    while over > 0:
        text = [i for i in kept if align[i] == "left" and widths[i] > columns(headers[i])]
        if not text:
            break
        widest = max(text, key=lambda i: widths[i])
        widths[widest] -= 1
        over -= 1
    return widths


def _alike(rows: Sequence[Sequence[str]], size: int) -> bool:
    """Whether two ids of column 0, other ones, are cut alike at `size` columns."""
    ids = sorted({row[0] for row in rows})
    return len(set(apart(ids, size))) < len(ids)


def apart(texts: Sequence[str], size: int) -> list[str]:
    """Each text in `size` columns, cut in its middle (`cut_middle`); texts that would be
    cut alike are cut where they differ: 'stretch-m…routine' and 'stretch-e…routine', or
    in fewer columns '…morning…' and '…evening…' (verify 27, N10: both were
    'stretch-…-routine')."""
    cut = [cut_middle(text, size) for text in texts]
    groups: dict[str, set[str]] = {}
    for text, shown in zip(texts, cut, strict=True):
        groups.setdefault(shown, set()).add(text)
    return [
        _where_apart(text, _same_start(groups[shown]), size)
        if len(groups[shown]) > 1 and size >= 5
        else shown
        for text, shown in zip(texts, cut, strict=True)
    ]


def _same_start(texts: Collection[str]) -> int:
    """How many characters all `texts` begin with alike."""
    first, last = min(texts), max(texts)  # (what the least and most share, all do)
    return next(
        (i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first)
    )


def _where_apart(text: str, same: int, size: int) -> str:
    """`text` in `size` columns, showing where it differs from others that begin with the
    same `same` characters: its start through there and its end, or a window from there."""
    tail = size - 1 - (same + 1)
    if tail >= 3:  # the start, the first character that differs, then the end
        head = same + 1 + (tail - 3) // 2
        return fit(text[:head] + "…" + text[-(size - 1 - head) :], size)
    window = text[same:]
    return fit("…" + (window if columns(window) < size - 1 else fit(window, size - 1)), size)


def cut_middle(text: str, size: int, side: Align = "left") -> str:
    """`text` in exactly `size` columns, as `fit` makes it, but cut in its middle:
    'thoracic-r…on' and 'thoracic-…end', not 'thoracic-…' twice."""
    if columns(text) <= size or size < 5:
        return fit(text, size, side)
    tail: list[str] = []
    room = (size - 1) // 2
    for char in reversed(text):
        room -= columns(char)
        if room < 0:
            break
        tail.insert(0, char)
    end = "".join(tail)
    return fit(fit(text, size - columns(end)).rstrip(" ") + end, size, side)
