"""Strengthening for the upper back (issue 27, item 5) and ladders in exercise files (item 3):
the new exercises validate, carry the doses of the pages they cite and figures that pass the
body's checks; a bad `ladder:` is one line naming FILE:LINE:COL; a plan climbs the ladder
an exercise file declares (simulated weeks, no clock read)."""

from __future__ import annotations

import functools
import json
import math
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from stretchcli.body.posture import problems as figure_problems
from stretchcli.body.skeleton import HEAD_RADIUS, joints_of, skeleton
from stretchcli.body.vectors import dot, minus
from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.json_schema import json_schema
from stretchcli.files.paths import Folder
from stretchcli.files.templates import exercise_template
from stretchcli.model import Dose, apply_variant
from stretchcli.plan.engine import Rated, plan_exercises, progress
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import Plan, Schedule
from stretchcli.plan.rules import DEFAULT_RULES
from tests.conftest import BUILTIN, Stretch

NEW_EXERCISES = ("chin-tuck", "band-row")
ROUTINE = "strength-upper-back"
NIA_ROW = "https://go4life.nia.nih.gov/exercises/seated-row-resistance-band"
NIA_STRENGTH = "https://www.nia.nih.gov/health/exercise-and-physical-activity"
UW_CHIN = "https://www.uwhealth.org/uw-carbone-cancer-center/chin-tucks/26694"
CEMM = (
    "https://www.cemm.af.mil/Programs/Orthopedics/The-Shoulder/Shoulder-Exercises/"
    "Isometric-Shoulder-Blade-Retraction/"
)
COMMONSPIRIT_BAND = (
    "https://www.commonspirit.org/conditions-treatments/resisted-shoulder-blade-squeeze-elbows-bent"
)
ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=ZONE)


@functools.cache
def catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


def test_the_new_exercises_and_routine_validate(stretch: Stretch) -> None:
    files = [BUILTIN / "exercises" / f"{e}.yaml" for e in NEW_EXERCISES]
    files += [BUILTIN / "exercises" / "scapular-squeeze.yaml", BUILTIN / f"{ROUTINE}.yaml"]
    assert stretch("validate", *map(str, files)) == (0, f"ok: {len(files)} files checked\n", "")


@pytest.mark.parametrize(
    ("exercise", "variant", "dose", "source"),
    [
        # UW Health: hold 10-15 s; no count given, so ours (5) is marked chosen in the file.
        ("chin-tuck", None, Dose(10, 5, 1, 5, 0, "none"), UW_CHIN),
        # NIA: 10-15 times, rest, 10-15 more; at NIA's pace for strength exercises: 3 s to
        # pull, hold 1 s (the hold phase: 4 s), 3 s to return (the relax).
        ("band-row", None, Dose(4, 10, 2, 3, 30, "none"), NIA_STRENGTH),
        ("band-row", "band", Dose(4, 10, 2, 3, 30, "none"), NIA_ROW),
        # Without a band: the squeeze's 5 s x 10 (CEMM).
        ("band-row", "no-band", Dose(5, 10, 1, 5, 30, "none"), CEMM),
        # CommonSpirit: 8-12 times with a band.
        ("scapular-squeeze", "band", Dose(5, 8, 1, 5, 30, "none"), COMMONSPIRIT_BAND),
    ],
)
def test_each_dose_is_the_one_its_cited_page_gives(
    exercise: str, variant: str | None, dose: Dose, source: str
) -> None:
    found = apply_variant(catalog().exercises[exercise], variant)
    assert found.dose == dose
    assert source in found.sources


def test_the_cautions_reach_the_person_during_the_run(stretch: Stretch) -> None:
    """The first caution of each exercise is said at its get-ready, the routine's before it
    starts (a --json run on the fake clock)."""
    code, out, _ = stretch("run", ROUTINE, "--json")
    assert code == 0
    said = " ".join(json.dumps(json.loads(line)) for line in out.splitlines())
    for name in ("chin-tuck", "scapular-squeeze", "band-row"):
        first = catalog().exercises[name].cautions[0]
        assert first in said, name
    assert catalog().routines[ROUTINE].cautions[0] in said


def test_the_routine_has_two_to_four_exercises_all_strengthening() -> None:
    routine = catalog().routines[ROUTINE]
    assert [s.exercise for s in routine.steps] == ["chin-tuck", "scapular-squeeze", "band-row"]
    assert 2 <= len(routine.steps) <= 4


@pytest.mark.parametrize(
    ("exercise", "variant"),
    [
        ("chin-tuck", None),
        ("band-row", None),
        ("band-row", "no-band"),
        ("scapular-squeeze", "band"),
    ],
)
def test_each_new_figure_passes_the_bodys_checks(exercise: str, variant: str | None) -> None:
    figure = apply_variant(catalog().exercises[exercise], variant).figure
    assert figure is not None
    assert figure.start != figure.end
    assert list(figure_problems(figure)) == []


