"""The safety words of every built-in text (review 19, F6 to F8): one pain rule (a stretch
goes to a mild pull, never into pain; sharp pain, numbness or tingling mean stop, as the
run's safety line says), no caution that tells the person to press a key to leave an
exercise out (`n` moves to the next phase: into the very hold), and `stretch safety` cites
every source it lists and lists every source it cites."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
import yaml

from stretchcli import safety
from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from tests.conftest import BUILTIN, REPO, Stretch

CATALOG = load_catalog([Folder(BUILTIN, "built-in")])
SOURCE_FILES = sorted((REPO / "src" / "stretchcli").rglob("*.py"))

# What the run's own line says to stop for, in the words a text may use for it.
WARNING_SIGN = re.compile(r"\b(sharp|stabbing|numb|numbness|tingl\w*|pins and needles)\b", re.I)
# Advice to go on more gently, where the run's line says to stop.
EASING = re.compile(r"\b(ease|back|lighten)\s+(it\s+)?(off|back)\b", re.I)
# A key named to leave an exercise out ("press n"; not "pressing a ball").
PRESS = r"\bpress(ing)?\s+(?!a\b)(`?\w`?|space|enter)(?!\w)"
PRESS_TO_SKIP = re.compile(rf"{PRESS}.*\b(skip|leave|left out)|\b(skip|leave)\b.*{PRESS}", re.I)


def strings(node: object) -> Iterator[str]:
    """Every string in a parsed YAML file: its keys' values, at any depth."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def builtin_texts() -> Iterator[tuple[str, str]]:
    """(where, text) of every text of a built-in routine or exercise file."""
    for path in sorted(BUILTIN.rglob("*.yaml")):
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path.relative_to(BUILTIN).as_posix(), text


def source_texts() -> Iterator[tuple[str, str]]:
    """(where, text) of every string written in the program's source (what it says)."""
    for path in SOURCE_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield f"{path.name}:{node.lineno}", node.value


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if part]


def eases_for_a_warning_sign(text: str) -> list[str]:
    """The sentences of `text` that name sharp pain, numbness or tingling and advise to
    ease off (or back off) rather than stop."""
    return [s for s in sentences(text) if WARNING_SIGN.search(s) and EASING.search(s)]


def test_the_checks_find_the_old_words() -> None:
    """What the rule tests look for: the words the review found."""
    assert eases_for_a_warning_sign("Keep every stretch to a mild pull; sharp pain means ease off.")
    assert eases_for_a_warning_sign("Go to a mild pull only; if the pain turns sharp, ease off.")
    assert eases_for_a_warning_sign("Back off if you feel pins and needles in your arm.")
    assert not eases_for_a_warning_sign("3, 2, 1, and ease off. Stop on sharp pain.")


def test_no_builtin_routine_or_exercise_eases_off_for_sharp_pain() -> None:
    found = [(where, s) for where, text in builtin_texts() for s in eases_for_a_warning_sign(text)]
    assert found == []


def test_the_program_never_says_to_ease_off_for_sharp_pain() -> None:
    found = [(where, s) for where, text in source_texts() for s in eases_for_a_warning_sign(text)]
    assert found == []


def test_every_builtin_text_that_names_sharp_pain_says_stop() -> None:
    """The rule beyond its words: sharp pain is a reason to stop, wherever it is named."""
    texts = [*builtin_texts(), *source_texts()]
    named = [(w, s) for w, t in texts for s in sentences(t) if re.search(r"\bsharp\b", s, re.I)]
    assert named
    assert [(w, s) for w, s in named if not re.search(r"\bstop\b", s, re.I)] == []


