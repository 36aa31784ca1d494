"""`stretch schema`: a JSON Schema that agrees with the validator.

An editor hands the schema the data, not the text: it reads the YAML first, by default as YAML
1.2 (the YAML language server), or as YAML 1.1 (PyYAML). Both readings are checked here.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import fields
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.files.fields import (
    DOSE_FIELDS,
    EXERCISE_DEFAULTS,
    ROUTINE_DEFAULTS,
)
from stretchcli.model import Dose, DoseChange
from tests.conftest import BUILTIN
from tests.test_corpus import CORPUS, FILES


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's core schema, as editors read files: no yes/no booleans, no base 60, no
    merge keys; 012 is 12, 0o12 is 10 and 1_0 is text."""


Yaml12Loader.yaml_implicit_resolvers = {}  # instead of YAML 1.1's, not added to them
for _tag, _pattern, _first in [
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _int12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    return int(text, 0) if text[:2] in ("0o", "0x") else int(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)


def editor_reads(text: str, version: str) -> object:
    return yaml.load(text, Loader=Yaml12Loader if version == "1.2" else yaml.SafeLoader)


# Rules a JSON Schema cannot see, by YAML version: keys repeated or aliased before the data
# exists, file names, and numbers spelt in ways the versions read differently (012).
# wrong-figure.yaml: a figure whose drawn poses break what it declares (geometry, not keys).
SCHEMA_CANNOT_SEE = {
    "1.1": {
        "duplicate-key.yaml",
        "alias.yaml",
        "Bad Name.yaml",
        "merge-key.yaml",
        "wrong-figure.yaml",
    },
    "1.2": {
        "duplicate-key.yaml",
        "alias.yaml",
        "Bad Name.yaml",
        "leading-zero.yaml",
        "wrong-figure.yaml",
    },
}
EXERCISE = (
    "name: Probe\nsummary: s\nsides: none\nhold: 5\nreps: 5\ninstructions: [Do it.]\n"
    "cautions: [Gently.]\n"
)
ROUTINE = "name: Probe\nsummary: s\nsteps: [thoracic-rotation]\n"


@functools.cache
def schema(exercise: bool) -> dict[str, object]:
    """`stretch schema` (--exercise), once per test run."""
    result = CliRunner().invoke(app, ["schema", "--exercise"] if exercise else ["schema"])
    assert result.exit_code == 0
    data: dict[str, object] = json.loads(result.stdout)
    return data


def is_exercise(path: Path) -> bool:
    return path.parent.name == "exercises"


def passes(data: object, document: dict[str, object]) -> bool:
    return jsonschema.Draft202012Validator(document).is_valid(data)


def both(
    runner: CliRunner, tmp_path: Path, text: str, exercise: bool = True
) -> tuple[list[str], dict[str, bool]]:
    """The validator's problems (FILE: left out) and, per YAML version, whether the schema
    takes the file as an editor reads it."""
    path = tmp_path / ("exercises" if exercise else "") / "probe.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    *lines, summary = runner.invoke(app, ["validate", str(path)]).stdout.splitlines()
    count = f"{len(lines)} problem{'s' if len(lines) > 1 else ''} in 1 file"
    assert summary == (count if lines else "ok: 1 file checked")
    document = schema(exercise)
    verdicts = {v: passes(editor_reads(text, v), document) for v in ("1.1", "1.2")}
    return [line.removeprefix(f"{path}:") for line in lines], verdicts


def test_the_schemas_are_valid_draft_2020_12() -> None:
    for exercise in (False, True):
        document = schema(exercise)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("version", ["1.1", "1.2"])
@pytest.mark.parametrize("path", sorted(BUILTIN.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_builtin_file_passes_the_schema(path: Path, version: str) -> None:
    data = editor_reads(path.read_text(encoding="utf-8"), version)
    jsonschema.validate(data, schema(is_exercise(path)))


@pytest.mark.parametrize("version", ["1.1", "1.2"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_the_validator_rejects_the_schema_rejects(path: Path, version: str) -> None:
    # test_corpus.py checks that the validator refuses each, with exactly its problems.
    if path.name in SCHEMA_CANNOT_SEE[version]:
        return
    try:
        data = editor_reads(path.read_text(encoding="utf-8"), version)
    except yaml.YAMLError:
        return  # not YAML an editor reads (a syntax error, an unknown tag): it says so itself
    assert not passes(data, schema(is_exercise(path)))


def test_the_exceptions_are_still_in_the_corpus() -> None:
    assert {p.name for p in FILES} >= SCHEMA_CANNOT_SEE["1.1"] | SCHEMA_CANNOT_SEE["1.2"]
    assert CORPUS.is_dir()


def test_a_number_where_text_belongs_is_rejected_by_both(runner: CliRunner, tmp_path: Path) -> None:
    assert both(runner, tmp_path, ROUTINE.replace("Probe", "2024"), exercise=False) == (
        ["1:7: name: expected text, got the number 2024 (write it in quotes: '\"2024\"')"],
        {"1.1": False, "1.2": False},
    )


# One test per way the two used to disagree.


def test_class_whole_numbers_written_with_a_point(runner: CliRunner, tmp_path: Path) -> None:
    """JSON Schema's "integer" is any number with a zero fractional part (draft 2020-12), and
    editors read 5.0 as 5, so no schema can refuse it: the validator takes it as 5 too."""
    assert both(runner, tmp_path, EXERCISE.replace("reps: 5", "reps: 5.0")) == (
        [],
        {"1.1": True, "1.2": True},
    )
    assert both(runner, tmp_path, EXERCISE.replace("reps: 5", "reps: 2.5")) == (
        ["5:7: reps: expected a whole number, got the number 2.5"],
        {"1.1": False, "1.2": False},
    )


def test_class_control_characters(runner: CliRunner, tmp_path: Path) -> None:
    refused = "control characters (such as line breaks or escape codes) are not allowed"
    hint = "(keep each entry to one line of plain text)"
    for text in ['"Beep\\a"', '"Two\\nlines"', '"\\e[2Jgone"']:
        assert both(runner, tmp_path, EXERCISE.replace("Probe", text)) == (
            [f"1:7: name: {refused} {hint}"],
            {"1.1": False, "1.2": False},
        )
    # Blanks at either end are stripped by the validator, and let through by the schema.
    for text in ["'  Probe  '", ">\n  Probe\n", '"\\tProbe\\n"']:
        assert both(runner, tmp_path, EXERCISE.replace("Probe", text)) == (
            [],
            {"1.1": True, "1.2": True},
        )


def test_class_hexadecimal_numbers(runner: CliRunner, tmp_path: Path) -> None:
    """YAML 1.1 and 1.2 both read 0x10 as 16: the schema cannot tell it was written 0x10."""
    assert both(runner, tmp_path, EXERCISE + "relax: 0x10\n") == (
        [
            "8:8: relax: expected a number of seconds, got the number 0x10 "
            "(YAML reads 0x10 as the hexadecimal number 16; write 16)"
        ],
        {"1.1": True, "1.2": True},
    )


def test_class_underscores_in_numbers(runner: CliRunner, tmp_path: Path) -> None:
    """YAML 1.1 reads 1_0 as 10 (the schema cannot see it); YAML 1.2 as text (it refuses)."""
    assert both(runner, tmp_path, EXERCISE + "relax: 1_0\n") == (
        [
            "8:8: relax: expected a number of seconds, got the number 1_0 "
            "(YAML 1.1 reads 1_0 as 10 and YAML 1.2 as text; write 10)"
        ],
        {"1.1": True, "1.2": False},
    )


def test_class_leading_zeros(runner: CliRunner, tmp_path: Path) -> None:
    """YAML 1.1 reads 012 as 10, YAML 1.2 as 12: both numbers the schema takes."""
    text = ROUTINE + "prepare: 012\n"
    assert both(runner, tmp_path, text, exercise=False) == (
        [
            "4:10: prepare: expected a number of seconds, got the number 012 "
            "(YAML 1.1 reads 012 as the octal number 10; write 12)"
        ],
        {"1.1": True, "1.2": True},
    )


def test_class_merge_keys(runner: CliRunner, tmp_path: Path) -> None:
    """YAML 1.1 merges (the schema sees the merged keys); YAML 1.2 has a key named <<."""
    text = EXERCISE.replace("hold: 5\n", "<<: {hold: 5}\n")
    assert both(runner, tmp_path, text) == (
        [
            "1:1: missing required key 'hold' (seconds each rep is held)",
            "4:1: merge keys (<<) are not supported (write the keys out in full)",
        ],
        {"1.1": True, "1.2": False},
    )


def test_class_ids_with_spaces(runner: CliRunner, tmp_path: Path) -> None:
    text = ROUTINE.replace("[thoracic-rotation]", "[' thoracic-rotation ']")
    assert both(runner, tmp_path, text, exercise=False) == (
        ["3:9: step 1: ' thoracic-rotation ' is not an id (remove the spaces around it)"],
        {"1.1": False, "1.2": False},
    )


def test_class_choices_with_spaces(runner: CliRunner, tmp_path: Path) -> None:
    assert both(runner, tmp_path, EXERCISE.replace("sides: none", "sides: ' both'")) == (
        ["3:8: sides: ' both' is not one of: none, both, alternate (did you mean 'both'?)"],
        {"1.1": False, "1.2": False},
    )


def test_class_text_length_counts_what_the_validator_counts(
    runner: CliRunner, tmp_path: Path
) -> None:
    cue = "Turn " + "a" * 75  # 80 characters: the most a cue may have
    padded = EXERCISE + f"cues:\n  hold: >\n    {cue}\n"
    assert both(runner, tmp_path, padded) == ([], {"1.1": True, "1.2": True})
    assert both(runner, tmp_path, EXERCISE + f"cues: {{hold: {cue}a}}\n") == (
        [
            "8:14: cues.hold: too long to be heard in time (81 characters, at most 80) "
            "(say it in fewer words; the full how-to belongs in instructions)"
        ],
        {"1.1": False, "1.2": False},
    )


# What the schema tells an editor beyond yes or no.


def test_the_schema_has_an_id_and_describes_each_kind_of_step() -> None:
    routine, exercise = schema(False), schema(True)
    assert (routine["$id"], exercise["$id"]) == (
        "urn:stretch-cli:routine-file",
        "urn:stretch-cli:exercise-file",
    )
    steps = routine["properties"]["steps"]["items"]["oneOf"]  # type: ignore[index]
    assert [(kind["title"], kind["description"]) for kind in steps] == [
        ("exercise id", "an exercise, done as its file says"),
        (
            "exercise with options",
            "an exercise with a variant, or a dose of its own in this routine",
        ),
    ]


def test_exercise_ids_are_offered_and_any_id_still_passes() -> None:
    builtin = sorted(p.stem for p in (BUILTIN / "exercises").glob("*.yaml"))
    routine, exercise = schema(False), schema(True)
    step = routine["properties"]["steps"]["items"]["oneOf"][0]  # type: ignore[index]
    alternative = exercise["properties"]["alternative"]  # type: ignore[index]
    for ids in (step, alternative):
        assert ids["anyOf"][0]["enum"] == builtin
    data = {"name": "n", "summary": "s", "steps": ["my-own-stretch", {"exercise": "ball-pressure"}]}
    assert passes(data, routine)
    assert not passes({**data, "steps": ["My Own Stretch"]}, routine)


def test_defaults_are_what_a_file_without_the_key_gets(
    runner: CliRunner, user_routines: Path
) -> None:
    (user_routines / "exercises" / "bare.yaml").write_text(EXERCISE, encoding="utf-8")
    (user_routines / "bare-routine.yaml").write_text(ROUTINE, encoding="utf-8")
    shown = json.loads(runner.invoke(app, ["show", "bare", "--json"]).stdout)
    assert {key: shown[key] for key in EXERCISE_DEFAULTS} == EXERCISE_DEFAULTS
    shown = json.loads(runner.invoke(app, ["show", "bare-routine", "--json"]).stdout)
    assert {key: shown[key] for key in ROUTINE_DEFAULTS} == ROUTINE_DEFAULTS
    for exercise, defaults in ((True, EXERCISE_DEFAULTS), (False, ROUTINE_DEFAULTS)):
        properties = schema(exercise)["properties"]
        assert {
            key: field["default"]
            for key, field in properties.items()  # type: ignore[attr-defined]
            if "default" in field
        } == defaults


def test_the_model_names_the_dose_keys_the_checker_takes() -> None:
    names = tuple(f.name for f in DOSE_FIELDS)
    assert names == tuple(f.name for f in fields(Dose)) == tuple(f.name for f in fields(DoseChange))


def test_variants_are_shown_as_the_file_gives_them(runner: CliRunner, user_routines: Path) -> None:
    """--json repeats a variant's keys in the file's shape, numbers as written."""
    variants = (
        "variants:\n  plain: {}\n  mixed: {reps: 3, cues: {relax: Out., hold: In.}, "
        "equipment: [], hold: 7.5, sides: both}\n"
    )
    (user_routines / "exercises" / "probe.yaml").write_text(EXERCISE + variants)
    shown = json.loads(runner.invoke(app, ["show", "probe", "--json"]).stdout)
    assert shown["variants"] == (
        {
            "plain": {},
            "mixed": {
                "reps": 3,
                "cues": {"relax": "Out.", "hold": "In."},
                "equipment": [],
                "hold": 7.5,
                "sides": "both",
            },
        }
    )


def test_every_example_passes_the_schema_and_the_validator(
    runner: CliRunner, tmp_path: Path
) -> None:
    for exercise in (False, True):
        document = schema(exercise)
        for key, field in document["properties"].items():  # type: ignore[attr-defined]
            for example in field.get("examples", []):
                assert passes(example, {"$schema": document["$schema"], **field}), (key, example)
        for example in document["examples"]:  # type: ignore[attr-defined]
            text = yaml.safe_dump(example, allow_unicode=True)
            assert both(runner, tmp_path, text, exercise) == ([], {"1.1": True, "1.2": True})


def test_class_invisible_characters(runner: CliRunner, tmp_path: Path) -> None:
    """Right-to-left overrides and zero-width characters turn text around on a terminal."""
    for char in ("\u202e", "\u200b", "\u2066", "\ufeff"):
        text = f'"Pro{char}be"'.encode("unicode_escape").decode().replace("\\\\", "\\")
        got = both(runner, tmp_path, EXERCISE.replace("Probe", text))
        assert got == (
            [
                f"1:7: name: the invisible character U+{ord(char):04X} is not allowed "
                "(direction marks, zero-width spaces and the like change what is shown) "
                "(retype the text without it)"
            ],
            {"1.1": False, "1.2": False},
        ), char


CHECK_WORDS = (
    "left",
    "right",
    "own",
    "hand",
    "hands",
    "feet",
    "foot",
    "heels",
    "knee",
    "knees",
    "shins",
    "forearms",
    "elbow",
    "thigh",
    "thighs",
    "shoulder",
    "shoulders",
    "head",
    "seat",
    "hips",
    "back",
    "low",
    "on",
    "under",
    "against",
    "at",
    "floor",
    "chair",
    "wall",
    "pillow",
    "chest",
    "height",
    "ball",
    "between",
    "and",
    "arm",
    "arms",
    "leg",
    "across",
    "crossed",
    "side",
    "together",
    "the",
    "Feet",
    "",
    "outside",
    "behind",
    "stays",
    "stay",
    "put",
    "neutral",
    "chin",
    "level",
    "upright",
    "straight",
    "hanging",
    "beyond",
    "small",
    "gap",
    "hip",
)


@given(st.lists(st.sampled_from(CHECK_WORDS), min_size=1, max_size=6))
def test_the_schema_and_the_validator_read_a_figure_check_alike(words: list[str]) -> None:
    """The JSON Schema's pattern for a figure's `checks` accepts exactly what the validator
    reads: made of their own words, in any order, with stray spaces and capitals."""
    from stretchcli.body.declarations import PATTERN, BadCheck, parse

    text = " ".join(words)
    try:
        parse(text)
        read = True
    except BadCheck:
        read = False
    assert read == bool(re.fullmatch(PATTERN, text)), text


def test_every_declaration_in_the_builtin_figures_matches_the_schema() -> None:
    from stretchcli.body.declarations import PATTERN

    for path in (BUILTIN / "exercises").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        figures = [data["figure"]] + [
            v["figure"] for v in (data.get("variants") or {}).values() if v and "figure" in v
        ]
        for figure in figures:
            checks = figure.get("checks", []) + [
                c for key in ("start", "end") for c in figure[key].get("checks", [])
            ]
            assert checks, path.name
            assert all(re.fullmatch(PATTERN, c) for c in checks), (path.name, checks)


FIGURE = (
    "figure:\n  view: side\n  description: Sitting\n  focus: [head, {part}]\n"
    "  start: {{base: sitting}}\n  end: {{base: sitting, neck: 10}}\n"
)


def test_a_figures_focus_names_parts_of_the_body_for_both(
    runner: CliRunner, tmp_path: Path
) -> None:
    assert both(runner, tmp_path, EXERCISE + FIGURE.format(part="shoulders")) == (
        [],
        {"1.1": True, "1.2": True},
    )
    problems, readings = both(runner, tmp_path, EXERCISE + FIGURE.format(part="tail"))
    assert problems == [
        "11:17: figure.focus item 2: 'tail' is not one of: head, neck, shoulders, elbows, hands, "
        "back, pelvis, hips, knees"
    ]
    assert readings == {"1.1": False, "1.2": False}


def test_a_steps_cautions_are_a_list_of_text_to_both(runner: CliRunner, tmp_path: Path) -> None:
    good = (
        "name: Probe\nsummary: s\nsteps:\n  - exercise: thoracic-rotation\n"
        "    cautions: [Go easy.]\n"
    )
    assert both(runner, tmp_path, good, exercise=False) == ([], {"1.1": True, "1.2": True})
    bad = good.replace("[Go easy.]", "Go easy.")
    problems, verdicts = both(runner, tmp_path, bad, exercise=False)
    assert problems == [
        "5:15: step 1: cautions: expected a list, got text 'Go easy.' "
        "(write step 1: cautions: [first, second] or one '- item' per line)"
    ]
    assert verdicts == {"1.1": False, "1.2": False}
    empty = good.replace("[Go easy.]", "[]")
    assert both(runner, tmp_path, empty, exercise=False)[1] == {"1.1": False, "1.2": False}


@pytest.mark.parametrize("relation", ["outside", "behind", "at"])
def test_a_limb_is_only_on_against_or_under_a_place(relation: str) -> None:
    """'hand outside floor' was read by the validator and refused by the schema: a place
    (floor, chair, wall, pillow) takes on, against and under only, in both."""
    from stretchcli.body.declarations import PATTERN, BadCheck, parse

    text = f"hand {relation} floor"
    with pytest.raises(BadCheck):
        parse(text)
    assert re.fullmatch(PATTERN, text) is None