def test_every_exercise_file_has_a_ladder_with_its_own_dose_on_it() -> None:
    """Every built-in exercise declares its ladder; each level names an http(s) page; the
    file's own dose is one of its levels, so a plan's top or middle is what the file says."""
    for exercise in catalog().exercises.values():
        ladder = exercise.ladder
        assert ladder is not None, exercise.id
        for level in ladder.levels:
            assert level.source.startswith(("https://", "http://")), exercise.id
        own = (exercise.dose.hold, exercise.dose.reps, exercise.dose.sets)
        doses = {
            (lv.over(exercise.dose).hold, lv.over(exercise.dose).reps, lv.over(exercise.dose).sets)
            for lv in ladder.levels
            if lv.variant is None
        }
        assert own in doses, exercise.id


def test_the_squeeze_ends_with_the_band_and_the_ball_with_the_floor() -> None:
    ladders = file_ladders(catalog().exercises)
    squeeze = ladders["scapular-squeeze"].levels
    assert [lv.variant for lv in squeeze[-2:]] == ["band", "band"]
    assert {lv.source for lv in squeeze[-2:]} == {COMMONSPIRIT_BAND}
    assert all(lv.variant is None for lv in squeeze[:-2])
    ball = ladders["ball-pressure"].levels
    assert [lv.variant for lv in ball[-2:]] == ["floor", "floor"]


BASE = (BUILTIN / "exercises" / "chin-tuck.yaml").read_text(encoding="utf-8")
WITHOUT_LADDER = BASE[: BASE.index("# The doses a plan climbs")] + BASE[BASE.index("sources:") :]
LINE = WITHOUT_LADDER[: WITHOUT_LADDER.index("sources:")].count("\n") + 1  # of `ladder:`

BAD_LADDERS = {
    "not a list": (
        "ladder: 3\n",
        f"{LINE}:9: ladder: expected a list of levels, easiest first, got the number 3 "
        "(write one '- {reps: 5, source: https://...}' per line)",
    ),
    "an empty list": (
        "ladder: []\n",
        f"{LINE}:9: ladder: expected a list of levels, easiest first, got an empty list "
        "(write one '- {reps: 5, source: https://...}' per line)",
    ),
    "a hold out of range": (
        "ladder:\n  - {hold: 0, reps: 3, source: https://a.example}\n",
        f"{LINE + 1}:12: ladder[1].hold: 0 is out of range: must be from 1 to 180 seconds",
    ),
    "a level that sets nothing": (
        "ladder:\n  - {reps: 3, source: https://a.example}\n  - {source: https://a.example}\n",
        f"{LINE + 2}:5: ladder[2]: a level sets at least one of hold, reps, sets, variant",
    ),
    "a level without its source": (
        "ladder:\n  - reps: 3\n",
        f"{LINE + 1}:5: ladder[1]: missing required key 'source' (the page the numbers come from)",
    ),
    "a level that is not a mapping": (
        "ladder:\n  - 5\n",
        f"{LINE + 1}:5: ladder[1]: expected a mapping of keys, got the number 5 "
        "(allowed: hold, reps, sets, variant, source, why)",
    ),
    "an unknown key": (
        "ladder:\n  - {reps: 3, source: https://a.example, colour: red}\n",
        f"{LINE + 1}:42: ladder[1]: unknown key 'colour' "
        "(allowed: hold, reps, sets, variant, source, why)",
    ),
    "a variant the file does not have": (
        "ladder:\n  - {variant: floor, source: https://a.example}\n",
        f"{LINE + 1}:15: ladder[1].variant: no variant 'floor' (it has no variants)",
    ),
    "reps written as YAML 1.1 octal": (
        "ladder:\n  - {reps: 010, source: https://a.example}\n",
        f"{LINE + 1}:12: ladder[1].reps: expected a whole number, got the number 010 "
        "(YAML 1.1 reads 010 as the octal number 8; write 10)",
    ),
    "too many levels": (
        "ladder:\n" + "  - {reps: 3, source: https://a.example}\n" * 21,
        f"{LINE + 1}:3: ladder: more than 20 levels",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LADDERS))
def test_a_bad_ladder_is_one_line_naming_file_line_and_column(
    stretch: Stretch, tmp_path: Path, case: str
) -> None:
    ladder, expected = BAD_LADDERS[case]
    path = tmp_path / "exercises" / "chin-tuck.yaml"
    path.parent.mkdir()
    at = WITHOUT_LADDER.index("sources:")
    path.write_text(WITHOUT_LADDER[:at] + ladder + WITHOUT_LADDER[at:], encoding="utf-8")
    code, out, err = stretch("validate", str(path))
    assert (code, err) == (1, "")
    assert out.splitlines() == [f"{path}:{expected}", "1 problem in 1 file"]


