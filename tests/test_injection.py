"""Data never acts as code or markup: text from the history, an import, a routine file, the
config or the environment reaches the terminal with its control characters and escape codes
shown escaped, is never read as rich markup, Markdown or HTML, and never starts a formula in
a spreadsheet; JSON keeps it exactly. The examples first, then the rule over any text."""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Mapping
from contextlib import closing
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from stretchcli.cli import main
from stretchcli.env import Environment
from stretchcli.history.store import History
from stretchcli.records import Session
from stretchcli.remind.notify import Notice, notify
from stretchcli.session.devices import Devices, system_speaker
from stretchcli.text import one_line
from stretchcli.views.screens import TerminalScreens
from tests.conftest import Result, Stretch
from tests.fakes import NOW, FakeTerminal, TerminalOutput
from tests.system_fakes import FakeCommands

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
    """Put `sessions` straight into the test's history (see `store_by_hand`)."""
    for session in sessions:
        store_by_hand(Path(os.environ["STRETCH_STATE_DIR"]) / "history.sqlite3", session)


def store_by_hand(path: Path, session: Mapping[str, object]) -> None:
    """Put `session` into the history at `path` with any text in its names, note and swaps:
    an import refuses what no run can write, but an older version or a hand with sqlite3 may
    have put anything there."""
    exercises = cast("list[dict[str, object]]", session["exercises"])
    plain = {
        **session,
        "routine": "upper-back",
        "note": None,
        "swaps": [],
        "exercises": [{**done, "exercise": "thoracic-rotation"} for done in exercises],
    }
    with History(path, print, lambda: NOW) as history:
        history.add_sessions([Session.from_record(plain)])
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "UPDATE sessions SET routine = ?, note = ?, swaps = ? WHERE uid = ?",
            (session["routine"], session["note"], json.dumps(session["swaps"]), session["uid"]),
        )
        for position, done in enumerate(exercises):
            db.execute(
                "UPDATE session_exercises SET exercise = ? WHERE position = ? AND session_id ="
                " (SELECT id FROM sessions WHERE uid = ?)",
                (done["exercise"], position, session["uid"]),
            )


@pytest.fixture
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """No NO_COLOR (rich reads it from the process): a terminal shows colour and bold."""
    monkeypatch.delenv("NO_COLOR")


def at_terminal(*args: str) -> Result:
    """`stretch ARGS` with standard output a terminal: what a person sees, escape codes and
    all (in colour with the `colour` fixture)."""
    terminal = FakeTerminal()
    out, err = TerminalOutput(), io.StringIO()
    env = Environment(
        io.StringIO(),
        out,
        err,
        os.environ,
        monotonic=terminal.now,
        sleep=terminal.sleep,
    )
    code = main(list(args), env, Devices(terminal.keyboard, system_speaker, TerminalScreens()))
    return Result(code, out.getvalue(), err.getvalue())


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


# --- the examples -----------------------------------------------------------------------------


