"""A plan file: what a physiotherapist writes is read as written; every mistake is one line
naming FILE:LINE:COL and what to do; the JSON Schema (`stretch schema --plan`) agrees."""

from __future__ import annotations

import functools
import json
import re
import tempfile
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import InvalidFileError
from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.files.plan_fields import json_schema
from stretchcli.files.planfile import PLAN_ONLY_KEYS, read_plan
from stretchcli.model import DoseChange
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import WEEKDAYS, Level, Schedule, Threshold
from stretchcli.plan.rules import DEFAULT_RULES, RULE_KEYS
from stretchcli.text import did_you_mean
from tests.conftest import BUILTIN, Stretch
from tests.test_schema import editor_reads

# The ladders of the built-in exercise files, as a plan climbs them.
LADDERS = file_ladders(load_catalog([Folder(BUILTIN, "built-in")]).exercises)

PHYSIO = """\
# Written for stretch by a physiotherapist: adopt it with `stretch plan use physio.yaml`.
written_by: A. Physio, physiotherapist
review: 2026-12-15
days:
  mon: upper-back
  wed: desk-upper-back
  fri: upper-back
levels:
  scapular-squeeze: 2
ladders:
  thoracic-rotation:
    - {hold: 5, reps: 3, source: starting low after the assessment}
    - {hold: 5, reps: 5}
    - {hold: 5, reps: 6, sets: 2}
rules:
  ceiling: 5
avoid: [side-bend]
weekly_goal: 3
notes:
  - Keep the ball work light.
sources:
  - https://www.nhs.uk/conditions/back-pain/
"""


@functools.cache
def catalog() -> Catalog:
    """The built-in routines and exercises, loaded once."""
    return load_catalog([Folder(BUILTIN, "built-in")])


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    """The problems of a plan file, without the file's name."""
    with pytest.raises(InvalidFileError) as caught:
        read_plan(path, catalog())
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_a_physiotherapists_plan_is_read_as_written(tmp_path: Path) -> None:
    plan = read_plan(write(tmp_path, PHYSIO), catalog())
    assert plan.schedule == Schedule(
        days=(("mon", "upper-back"), ("wed", "desk-upper-back"), ("fri", "upper-back"))
    )
    assert plan.levels == {"scapular-squeeze": 2}
    ladder = plan.ladders["thoracic-rotation"]
    assert ladder.by == "A. Physio, physiotherapist"
    assert ladder.levels == (
        Level(DoseChange(hold=5, reps=3), source="starting low after the assessment"),
        Level(DoseChange(hold=5, reps=5), source="A. Physio, physiotherapist"),
        Level(DoseChange(hold=5, reps=6, sets=2), source="A. Physio, physiotherapist"),
    )
    # The ceiling is the physiotherapist's (the plan's sources are the whole plan's, not
    # this number's); the rest are defaults.
    assert plan.rules.ceiling == Threshold(5, (), "set by A. Physio, physiotherapist")
    assert plan.sources == ("https://www.nhs.uk/conditions/back-pain/",)
    assert plan.rules.green == DEFAULT_RULES.green
    assert plan.rules.sessions == DEFAULT_RULES.sessions
    assert plan.review == date(2026, 12, 15)
    assert plan.avoid == ("side-bend",)
    assert plan.weekly_goal == 3
    assert plan.notes == ("Keep the ball work light.",)
    # The ladder a plan gives wins; the others are the built-in ones.
    assert plan.ladder("thoracic-rotation", LADDERS) is ladder
    assert plan.ladder("scapular-squeeze", LADDERS) is LADDERS["scapular-squeeze"]
    assert plan.start("scapular-squeeze", LADDERS["scapular-squeeze"]) == 2
    assert plan.start("ball-pressure", LADDERS["ball-pressure"]) == 1


