"""An empty or blank file or routine name is said to be empty or blank, naming the argument,
by every command that takes one (exit 2, one line): before, typer's Path turned '' into '.',
and `history import ''` said ". is a folder" and `plan use ''` said ".:1:1: not a regular
file" (attack 4, D13); `history import ' '` said "cannot read  : No such file or directory"
and `plan use ' '` " :1:1: cannot read the file" (issue 23)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch

# Each command with a place for a file name, and what its error says about the empty one.
PLACES = [
    (["history", "import", ""], "FILE: an empty file name"),
    (["plan", "use", ""], "FILE: an empty file name"),
    (["validate", ""], "PATH: an empty file name"),
    (["validate", "routines", ""], "PATH: an empty file name"),
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


# Each command with a place for a name, with {} where the name goes, and the argument it names.
NAMED = [
    (["history", "import", "{}"], "FILE: a blank file name"),
    (["plan", "use", "{}"], "FILE: a blank file name"),
    (["validate", "{}"], "PATH: a blank file name"),
    (["validate", "routines", "{}"], "PATH: a blank file name"),
    (["report", "-o", "{}"], "-o: a blank file name"),
    (["history", "export", "-o", "{}"], "-o: a blank file name"),
    (["run", "{}"], "ROUTINE: a blank name"),
    (["show", "{}"], "NAME: a blank name"),
    (["history", "--routine", "{}"], "--routine: a blank name"),
    (["report", "--routine", "{}"], "--routine: a blank name"),
    (["remind", "on", "--routine", "{}", "--scheduler", "cron"], "--routine: a blank name"),
]


@pytest.mark.parametrize(("args", "said"), NAMED, ids=[" ".join(a) for a, _ in NAMED])
def test_a_name_of_spaces_is_said_to_be_blank_naming_the_argument(
    stretch: Stretch, args: list[str], said: str
) -> None:
    code, out, err = stretch(*(a.format(" ") for a in args))
    assert (code, out) == (2, "")
    assert err.startswith(f"stretch: {said}, only spaces")
    assert err.count("\n") == 1


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u2003\u3000"), min_size=1, max_size=4))
def test_every_blank_name_is_refused_before_anything_is_read(stretch: Stretch, blanks: str) -> None:
    """Whatever white space a name is made of, each place refuses it as blank (exit 2, one
    line naming the argument), never as a file it could not find."""
    for args, said in NAMED:
        code, out, err = stretch(*(a.format(blanks) for a in args))
        assert (code, out) == (2, ""), args
        assert err.startswith(f"stretch: {said}, only "), err
        assert err.count("\n") == 1