def test_stretch_safety_gives_the_runs_pain_rule(stretch: Stretch) -> None:
    code, out, _ = stretch("safety")
    assert code == 0
    assert eases_for_a_warning_sign(out) == []
    general = json.loads(stretch("safety", "--json").out)["general"]
    assert general[1:3] == [
        "Stretch to a mild pull only, never into pain.",
        "Stop if you feel sharp pain, numbness or tingling, or if an exercise brings on pain "
        "or makes symptoms spread or get worse.",
    ]
    assert safety.SHORT == "Not medical advice. Stop if you feel sharp pain, numbness or tingling."


@pytest.mark.parametrize("routine", ["upper-back", "desk-upper-back", "desk-break"])
def test_the_first_screen_says_one_rule(stretch: Stretch, routine: str) -> None:
    """What the review saw on the first get-ready screen: the run's line and the routine's
    caution, now saying the same."""
    code, out, _ = stretch("run", routine, "--plain")
    assert code == 0
    lines = out.splitlines()
    assert "Stop if you feel sharp pain, numbness or tingling." in lines[0]
    assert "Careful: Keep every stretch to a mild pull, never into pain." in lines
    assert eases_for_a_warning_sign(out) == []


def test_the_key_check_finds_the_old_words() -> None:
    assert PRESS_TO_SKIP.search("If told to avoid twisting, press n and skip this step.")
    assert PRESS_TO_SKIP.search("skip the back extension (press n when it comes)")
    assert not PRESS_TO_SKIP.search("Skip the ball if you take blood thinners.")
    assert not PRESS_TO_SKIP.search("pressing a ball can bruise, so it is left out")


def test_no_builtin_text_says_to_press_a_key_to_skip_an_exercise() -> None:
    found = [(w, s) for w, t in [*builtin_texts(), *source_texts()] for s in sentences(t)]
    assert [(w, s) for w, s in found if PRESS_TO_SKIP.search(s)] == []


def avoided_in_cautions() -> Iterator[tuple[str, str]]:
    """(routine, movements) for every `--avoid MOVEMENTS` a routine's cautions name."""
    for name, routine in CATALOG.routines.items():
        for caution in routine.cautions:
            for movements in re.findall(r"--avoid ([a-z,-]+)", caution):
                yield name, movements


@pytest.mark.parametrize(("routine", "movements"), sorted(set(avoided_in_cautions())))
def test_what_a_caution_names_leaves_the_movement_out(
    stretch: Stretch, routine: str, movements: str
) -> None:
    """A caution that says how to leave a movement out names an option that does: the run
    with it does none of the routine's exercises with that movement."""
    code, out, _ = stretch("run", routine, "--plain", "--avoid", movements)
    assert code == 0
    done = next(line for line in out.splitlines() if line.startswith("done: "))
    names = {e.name: e for e in CATALOG.exercises.values()}
    for shown in done.removeprefix("done: ").split(", "):
        exercise = names[re.sub(r" \(.*\)$", "", shown)]
        assert not set(exercise.movements) & set(movements.split(",")), shown


def test_upper_back_says_how_to_leave_out_the_turns() -> None:
    cautions = dict(CATALOG.routines["upper-back"].step_cautions)
    assert [cautions["thoracic-rotation"], cautions["thoracic-side-bend"]] == 2 * [
        "If you have been told to avoid twisting or bending sideways, quit and start again "
        "without the turn and the side bend (--avoid rotation,side-bend)."
    ]


def test_stretch_safety_cites_every_source_it_lists(stretch: Stretch) -> None:
    """F8: each numbered source is cited by at least one sign, and every number cited is one
    of the list's."""
    out = stretch("safety").out
    signs, _, listed = out.partition("\nSources\n")
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\. https?://", listed, re.M)]
    assert numbers == list(range(1, len(safety.SOURCES) + 1))
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", signs)}
    assert cited == set(numbers)


def test_every_source_in_safety_json_is_cited(stretch: Stretch) -> None:
    record = json.loads(stretch("safety", "--json").out)
    cited = {s for group in record["red_flags"] for found in group["sign_sources"] for s in found}
    assert cited == set(record["sources"])


