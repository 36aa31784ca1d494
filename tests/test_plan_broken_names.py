"""A plan naming a routine or exercise of the user's whose file is broken says so (its file's
own problems are said with it), not that there is no such routine (attack 10, N9): the file
is there. One that has no file at all is still 'no routine named'."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Stretch

BROKEN_ROUTINE = "name: Mine\nsummary: Mine.\nsteps: [no-such-exercise]\n"
BROKEN_EXERCISE = "name: Mine\nsummary: Mine.\n"  # no dose, no instructions
PLACES = {
    "days": ("days: {{sun: {name}}}\n", "routine", "1:13: days.sun"),
    "rotation": ("days: {{sun: upper-back}}\nrotation: [{name}]\n", "routine", "2:12: rotation"),
    "ladders": (
        "days: {{sun: upper-back}}\nladders:\n  {name}:\n    - {{hold: 10}}\n",
        "exercise",
        "3:3: ladders",
    ),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("broken", [True, False], ids=["broken file", "no file"])
def test_a_name_whose_file_is_broken_is_said_as_broken(
    stretch: Stretch, user_routines: Path, tmp_path: Path, place: str, broken: bool
) -> None:
    text, kind, where = PLACES[place]
    if broken:
        folder = user_routines / ("exercises" if kind == "exercise" else "")
        folder.mkdir(exist_ok=True)
        body = BROKEN_EXERCISE if kind == "exercise" else BROKEN_ROUTINE
        (folder / "mine.yaml").write_text(body, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.format(name="mine"), encoding="utf-8")
    result = stretch("validate", str(plan))
    assert result.code == 1
    said = [line.removeprefix(f"{plan}:") for line in result.out.splitlines()]
    if broken:
        assert f"{where}: {kind} 'mine' has problems of its own (fix that file first)" in said
    else:
        assert any(line.startswith(f"{where}: no {kind} named 'mine'") for line in said), said
