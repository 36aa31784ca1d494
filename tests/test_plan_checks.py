"""A plan file's checks that need the whole file at once: every problem said in one pass,
whichever others there are."""

from __future__ import annotations

import itertools
import re
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import InvalidFileError
from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.files.plan_fields import json_schema
from stretchcli.files.planfile import check_plan
from stretchcli.plan.climb import (
    CLIMBS,
    HOLD_MOST,
    HOLD_USUAL,
    REPS_MOST,
    REPS_USUAL,
    SETS_MOST,
    SETS_USUAL,
    held,
    ladder_findings,
)
from tests.conftest import BUILTIN, Stretch
from tests.fakes import NOW
from tests.test_plan_file import catalog, problems, write
from tests.test_schema import editor_reads

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
        "review: 2027-02-30 is not a date: February 2027 has 28 days "
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


# A ladder's levels: (hold, reps, sets, variant), each key given.
LevelSpec = tuple[int, int, int, str | None]
level_specs = st.tuples(
    st.integers(1, 200), st.integers(1, 35), st.integers(1, 5), st.sampled_from([None, "floor"])
)


def ladder_text(name: str, levels: list[LevelSpec]) -> str:
    """A plan's ladder for `name`, in the file's words."""
    lines = [f"ladders:\n  {name}:"]
    for hold, reps, sets, variant in levels:
        keys = f"hold: {hold}, reps: {reps}, sets: {sets}"
        lines.append(f"    - {{{keys}" + (f", variant: {variant}}}" if variant else "}"))
    return "\n".join(lines) + "\n"


def breaks(levels: list[LevelSpec]) -> bool:
    """What a ladder may not do: a number over twice the most the sources give, a level of
    the same variant with less held time (hold × reps × sets) than the one below, or a
    variant it left before."""
    if any(h > HOLD_MOST or r > REPS_MOST or s > SETS_MOST for h, r, s, _ in levels):
        return True
    for number in range(1, len(levels)):
        (h0, r0, s0, v0), (h1, r1, s1, v1) = levels[number - 1], levels[number]
        if v1 == v0 and h1 * r1 * s1 < h0 * r0 * s0:
            return True
        if v1 != v0 and v1 in [v for *_, v in levels[: number - 1]]:
            return True
    return False


def unusual(levels: list[LevelSpec]) -> bool:
    """What a ladder may do, with a word: a number over the most the sources give, or a
    level the same as the one below."""
    over = any(h > HOLD_USUAL or r > REPS_USUAL or s > SETS_USUAL for h, r, s, _ in levels)
    return over or any(a == b for a, b in itertools.pairwise(levels))


@given(st.lists(level_specs, min_size=1, max_size=6))
def test_any_ladder_a_plan_is_taken_with_climbs_within_the_bounds(
    levels: list[LevelSpec],
) -> None:
    """A ladder is taken only if each level is no easier than the one below (hold × reps ×
    sets of the same variant; a variant change is a step up, a return to one left is not)
    and its numbers are at most twice the most the sources give; one taken with a number
    over the most they give, or a level the same as the one below, comes with a warning."""
    text = "days: {mon: upper-back}\n" + ladder_text("ball-pressure", levels)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), text)
        if breaks(levels):
            with pytest.raises(InvalidFileError) as caught:
                check_plan(path, catalog())
            assert all(
                re.match(r"\d+:\d+: ladders\.ball-pressure\[\d+\]", str(p).removeprefix(f"{path}:"))
                for p in caught.value.problems
            )
            return
        plan, warnings = check_plan(path, catalog())
    ladder = plan.ladders["ball-pressure"]
    for lower, upper in zip(ladder.levels, ladder.levels[1:], strict=False):
        if upper.variant == lower.variant:
            assert held(upper.exercise(BALL).dose) >= held(lower.exercise(BALL).dose)
    assert bool(warnings) == unusual(levels)
    assert all(str(w).startswith(f"{path}:") and ": warning: ladders." in str(w) for w in warnings)


BALL = catalog().exercises["ball-pressure"]


# Each ladder mistake, the one line it gives (LINE:COL: message (what to do)).
LADDER_BAD = {
    "a level easier than the one below": (
        "ladders:\n  chin-tuck:\n    - {hold: 10, reps: 5}\n    - {hold: 5, reps: 5}\n",
        f"5:7: ladders.chin-tuck[2]: level 2 is easier than level 1 (25 s held in all, after "
        f"50 s) ({CLIMBS})",
    ),
    "a variant the ladder left": (
        "ladders:\n  ball-pressure:\n    - {hold: 15}\n    - {variant: floor}\n    - {hold: 30}\n",
        "6:7: ladders.ball-pressure[3]: level 3 goes back to the exercise as it is (as level "
        "1), after the 'floor' variant: a step down (a ladder's variants come in turn, "
        "easiest first)",
    ),
    "the physiotherapist's hour-long hold": (
        "ladders:\n  chin-tuck:\n    - {hold: 3600, reps: 5}\n    - {hold: 5}\n",
        "4:14: ladders.chin-tuck[1].hold: 3600 is out of range: must be from 1 to 180 seconds",
    ),
    "a hundred reps": (
        "ladders:\n  chin-tuck:\n    - {reps: 100}\n",
        "4:14: ladders.chin-tuck[1].reps: 100 is out of range: must be from 1 to 30",
    ),
    "twenty sets": (
        "ladders:\n  chin-tuck:\n    - {sets: 20}\n",
        "4:14: ladders.chin-tuck[1].sets: 20 is out of range: must be from 1 to 4",
    ),
}