def test_a_rotation_brings_the_routines_in_turn(tmp_path: Path) -> None:
    plan = read_plan(write(tmp_path, "rotation: [upper-back, mid-back]\n"), catalog())
    monday = date(2026, 11, 2)
    assert [plan.schedule.routine_on(monday, done) for done in range(3)] == [
        "upper-back",
        "mid-back",
        "upper-back",
    ]


def test_days_bring_their_routine_and_other_days_rest(tmp_path: Path) -> None:
    plan = read_plan(write(tmp_path, PHYSIO), catalog())
    week = [plan.schedule.routine_on(date(2026, 11, 2 + n), 0) for n in range(7)]
    assert week == ["upper-back", None, "desk-upper-back", None, "upper-back", None, None]


def test_a_day_of_two_routines_brings_them_in_order_then_the_last_again(tmp_path: Path) -> None:
    text = "days: {mon: [strength-upper-back, upper-back], wed: upper-back}\n"
    plan = read_plan(write(tmp_path, text), catalog())
    monday = date(2026, 11, 2)
    on = plan.schedule.routine_on
    assert on(monday, 0) == "strength-upper-back"
    assert on(monday, 1, {"strength-upper-back"}) == "upper-back"
    assert on(monday, 2, {"strength-upper-back", "upper-back"}) == "upper-back"
    assert on(monday, 1, {"upper-back"}) == "strength-upper-back"
    assert on(date(2026, 11, 4), 2, {"strength-upper-back"}) == "upper-back"
    assert on(date(2026, 11, 3), 0) is None
    jsonschema.validate(editor_reads(text, "1.2"), json_schema())


