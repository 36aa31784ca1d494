"""Data never acts as code or markup: text from the history, an import, a routine file, the
config or the environment reaches the terminal with its control characters and escape codes
shown escaped, is never read as rich markup, Markdown or HTML, and never starts a formula in
a spreadsheet; JSON keeps it exactly. The examples first, then the rule over any text."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.cli import main
from stretchcli.env import Environment
from tests.conftest import Result, Stretch
from tests.fakes import FakeTerminal

# What the second outside attack put into a routine's name: clear the screen, set the
# window's title, and a hyperlink whose text hides where it goes (OSC 8).
CLEAR = "\x1b[2J"
TITLE = "\x1b]0;owned\x07"
LINK = "\x1b]8;;https://evil.example\x1b\\docs\x1b]8;;\x1b\\"
ESCAPES = CLEAR + TITLE + LINK
ESCAPES_SHOWN = r"\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example\x1b\docs\x1b]8;;\x1b" + "\\"
RICH_LINK = "[link=https://evil.example]upper-back[/link]"


def exported(**fields: object) -> dict[str, object]:
    """A session as an export file has it, done the day before NOW; `fields` replace its own."""
    session: dict[str, object] = {
        "uid": "0123456789abcdef0123456789abcdef",
        "routine": "upper-back",
        "started_at": "2026-11-03T09:00:00+01:00",
        "ended_at": "2026-11-03T09:05:00+01:00",
        "status": "completed",
        "seconds": 300.0,
        "pain_before": 4,
        "pain_after": 2,
        "difficulty": 3,
        "note": None,
        "exercises": [{"exercise": "thoracic-rotation", "status": "done", "holds": 3, "done": 3}],
        "swaps": [],
        "options": {},
        "last_step": None,
    }
    return {**session, **fields}


def import_sessions(stretch: Stretch, folder: Path, *sessions: Mapping[str, object]) -> None:
    path = folder / "export.jsonl"
    lines = [{"format": "stretch-history", "version": 1}, *sessions]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, err = stretch("history", "import", str(path))
    assert (code, err) == (0, ""), out


class Terminal(io.StringIO):
    """Standard output that is a terminal: rich writes its styles, links and titles."""

    def isatty(self) -> bool:
        return True


def at_terminal(*args: str, environ: Mapping[str, str] | None = None) -> Result:
    """`stretch ARGS` with standard output a colour terminal (no NO_COLOR): what a person sees,
    escape codes and all."""
    environ = {k: v for k, v in (environ or os.environ).items() if k != "NO_COLOR"}
    terminal = FakeTerminal()
    out, err = Terminal(), io.StringIO()
    env = Environment(
        io.StringIO(),
        out,
        err,
        environ,
        monotonic=terminal.now,
        sleep=terminal.sleep,
        keys=terminal.keyboard,
    )
    code = main(list(args), env)
    return Result(code, out.getvalue(), err.getvalue())


# --- the examples -----------------------------------------------------------------------------


def test_history_shows_escape_codes_in_a_routine_name_escaped(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the whole name on one line
    import_sessions(stretch, tmp_path, exported(routine=ESCAPES))
    for result in (stretch("history"), at_terminal("history")):
        assert result.code == 0
        assert ESCAPES_SHOWN in result.out
        assert "\x1b]" not in result.out and "\x07" not in result.out
        assert CLEAR not in result.out
    assert "\x1b" not in stretch("history").out


def test_a_routine_named_as_rich_markup_is_shown_as_written_never_a_link(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    import_sessions(stretch, tmp_path, exported(routine=RICH_LINK))
    code, out, err = at_terminal("history")
    assert (code, err) == (0, "")
    assert RICH_LINK in out  # the brackets are there to see: it is no link
    assert "\x1b]8;" not in out


def test_a_closing_tag_in_a_routine_name_is_shown_not_a_crash(
    stretch: Stretch, tmp_path: Path
) -> None:
    import_sessions(stretch, tmp_path, exported(routine="[/oops]"))
    code, out, err = stretch("history")
    assert (code, err) == (0, "")
    assert "[/oops]" in out


def test_markup_in_a_setting_s_value_is_shown_as_written_not_a_crash(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found beside the examples: `stretch config` drew the values as rich markup."""
    monkeypatch.setenv("COLUMNS", "200")
    (isolated / "config").mkdir(parents=True)
    (isolated / "config" / "config.toml").write_text(
        'terminal = "kitty [/oops] [link=https://evil.example]x[/link] \\u202e"\n'
    )
    code, out, err = at_terminal("config")
    assert (code, err) == (0, "")
    assert '"kitty [/oops] [link=https://evil.example]x[/link] \\u202e"' in out
    assert "\x1b]8;" not in out and "\u202e" not in out