@pytest.mark.parametrize("case", sorted(LADDER_BAD))
def test_a_ladder_that_cannot_be_right_is_refused_where_it_is(tmp_path: Path, case: str) -> None:
    text, line = LADDER_BAD[case]
    assert problems(write(tmp_path, "days: {mon: strength-upper-back}\n" + text)) == [line]


@pytest.mark.parametrize("case", ["the physiotherapist's hour-long hold", "a hundred reps",
                                  "twenty sets"])  # fmt: skip
def test_what_a_ladder_may_not_hold_the_schema_refuses_too(case: str) -> None:
    data = editor_reads("days: {mon: strength-upper-back}\n" + LADDER_BAD[case][0], "1.2")
    assert not jsonschema.Draft202012Validator(json_schema()).is_valid(data)


def test_an_unusual_dose_is_taken_with_a_line_saying_what_to_check(
    stretch: Stretch, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "days: {mon: strength-upper-back}\nladders:\n  chin-tuck:\n"
        "    - {hold: 10, reps: 5}\n    - {hold: 120, reps: 5}\n    - {hold: 120, reps: 5}\n",
        "physio.yaml",
    )
    said = [
        f"{path}:5:14: warning: ladders.chin-tuck[2].hold: 120 is more than 90 s, the longest "
        "hold the sources give (check it; if it is meant, say why in the level's source)",
        f"{path}:6:7: warning: ladders.chin-tuck[3]: level 3 is the same as level 2: a step up "
        "to it changes nothing (check it, or take one of the two out)",
        f"{path}:6:14: warning: ladders.chin-tuck[3].hold: 120 is more than 90 s, the longest "
        "hold the sources give (check it; if it is meant, say why in the level's source)",
    ]
    checked = stretch("validate", str(path))
    assert (checked.code, checked.out) == (
        0,
        "\n".join([*said, "ok: 1 file checked (3 warnings)"]) + "\n",
    )
    used = stretch("plan", "use", str(path))
    assert used.code == 0
    assert used.err.splitlines() == [f"stretch: {line}" for line in said] + [
        "stretch: the weekly goal of 1 counts from the week of 9 Nov 2026; this week keeps 5, "
        "the goal it began with"  # the plan's: a session for its one day
    ]


def test_an_exercise_files_ladder_climbs_too(stretch: Stretch, user_routines: Path) -> None:
    source = (BUILTIN / "exercises" / "chin-tuck.yaml").read_text(encoding="utf-8")
    head, _, _ = source.partition("ladder:\n")
    own = user_routines / "exercises" / "my-tuck.yaml"
    sources = "\n".join(line for line in source.partition("sources:\n")[2].splitlines())
    ladder = (
        "ladder:\n"
        "  - {hold: 10, reps: 8, source: https://example.org}\n"
        "  - {hold: 10, reps: 5, source: https://example.org}\n"
        "  - {hold: 100, reps: 5, source: https://example.org}\n"
    )
    own.write_text(f"{head}{ladder}sources:\n{sources}\n", encoding="utf-8")
    first = head.count("\n") + 2
    result = stretch("validate", str(own))
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{own}:{first + 1}:5: ladder[2]: level 2 is easier than level 1 (50 s held in all, "
        f"after 80 s) ({CLIMBS})",
        f"{own}:{first + 2}:12: warning: ladder[3].hold: 100 is more than 90 s, the longest "
        "hold the sources give (check it; if it is meant, say why in the level's source)",
        "1 problem in 1 file",
    ]


def test_the_built_in_ladders_climb_within_the_bounds_without_a_word() -> None:
    built_in = load_catalog([Folder(BUILTIN, "built-in")])
    assert (built_in.problems, built_in.warnings) == ([], [])
    for exercise in built_in.exercises.values():
        assert exercise.ladder is not None
        assert ladder_findings(exercise, exercise.ladder.levels) == []


@pytest.mark.parametrize("days", [-1, 0, 1, 400])
def test_a_review_date_already_past_is_said_by_validate_and_plan_use(
    stretch: Stretch, tmp_path: Path, days: int
) -> None:
    today = datetime(2026, 12, 7, 9, 0, tzinfo=NOW.tzinfo)
    review = (today.date() - timedelta(days=days)).isoformat()
    path = write(tmp_path, f"days: {{mon: upper-back}}\nreview: {review}\n", "physio.yaml")
    line = (
        f"{path}:2:9: warning: review: {review} has already passed (check the date, or look "
        "at the plan again with the person who wrote it)"
    )
    checked = stretch("validate", str(path), wall=today)
    used = stretch("plan", "use", str(path), wall=today)
    assert (checked.code, used.code) == (0, 0)
    if days > 0:
        assert checked.out == f"{line}\nok: 1 file checked (1 warning)\n"
        assert used.err == f"stretch: {line}\n"
    else:
        assert checked.out == "ok: 1 file checked\n"
        assert used.err == ""