# Each mistake, the one line it gives (LINE:COL: message (what to do)).
BAD = {
    "a routine of a day's list that is not there": (
        "days:\n  mon: [strength-upper-back, upper-bak]\n",
        "2:30: days.mon: no routine named 'upper-bak' (did you mean 'upper-back'?)",
    ),
    "a day's list that is empty": (
        "days: {mon: []}\n",
        "1:13: days.mon: must not be an empty list",
    ),
    "a day's list of a mapping": (
        "days: {mon: [{routine: upper-back}]}\n",
        "1:14: days.mon item 1: expected a routine id like 'upper-back', got a mapping",
    ),
    "a routine that is not there": (
        "days: {mon: upper-bak}\n",
        "1:13: days.mon: no routine named 'upper-bak' (did you mean 'upper-back'?)",
    ),
    "a month that is not there": (
        "rotation: [upper-back]\nreview: 2026-13-01\n",
        "2:9: review: 2026-13-01 is not a date: a year has 12 months "
        "(write the year, month and day: YYYY-MM-DD)",
    ),
    "a review that is not a date": (
        "rotation: [upper-back]\nreview: soon\n",
        "2:9: review: expected a date like 2026-12-15, got text 'soon' "
        "(write the year, month and day: YYYY-MM-DD)",
    ),
    "a level past the top of its ladder": (
        "rotation: [upper-back]\nlevels: {scapular-squeeze: 9}\n",
        "2:28: levels.scapular-squeeze: 9 is past the top of its ladder "
        "(its ladder has levels 1 to 7)",
    ),
    "a level past the top of a ladder the plan gives": (
        "rotation: [upper-back]\nlevels: {bridge: 3}\nladders:\n  bridge: [{reps: 5}, {reps: 8}]\n",
        "2:18: levels.bridge: 3 is past the top of its ladder (its ladder has levels 1 to 2)",
    ),
    "a number longer than Python will read": (
        "rotation: [upper-back]\nweekly_goal: 1" + "0" * 5000 + "\n",
        "2:14: weekly_goal: a number of 5001 characters is too long",
    ),
    "a level 0": (
        "rotation: [upper-back]\nlevels: {scapular-squeeze: 0}\n",
        "2:28: levels.scapular-squeeze: 0 is out of range: must be from 1 to 20",
    ),
    "an exercise's name instead of its id": (
        "rotation: [upper-back]\nlevels: {Scapular Squeeze: 2}\n",
        "2:10: levels: 'Scapular Squeeze' is not an exercise id "
        "(ids are lowercase words joined by hyphens, like 'scapular-squeeze')",
    ),
    "an exercise that is not there": (
        "rotation: [upper-back]\nlevels: {scapula-squeeze: 2}\n",
        "2:27: levels: no exercise named 'scapula-squeeze' (did you mean 'scapular-squeeze'?)",
    ),
    "an exercise left out that is not there": (
        "rotation: [upper-back]\nleave_out: {rhomboid-strech: no ball}\n",
        "2:30: leave_out: no exercise named 'rhomboid-strech' (did you mean 'rhomboid-stretch'?)",
    ),
    "an exercise left out without why": (
        "rotation: [upper-back]\nleave_out: {rhomboid-stretch: ''}\n",
        "2:31: leave_out.rhomboid-stretch: must not be empty",
    ),
    "a list of exercises to leave out, without why": (
        "rotation: [upper-back]\nleave_out: [rhomboid-stretch]\n",
        "2:12: leave_out: expected a mapping of exercise ids, each to why it is left out, "
        "got a list (e.g. leave_out: {rhomboid-stretch: its alternative needs a ball})",
    ),
    "every exercise of a routine left out": (
        "days: {mon: desk-upper-back, tue: upper-back}\nleave_out:\n"
        "  chest-stretch: a\n  rhomboid-stretch: b\n  scapular-squeeze: c\n",
        "1:13: days.mon: the plan leaves nothing of 'desk-upper-back' to do (chest-stretch is "
        "left out; rhomboid-stretch is left out; scapular-squeeze is left out) (avoid fewer "
        "movements or leave out fewer exercises, or take the routine off the plan's days)",
    ),
    "avoid and leave_out together leave a routine nothing": (
        "days:\n  mon: upper-back\n  wed: desk-upper-back\navoid: [flexion]\nleave_out:\n"
        "  chest-stretch: a\n  scapular-squeeze: b\n  ball-pressure: no ball\n",
        "3:8: days.wed: the plan leaves nothing of 'desk-upper-back' to do (chest-stretch is "
        "left out; rhomboid-stretch is avoided (flexion) with no alternative the plan allows; "
        "scapular-squeeze is left out) (avoid fewer movements or leave out fewer exercises, or "
        "take the routine off the plan's days)",
    ),
    "a weekday mistyped": (
        "days: {mun: upper-back}\n",
        "1:8: days: unknown key 'mun' (did you mean 'mon'?)",
    ),
    "green over the ceiling": (
        "rotation: [upper-back]\nrules: {green: 6, ceiling: 5}\n",
        "2:28: rules: green (6) must be below the ceiling (5) "
        "(pain from green + 1 to ceiling - 1 is amber)",
    ),
    "days and a rotation": (
        "days: {mon: upper-back}\nrotation: [upper-back]\n",
        "2:11: give days or rotation, not both",
    ),
    "no routines at all": (
        "levels: {scapular-squeeze: 1}\n",
        "1:1: missing its routines: days (a routine for each weekday) or rotation "
        "(routines in turn) (e.g. days: {mon: upper-back, thu: upper-back})",
    ),
    "days without a day": (
        "days: {}\n",
        "1:7: days: give a routine for at least one day (e.g. mon: upper-back)",
    ),
    "a hold of 0": (
        "rotation: [upper-back]\nladders:\n  scapular-squeeze:\n    - {hold: 0, reps: 3}\n",
        "4:14: ladders.scapular-squeeze[1].hold: 0 is out of range: must be from 1 to 180 seconds",
    ),
    "a variant the exercise does not have": (
        "rotation: [upper-back]\nladders:\n  ball-pressure:\n    - {variant: ceiling}\n",
        "4:17: ladders.ball-pressure[1].variant: 'ball-pressure' has no variant 'ceiling' "
        "(variants: floor)",
    ),
    "a level that sets nothing": (
        "rotation: [upper-back]\nladders:\n  ball-pressure:\n    - {}\n",
        "4:7: ladders.ball-pressure[1]: a level sets at least one of hold, reps, sets, variant",
    ),
    "a ladder that is not a list": (
        "rotation: [upper-back]\nladders:\n  scapular-squeeze: 3\n",
        "3:21: ladders.scapular-squeeze: expected a list of levels, easiest first, got the "
        "number 3 (write one '- {hold: 10, reps: 3}' per line)",
    ),
    "ladders as a list": (
        "rotation: [upper-back]\nladders: [scapular-squeeze]\n",
        "2:10: ladders: expected a mapping of exercise ids to lists of levels, got a list "
        "(see `stretch schema --plan`)",
    ),
    "a ladder for an exercise that is not there": (
        "rotation: [upper-back]\nladders:\n  scapula-squeeze: [{reps: 5}]\n",
        "3:3: ladders: no exercise named 'scapula-squeeze' (did you mean 'scapular-squeeze'?)",
    ),
    "YAML's no for a number": (
        "rotation: [upper-back]\nrules: {sessions: no}\n",
        "2:19: rules.sessions: expected a whole number, got 'no' (a boolean)",
    ),
    "a rule that is not one": (
        "rotation: [upper-back]\nrules: {seshions: 3}\n",
        "2:9: rules: unknown key 'seshions' (did you mean 'sessions'?)",
    ),
    "a key repeated": (
        "rotation: [upper-back]\nlevels: {bridge: 2, bridge: 3}\n",
        "2:21: levels: duplicate key 'bridge' (first on line 2)",
    ),
    "review twice": (
        "rotation: [upper-back]\nreview: 2026-12-01\nreview: 2027-01-01\n",
        "3:1: duplicate key 'review' (first on line 2)",
    ),
    "a typo in a key": (
        "rotation: [upper-back]\nlvels: {}\n",
        "2:1: unknown key 'lvels' (did you mean 'levels'?)",
    ),
    "a list instead of a plan": (
        "- upper-back\n",
        "1:1: a plan file must be a mapping of keys (days: ..., levels: ...), not a list "
        "(see `stretch schema --plan` for the keys)",
    ),
    "a movement that is not one": (
        "rotation: [upper-back]\navoid: [twisting]\n",
        "2:9: avoid item 1: 'twisting' is not one of: rotation, side-bend, flexion, extension",
    ),
    "a rise of 0": (
        "rotation: [upper-back]\nrules: {rise: 0}\n",
        "2:15: rules.rise: 0 is out of range: must be from 1 to 10",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_mistake_is_one_line_naming_where_and_what_to_do(tmp_path: Path, case: str) -> None:
    text, line = BAD[case]
    assert problems(write(tmp_path, text)) == [line]


def test_the_schema_is_valid_and_takes_the_physiotherapists_plan(stretch: Stretch) -> None:
    result = stretch("schema", "--plan")
    assert result.code == 0
    document = json.loads(result.out)
    assert document == json_schema()
    jsonschema.Draft202012Validator.check_schema(document)
    jsonschema.validate(editor_reads(PHYSIO, "1.2"), document)


# What a JSON Schema cannot see: names that must exist in the catalog, a level past its
# ladder, green over the ceiling, a repeated key, the days of a month.
SCHEMA_CANNOT_SEE = {
    "a routine that is not there",
    "a routine of a day's list that is not there",
    "a month that is not there",
    "a level past the top of its ladder",
    "a level past the top of a ladder the plan gives",
    "an exercise that is not there",
    "an exercise left out that is not there",
    "every exercise of a routine left out",
    "avoid and leave_out together leave a routine nothing",
    "green over the ceiling",
    "a variant the exercise does not have",
    "a ladder for an exercise that is not there",
    "a key repeated",
    "review twice",
    "a number longer than Python will read",  # an editor's YAML reader cannot read it either
}


@pytest.mark.parametrize("case", sorted(set(BAD) - SCHEMA_CANNOT_SEE))
def test_what_the_validator_refuses_the_schema_refuses(case: str) -> None:
    data = editor_reads(BAD[case][0], "1.2")
    assert not jsonschema.Draft202012Validator(json_schema()).is_valid(data)


def test_schema_takes_one_kind_at_a_time(stretch: Stretch) -> None:
    result = stretch("schema", "--plan", "--exercise")
    assert (result.code, result.out) == (2, "")
    assert result.err == "stretch: --exercise and --plan: give one of them\n"


@given(st.lists(st.integers(min_value=-3, max_value=25), min_size=1, max_size=3))
def test_any_start_level_is_taken_only_on_its_ladder(levels: list[int]) -> None:
    """A level in the file is refused unless it is on the exercise's ladder; read, it is
    exactly the level written."""
    names = ["scapular-squeeze", "bridge", "childs-pose"][: len(levels)]
    text = "rotation: [upper-back]\nlevels:\n" + "".join(
        f"  {name}: {level}\n" for name, level in zip(names, levels, strict=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), text)
        fits = all(1 <= lv <= LADDERS[n].top for n, lv in zip(names, levels, strict=True))
        if fits:
            assert read_plan(path, catalog()).levels == dict(zip(names, levels, strict=True))
        else:
            with pytest.raises(InvalidFileError):
                read_plan(path, catalog())


def test_every_builtin_ladder_level_is_sourced_and_climbs() -> None:
    """Every rung says where its numbers come from, and no rung is easier than the one below
    it (a harder variant may start again at a shorter hold)."""
    for name, ladder in LADDERS.items():
        for lower, upper in zip(ladder.levels, ladder.levels[1:], strict=False):
            assert upper.source.startswith("https://") or upper.source.startswith("http://")
            if upper.variant == lower.variant:
                low, high = lower.dose, upper.dose
                volume = (low.hold or 0) * (low.reps or 0) * (low.sets or 1)
                assert (high.hold or 0) * (high.reps or 0) * (high.sets or 1) > volume, name
        assert ladder.levels[0].source and ladder.levels[0].why


# One-line mistakes, each in a key of its own: (the line, its column, what is said of it).
MISTAKES = {
    "review": ("review: soon", 9, "review: expected a date like 2026-12-15, got text 'soon' "
               "(write the year, month and day: YYYY-MM-DD)"),
    "levels": ("levels: {scapula-squeeze: 2}", 27,
               "levels: no exercise named 'scapula-squeeze' (did you mean 'scapular-squeeze'?)"),
    "rules": ("rules: {seshions: 3}", 9,
              "rules: unknown key 'seshions' (did you mean 'sessions'?)"),
    "avoid": ("avoid: [twisting]", 9,
              "avoid item 1: 'twisting' is not one of: rotation, side-bend, flexion, extension"),
    "weekly_goal": ("weekly_goal: many", 14,
                    "weekly_goal: expected a whole number, got text 'many'"),
    "lvels": ("lvels: {}", 1, "unknown key 'lvels' (did you mean 'levels'?)"),
    "ladders": ("ladders: [scapular-squeeze]", 10, "ladders: expected a mapping of exercise ids "
                "to lists of levels, got a list (see `stretch schema --plan`)"),
    "rotation": ("rotation: [upper-bak]", 12,
                 "rotation: no routine named 'upper-bak' (did you mean 'upper-back'?)"),
}  # fmt: skip


@given(st.permutations(sorted(MISTAKES)), st.integers(1, len(MISTAKES)))
def test_every_mistake_of_a_plan_is_reported_where_it_is(names: list[str], count: int) -> None:
    chosen = names[:count]
    lines = [MISTAKES[name][0] for name in chosen]
    if "rotation" not in chosen:
        lines.insert(0, "rotation: [upper-back]")
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "\n".join(lines) + "\n")
        expected = [
            f"{lines.index(MISTAKES[name][0]) + 1}:{MISTAKES[name][1]}: {MISTAKES[name][2]}"
            for name in chosen
        ]
        assert problems(path) == sorted(expected, key=lambda p: tuple(map(int, p.split(":")[:2])))


def test_plan_use_and_validate_say_every_problem(stretch: Stretch, tmp_path: Path) -> None:
    text = "".join(MISTAKES[name][0] + "\n" for name in ("rotation", "review", "levels"))
    path = write(tmp_path, text, "physio.yaml")
    said = [
        f"{path}:1:12: {MISTAKES['rotation'][2]}",
        f"{path}:2:9: {MISTAKES['review'][2]}",
        f"{path}:3:27: {MISTAKES['levels'][2]}",
    ]
    used = stretch("plan", "use", str(path))
    assert (used.code, used.out) == (1, "")
    assert used.err.splitlines() == [f"stretch: {line}" for line in said]
    # `validate` knows it for a plan by its keys, and says the same.
    checked = stretch("validate", str(path))
    assert checked.code == 1
    assert checked.out.splitlines() == [*said, "3 problems in 1 file"]


def test_validate_checks_a_plan_as_a_plan(stretch: Stretch, tmp_path: Path) -> None:
    good = write(tmp_path, PHYSIO, "physio.yaml")
    assert stretch("validate", str(good)).out == "ok: 1 file checked\n"
    # By where it lives: named as the config folder's plan, whatever its keys.
    named = write(tmp_path, "levels: {scapular-squeeze: 2}\n", "plan.yaml")
    result = stretch("validate", str(named), str(good))
    assert result.out.splitlines() == [
        f"{named}:1:1: missing its routines: days (a routine for each weekday) or rotation "
        "(routines in turn) (e.g. days: {mon: upper-back, thu: upper-back})",
        "1 problem in 2 files",
    ]
    # A routine beside it is still a routine.
    (tmp_path / "my-break.yaml").write_text("name: x\nsummary: y\nsteps: [chin-tuck]\n")
    assert stretch("validate", str(tmp_path / "my-break.yaml"), str(good)).out == (
        "ok: 2 files checked\n"
    )


@pytest.mark.parametrize("key", sorted(PLAN_ONLY_KEYS - {"days"}))
def test_validate_knows_a_plan_whose_days_is_misspelt_by_its_other_keys(
    stretch: Stretch, tmp_path: Path, key: str
) -> None:
    # A physiotherapist's `dayz:` is a plan missing its days, not a routine missing its steps.
    value = {
        "rotation": "[upper-back]",
        "written_by": "A. Physio",
        "review": "2026-12-15",
        "levels": "{scapular-squeeze: 2}",
        "leave_out": "{rhomboid-stretch: no ball}",
        "ladders": "{}",
        "rules": "{}",
        "weekly_goal": "3",
    }[key]
    text = f"{key}: {value}\ndayz: {{mon: upper-back}}\n"
    path = write(tmp_path, text, "physio.yaml")
    said = stretch("validate", str(path)).out.splitlines()
    assert f"{path}:2:1: unknown key 'dayz' (did you mean 'days'?)" in said
    assert not any("steps" in line or "'name'" in line for line in said)


# Pages a default rule may rest on: peer-reviewed papers (PubMed) and health systems' pages.
PRIMARY = re.compile(r"https://(pubmed\.ncbi\.nlm\.nih\.gov|www\.nhs\.uk|cks\.nice\.org\.uk)/")


@pytest.mark.parametrize("key", [key.name for key in RULE_KEYS])
def test_every_default_rule_rests_on_a_primary_page_or_says_it_is_chosen(key: str) -> None:
    threshold = getattr(DEFAULT_RULES, key)
    assert threshold.chosen == threshold.why.startswith("chosen: ")
    assert threshold.sources or threshold.chosen
    for source in threshold.sources:
        assert PRIMARY.match(source), source


def test_a_wrong_level_does_not_hide_the_problems_of_the_others(tmp_path: Path) -> None:
    """Every problem at once: a level that is wrong keeps its place on its ladder, so the
    other levels' variants and a start past the top are checked in the same pass."""
    text = (
        "rotation: [upper-back]\n"
        "ladders:\n"
        "  thoracic-rotation:\n"
        "    - {hold: 5, reps: x}\n"
        "    - {hold: 5, variant: nope}\n"
        "    - {}\n"
        "levels: {thoracic-rotation: 4}\n"
    )
    assert problems(write(tmp_path, text)) == [
        "4:23: ladders.thoracic-rotation[1].reps: expected a whole number, got text 'x'",
        "5:26: ladders.thoracic-rotation[2].variant: 'thoracic-rotation' has no variant "
        "'nope' (it has no variants)",
        "6:7: ladders.thoracic-rotation[3]: a level sets at least one of hold, reps, sets, variant",
        "7:29: levels.thoracic-rotation: 4 is past the top of its ladder (its ladder has "
        "levels 1 to 3)",
    ]


def _typos(day: str) -> list[str]:
    """The day with one letter changed where a typo leaves it closest to itself: the last
    letter, and for a day whose first letter no other day has, the middle one too."""
    firsts = [other[0] for other in WEEKDAYS]
    places = (1, 2) if firsts.count(day[0]) == 1 else (2,)
    return [
        day[:place] + letter + day[place + 1 :]
        for place in places
        for letter in "abcdefghijklmnopqrstuvwxyz"
        if letter != day[place] and day[:place] + letter + day[place + 1 :] not in WEEKDAYS
    ]


@pytest.mark.parametrize("day", WEEKDAYS)
def test_a_mistyped_weekday_suggests_the_day_meant(day: str) -> None:
    """'mun' is 'mon', not 'sun': of days as close as each other, the one that starts as
    the typo does wins."""
    for typo in _typos(day):
        assert did_you_mean(typo, WEEKDAYS) == f"did you mean '{day}'?", typo


def test_the_plans_in_the_readme_are_read_as_they_say(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)]
    plans = [b for b in blocks if b.startswith("# A plan")]
    assert len(plans) == 2
    path = tmp_path / "plan.yaml"
    path.write_text(plans[1], encoding="utf-8")
    plan = read_plan(path, catalog())
    assert plan.leave_out == {
        "rhomboid-stretch": "flexion is avoided, and its alternative, Ball pressure on trigger "
        "points, needs a ball"
    }