def test_a_folder_s_control_characters_are_shown_escaped_by_paths(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / f"routines{TITLE}\u202e"
    folder.mkdir()
    monkeypatch.setenv("STRETCH_PATH", str(folder))
    code, out, err = stretch("paths")
    assert (code, err) == (0, "")
    assert f"  1. {tmp_path}/routines\\x1b]0;owned\\x07\\u202e  [path]\n" in out
    assert "\x1b" not in out


def test_a_routine_file_named_as_markup_is_shown_as_written_everywhere(
    stretch: Stretch, user_routines: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    name = f"{RICH_LINK} [/oops] :warning: <b>x</b>"
    (user_routines / "odd.yaml").write_text(
        f"name: '{name}'\nsummary: '[bold]s[/]'\ncautions: ['[red]c']\nsteps: [pelvic-tilt]\n"
    )
    for args in (["list"], ["show", "odd"], ["run", "odd"], ["run", "odd", "--plain"]):
        code, out, err = at_terminal(*args)
        assert (code, err) == (0, ""), args
        assert "\x1b]8;" not in out, args
        assert name in out, args
    assert at_terminal("list").out.startswith("\x1b[1mroutine ")  # the program's own bold
    assert "[bold]s[/]" in at_terminal("show", "odd").out
    assert "Careful: [red]c" in at_terminal("run", "odd", "--plain").out


def test_what_an_exercise_file_may_not_hold_is_named_in_one_line(
    stretch: Stretch, user_routines: Path
) -> None:
    """A routine file's control characters never reach the screen: the file is refused, and
    the line that says so is one line with nothing in it that acts on the terminal."""
    path = user_routines / "esc.yaml"
    path.write_text('name: "\\e]0;owned\\a"\nsummary: s\nsteps: [pelvic-tilt]\n')
    code, out, err = stretch("list")
    assert code == 0
    assert "esc" not in out
    assert err == (
        f"stretch: warning: {path}:1:7: name: control characters (such as line breaks or escape "
        "codes) are not allowed (keep each entry to one line of plain text); file skipped\n"
    )


def test_text_made_one_line_keeps_spaces_of_every_width() -> None:
    from stretchcli.text import one_line

    assert one_line("5\u00a0s \u3000x") == "5\u00a0s \u3000x"
    assert one_line("a\u2028b\u200dc\x85") == "a\\u2028b\\u200dc\\x85"


# --- the rule, over any text ------------------------------------------------------------------

C0 = [chr(code) for code in range(0x20)]
C1 = [chr(code) for code in range(0x80, 0xA0)]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
ZERO_WIDTH = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
CONTROLS = [*C0, "\x7f", *C1, *BIDI, *ZERO_WIDTH, "\u2028", "\u2029"]
SEQUENCES = [
    CLEAR,
    TITLE,
    LINK,
    "\x1b[31m",
    "\x9b2J",  # CSI in one byte (C1)
    "\x1bP+q544e\x1b\\",  # DCS: a question the terminal answers as if typed
    "\x1b[?1049h",
    "\x1b]52;c;aGk=\x07",  # the clipboard
    "\x1b[6n",
]
MARKUP = [
    RICH_LINK,
    "[link=https://evil.example]",
    "[/link]",
    "[/]",
    "[/oops]",
    "[bold red]",
    ":warning:",
    "<b>",
    "</b>",
    "<img src=x onerror=alert(1)>",
    "[docs](https://evil.example)",
    "<https://evil.example>",
    "&lt;",
    *"=+-@|`*_~#\\\"'",
]
ANY = st.characters(exclude_categories=["Cs"])  # a lone surrogate is an import's problem (§2)
hostile = st.lists(
    st.one_of(st.sampled_from(CONTROLS + SEQUENCES + MARKUP), st.text(ANY, max_size=4)),
    min_size=1,
    max_size=6,
).map("".join)


def acts(text: str) -> list[str]:
    """The characters of `text` that a terminal acts on or that hide (a line break aside: the
    outputs' own lines): what no output may carry from the data. Spaces of any width are
    harmless; every other character Python does not call printable is not."""
    return [
        c for c in text if c != "\n" and not c.isprintable() and unicodedata.category(c) != "Zs"
    ]


SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours and bold, at a terminal


def test_what_acts_on_a_terminal_is_every_control_and_invisible_character() -> None:
    assert set(acts("".join(CONTROLS))) == set(CONTROLS) - {"\n"}
    assert acts("plain text, 5\u00a0s, \u3000, é, 🙂\n") == []


@settings(max_examples=500)
@given(st.text(ANY.filter(lambda c: c not in "\\'")) | hostile.filter(lambda t: "\\" not in t))
def test_one_line_shows_every_character_and_acts_on_none(text: str) -> None:
    from stretchcli.text import one_line

    shown = one_line(text)
    assert acts(shown) == []
    if "'" not in text:  # the escapes are Python's: read back, they give the text again
        assert ast.literal_eval(f"'{shown}'") == text
