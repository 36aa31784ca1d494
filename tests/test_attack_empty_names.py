"""An empty file name is said to be empty, by every command that takes one: before, typer's
Path turned '' into '.', and `history import ''` said ". is a folder" and `plan use ''` said
".:1:1: not a regular file" (attack 4, D13)."""

from __future__ import annotations

import pytest

from tests.conftest import Stretch

# Each command with a place for a file name, and what its error says about the empty one.
PLACES = [
    (["history", "import", ""], "FILE: an empty file name"),
    (["plan", "use", ""], "FILE: an empty file name"),
    (["validate", ""], "validate: an empty path"),
    (["validate", "routines", ""], "validate: an empty path"),
    (["report", "-o", ""], "-o: an empty file name"),
    (["history", "export", "-o", ""], "-o: an empty file name"),
    (["show", "thoracic-side-bend", "--svg", ""], "--svg: an empty file name"),
]


@pytest.mark.parametrize(("args", "said"), PLACES, ids=[" ".join(a) for a, _ in PLACES])
def test_an_empty_file_name_is_said_to_be_empty(
    stretch: Stretch, args: list[str], said: str
) -> None:
    code, out, err = stretch(*args)
    assert (code, out) == (2, "")
    assert err.startswith(f"stretch: {said} (")
    assert err.count("\n") == 1
    assert ". is a folder" not in err and ".:1:1" not in err
