"""A value YAML reads as a boolean, a number, a time, a date or null where a file wants an id
says which kind of id (a routine's or an exercise's) with a real one of that kind, and where
to see them all: never an empty list to choose from."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BUILTIN, Stretch

CHIN_TUCK = (BUILTIN / "exercises" / "chin-tuck.yaml").read_text(encoding="utf-8")
ROUTINE = "a routine id like 'upper-back'"
EXERCISE = "an exercise id like 'ball-pressure'"
SEE_ROUTINES = "(see `stretch list`)"
SEE_EXERCISES = "(see `stretch list --exercises`)"
REST_DAY = "(a day left out is a rest day; for the routines' ids, see `stretch list`)"

# Each field that takes an id: (file, its text with VALUE where the id goes, line:column,
# label, what it wants, the hint).
FIELDS = {
    "a day's routine": ("p.yaml", "days: {mon: VALUE}\n", "1:13", "days.mon", ROUTINE),
    "a day's list": ("p.yaml", "days: {mon: [upper-back, VALUE]}\n", "1:26", "days.mon item 2",
                     ROUTINE),
    "the rotation": ("p.yaml", "rotation: [VALUE, upper-back]\n", "1:12", "rotation item 1",
                     ROUTINE),
    "a step's exercise": ("r.yaml", "name: R\nsummary: s\nsteps: [{exercise: VALUE}]\n", "3:20",
                          "step 1: exercise", EXERCISE),
    "a step of an id alone": ("r.yaml", "name: R\nsummary: s\nsteps: [VALUE]\n", "3:9", "step 1",
                              EXERCISE),
    "an exercise's alternative": (
        "exercises/my-tuck.yaml",
        CHIN_TUCK.replace("movements: []\n", "movements: []\nalternative: VALUE\n"),
        "7:14",
        "alternative",
        EXERCISE,
    ),
}  # fmt: skip
# What YAML makes of each value, as the message says it.
GOT = {
    "on": "'on', which YAML reads as a boolean",
    "off": "'off', which YAML reads as a boolean",
    "yes": "'yes', which YAML reads as a boolean",
    "No": "'No', which YAML reads as a boolean",
    "true": "'true', which YAML reads as a boolean",
    "12": "the number 12",
    "1.5": "the number 1.5",
    "1:30": "the number 1:30",
    "null": "nothing (null)",
    "~": "nothing (null)",
    "2026-01-01": "'2026-01-01' (a timestamp)",
}


def hint(field: str, value: str) -> str:
    wanted = FIELDS[field][4]
    if field == "a day's routine" and "boolean" in GOT[value]:
        return REST_DAY  # `mon: off` is most likely a rest day
    return SEE_ROUTINES if wanted == ROUTINE else SEE_EXERCISES


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Files named as a person names them: relative to the folder they are in."""
    (tmp_path / "exercises").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "1000")
    return tmp_path


def problems(stretch: Stretch, field: str, value: str) -> tuple[int, list[str]]:
    name, text = FIELDS[field][:2]
    Path(name).write_text(text.replace("VALUE", value), encoding="utf-8")
    result = stretch("validate", name)
    return result.code, [line for line in result.out.splitlines() if not line.endswith("file")]


@pytest.mark.parametrize("value", sorted(GOT))
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_each_id_field_says_the_kind_of_id_and_where_to_see_them(
    stretch: Stretch, field: str, value: str
) -> None:
    name, _, at, label, wanted = FIELDS[field]
    code, lines = problems(stretch, field, value)
    assert code == 1
    assert lines == [
        f"{name}:{at}: {label}: expected {wanted}, got {GOT[value]} {hint(field, value)}"
    ]


def test_a_plan_in_use_says_it_as_validate_does(stretch: Stretch) -> None:
    """The tester's plan: `stretch plan use` refuses it in one line, on stderr."""
    Path("y1.yaml").write_text("days: {mon: on}\n", encoding="utf-8")
    result = stretch("plan", "use", "y1.yaml")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"stretch: y1.yaml:1:13: days.mon: expected {ROUTINE}, got 'on', which YAML reads as a "
        f"boolean {REST_DAY}\n"
    )


not_text = st.one_of(
    # (not "": nothing after the colon is no value at all, and an alternative may be none)
    st.sampled_from(["Yes", "NO", "True", "FALSE", "On", "OFF", "Null", "NULL"]),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.tuples(st.integers(1, 99), st.integers(0, 59)).map(lambda t: f"{t[0]}:{t[1]:02}"),
    st.dates().map(lambda d: d.isoformat()),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(sorted(FIELDS)), value=not_text)
def test_never_an_empty_list_and_always_the_right_kind(
    stretch: Stretch, field: str, value: str
) -> None:
    name, _, at, label, wanted = FIELDS[field]
    code, lines = problems(stretch, field, value)
    assert code == 1 and len(lines) == 1, lines
    line = lines[0]
    assert line.startswith(f"{name}:{at}: {label}: expected {wanted}, got "), line
    see = SEE_ROUTINES if wanted == ROUTINE else SEE_EXERCISES
    assert line.endswith(see) or line.endswith(REST_DAY), line
    assert "one of: )" not in line and "()" not in line


@pytest.mark.parametrize(
    ("field", "example"),
    [("a day's routine", "upper-back"), ("the rotation", "upper-back"),
     ("a step's exercise", "ball-pressure"), ("an exercise's alternative", "ball-pressure")],
)  # fmt: skip
def test_text_that_is_not_an_id_is_shown_an_id_of_its_kind(
    stretch: Stretch, field: str, example: str
) -> None:
    """'0:30' is text to YAML (no number starts with 0 and a colon), but no id."""
    name, _, at, label, _ = FIELDS[field]
    assert problems(stretch, field, "0:30") == (
        1,
        [
            f"{name}:{at}: {label}: '0:30' is not an id (ids are lowercase words joined by "
            f"hyphens, like '{example}')"
        ],
    )