def test_history_shows_escape_codes_in_a_routine_name_escaped(
    colour: None, stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the whole name on one line
    import_sessions(stretch, tmp_path, exported(routine=ESCAPES))
    for result in (stretch("history"), at_terminal("history")):
        assert result.code == 0
        assert ESCAPES_SHOWN in result.out
        assert "\x1b]" not in result.out and "\x07" not in result.out
        assert CLEAR not in result.out
    assert "\x1b" not in stretch("history").out
    assert "\x1b[1;4mRecent sessions\x1b[0m" in at_terminal("history").out  # rich's own


@pytest.mark.parametrize("fmt", ["md", "csv", "html"])
def test_the_report_to_standard_output_shows_escape_codes_escaped(
    stretch: Stretch, tmp_path: Path, fmt: str
) -> None:
    note = "tight " + TITLE
    import_sessions(stretch, tmp_path, exported(routine=ESCAPES, note=note))
    code, out, err = stretch("report", "--format", fmt)
    assert (code, err) == (0, "")
    assert not any(c in out for c in "\x1b\x07\x9b")
    if fmt == "csv":
        [row] = csv_rows(out)
        assert (row["routine"], row["note"]) == (ESCAPES_SHOWN, r"tight \x1b]0;owned\x07")
    elif fmt == "html":
        assert r"\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example\x1b\docs" in out
    else:  # Markdown: the backslashes of the escapes are themselves escaped
        assert r"\\x1b\[2J\\x1b\]0;owned\\x07\\x1b\]8;;https\://evil.example\\x1b\\docs" in out


def test_a_routine_named_as_rich_markup_is_shown_as_written_never_a_link(
    colour: None, stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
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
    colour: None, stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
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


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        (
            '=HYPERLINK("https://evil.example","docs")',
            '\'=HYPERLINK("https://evil.example","docs")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "\\t=1+1"),
        ("\r=1+1", "\\r=1+1"),
    ],
)
def test_csv_cells_a_spreadsheet_would_run_are_plain_text(
    stretch: Stretch, tmp_path: Path, text: str, cell: str
) -> None:
    import_sessions(stretch, tmp_path, exported(routine=text, note=text))
    code, out, err = stretch("report", "--format", "csv")
    assert (code, err) == (0, "")
    [row] = csv_rows(out)
    assert (row["routine"], row["note"]) == (cell, cell)


class Tags(HTMLParser):
    """The tags of a page and its text."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")  # raw HTML let through
REPORT_TAGS = {"h1", "h2", "p", "strong", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}


def test_the_markdown_report_shows_html_and_link_syntax_as_text(
    stretch: Stretch, tmp_path: Path
) -> None:
    note = "<img src=x onerror=alert(1)> [docs](https://evil.example) <https://evil.example> *"
    routine = "<b>[x](https://evil.example)</b>"
    import_sessions(stretch, tmp_path, exported(routine=routine, note=note))
    code, out, err = stretch("report")
    assert (code, err) == (0, "")
    page = Tags(MARKDOWN.render(out))
    assert set(page.tags) <= REPORT_TAGS  # no <img>, no <a>, no <b>
    assert note in page.text
    assert routine in page.text


def test_json_keeps_the_data_exactly_and_escapes_what_a_terminal_would_act_on(
    stretch: Stretch, tmp_path: Path
) -> None:
    text = "\x9b31m red \x7f\u202eevil\u200b \x1b[2J \u2028 ok"
    import_sessions(stretch, tmp_path, exported(routine=text, note=text))
    sessions = json.loads(stretch("history", "--json").out)
    report = json.loads(stretch("report", "--format", "json").out)
    for record in (sessions[0], report["sessions"][0]):
        assert (record["routine"], record["note"]) == (text, text)
    for args in (["history", "--json"], ["report", "--format", "json"]):
        out = stretch(*args).out
        assert not any(c in out for c in "\x9b\x7f\u202e\u200b\x1b\u2028"), args
        assert r"\u009b31m red \u007f\u202eevil\u200b \u001b[2J \u2028 ok" in out
    # an import would refuse the session: an export leaves it out, and says so safely
    code, out, err = stretch("history", "export")
    assert (code, out.splitlines()[1:]) == (1, [])
    assert not any(c in err for c in "\x9b\x7f\u202e\u200b\x1b\u2028")
    assert err.startswith("stretch: warning: left out session 1 (")


def test_a_routine_file_named_as_markup_is_shown_as_written_everywhere(
    colour: None, stretch: Stretch, user_routines: Path, monkeypatch: pytest.MonkeyPatch
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


def test_a_notification_never_shows_markup(fakes: FakeCommands) -> None:
    """Freedesktop servers read a notification's body as markup (<a href>, <b>, <img>)."""
    fakes.add("notify-send")
    notice = Notice("Time \x1b[2J", 'Type <a href="https://evil.example">x</a> & go\n', (), 5)
    notify(notice, os.environ, platform="linux")
    [call] = fakes.calls("notify-send")
    assert call[3:] == [
        "Time \\x1b[2J",
        'Type &lt;a href="https://evil.example"&gt;x&lt;/a&gt; &amp; go\\n',
    ]


def test_a_hand_written_routine_for_reminders_never_reaches_a_notification(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add("notify-send")
    (isolated / "config").mkdir(parents=True)
    (isolated / "config" / "config.toml").write_text(
        "remind = true\nremind_routine = \"<a href='https://evil.example'>x</a>\"\n"
    )
    code, out, err = stretch("remind", "check")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "expected a routine id like desk-break" in err
    assert fakes.calls("notify-send") == []


def test_the_run_s_own_output_shows_what_a_file_could_not_hold_escaped() -> None:
    """The checker keeps control characters out of routine files (the test below); the run's
    plain lines, its summary and the window's title would still show them escaped."""
    from dataclasses import replace

    from rich.console import Console

    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import Folder
    from stretchcli.session.coaching import SessionInfo, script
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan
    from stretchcli.session.runner import RunState
    from stretchcli.session.timeline import build
    from stretchcli.views.lines import PlainReporter, write_summary
    from stretchcli.views.live import LiveReporter
    from tests.conftest import BUILTIN

    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    routine_plan = plan(catalog.routine("desk-break"), catalog.exercises, RunOptions())
    phases = build(routine_plan, coach="full")
    steps = [replace(step.exercise, name=f"Shrug {TITLE}") for step in routine_plan.steps]
    info = SessionInfo(f"Desk {CLEAR}", steps, script(phases, steps))
    state = RunState(phases, status="completed", ended=phases[-1].offset)
    out = io.StringIO()
    reporter = PlainReporter(out, info, [info.title])
    for phase in phases:
        state.index = phase.index
        reporter.phase_started(state, phase.offset)
    write_summary(out, 80, state, info)
    assert acts(out.getvalue()) == []
    assert out.getvalue().startswith("Desk \\x1b[2J\n")
    assert "Shrug \\x1b]0;owned\\x07" in out.getvalue()
    screen = TerminalOutput()
    state.index = 0
    with LiveReporter(Console(file=screen, width=80, height=24), info) as live:
        live.phase_started(state, phases[0].offset)
    assert "\x1b]0;0:00 Desk \\x1b[2J\x07" in screen.getvalue()  # the window's title


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


@pytest.mark.parametrize("char", ["\U000e0041", "\U0001d173", "\u0890"])
def test_a_routine_file_may_hold_no_invisible_character_beyond_the_schema_s(
    stretch: Stretch, user_routines: Path, char: str
) -> None:
    """Tag characters (which carry hidden text), musical and Arabic format characters: what a
    terminal would not show is refused, as direction marks and zero-width spaces are."""
    path = user_routines / "hidden.yaml"
    path.write_text(f'name: "Desk{char}"\nsummary: s\nsteps: [pelvic-tilt]\n', encoding="utf-8")
    code, out, _ = stretch("validate", str(path))
    assert code == 1
    assert out == (
        f"{path}:1:7: name: the invisible character U+{ord(char):04X} is not allowed "
        "(direction marks, zero-width spaces and the like change what is shown) "
        "(retype the text without it)\n1 problem in 1 file\n"
    )


def test_text_made_one_line_keeps_spaces_of_every_width() -> None:
    from stretchcli.text import one_line

    assert one_line("5\u00a0s \u3000x\ue000") == "5\u00a0s \u3000x\ue000"  # and an icon
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
hostile = (
    st.lists(
        st.one_of(st.sampled_from(CONTROLS + SEQUENCES + MARKUP), st.text(ANY, max_size=4)),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(bool)
)


ACTING = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # control, format, surrogate, line and paragraph breaks


def acts(text: str) -> list[str]:
    """The characters of `text` that a terminal acts on or that hide (a line break aside: the
    outputs' own lines): what no output may carry from the data. A joiner or selector that
    joins two marks beyond ASCII (an emoji sequence, a Persian word: README) hides nothing."""
    from stretchcli.sequences import joined

    kept = joined(text, lambda c: unicodedata.category(c) not in ACTING | {"Zs"})
    return [
        c
        for i, c in enumerate(text)
        if c != "\n" and i not in kept and unicodedata.category(c) in ACTING
    ]


SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours and bold, at a terminal


def test_what_acts_on_a_terminal_is_every_control_and_invisible_character() -> None:
    assert set(acts("".join(CONTROLS))) == set(CONTROLS) - {"\n"}
    assert acts("plain text, 5\u00a0s, \u3000, é, 🙂, \ue000\n") == []
    assert acts("\U000e0041\U0001d173") == ["\U000e0041", "\U0001d173"]  # a tag, a beam


@settings(max_examples=500)
@given(st.text(ANY.filter(lambda c: c not in "\\'")) | hostile.filter(lambda t: "\\" not in t))
def test_one_line_shows_every_character_and_acts_on_none(text: str) -> None:
    from stretchcli.text import one_line

    shown = one_line(text)
    assert acts(shown) == []
    if "'" not in text:  # the escapes are Python's: read back, they give the text again
        assert ast.literal_eval(f"'{shown}'") == text


def nested(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    keys = st.text(st.characters()) | hostile
    return st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3)


json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters()) | hostile,
    nested,
    max_leaves=8,
)


@settings(max_examples=300)
@given(json_data, st.sampled_from([2, None]), st.booleans())
def test_json_text_is_the_same_data_and_acts_on_no_terminal(
    data: object, indent: int | None, ascii_only: bool
) -> None:
    from stretchcli.text import json_text

    text = json_text(data, indent=indent, ascii_only=ascii_only)
    assert json.loads(text) == data
    assert acts(text) == []
    assert text.encode("utf-8")  # nothing a UTF-8 output could not write (a lone surrogate)


def test_json_text_escapes_every_character_this_python_calls_control_or_format() -> None:
    """json_text finds them with a list of its own (for speed): it must hold every one that
    this Python's Unicode tables know, whichever Python runs the tests."""
    from stretchcli.text import json_text

    # Surrogates one at a time: two in a row read back as the one character they encode.
    acting = [c for c in map(chr, range(0x110000)) if unicodedata.category(c) in ACTING]
    data = ["".join(c for c in acting if not 0xD800 <= ord(c) <= 0xDFFF), "\ud800", "é\udfff"]
    for ascii_only in (False, True):
        text = json_text(data, ascii_only=ascii_only)
        assert acts(text) == []
        assert json.loads(text) == data


def cell_of(markdown: str) -> Tags:
    return Tags(MARKDOWN.render(f"# Report: {markdown}\n\n| h |\n|---|\n| {markdown} |\n"))


@settings(max_examples=300)
@given(st.text(ANY) | hostile)
def test_markdown_shows_any_text_as_it_is_and_never_as_markup(text: str) -> None:
    from stretchcli.report.markdown import md_text
    from stretchcli.text import one_line

    page = cell_of(md_text(text))
    assert page.tags == ["h1", "table", "thead", "tr", "th", "tbody", "tr", "td"]
    expected = " ".join(one_line(text).split())
    assert [line for line in "".join(page.text).split("\n") if line.strip()] == (
        [f"Report: {expected}", "h", expected] if expected else ["Report:", "h"]
    )


@settings(max_examples=300)
@given(st.text(ANY) | hostile)
def test_a_csv_cell_is_text_as_it_is_and_never_a_formula(text: str) -> None:
    from stretchcli.report.csv_format import csv_cell
    from stretchcli.text import one_line

    out = io.StringIO()
    csv.writer(out).writerow([csv_cell(text), "x"])
    [[cell, _]] = list(csv.reader(io.StringIO(out.getvalue())))
    assert acts(cell) == []
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    # apostrophes only put before a formula's sign (review 16, R11: `tight;=1+1`)
    assert re.sub(r"'(?=[=+\-@])", "", cell) == re.sub(r"'(?=[=+\-@])", "", one_line(text))
    for delimiter in (";", ","):  # as a spreadsheet in another locale splits it
        for row in csv.reader(io.StringIO(out.getvalue()), delimiter=delimiter):
            assert not any(c.lstrip().startswith(("=", "+", "-", "@")) for c in row), row


LINKABLE = st.lists(
    st.sampled_from(
        [
            "http://",
            "https://",
            "HTTP://",
            "ftp://",
            "www.",
            "WWW.",
            "@",
            "mailto:",
            "xmpp:",
            "e.com",
            "a",
            "_",
            "-",
            "a@-b.com",
            "a@_b.com",
            ".",
            ":",
            "/",
            " ",
            "<",
            ">",
            "(",
            ")",
            "*",
            "~",
            "\\",
            "a.b",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400)
@given(st.text(ANY) | hostile | LINKABLE)
def test_markdown_makes_no_link_on_github_of_any_text(text: str) -> None:
    """Attack 14, H1: a note's URL, `www.` name or e-mail address became a link where the
    report is read as GitHub's Markdown (which finds links in plain text)."""
    import cmarkgfm

    from stretchcli.report.markdown import md_text

    page = Tags(cmarkgfm.github_flavored_markdown_to_html(f"| h |\n|---|\n| {md_text(text)} |\n"))
    assert page.tags == ["table", "thead", "tr", "th", "tbody", "tr", "td"]
    expected = " ".join(one_line(text).split())
    shown = [line for line in "".join(page.text).split("\n") if line.strip()]
    assert shown == (["h", expected] if expected else ["h"])


@settings(max_examples=300)
@given(st.text(ANY) | hostile | st.sampled_from(['Dr Who,"=HYPERLINK(""http://e.com"",""x"")",']))
def test_a_csv_note_line_is_one_comment_no_spreadsheet_runs(text: str) -> None:
    """Attack 14, H8: a plan's author (or a login name) in the lines before the rows became
    a live `=HYPERLINK(...)` cell once a spreadsheet split the line at its commas."""
    from stretchcli.report.csv_format import note_line

    line = note_line(text)
    assert line.startswith("# ") and line.endswith("\n") and line.count("\n") == 1
    assert line[2:-1] == one_line(text).replace('"', "'") or "'" in line
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(line), delimiter=delimiter):
            for cell in row:
                assert not cell.lstrip().startswith(("=", "+", "-", "@")), (line, cell)


# --- the rule, through every command that prints (each example runs the program a few times) --


def run_in(environ: Mapping[str, str], *args: str, terminal: bool = False) -> Result:
    """`stretch ARGS` in `environ`, a second into a run it is quit (`q`); with `terminal`, at
    a terminal (in colour without NO_COLOR, which rich reads from the process, as COLUMNS)."""
    clock = FakeTerminal([(1.0, "q")])
    out, err = (TerminalOutput() if terminal else io.StringIO()), io.StringIO()
    env = Environment(
        io.StringIO(),
        out,
        err,
        environ,
        monotonic=clock.now,
        sleep=clock.sleep,
    )
    code = main(list(args), env, Devices(clock.keyboard, system_speaker, TerminalScreens()))
    return Result(code, out.getvalue(), err.getvalue())


def shows(text: str, out: str) -> bool:
    """Whether `out` shows `text` (made one line; blanks may be drawn as one)."""
    return " ".join(one_line(text).split()) in " ".join(out.split())


def acts_anywhere(result: Result) -> list[str]:
    return acts(SGR.sub("", result.out)) + acts(result.err)


SLOW = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def wide_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal in colour: long text on one line, and rich's own escape codes."""
    monkeypatch.setenv("COLUMNS", "1000")
    monkeypatch.delenv("NO_COLOR")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::ImportWarning")  # pygal's import hook, met on a failure
@SLOW
@given(routine=hostile, note=hostile, exercise=hostile, instead=hostile, avoided=hostile)
# found by CI: a NUL in a swap left the session out of every sum ('No sessions yet')
@example(routine="\x00", note="\x00", exercise="\x00", instead="\x00", avoided="\x00")
def test_no_command_lets_text_from_the_history_act_on_a_terminal(
    wide_colour: None, routine: str, note: str, exercise: str, instead: str, avoided: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        environ = {**os.environ, "STRETCH_STATE_DIR": folder}
        session = exported(
            routine=routine,
            note=note,
            exercises=[{"exercise": exercise, "status": "done", "holds": 1, "done": 1}],
            swaps=[{"exercise": exercise, "instead": instead, "avoided": [avoided]}],
        )
        # Straight into the history: whatever an import lets in, an older version or a hand
        # with sqlite3 may have put anything there.
        store_by_hand(Path(folder, "history.sqlite3"), session)
        texts = (routine, note, exercise)

        for terminal in (False, True):
            shown = run_in(environ, "history", terminal=terminal)
            assert shown.code == 0 and acts_anywhere(shown) == [], shown
            assert "\x1b]" not in shown.out  # no title, no link: only rich's own colours
            assert shows(routine, SGR.sub("", shown.out))
        md = run_in(environ, "report")
        page = Tags(MARKDOWN.render(md.out))
        assert acts_anywhere(md) == [] and set(page.tags) <= REPORT_TAGS
        assert all(shows(text, "".join(page.text)) for text in texts)
        html = run_in(environ, "report", "--format", "html")
        assert acts_anywhere(html) == []
        assert not {"a", "img", "b", "script"} & set(Tags(html.out.split("<figure>")[0]).tags)
        assert all(shows(text, "".join(Tags(html.out).text)) for text in texts)
        table = run_in(environ, "report", "--format", "csv")
        assert acts_anywhere(table) == []
        [row] = csv_rows(table.out)
        for column, text in (("routine", routine), ("note", note)):
            cell = one_line(text)
            assert row[column] == ("'" + cell if cell.startswith(("=", "+", "-", "@")) else cell)

        listed = run_in(environ, "history", "--json")
        report = run_in(environ, "report", "--format", "json")
        for result in (listed, report):
            assert result.code == 0 and acts_anywhere(result) == []
        for record in (json.loads(listed.out)[0], json.loads(report.out)["sessions"][0]):
            assert (record["routine"], record["note"]) == (routine, note)
        # what an import would refuse, an export leaves out, naming it safely
        export = run_in(environ, "history", "export")
        assert acts_anywhere(export) == []
        if export.code:
            assert export.out.splitlines()[1:] == [] and "left out session 1" in export.err
        else:
            assert json.loads(export.out.splitlines()[1])["swaps"] == session["swaps"]


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar in ASCII, every other character an escape."""
    escaped = "".join(
        "\\" + c
        if c in '"\\'
        else c
        if " " <= c <= "~"
        else f"\\u{ord(c):04x}"
        if ord(c) <= 0xFFFF
        else f"\\U{ord(c):08x}"
        for c in text
    )
    return f'"{escaped}"'


@pytest.mark.slow
@SLOW
@given(name=hostile, summary=hostile, caution=hostile)
def test_no_command_lets_a_routine_file_s_text_act_on_a_terminal(
    wide_colour: None, name: str, summary: str, caution: str
) -> None:
    from stretchcli.text import hidden

    with tempfile.TemporaryDirectory() as folder:
        routines = Path(folder, "routines")
        routines.mkdir()
        environ = {**os.environ, "STRETCH_PATH": str(routines)}
        path = routines / "odd.yaml"
        path.write_text(
            f"name: {yaml_quoted(name)}\nsummary: {yaml_quoted(summary)}\n"
            f"cautions: [{yaml_quoted(caution)}]\nsteps: [pelvic-tilt]\n"
        )
        results = [
            run_in(environ, "list", terminal=True),
            run_in(environ, "show", "odd", terminal=True),
            run_in(environ, "run", "odd", "--plain"),
            run_in(environ, "validate", str(path)),
        ]
        for result in results:
            assert acts_anywhere(result) == [], result
            assert "\x1b]" not in result.out
        live = run_in(environ, "run", "odd", terminal=True)
        titles = re.findall(r"\x1b\]0;([^\x07]*)\x07", live.out)
        assert acts("".join(titles)) == [] and acts(live.err) == []
        assert "\x1b]8;" not in live.out
        refused = [
            text
            for text in (name, summary, caution)
            if not text.strip() or hidden(text.strip()) is not None
        ]
        ids = [r["id"] for r in json.loads(run_in(environ, "list", "--json").out)]
        if refused:
            assert "odd" not in ids
            assert str(path) in results[0].err
        if "odd" in ids:
            listed, page, plain, _ = results
            assert shows(name.strip(), SGR.sub("", listed.out))
            assert shows(name.strip(), SGR.sub("", page.out))
            assert shows(summary.strip(), SGR.sub("", page.out))
            assert shows(name.strip(), plain.out)
            assert shows(caution.strip(), plain.out)
            assert shows(name.strip(), "".join(titles))


def toml_quoted(text: str) -> str:
    """`text` as a TOML basic string in ASCII, every other character an escape."""
    return yaml_quoted(text)  # the same escapes: \\, \", \uXXXX, \UXXXXXXXX


@pytest.mark.slow
@SLOW
@given(value=hostile, folder_name=hostile.map(lambda t: re.sub(r"[/:\0]", "|", t)[:60]))
def test_no_setting_or_folder_name_acts_on_a_terminal(
    wide_colour: None, value: str, folder_name: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder, "config")
        config.mkdir()
        (config / "config.toml").write_text(f"terminal = {toml_quoted(value)}\n")
        routines = Path(folder, folder_name.strip(".") or "x")
        routines.mkdir()
        environ = {
            **os.environ,
            "STRETCH_CONFIG_DIR": str(config),
            "STRETCH_PATH": str(routines),
        }
        shown = run_in(environ, "config", terminal=True)
        assert acts_anywhere(shown) == [] and "\x1b]" not in shown.out
        assert shown.err.count("\n") <= 1
        if shown.code == 0:
            assert shows(json.dumps(value), SGR.sub("", shown.out))
        paths = run_in(environ, "paths")
        assert acts_anywhere(paths) == []
        assert f"  1. {one_line(str(routines))}  [path]" in paths.out
