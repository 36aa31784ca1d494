"""An option that writes one format takes only a name ending in that format's suffix (any
case): `show --svg` .svg, `history export -o` .jsonl or .ndjson, `report -o` one of the
report's formats. Any other suffix, a double one whose last part is another format's, or
none is refused in one line saying which suffix to use, and nothing is written; `-`, a
device and a fifo are written to whatever their names (test_output.py)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own for what is written (the config and history live elsewhere)."""
    made = tmp_path / "out"
    made.mkdir()
    return made


# Each writer: its arguments before the file, its option, the suffixes it takes, and the
# line it refuses NAME with.
WRITERS = {
    "svg": (
        ["show", "rhomboid-stretch"],
        "--svg",
        {"svg"},
        "--svg: {name} is not a .svg name, and --svg writes an SVG picture "
        "(name a file ending in .svg, or give --svg - for standard output)",
    ),
    "export": (
        ["history", "export"],
        "-o",
        {"jsonl", "ndjson"},
        "-o: {name} is not a .jsonl or .ndjson name, and -o writes JSON lines "
        "(name a file ending in .jsonl or .ndjson, or give -o - for standard output)",
    ),
    "report": (
        ["report"],
        "-o",
        {"html", "htm", "md", "markdown", "csv", "json"},
        "-o: cannot tell the report's format from {name} "
        "(name a file ending in .html, .md, .csv, .json, or give --format)",
    ),
}


def refused(stretch: Stretch, writer: str, folder: Path, name: str) -> None:
    args, flag, _, line = WRITERS[writer]
    assert stretch(*args, flag, str(folder / name)) == (
        2,
        "",
        "stretch: " + line.format(name=name) + "\n",
    )
    assert list(folder.iterdir()) == []


def taken(stretch: Stretch, writer: str, folder: Path, name: str) -> None:
    args, flag, _, _ = WRITERS[writer]
    code, _, err = stretch(*args, flag, str(folder / name))
    assert (code, err[:9]) == (0, "" if writer == "svg" else "stretch: ")
    assert [p.name for p in folder.iterdir()] == [name]


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(
    "name", ["x.png", "notes.txt", "x.pdf", "x", "x.svg.png", "x.jsonl.gz", "x.md.", "x."]
)
def test_a_name_for_another_format_or_none_is_refused(
    stretch: Stretch, writer: str, name: str, folder: Path
) -> None:
    if name.rsplit(".", 1)[-1].lower() in WRITERS[writer][2]:
        pytest.skip("the writer's own suffix")
    refused(stretch, writer, folder, name)


@pytest.mark.parametrize(
    ("writer", "name"),
    [
        ("svg", "x.SVG"),
        ("svg", "x.png.svg"),
        ("svg", ".hidden.svg"),
        ("export", "history.JSONL"),
        ("export", "history.json.ndjson"),
        ("report", "r.svg.md"),
    ],
)
def test_a_name_ending_in_the_format_is_written(
    stretch: Stretch, writer: str, name: str, folder: Path
) -> None:
    taken(stretch, writer, folder, name)


SUFFIX = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0-"), max_size=9
)
KNOWN = sorted({s for _, _, suffixes, _ in WRITERS.values() for s in suffixes})


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    writer=st.sampled_from(sorted(WRITERS)),
    stem=st.sampled_from(["x", "my picture", ".hidden", "a.b"]),
    suffixes=st.lists(st.one_of(SUFFIX, st.sampled_from(KNOWN)), max_size=3),
    upper=st.booleans(),
)
def test_a_name_is_taken_exactly_when_its_last_suffix_is_the_format(
    stretch: Stretch, writer: str, stem: str, suffixes: list[str], upper: bool
) -> None:
    name = ".".join([stem, *suffixes])
    name = name.upper() if upper else name
    last = name.rsplit(".", 1)[1].lower() if "." in name else None
    with tempfile.TemporaryDirectory() as made:
        folder = Path(made)
        if last in WRITERS[writer][2]:
            taken(stretch, writer, folder, name)
        else:
            refused(stretch, writer, folder, name)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_dash_is_still_the_standard_output(stretch: Stretch, writer: str) -> None:
    args, flag, _, _ = WRITERS[writer]
    code, out, _ = stretch(*args, flag, "-")
    assert code == 0 and out


def test_a_report_format_given_takes_any_name(stretch: Stretch, tmp_path: Path) -> None:
    """`--format` says which format the file holds: its name is the person's."""
    path = tmp_path / "report"
    assert stretch("report", "--format", "md", "-o", str(path))[0] == 0
    assert path.read_text().startswith("# ")


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1"])
def test_the_standard_output_by_name_is_written_whatever_it_goes_to(
    writer: str, name: str, tmp_path: Path
) -> None:
    """`-o /dev/stdout > saved.txt`: the name is the stream's, not the file's the shell made."""
    args, flag, _, _ = WRITERS[writer]
    saved = tmp_path / "saved.txt"
    with saved.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "stretchcli", *args, flag, name],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert saved.read_text().startswith({"svg": "<svg", "export": "{", "report": "# "}[writer])


def test_a_new_file_in_dev_is_named_like_any_other(stretch: Stretch) -> None:
    """Only the names of open files there are streams: a new one is refused by its suffix,
    before anything is made."""
    assert stretch("history", "export", "-o", "/dev/stretch-test.png").code == 2
    assert not Path("/dev/stretch-test.png").exists()