DESK = {step.exercise for step in catalog().routine("desk-upper-back").steps}


@given(st.sets(st.sampled_from(sorted(DESK | {"thoracic-rotation", "chin-tuck"}))))
def test_a_plan_that_leaves_a_routine_with_nothing_is_refused(left_out: set[str]) -> None:
    # Whatever is left out, a routine of the plan's days keeps something to do, or the
    # plan is refused where the routine is named (its day's `stretch run` would do nothing).
    steps = DESK
    reasons = "".join(f"  {name}: why\n" for name in sorted(left_out))
    text = "days: {mon: desk-upper-back}\n" + (f"leave_out:\n{reasons}" if left_out else "")
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), text)
        if steps <= left_out:
            assert problems(path) == [
                "1:13: days.mon: the plan leaves nothing of 'desk-upper-back' to do "
                "(chest-stretch is left out; rhomboid-stretch is left out; scapular-squeeze is "
                "left out) (avoid fewer movements or leave out fewer exercises, or take the "
                "routine off the plan's days)"
            ]
        else:
            assert read_plan(path, catalog()).leave_out == dict.fromkeys(left_out, "why")


# Any of these left out or avoided, upper-back keeps its seated thoracic rotation.
LEFT = ("rhomboid-stretch", "scapular-squeeze", "ball-pressure", "thoracic-side-bend")
MOVEMENTS = ("flexion", "extension", "side-bend")


