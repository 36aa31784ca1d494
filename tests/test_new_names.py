"""Names `stretch new` refuses before it writes anything: an id a routine or exercise of the
other kind already has (attack 17, H4), a name longer than an id may be (H5), and `plan`
for a routine (H8); and `validate` of a routine named plan.yaml in a routines folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.exported import ID_CHARACTERS
from tests.conftest import BUILTIN

ROUTINES = sorted(p.stem for p in BUILTIN.glob("*.yaml"))
EXERCISES = sorted(p.stem for p in (BUILTIN / "exercises").glob("*.yaml"))
KINDS = {"routine": [], "exercise": ["--exercise"]}


def written(user_routines: Path) -> list[Path]:
    return sorted(user_routines.rglob("*.yaml"))


def other_kind(name: str, was: str, whose: str) -> str:
    """What `new` says for a name a file of the other kind has."""
    kind = "exercise" if was == "routine" else "routine"
    return (
        f"stretch: {name} is already the name of {whose}; a new {kind} of that name would "
        "leave one of the two out of `stretch show` and `stretch edit` (choose another name)\n"
    )


def test_the_attacks_example_refused(runner: CliRunner, user_routines: Path) -> None:
    result = runner.invoke(app, ["new", "rhomboid-stretch"])
    assert (result.exit_code, result.stdout, written(user_routines)) == (1, "", [])
    assert result.stderr == other_kind("rhomboid-stretch", "exercise", "a built-in exercise")
    shown = runner.invoke(app, ["show", "rhomboid-stretch", "--variant", "long-sitting"])
    assert shown.exit_code == 0  # README's own example still shows the exercise


@pytest.mark.parametrize(
    ("name", "kind"),
    [(name, "routine") for name in ROUTINES] + [(name, "exercise") for name in EXERCISES],
)
def test_no_built_in_id_is_taken_by_a_new_one_of_either_kind(
    runner: CliRunner, user_routines: Path, name: str, kind: str
) -> None:
    other = "exercise" if kind == "routine" else "routine"
    # The other kind: refused, even with --force (it would replace no file of its own kind).
    for force in ([], ["--force"]):
        result = runner.invoke(app, ["new", name, *KINDS[other], *force])
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == other_kind(name, kind, f"a built-in {kind}")
    # The same kind: refused as before, unless it is a copy of it to adapt.
    same = runner.invoke(app, ["new", name, *KINDS[kind]])
    assert (same.exit_code, same.stdout) == (1, "")
    assert "a new one under its name would take its place" in same.stderr
    assert written(user_routines) == []


@pytest.mark.parametrize("kind", ["routine", "exercise"])
def test_no_id_of_your_own_is_taken_by_one_of_the_other_kind(
    runner: CliRunner, user_routines: Path, kind: str
) -> None:
    other = "exercise" if kind == "routine" else "routine"
    assert runner.invoke(app, ["new", "lunch", *KINDS[kind]]).exit_code == 0
    before = written(user_routines)
    result = runner.invoke(app, ["new", "lunch", *KINDS[other], "--force"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == other_kind("lunch", kind, f"your {kind}")
    assert written(user_routines) == before


def test_an_id_in_a_stretch_path_folder_counts_too(
    runner: CliRunner, user_routines: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    (shared / "exercises").mkdir(parents=True)
    (shared / "exercises" / "team-stretch.yaml").write_text("name: x\n")
    monkeypatch.setenv("STRETCH_PATH", str(shared))
    result = runner.invoke(app, ["new", "team-stretch"])
    assert (result.exit_code, written(user_routines)) == (1, [])
    assert result.stderr == other_kind("team-stretch", "exercise", "an exercise in STRETCH_PATH")


def long_name(length: int) -> str:
    """A valid id of exactly `length` characters."""
    return ("stretch-" * 100)[: length - 1] + "s"


def test_a_name_longer_than_an_id_is_refused_in_its_own_words(
    runner: CliRunner, user_routines: Path
) -> None:
    name = "a" * 251
    result = runner.invoke(app, ["new", name])
    assert (result.exit_code, result.stdout, written(user_routines)) == (2, "", [])
    assert result.stderr == (
        f"stretch: '{'a' * 39}…' is not a valid name: it has 251 characters, more than a name "
        f"may have (use at most {ID_CHARACTERS})\n"
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(length=st.integers(1, 2 * ID_CHARACTERS), exercise=st.booleans())
def test_new_takes_a_name_exactly_up_to_the_length_of_an_id(
    isolated: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    length: int,
    exercise: bool,
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STRETCH_CONFIG_DIR", str(home))
    name = long_name(length)
    assert len(name) == length
    result = CliRunner().invoke(app, ["new", name, *(["--exercise"] if exercise else [])])
    made = sorted(home.rglob("*.yaml"))
    if length <= ID_CHARACTERS:
        assert result.exit_code == 0, result.stderr
        assert [p.name for p in made] == [f"{name}.yaml"]
        assert result.stdout == f"{made[0]}\n"
    else:
        assert (result.exit_code, result.stdout, made) == (2, "", [])
        assert result.stderr.endswith(
            f"is not a valid name: it has {length} characters, more than a name may have "
            f"(use at most {ID_CHARACTERS})\n"
        )


def test_a_routine_is_never_named_plan(runner: CliRunner, user_routines: Path) -> None:
    for args in (["plan"], ["plan", "--from", "desk-break"], ["plan", "--force"]):
        result = runner.invoke(app, ["new", *args])
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            "stretch: 'plan' is not a name for a routine: `stretch validate` takes a plan.yaml "
            "for a plan file (choose another name, e.g. 'my-plan')\n"
        )
    assert written(user_routines) == []
    assert runner.invoke(app, ["new", "plan", "--exercise"]).exit_code == 0  # no clash there
    assert runner.invoke(app, ["new", "my-plan"]).exit_code == 0


def test_validate_takes_a_routine_named_plan_in_a_routines_folder_for_a_routine(
    runner: CliRunner, user_routines: Path, tmp_path: Path
) -> None:
    """One made before `new` refused the name (or by hand): `show` and `run` use it as a
    routine, and so does `validate`; a plan.yaml anywhere else is still a plan."""
    assert runner.invoke(app, ["new", "lunch"]).exit_code == 0
    routine = user_routines / "plan.yaml"
    (user_routines / "lunch.yaml").rename(routine)
    for named in (routine, user_routines):
        result = runner.invoke(app, ["validate", str(named)])
        assert (result.exit_code, result.stdout) == (0, "ok: 1 file checked\n")
    elsewhere = tmp_path / "plan.yaml"
    elsewhere.write_text(routine.read_text())
    result = runner.invoke(app, ["validate", str(elsewhere)])
    assert result.exit_code == 1
    assert "missing its routines: days" in result.stdout
    # A plan.yaml without steps in a routines folder is still checked as a plan.
    routine.write_text("levels: {scapular-squeeze: 2}\n")
    result = runner.invoke(app, ["validate", str(routine)])
    assert result.exit_code == 1
    assert f"{routine}:1:1: missing its routines: days" in result.stdout
