"""The built-in routines of issue 14 and the two-minute desk break: they validate, their
lengths, their safety content, and what --avoid swaps, skips and says (run on a fake clock)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import BUILTIN, Stretch

NEW_ROUTINES = (
    "back-pain-relief",
    "spinal-stenosis",
    "gentle-yoga",
    "desk-upper-back",
    "trigger-point-release",
    "desk-break",
)
NEW_EXERCISES = (
    "back-extension",
    "double-knee-to-chest",
    "childs-pose",
    "bridge",
    "chest-stretch",
)
SAFETY = (
    "Not medical advice. Stop if you feel sharp pain, numbness or tingling. "
    "When to get help: run stretch safety."
)


def new_files() -> list[Path]:
    return [BUILTIN / f"{r}.yaml" for r in (*NEW_ROUTINES, "morning-in-bed")] + [
        BUILTIN / "exercises" / f"{e}.yaml" for e in NEW_EXERCISES
    ]


def phases(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def exercises_done(out: str) -> list[str]:
    """The exercises of a --json run, in order, each once."""
    return list(dict.fromkeys(str(p["exercise"]) for p in phases(out) if p["event"] == "phase"))


def test_every_new_file_validates(stretch: Stretch) -> None:
    files = new_files()
    assert stretch("validate", *map(str, files)) == (0, f"ok: {len(files)} files checked\n", "")
    code, out, _ = stretch("validate", str(BUILTIN))
    assert code == 0 and out == f"ok: {len(list(BUILTIN.rglob('*.yaml')))} files checked\n"


def test_list_shows_each_new_routine_with_a_sensible_length(stretch: Stretch) -> None:
    code, out, _ = stretch("list", "--json")
    assert code == 0
    seconds = {r["id"]: r["total_seconds"] for r in json.loads(out)}
    for ident in NEW_ROUTINES:
        if ident == "desk-break":
            assert 3 * 60 <= seconds[ident] <= 5 * 60  # its moves about two minutes
        else:
            assert 5 * 60 <= seconds[ident] <= 15 * 60, ident
    assert seconds == {
        **seconds,
        "back-pain-relief": 507,
        "spinal-stenosis": 774,
        "gentle-yoga": 564,
        "desk-upper-back": 449,
        "trigger-point-release": 365,
        "desk-break": 267,
    }


def test_the_desk_break_moves_for_about_two_minutes(stretch: Stretch) -> None:
    """The holds and the pauses between them: the rest is getting ready (and, first, the
    cautions)."""
    _, out, _ = stretch("run", "desk-break", "--json")
    moving = [p for p in phases(out)[:-1] if p["kind"] in ("hold", "relax", "switch")]
    assert 60 <= sum(float(str(p["duration"])) for p in moving) <= 150


def test_knee_rolls_are_the_lower_trunk_rotation_not_a_second_name(stretch: Stretch) -> None:
    _, out, _ = stretch("list", "--exercises", "--json")
    ids = {e["id"] for e in json.loads(out)}
    assert set(NEW_EXERCISES) <= ids
    assert "knee-rolls" not in ids
    for routine in ("back-pain-relief", "gentle-yoga"):
        shown = json.loads(stretch("show", routine, "--json")[1])
        assert "lower-trunk-rotation" in [s["exercise"] for s in shown["steps"]]


def test_back_pain_relief_avoiding_extension_swaps_in_the_pelvic_tilt(stretch: Stretch) -> None:
    code, out, err = stretch("run", "back-pain-relief", "--json", "--avoid", "extension")
    assert code == 0
    # Swapped: the back extension, for its alternative; skipped: nothing.
    assert exercises_done(out) == ["pelvic-tilt", "lower-trunk-rotation", "thoracic-rotation"]
    assert err == (
        "stretch: doing pelvic-tilt instead of back-extension (extension)\n" + SAFETY + "\n"
    )
    first = phases(out)[0]
    assert (first["kind"], first["exercise"]) == ("prepare", "pelvic-tilt")
    assert first["cue"] == (
        "Get down onto your mat slowly, with a hand on a chair if you need it. "
        "Sit to one side, lower yourself onto your side with your arms, and roll onto your back. "
        "Lie on your back with your knees bent and feet flat. "
        "Rest your hands on your belly or by your sides."
    )
    assert phases(out)[-1]["status"] == "completed"
    # The history keeps the swap, for the report.
    stored = json.loads(stretch("history", "--json")[1])
    assert stored[-1]["swaps"] == [
        {"exercise": "back-extension", "instead": "pelvic-tilt", "avoided": ["extension"]}
    ]
    # Without the option, the back extension comes first and says who should skip it.
    _, out, err = stretch("run", "back-pain-relief", "--json")
    assert exercises_done(out) == ["back-extension", "lower-trunk-rotation", "thoracic-rotation"]
    assert str(phases(out)[0]["caution"]).startswith(
        "Skip this stretch if you have spinal stenosis or if bending backward brings on leg "
        "pain (--avoid extension); stop if pain, tingling or numbness spreads into a leg."
    )
    assert err == SAFETY + "\n"


def test_back_pain_relief_says_the_swap_in_plain_mode_too(stretch: Stretch) -> None:
    code, out, err = stretch("run", "back-pain-relief", "--plain", "--avoid", "extension")
    assert code == 0
    assert err == "stretch: doing pelvic-tilt instead of back-extension (extension)\n"
    lines = out.splitlines()
    assert lines[2] == (
        "Careful: With spinal stenosis, bending backward can press on the nerves; quit and "
        "start again with a pelvic tilt in place of the back extension (--avoid extension)."
    )
    assert lines[-2:] == [
        "done: Pelvic tilt, Lower trunk rotation, Seated thoracic rotation",
        "Your 1st session this week.",
    ]


def test_spinal_stenosis_avoiding_flexion_skips_every_forward_bend(stretch: Stretch) -> None:
    code, out, err = stretch("run", "spinal-stenosis", "--json", "--avoid", "flexion")
    assert code == 0
    # Skipped: all three forward bends (their alternative, the pelvic tilt, is already in the
    # session); swapped: nothing; the pelvic tilt is left.
    assert exercises_done(out) == ["pelvic-tilt"]
    assert err.splitlines() == [
        "stretch: skipping knee-to-chest (flexion): "
        "its alternative, pelvic-tilt, is in the session",
        "stretch: skipping double-knee-to-chest (flexion): "
        "its alternative, pelvic-tilt, is in the session",
        "stretch: skipping childs-pose (flexion): its alternative, pelvic-tilt, is in the session",
        SAFETY,
    ]
    assert phases(out)[-1] == {"event": "end", "status": "completed", "elapsed": 230.0}
    stored = json.loads(stretch("history", "--json")[1])
    assert stored[-1]["swaps"] == [
        {"exercise": left_out, "instead": None, "avoided": ["flexion"]}
        for left_out in ("knee-to-chest", "double-knee-to-chest", "childs-pose")
    ]
    _, out, _ = stretch("run", "spinal-stenosis", "--json")
    assert exercises_done(out) == [
        "pelvic-tilt",
        "knee-to-chest",
        "double-knee-to-chest",
        "childs-pose",
    ]


def test_gentle_yoga_avoiding_flexion_swaps_the_bottom_to_heels(stretch: Stretch) -> None:
    code, out, err = stretch("run", "gentle-yoga", "--json", "--avoid", "flexion")
    assert code == 0
    assert exercises_done(out) == ["pelvic-tilt", "bridge", "lower-trunk-rotation"]
    assert err.splitlines()[:2] == [
        "stretch: doing pelvic-tilt instead of childs-pose (flexion)",
        "stretch: skipping cat-camel (flexion): it has no alternative",
    ]


def cautions(stretch: Stretch, name: str) -> list[str]:
    shown = json.loads(stretch("show", name, "--json")[1])
    found = shown["cautions"]
    assert isinstance(found, list)
    return [str(c) for c in found]


def test_spinal_stenosis_puts_osteoporosis_first_and_watches_walking(stretch: Stretch) -> None:
    said = cautions(stretch, "spinal-stenosis")
    assert said[0].startswith("With osteoporosis, leave out the knee to chest stretches")
    assert (
        "See a clinician if the distance you can walk before your legs hurt or go numb "
        "gets shorter." in said
    )


def test_back_pain_relief_warns_about_leg_symptoms_and_stenosis(stretch: Stretch) -> None:
    said = cautions(stretch, "back-pain-relief")
    assert said[0] == "Stop if pain, tingling or numbness in a leg grows or spreads further down."
    assert any("spinal stenosis" in c and "--avoid extension" in c for c in said)


ALL_ROUTINES = sorted(p.stem for p in BUILTIN.glob("*.yaml"))
UPPER_BACK = ("upper-back", "desk-upper-back", "desk-break", "trigger-point-release", "mid-back")


@pytest.mark.parametrize("routine", ALL_ROUTINES)
def test_every_routine_carries_the_red_flags(stretch: Stretch, routine: str) -> None:
    said = cautions(stretch, routine)
    assert any("emergency number" in c for c in said), routine
    assert said[-1] == "For all the warning signs, run stretch safety."


@pytest.mark.parametrize("routine", UPPER_BACK)
def test_upper_back_routines_carry_the_upper_back_red_flags(stretch: Stretch, routine: str) -> None:
    """New pain between the shoulder blades is urgent (NHS), tearing pain an emergency (HSE)."""
    said = cautions(stretch, routine)
    assert (
        "If the pain between your shoulder blades is new and no clinician has checked it, get "
        "it seen today before you rely on these stretches." in said
    )
    tearing = next(i for i, c in enumerate(said) if "severe tearing pain in" in c)
    said_with = said[tearing] if "emergency number" in said[tearing] else said[tearing - 1]
    assert "emergency number" in said_with


def test_trigger_point_release_is_the_ball_with_all_its_cautions(stretch: Stretch) -> None:
    shown = json.loads(stretch("show", "trigger-point-release", "--json")[1])
    assert [s["exercise"] for s in shown["steps"]] == ["ball-pressure"]
    said = " ".join(cautions(stretch, "trigger-point-release"))
    for must in ("blood thinners", "clotting", "spine", "bruises", "numbness", "first day"):
        assert must in said
    assert "A little pressure is enough; too much can irritate the knot more." in said
    ball = json.loads(stretch("show", "ball-pressure", "--json")[1])
    assert set(ball["variants"]) == {"floor"}  # sourced: more pressure, when the wall is not enough
    assert "The floor presses harder than a wall" in ball["variants"]["floor"]["cautions"][0]


def test_morning_in_bed_covers_bedtime_and_inflammatory_back_pain(stretch: Stretch) -> None:
    shown = json.loads(stretch("show", "morning-in-bed", "--json")[1])
    assert shown["summary"].endswith("before you get up, or at bedtime.")
    assert (
        "Have a clinician check back pain that began before the age of forty-five, has lasted "
        "more than three months, wakes you in the second half of the night and eases when you "
        "move." in shown["cautions"]
    )


DOSE = re.compile(r"^\s*(hold|reps):\s*\d")


@pytest.mark.parametrize("path", new_files(), ids=lambda p: p.stem)
def test_every_new_dose_names_its_source(path: Path) -> None:
    """Every hold and reps line says where it comes from: a [source] on the line, or in the
    comment just above it (a ladder's levels name theirs in `source:`, tests/test_strength)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    ladder = False
    for number, line in enumerate(lines):
        if line and not line[0].isspace() and not line.startswith("#"):
            ladder = line.startswith("ladder:")
        if DOSE.match(line) and not ladder:
            said = line.partition("#")[2] or lines[number - 1]
            assert "[" in said, f"{path.name}:{number + 1}: {line.strip()}"


# Sites that are gone: NIH SeniorHealth was retired in 2017 (its pages no longer load).
RETIRED = ("nihseniorhealth.gov",)


def test_no_source_is_on_a_retired_site() -> None:
    """Every page cited (in the built-in files, and in the reasons and rules of a plan) is
    on a site that still serves it."""
    import stretchcli.plan

    texts = [path.read_text(encoding="utf-8") for path in sorted(BUILTIN.rglob("*.yaml"))]
    package = Path(stretchcli.plan.__file__).parent
    texts += [path.read_text(encoding="utf-8") for path in sorted(package.glob("*.py"))]
    cited = {url for text in texts for url in re.findall(r"https?://[^\s\"')]+", text)}
    assert len(cited) > 40
    assert sorted(u for u in cited if any(site in u for site in RETIRED)) == []
