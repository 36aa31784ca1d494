"""A plain table of text for the terminal: headers, a rule and rows, fitted to a width."""

from __future__ import annotations

from collections.abc import Sequence

from stretchcli.text import GAP, Align, columns, fit, one_line


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[Align],
    grow: int,
    width: int,
    gap: str = GAP,
) -> list[str]:
    """A plain table: the headers, a rule, the rows. Column `grow` takes the width that is
    left (and is cut short with '…' when the line would be too long); a `width` of 0 cuts
    nothing (for a pipe, where whole names matter more than a screen). Each cell is made one
    line (`one_line`): data never breaks the table or acts on the terminal."""
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [max([columns(h), *(columns(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    others = sum(w for i, w in enumerate(widths) if i != grow) + len(gap) * (len(headers) - 1)
    if width > 0:
        widths[grow] = max(columns(headers[grow]), width - others)
        # Too narrow still (verify 25, V8: 40 columns): the other text columns give way too,
        # the widest first, down to their header; numbers never.
        over = others + widths[grow] - width
        while over > 0:
            text = [
                i for i, a in enumerate(align) if a == "left" and widths[i] > columns(headers[i])
            ]
            if not text:
                break
            widest = max(text, key=lambda i: widths[i])
            widths[widest] -= 1
            over -= 1

    def line(cells: Sequence[str]) -> str:
        parts = [fit(c, n, side) for c, n, side in zip(cells, widths, align, strict=True)]
        return gap.join(parts).rstrip()

    rule = "─" * max(width, sum(widths) + len(gap) * (len(headers) - 1))
    return [line(headers), rule, *(line(r) for r in rows)]