def test_the_schema_and_the_template_take_a_ladder() -> None:
    """Every built-in exercise file (each with a ladder) is valid to the JSON Schema an editor
    reads, a level that sets nothing is not, and `stretch new --exercise` writes a ladder
    that validates."""
    import yaml

    schema = json_schema(exercise=True)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((BUILTIN / "exercises").glob("*.yaml")):
        assert list(validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))) == []
    data = yaml.safe_load(BASE)
    data["ladder"] = [{"source": "https://a.example"}]
    assert list(validator.iter_errors(data)) != []
    template = yaml.safe_load(exercise_template("my-row"))
    assert [level["reps"] for level in template["ladder"]] == [2, 3]


def rated(at: datetime, exercises: tuple[str, ...], after: int = 1) -> Rated:
    uid = f"{at:%Y%m%d%H%M}".ljust(32, "0")
    return Rated(uid, at, exercises, exercises, 2, after, 3, frozenset())


def green_weeks(count: int, exercises: tuple[str, ...]) -> list[Rated]:
    """Monday, Wednesday and Friday of `count` weeks, pain 2 before and 1 after."""
    return [
        rated(MONDAY + timedelta(weeks=week, days=day), exercises)
        for week in range(count)
        for day in (0, 2, 4)
    ]


def test_a_plan_climbs_the_ladder_the_exercise_file_declares(tmp_path: Path) -> None:
    """A user's copy of the row with a ladder of its own: the plan climbs that ladder (not the
    built-in file's) one level a week while the weeks are green, and says so."""
    user = tmp_path / "routines"
    (user / "exercises").mkdir(parents=True)
    shutil.copy(BUILTIN / f"{ROUTINE}.yaml", user / f"{ROUTINE}.yaml")
    row = (BUILTIN / "exercises" / "band-row.yaml").read_text(encoding="utf-8")
    own = (
        "ladder:\n"
        f"  - {{reps: 6, sets: 1, source: '{NIA_ROW}', why: 'chosen: fewer to start'}}\n"
        f"  - {{reps: 10, sets: 1, source: '{NIA_ROW}'}}\n"
        f"  - {{reps: 15, sets: 2, source: '{NIA_ROW}'}}\n"
    )
    row = row[: row.index("# The doses a plan climbs")] + own + row[row.index("sources:") :]
    (user / "exercises" / "band-row.yaml").write_text(row, encoding="utf-8")
    loaded = load_catalog([Folder(user, "user"), Folder(BUILTIN, "built-in")])
    assert loaded.problems == []
    plan = Plan(schedule=Schedule(rotation=(ROUTINE,)), rules=DEFAULT_RULES)
    names = plan_exercises(plan, loaded.routines, loaded.exercises)
    assert names == ("chin-tuck", "scapular-squeeze", "band-row")
    ladders = file_ladders(loaded.exercises)
    assert (ladders["band-row"].by, ladders["chin-tuck"].by) == ("your exercise file", "built-in")
    found = progress(plan, ladders, loaded.exercises, names, green_weeks(3, names))
    assert {n: (s.level, s.top) for n, s in found.standings.items()} == {
        "chin-tuck": (4, 4),
        "scapular-squeeze": (4, 7),
        "band-row": (3, 3),
    }
    rows = [d for d in found.decisions if d.exercise == "band-row" and d.change == "up"]
    assert [(d.before, d.level, d.at.date().isoformat()) for d in rows] == [
        (1, 2, "2026-11-06"),
        (2, 3, "2026-11-13"),
    ]
    assert [d.said for d in rows] == [
        "This week: Seated row, 10 reps, up from 6.",
        "This week: Seated row, 15 reps, 2 sets, up from 10 reps, 1 set.",
    ]
    # Without the user's file, the same history climbs the built-in file's four levels.
    builtin = file_ladders(catalog().exercises)
    again = progress(plan, builtin, catalog().exercises, names, green_weeks(3, names))
    assert again.standings["band-row"].top == 4
    assert again.standings["band-row"].level == 4