@given(
    st.sets(st.sampled_from(LEFT)),
    st.sets(st.sampled_from(LEFT)),
    st.sets(st.sampled_from(MOVEMENTS)),
    st.sets(st.sampled_from(MOVEMENTS)),
)
def test_what_a_plan_leaves_out_or_avoids_is_part_of_what_makes_it_a_new_plan(
    left: set[str], other_left: set[str], avoid: set[str], other_avoid: set[str]
) -> None:
    """Two plans that leave out, or avoid, different things are different plans (their
    levels start again, with the left-out ones said as such); the words saying why an
    exercise is left out, or the order the file lists them in, change nothing."""

    def fingerprint(left_: set[str], avoid_: set[str], why: str, order: int) -> str:
        names = sorted(left_, reverse=bool(order))
        text = "days: {mon: upper-back}\n"
        if names:
            text += "leave_out:\n" + "".join(f"  {name}: {why}\n" for name in names)
        if avoid_:
            text += f"avoid: [{', '.join(sorted(avoid_, reverse=bool(order)))}]\n"
        with tempfile.TemporaryDirectory() as folder:
            return read_plan(write(Path(folder), text), catalog()).fingerprint

    same = (left, avoid) == (other_left, other_avoid)
    first, second = (
        fingerprint(left, avoid, "why", 0),
        fingerprint(other_left, other_avoid, "why", 0),
    )
    assert (first == second) is same
    assert fingerprint(left, avoid, "why", 0) == fingerprint(left, avoid, "because", 1)


