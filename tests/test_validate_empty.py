"""`stretch validate` given folders with no routine, exercise or plan file in them says so in
one line, with what to do, and exits 0 as the other commands do when there is nothing to do
(`remind off` with nothing installed, `history` with no sessions): never "ok: 0 files"."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch


def nothing(*paths: str) -> str:
    return (
        "Nothing checked: no routine, exercise or plan files (.yaml or .yml) in "
        f"{', '.join(paths)}; name the folder that holds them, or write one with "
        "`stretch new NAME`\n"
    )


def test_an_empty_folder_says_there_was_nothing_to_check(stretch: Stretch, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert stretch("validate", str(tmp_path / "empty")) == (
        0,
        nothing(str(tmp_path / "empty")),
        "",
    )


def test_folders_of_other_files_name_every_folder(stretch: Stretch, tmp_path: Path) -> None:
    (tmp_path / "a" / "exercises").mkdir(parents=True)
    (tmp_path / "a" / "notes.txt").write_text("steps: []\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "routine.yaml.bak").write_text("steps: []\n")
    code, out, err = stretch("validate", str(tmp_path / "a"), str(tmp_path / "b"))
    assert (code, out, err) == (0, nothing(str(tmp_path / "a"), str(tmp_path / "b")), "")


BUILT_IN = Path(__file__).parents[1] / "routines"
NAMES = st.text("abcxyz._-", min_size=1, max_size=8).filter(
    lambda n: n not in (".", "..") and not n.endswith((".yaml", ".yml"))
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tree=st.lists(st.lists(NAMES, min_size=1, max_size=3), max_size=5),
    routine=st.booleans(),
)
def test_nothing_checked_exactly_when_no_file_is_there_to_check(
    stretch: Stretch, tmp_path: Path, tree: list[list[str]], routine: bool
) -> None:
    """Any tree of folders and files that are not YAML: the one line; one routine file
    anywhere in it: that file is checked, and the line is not said."""
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(dir=tmp_path))
    for parts in tree:
        folder = root.joinpath(*parts[:-1])
        if any(root.joinpath(*parts[:n]).is_file() for n in range(1, len(parts))):
            continue  # a file of that name is there already
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.joinpath(parts[-1]).is_dir():
            folder.joinpath(parts[-1]).write_text("steps: []\n")
    if routine:
        shutil.copy(BUILT_IN / "desk-break.yaml", root / "mine.yaml")
    code, out, _ = stretch("validate", str(root))
    if routine:
        assert out.splitlines()[-1] == "ok: 1 file checked"
    else:
        assert (code, out) == (0, nothing(str(root)))
    shutil.rmtree(root)