def test_the_chin_tuck_glides_the_head_back_with_the_chin_level() -> None:
    """The two neck joints let the head slide straight back: from start to held, the head's
    centre moves back from over the shoulders by a visible part of a head's width, while the face
    looks straight ahead in both (no nod down, no tip back)."""
    figure = catalog().exercises["chin-tuck"].figure
    assert figure is not None
    found = []
    for pose in (figure.start, figure.end):
        bones = skeleton(pose.base, joints_of(pose))
        facing = bones.axis(bones.chest, 2)  # forward, where the chest looks
        ahead = minus(bones.points["head"], bones.points["neck"])
        found.append(dot(ahead, facing))
        face = bones.axis(bones.head, 2)
        assert abs(math.degrees(math.asin(face[1]))) < 1.0  # the face level
    start, held = found
    assert start >= 0 > held  # over the neck's base (sitting tall), then behind it
    assert start - held > 0.25 * HEAD_RADIUS  # the glide, in the figure's units


@pytest.mark.parametrize("where", ["neck-shoulders", "upper-back"])
@pytest.mark.parametrize("minutes", [5, 6, 7, 8])
def test_two_short_days_say_why_no_strengthening_and_what_strengthens_meanwhile(
    stretch: Stretch, where: str, minutes: int
) -> None:
    """Two days a week of a few minutes: 4 days a week are offered, which give strengthening
    days of its own whatever the minutes (review 18, F7: "4 days a week of 7 minutes" was
    said where strengthening alone, about 6:30, is longer than the minutes), and the plan
    says which of its exercises strengthens meanwhile (the squeeze: Chen 2018)."""
    result = stretch(
        "start", "--where", where, "--no-precautions", "--no-ball", "--days", "2",
        "--minutes", str(minutes), "--shoulder-blades", "checked", "--yes",
    )  # fmt: skip
    assert result.code == 0, result.err
    said = " ".join(result.out.split())
    assert "Strength:" not in result.out
    assert "or 4 days a week, stretch start puts it in" in said
    assert "4 days a week of" not in said
    assert (
        "meanwhile Scapular squeeze, in desk-upper-back, strengthens the muscles between the "
        "shoulder blades every session (strengthening helped neck pain in office workers "
        "most, Chen 2018)"
    ) in said
    assert "https://academic.oup.com/ptj/article/98/1/40/4562646" in said


@pytest.mark.parametrize("where", ["neck-shoulders", "upper-back"])
def test_two_days_of_ten_minutes_strengthen_first_on_both(stretch: Stretch, where: str) -> None:
    """Where both routines fit the minutes on one day (to the nearest minute), two days a
    week keep both for stretching and strengthening comes first on each."""
    result = stretch(
        "start", "--where", where, "--no-precautions", "--no-ball", "--days", "2",
        "--minutes", "10", "--shoulder-blades", "checked", "--yes",
    )  # fmt: skip
    assert result.code == 0, result.err
    said = " ".join(result.out.split())
    assert (
        "Strength: strength-upper-back on mon, thu, before the routine (about 6:30 a session)"
    ) in said
    assert "Routine: desk-upper-back on mon, thu (about 4:49 a session)" in said
    assert "about 9:56 in all, within your 10 minutes, so that stretching keeps all 2 days" in said


def test_strengthening_longer_than_the_minutes_says_how_to_fit_it(stretch: Stretch) -> None:
    result = stretch(
        "start", "--where", "neck-shoulders", "--no-precautions", "--no-ball", "--days", "4",
        "--minutes", "5", "--shoulder-blades", "no", "--yes",
    )  # fmt: skip
    assert result.code == 0, result.err
    said = " ".join(result.out.split())
    assert "Strength: strength-upper-back on tue, fri (about 6:30 a session)" in said
    assert "it takes longer than your 5 minutes: stretch run --minutes 5 fits it" in said


@pytest.mark.parametrize(("scale", "reps"), [(0.25, 2), (0.5, 5), (0.75, 8), (1.0, 10), (2.0, 10)])
def test_scale_keeps_the_pace_of_a_movement_and_changes_its_reps(scale: float, reps: int) -> None:
    """The seated row's hold and relax are NIA's 3 s pull with 1 s held and 3 s return:
    --scale never makes the band go faster (a physiotherapist saw 2 s pulls and 1.5 s returns
    at 0.5); it does fewer reps, never more than the dose, and says so. A held stretch's
    hold is still scaled."""
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan

    found = catalog()
    made = plan(found.routine("strength-upper-back"), found.exercises, RunOptions(scale=scale))
    row = next(s for s in made.steps if s.exercise.id == "band-row")
    assert (row.dose.hold, row.dose.relax, row.dose.reps) == (4, 3, reps)
    assert row.dose.rest == 30 * scale
    held = next(s for s in made.steps if s.exercise.id == "scapular-squeeze")
    assert held.dose.hold == found.exercises["scapular-squeeze"].dose.hold * scale
    if scale == 1:
        return
    (note,) = [n for n in made.notes if n.startswith(f"--scale {scale:g}")]
    said = f"Seated row keeps its pace and does {reps} of 10 reps"
    assert note.endswith(said) if reps != 10 else said not in note
