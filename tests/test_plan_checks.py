"""A plan file's checks that need the whole file at once: every problem said in one pass,
whichever others there are."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.test_plan_file import problems, write

# Each mistake: its section, its lines there, and what is said of it, at (the index of the
# line it is on, among its lines; the column).
ONE_PASS: dict[str, tuple[str, tuple[str, ...], int, int, str]] = {
    "unknown routine": (
        "days", ("  tue: upper-bak",), 0, 8,
        "days.tue: no routine named 'upper-bak' (did you mean 'upper-back'?)",
    ),
    "unknown weekday": (
        "days", ("  fryday: desk-upper-back",), 0, 3,
        "days: unknown key 'fryday' (allowed: mon, tue, wed, thu, fri, sat, sun)",
    ),
    "unknown exercise's level": (
        "levels", ("  scapula-squeeze: 2",), 0, 20,
        "levels: no exercise named 'scapula-squeeze' (did you mean 'scapular-squeeze'?)",
    ),
    "level 0": (
        "levels", ("  bridge: 0",), 0, 11,
        "levels.bridge: 0 is out of range: must be from 1 to 20",
    ),
    "misspelt rule": (
        "rules", ("  cieling: 5",), 0, 3, "rules: unknown key 'cieling' (did you mean 'ceiling'?)"
    ),
    "rule out of range": (
        "rules", ("  sessions: 0",), 0, 13,
        "rules.sessions: 0 is out of range: must be from 1 to 50",
    ),
    "green over the ceiling": (
        "rules", ("  green: 7", "  ceiling: 4"), 1, 12,
        "rules: green (7) must be below the ceiling (4) "
        "(pain from green + 1 to ceiling - 1 is amber)",
    ),
    "unknown exercise left out": (
        "leave_out", ("  rhomboid-strech: no ball",), 0, 20,
        "leave_out: no exercise named 'rhomboid-strech' (did you mean 'rhomboid-stretch'?)",
    ),
    "no such day": (
        "", ("review: 2027-02-30",), 0, 9,
        "review: expected a date like 2026-12-15, got '2027-02-30' "
        "(write the year, month and day: YYYY-MM-DD)",
    ),
    "no sessions": (
        "", ("weekly_goal: 0",), 0, 14, "weekly_goal: 0 is out of range: must be from 1 to 100"
    ),
}  # fmt: skip
SECTIONS = ("days", "levels", "rules", "leave_out", "")


def plan_with(mistakes: set[str]) -> tuple[str, list[str]]:
    """A plan of a good Monday and `mistakes`, and the problems each says (LINE:COL: ...)."""
    lines = ["days:", "  mon: upper-back"]
    said: list[tuple[int, int, str]] = []
    for section in SECTIONS:
        chosen = [name for name in sorted(ONE_PASS) if name in mistakes]
        chosen = [name for name in chosen if ONE_PASS[name][0] == section]
        if chosen and section not in ("", "days"):
            lines.append(f"{section}:")
        for name in chosen:
            _, own, at, column, message = ONE_PASS[name]
            said.append((len(lines) + at + 1, column, message))
            lines.extend(own)
    expected = [f"{line}:{column}: {message}" for line, column, message in sorted(said)]
    return "\n".join(lines) + "\n", expected


@given(st.sets(st.sampled_from(sorted(ONE_PASS)), min_size=1))
def test_every_problem_of_a_plan_is_said_in_one_pass(mistakes: set[str]) -> None:
    """Whichever mistakes a plan has, together and in the same mapping, each is said at
    once: none waits for another to be fixed (an unknown routine beside an unknown weekday,
    green over the ceiling beside a misspelt rule)."""
    text, expected = plan_with(mistakes)
    with tempfile.TemporaryDirectory() as folder:
        assert problems(write(Path(folder), text)) == expected, text