def test_the_copy_of_cks_is_cited_beside_cks() -> None:
    """The CKS red flags were read in a copy that quotes them: each sign cited to CKS cites
    the copy as well."""
    for _, signs in safety.RED_FLAGS:
        for sign in signs:
            assert (safety.CKS in sign.sources) == (safety.CKS_COPY in sign.sources), sign.text


def test_the_cautions_that_name_an_option_are_found() -> None:
    """The check above runs for each built-in caution that says how to leave a movement out
    (none is skipped for a broken file)."""
    assert sorted(set(avoided_in_cautions())) == [
        ("back-pain-relief", "extension"),
        ("low-back-seated", "flexion"),
        ("morning-in-bed", "flexion"),
        ("spinal-stenosis", "flexion"),
        ("upper-back", "rotation,side-bend"),
    ]


def test_a_caution_that_says_to_leave_an_exercise_out_names_the_option_that_does() -> None:
    """Review 21, F2: "Skip the ball if you take blood thinners" never said how; `n` at the
    ball's get-ready starts its first hold. A caution that tells you to leave an exercise out
    names `--skip` or `--avoid` (a routine that is all of it says not to use the routine)."""
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    texts = [c for r in catalog.routines.values() for c in r.cautions]  # with its steps'
    texts += [c for e in catalog.exercises.values() for c in e.cautions]
    texts += [
        c for e in catalog.exercises.values() for v in e.variants.values() for c in v.cautions or ()
    ]
    leave = re.compile(r"\b(skip|leave|without) (the|it|this)\b", re.IGNORECASE)
    for text in texts:
        if leave.search(text):
            assert "--skip" in text or "--avoid" in text, text


SKIP_NAMED = re.compile(r"--skip ([\w-]+)")


@pytest.mark.parametrize("routine", sorted(CATALOG.routines))
def test_every_skip_a_runs_caution_names_can_be_run(routine: str) -> None:
    """Review 22, F6: trigger-point-release, all ball pressure, said "quit and start again
    without the ball (--skip ball-pressure)", and then refused the skip: nothing was left.
    Every `--skip X` a run's cautions name (each of its variants too) leaves something to
    do; where X is all of it, the caution says to run another routine instead."""
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan

    known = CATALOG.routines[routine]
    ways: list[RunOptions] = [RunOptions()]
    for step in known.steps:
        exercise = CATALOG.exercises[step.exercise]
        ways += [RunOptions(variants={exercise.id: v}) for v in exercise.variants]
    ways += [RunOptions(only=(step.exercise,)) for step in known.steps]  # one exercise alone
    for options in ways:
        made = plan(known, CATALOG.exercises, options)
        cautions = [c for step in made.steps for c in step.exercise.cautions]
        cautions += made.intro.cautions  # the routine's own (review 23, F10)
        for named in {m for c in cautions for m in SKIP_NAMED.findall(c)}:
            skipped = plan(known, CATALOG.exercises, replace(options, skip=(named,)))
            assert skipped.steps, (routine, named)


def test_trigger_point_release_says_to_run_another_routine_not_to_skip_its_ball(
    stretch: Stretch,
) -> None:
    """What the run shows and says of the ball, all that routine does, with the fix."""
    from stretchcli.session.planning import NOTHING_ELSE

    out = stretch("run", "trigger-point-release", "--json", "--no-pain").out
    getready = next(
        e for e in map(json.loads, out.splitlines())
        if e["event"] == "phase" and e["kind"] == "prepare"
    )  # fmt: skip
    shown = str(getready["cue"]) + str(getready["caution"])
    spoken = " ".join(u["text"] for u in getready["spoken"])
    assert "--skip" not in shown + spoken
    assert "or severe osteoporosis, " + NOTHING_ELSE + ". Lean in lightly." in shown
    assert "start again without the ball" not in shown + spoken  # (review 23, F2)
    assert NOTHING_ELSE in spoken