UPPER = [step.exercise for step in catalog().routine("upper-back").steps]


@given(
    st.sets(st.sampled_from(UPPER)),
    st.sets(st.sampled_from(("flexion", "rotation", "side-bend", "extension"))),
    st.booleans(),
)
def test_a_plan_whose_avoid_and_leave_out_empty_a_routine_is_refused_where_the_routine_is(
    left_out: set[str], avoid: set[str], rotation: bool
) -> None:
    """What `stretch run` would do of each routine of the plan, with its avoided movements
    and what it leaves out (the run's own planner): nothing at all is refused, one line at
    the routine's place in `days` (or `rotation`) saying what to do; anything left is taken."""
    from stretchcli.plan.model import Plan, Schedule
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan as run_plan
    from stretchcli.session.today import without_stand_ins

    text = (
        "rotation: [mid-back, upper-back]\n"
        if rotation
        else "days:\n  mon: mid-back\n  thu: upper-back\n"
    )
    if left_out:
        text += "leave_out:\n" + "".join(f"  {name}: why\n" for name in sorted(left_out))
    if avoid:
        text += f"avoid: [{', '.join(sorted(avoid))}]\n"
    moves = tuple(sorted(avoid))
    shape = Plan(Schedule(), DEFAULT_RULES, avoid=moves, leave_out=dict.fromkeys(left_out, "why"))  # type: ignore[arg-type]
    shaped = without_stand_ins(catalog().exercises, shape)
    empty = set()
    for name in ("mid-back", "upper-back"):
        routine = catalog().routine(name)
        skip = tuple(step.exercise for step in routine.steps if step.exercise in left_out)
        if not run_plan(routine, shaped, RunOptions(avoid=frozenset(avoid), skip=skip)).steps:
            empty.add(name)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), text)
        if not empty:
            assert read_plan(path, catalog()).leave_out == dict.fromkeys(left_out, "why")
            return
        found = problems(path)
    where = {"mid-back": "1:12" if rotation else "2:8", "upper-back": "1:22" if rotation else "3:8"}
    assert len(found) == len(empty)
    for line, name in zip(found, sorted(empty, key=lambda n: where[n]), strict=True):
        assert line.startswith(f"{where[name]}: ")
        assert f"'{name}'" in line and line.endswith(")")
        assert "avoid fewer movements or leave out fewer exercises" in line or (
            "leave out fewer" in line
        )
