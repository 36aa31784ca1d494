"""Our corpus of broken files: each declares, in `# expect:` lines, every problem it must get."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stretchcli.cli.app import app
from tests.test_yaml_suite import HAS_LIBYAML, without_libyaml

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p for p in CORPUS.rglob("*.yaml"))


def expected(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [f"{path}:{line.split('# expect: ', 1)[1]}" for line in lines if "# expect: " in line]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_broken_file_gets_exactly_its_problems(runner: CliRunner, path: Path) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    want = expected(path)
    assert want, f"{path} declares no expected problems"
    assert result.exit_code == 1
    noun = "problem" if len(want) == 1 else "problems"
    assert result.stdout.splitlines() == [*want, f"{len(want)} {noun} in 1 file"]


def test_whole_corpus_at_once_reports_every_problem_sorted(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(CORPUS)])
    want = [line for path in FILES for line in expected(path)]
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == sorted(
        want, key=lambda s: (s.split(":")[0], int(s.split(":")[1]), int(s.split(":")[2]))
    )
    assert result.stdout.splitlines()[-1] == f"{len(want)} problems in {len(FILES)} files"


@pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML here has no libyaml to compare with")
def test_the_corpus_gets_the_same_problems_without_libyaml(runner: CliRunner) -> None:
    with_libyaml = runner.invoke(app, ["validate", str(CORPUS)]).stdout
    with without_libyaml():
        assert runner.invoke(app, ["validate", str(CORPUS)]).stdout == with_libyaml


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.yaml", b"", "1:1: file is empty (see `stretch show upper-back` for an example)"),
        (
            "blank.yaml",
            b"\n\n   \n",
            "1:1: file is empty (see `stretch show upper-back` for an example)",
        ),
        (
            "only-comment.yaml",
            b"# nothing\n",
            "1:1: file has no content (see `stretch show upper-back`)",
        ),
        (
            "latin1.yaml",
            b"name: Caf\xe9 stretch\n",
            "1:10: not UTF-8 text: byte 0xe9 cannot be decoded (save the file as UTF-8)",
        ),
        (
            "huge-line.yaml",
            b"name: " + b"x" * (3 * 1024 * 1024) + b"\n",
            "1:1: file is larger than 256 KiB (is it a routine file?)",
        ),
        ("deep.yaml", b"steps: " + b"[" * 100_000, "1:39: nested deeper than 32 levels"),
        ("dashes.yaml", b"- " * 100_000 + b"x\n", "1:65: nested deeper than 32 levels"),
        (
            "nul.yaml",
            b"name: a\x00b\n",
            "1:8: invalid YAML: control character U+0000 is not allowed",
        ),
        (
            "tight-comment.yaml",
            b'name: "Probe"# no space\n',
            "1:14: invalid YAML: a comment needs a space before its # (write ' #')",
        ),
        (
            "lone-dash.yaml",
            b"steps: [-]\n",
            "1:9: invalid YAML: '-' alone is not a value here (write it in quotes: '-')",
        ),
        (
            "quoted-indent.yaml",
            b'name: "Two\nlines"\n',
            "2:1: invalid YAML: this line continues a value and must be indented by at least "
            "1 space (the value starts at 1:7)",
        ),
        (
            "flow-indent.yaml",
            b"steps: [thoracic-rotation,\nball-pressure]\n",
            "2:1: invalid YAML: this line continues a value and must be indented by at least "
            "1 space (the value starts at 1:8)",
        ),
        (
            "blank-lines.yaml",
            b"name: >\n  \n # a comment, or the text's first line?\n",
            "2:1: invalid YAML: a blank line at the start of a block text has more spaces (2) "
            "than its first line (1) (remove the spaces from the blank lines)",
        ),
        (
            "scalar.yaml",
            b"just some words\n",
            "1:1: a routine file must be a mapping of keys (name: ...), not text 'just some words' "
            "(see `stretch show upper-back --json` for the keys)",
        ),
    ],
)
def test_pathological_files_get_one_clear_line(
    runner: CliRunner, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = write(tmp_path / name, data)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{path}:{message}", "1 problem in 1 file"]


def test_a_closing_bracket_under_its_key_is_let_through_as_editors_do(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = b"name: Brackets\nsummary: s\nsteps: [\n  thoracic-rotation,\n]\n"
    result = runner.invoke(app, ["validate", str(write(tmp_path / "brackets.yaml", text))])
    assert (result.exit_code, result.stdout) == (0, "ok: 1 file checked\n")


def test_billion_laughs_is_refused_without_expanding(runner: CliRunner, tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = write(tmp_path / "laughs.yaml", ("\n".join(lines) + "\n").encode())
    result = runner.invoke(app, ["validate", str(path)])
    # Every anchor and alias where it is, none expanded: 10 anchors, 9 x 9 aliases.
    assert result.stdout.splitlines()[:3] == [
        f"{path}:1:5: anchors (&a0) are not supported (write the value out in full)",
        f"{path}:2:5: anchors (&a1) are not supported (write the value out in full)",
        f"{path}:2:10: aliases (*a0) are not supported (write the value out in full)",
    ]
    assert result.stdout.splitlines()[-1] == "91 problems in 1 file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_a_fifo_in_a_routines_folder_does_not_hang(runner: CliRunner, user_routines: Path) -> None:
    os.mkfifo(user_routines / "pipe.yaml")
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    assert (
        f"stretch: warning: {user_routines / 'pipe.yaml'}:1:1: not a regular file; file skipped"
        in (result.stderr)
    )


def test_a_symlink_loop_and_a_folder_named_like_a_file_are_skipped(
    runner: CliRunner, user_routines: Path
) -> None:
    (user_routines / "loop.yaml").symlink_to(user_routines / "loop.yaml")
    (user_routines / "folder.yaml").mkdir()
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    warnings = sorted(result.stderr.splitlines())
    assert len(warnings) == 2
    assert warnings[0].startswith(f"stretch: warning: {user_routines / 'folder.yaml'}:1:1: ")
    assert warnings[1].startswith(f"stretch: warning: {user_routines / 'loop.yaml'}:1:1: ")


def test_control_characters_from_a_file_are_shown_escaped_on_one_line(
    runner: CliRunner, user_routines: Path
) -> None:
    path = user_routines / "sneaky.yaml"
    path.write_text('"\\e[31mred\\nline": 1\nname: x\nsummary: s\nsteps: [pelvic-tilt]\n')
    result = runner.invoke(app, ["list", "--json"])
    assert result.stderr == (
        f"stretch: warning: {path}:1:1: unknown key '\\x1b[31mred\\nline' "
        "(allowed: name, summary, prepare, rest, cautions, equipment, steps, sources); "
        "file skipped\n"
    )
    path.unlink()
    result = runner.invoke(app, ["show", "\x1b[2Jgone"])
    assert (
        result.stderr
        == "stretch: no routine or exercise named '\\x1b[2Jgone' (see `stretch list`)\n"
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_an_unreadable_file_is_reported_and_skipped(runner: CliRunner, user_routines: Path) -> None:
    path = user_routines / "secret.yaml"
    path.write_text("name: x\n")
    path.chmod(0)
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"stretch: warning: {path}:1:1: cannot read the file: Permission denied; file skipped\n"
    )


def test_file_text_is_shown_as_written_never_as_markup_or_escape_codes(
    runner: CliRunner, user_routines: Path
) -> None:
    (user_routines / "exercises" / "odd.yaml").write_text(
        "name: 'Markup [/] [bold red]x[/]'\nsummary: 'Thin\u00a0space'\nsides: none\nhold: 5\n"
        "reps: 1\ninstructions: ['[/oops]']\ncautions: [c]\n"
    )
    (user_routines / "exercises" / "esc.yaml").write_text(
        'name: "Esc \\e]0;PWNED\\a"\nsummary: s\nsides: none\nhold: 5\nreps: 1\n'
        "instructions: [a]\ncautions: [c]\n"
    )
    result = runner.invoke(app, ["list", "--exercises"])
    assert result.exit_code == 0
    assert "Markup [/] [bold red]x[/]" in result.stdout
    assert "\x1b" not in result.stdout
    assert result.stderr == (
        f"stretch: warning: {user_routines / 'exercises' / 'esc.yaml'}:1:7: name: control "
        "characters (such as line breaks or escape codes) are not allowed (keep each entry to "
        "one line of plain text); file skipped\n"
    )
    shown = runner.invoke(app, ["show", "odd"])
    assert shown.exit_code == 0
    assert "[/oops]" in shown.stdout
