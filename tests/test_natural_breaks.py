"""Natural breaks and quiet: a pause away from the screen starts a new interval, no reminder
comes right after a return, and Do Not Disturb or a camera in use holds a reminder back.
The rule on made-up checks (and property-based), the senses on fake commands, the whole
check through the command line on an injected clock, and the desktop's own answers over a
real session bus."""

from __future__ import annotations

import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.remind import wayland
from stretchcli.remind.bus import Desktop
from stretchcli.remind.facts import GAP
from stretchcli.remind.focus import focus_on
from stretchcli.remind.presence import Seen, kept, parse, parse_all, returned
from stretchcli.remind.schedule import Facts, decide, schedule_from
from stretchcli.remind.senses import camera_in_use, sense
from stretchcli.remind.system import peek, stretch_command
from tests.conftest import Stretch
from tests.fakes import eventually
from tests.system_fakes import LOGINCTL, FakeCommands
from tests.test_remind import at, history, local, remind_on

PAUSE = timedelta(minutes=5)
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def checks(*seen: tuple[int, float | None]) -> list[Seen]:
    """Checks at minutes after T0, each with its idle seconds."""
    return [Seen(T0 + timedelta(minutes=m), idle) for m, idle in seen]


# --- the rule ---------------------------------------------------------------------------------


def test_a_long_idle_then_a_check_at_the_screen_is_a_return() -> None:
    seen = checks((0, 10), (5, 290), (10, 590), (15, 20))
    assert returned(seen, PAUSE, GAP, T0 + timedelta(minutes=20)) == T0 + timedelta(minutes=15)


def test_idle_shorter_than_the_pause_is_no_break() -> None:
    seen = checks((0, 10), (5, 240), (10, 5))
    assert returned(seen, PAUSE, GAP, T0 + timedelta(minutes=20)) is None


def test_a_locked_screen_counts_from_when_the_input_stopped() -> None:
    seen = [
        Seen(T0, 10),
        Seen(T0 + timedelta(minutes=5), 200, locked=True),  # locked 200 s after the last key
        Seen(T0 + timedelta(minutes=7), 320, locked=True),
        Seen(T0 + timedelta(minutes=8), 5),
    ]
    # away from 09:01:40 to at least 09:07: more than five minutes
    assert returned(seen, PAUSE, GAP, T0 + timedelta(minutes=9)) == T0 + timedelta(minutes=8)
    # a pause of 10 minutes was not reached
    assert returned(seen, timedelta(minutes=10), GAP, T0 + timedelta(minutes=9)) is None


def test_a_lock_one_check_happened_to_see_is_no_break() -> None:
    """Only what the checks know counts: locked at 09:10 (for how long, nobody says), back at
    09:15; the lock may have lasted a moment."""
    seen = [Seen(T0 + timedelta(minutes=5), 3), Seen(T0 + timedelta(minutes=10), None, True)]
    seen.append(Seen(T0 + timedelta(minutes=15), 2))
    assert returned(seen, PAUSE, GAP, T0 + timedelta(minutes=16)) is None


def test_a_machine_asleep_between_two_checks_is_a_pause() -> None:
    seen = checks((0, 1), (5, 1), (65, 3), (70, 2))
    assert returned(seen, PAUSE, GAP, T0 + timedelta(minutes=70)) == T0 + timedelta(minutes=65)


def test_still_away_is_not_yet_back_and_checks_after_now_are_left_out() -> None:
    seen = checks((0, 1), (5, 400), (10, 700))
    assert returned(seen, PAUSE, GAP, T0 + timedelta(minutes=10)) is None
    later = checks((0, 1), (5, 400), (10, 2))
    assert returned(later, PAUSE, GAP, T0 + timedelta(minutes=9)) is None


def test_nothing_known_counts_as_present() -> None:
    seen = checks((0, None), (5, None), (10, None))
    assert returned(seen, PAUSE, GAP, T0 + timedelta(minutes=10)) is None


moments = st.lists(
    st.tuples(st.integers(0, 600), st.one_of(st.none(), st.integers(0, 3600))),
    max_size=40,
)


@given(moments)
def test_a_return_is_always_a_check_that_saw_the_person(raw: list[tuple[int, int | None]]) -> None:
    seen = sorted((Seen(T0 + timedelta(minutes=m), idle) for m, idle in raw), key=lambda s: s.at)
    back = returned(seen, PAUSE, GAP, T0 + timedelta(days=1))
    if back is not None:
        assert any(s.at == back and not s.away(PAUSE) for s in seen)


@given(st.lists(st.integers(0, 299), min_size=1, max_size=40))
def test_checks_close_together_at_the_screen_never_make_a_break(idles: list[int]) -> None:
    seen = [Seen(T0 + timedelta(minutes=5 * i), idle) for i, idle in enumerate(idles)]
    assert returned(seen, PAUSE, GAP, T0 + timedelta(days=1)) is None


def test_a_return_starts_a_whole_interval() -> None:
    schedule = schedule_from("50m", "00:00-24:00", "every day", "desk-break")
    session = T0 - timedelta(hours=2)  # long enough ago: due, but for the return
    back = T0 - timedelta(minutes=1)
    due = decide(schedule, Facts(last_session=session, returned=back), T0)
    assert due.state == "later"
    assert due.next_at == back + timedelta(minutes=50)
    assert decide(schedule, Facts(last_session=session), T0).state == "due"


# --- the presence file's lines ---------------------------------------------------------------


@given(
    st.integers(946684800, 4102444800),
    st.one_of(st.none(), st.integers(0, 10**8 - 1)),
    st.booleans(),
    st.sampled_from([None, "do-not-disturb", "camera", "full-screen"]),
)
def test_a_line_reads_back_as_what_was_seen(
    epoch: int, idle: int | None, locked: bool, quiet: str | None
) -> None:
    seen = Seen(datetime.fromtimestamp(epoch, UTC), idle, locked, quiet)
    assert parse(seen.line()) == seen


@given(st.text(max_size=60))
def test_any_damaged_line_is_passed_over_never_raises(line: str) -> None:
    found = parse(line)
    assert found is None or found.line() == line


@pytest.mark.parametrize(
    "line",
    [
        "999999999999 - 0 -",  # a year no datetime holds
        "1796637000 999999999999 0 -",  # idle longer than any date
        "99 5 0 -",  # before 2000
        "4102444801 5 0 -",  # after 2100
        "1796637000 ² 0 -",  # a digit, but not an ASCII one
    ],
)
def test_a_line_no_check_wrote_is_passed_over(line: str) -> None:
    assert parse(line) is None
    assert returned(parse_all([line]), PAUSE, GAP, T0) is None


@pytest.mark.parametrize("code", [*range(32), 127])
def test_a_control_character_makes_a_line_damaged(code: int) -> None:
    assert parse(f"1764000000 5 0 -{chr(code)}") is None
    assert parse(f"1764000000{chr(code)} 5 0 -") is None


def test_two_days_are_kept() -> None:
    now = T0 + timedelta(days=3)
    seen = [Seen(T0), Seen(now - timedelta(days=1)), Seen(now)]
    assert kept(seen, now) == seen[1:]
    assert parse_all(["1764000000 5 0 -", "cut sho", ""]) == [
        Seen(datetime.fromtimestamp(1764000000, UTC), 5.0)
    ]


# --- the senses, on fake commands --------------------------------------------------------------


def no_bus(environ: object) -> Desktop:
    return Desktop()


def test_the_freshest_source_decides(fakes: FakeCommands, tmp_path: Path) -> None:
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    since = int((now - timedelta(minutes=20)).timestamp() * 1e6)
    fakes.add("loginctl", body=LOGINCTL.format(locked="no", idle="yes", since=since))
    seen = sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus)
    assert seen == Seen(now, 1200.0, False, None)
    # A key pressed in tmux 30 s ago: the person is at a terminal.
    activity = int((now - timedelta(seconds=30)).timestamp())
    fakes.add("tmux", out=f"{activity}\n{activity - 600}\n")
    assert sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus).idle == 30.0
    # A prompt drawn 10 s ago is fresher still.
    (tmp_path / "here").touch()
    drawn = now.timestamp() - 10
    os.utime(tmp_path / "here", (drawn, drawn))
    assert sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus).idle == 10.0
    # Mutter answers before logind's hint.
    mutter = sense(os.environ, tmp_path, now, "linux", tmp_path, lambda e: Desktop(idle=4.5))
    assert mutter.idle == 4.5


def test_nothing_to_ask_is_nothing_known(fakes: FakeCommands, tmp_path: Path) -> None:
    fakes.add("loginctl", code=1)
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus) == Seen(now)


def test_do_not_disturb_from_gnome_or_the_server(
    fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nowhere")
    fakes.add("gsettings", out="false\n")
    assert sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus).quiet == "do-not-disturb"
    assert fakes.calls("gsettings") == [
        ["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"]
    ]
    fakes.add("gsettings", out="true\n")
    assert sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus).quiet is None
    inhibited = sense(os.environ, tmp_path, now, "linux", tmp_path, lambda e: Desktop(None, True))
    assert inhibited.quiet == "do-not-disturb"


XPROP = """
if sys.argv[1] == "-root":
    print("_NET_ACTIVE_WINDOW(WINDOW): window id # {active}")
else:
    print("_NET_WM_STATE(ATOM) = {state}")
"""


@pytest.mark.parametrize(
    ("active", "state", "quiet"),
    [
        ("0x3a00007", "_NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_FOCUSED", "full-screen"),
        ("0x3a00007", "_NET_WM_STATE_MAXIMIZED_VERT, _NET_WM_STATE_FOCUSED", None),
        ("0x0", "_NET_WM_STATE_FULLSCREEN", None),  # no active window
    ],
)
def test_a_window_in_full_screen_on_x11(
    fakes: FakeCommands,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    active: str,
    state: str,
    quiet: str | None,
) -> None:
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    fakes.add("xprop", body=XPROP.format(active=active, state=state))
    assert sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus).quiet is None  # no X
    monkeypatch.setenv("DISPLAY", ":0")
    assert sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus).quiet == quiet
    if active != "0x0":
        assert fakes.calls("xprop")[-1] == ["xprop", "-id", active, "_NET_WM_STATE"]


def test_a_camera_held_open_by_ones_own_program(tmp_path: Path) -> None:
    proc = tmp_path / "proc"
    fd = proc / "4242" / "fd"
    fd.mkdir(parents=True)
    (proc / "self").mkdir()  # not a process id: passed over
    os.symlink("/dev/null", fd / "0")
    os.symlink("/dev/pts/3", fd / "1")
    assert not camera_in_use(proc)
    os.symlink("/dev/video0", fd / "7")
    assert camera_in_use(proc)
    assert not camera_in_use(tmp_path / "no-proc")


# --- the whole check, through the command line ------------------------------------------------


def test_a_break_away_moves_the_next_reminder_and_due_agrees(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add("notify-send")
    remind_on(isolated, 'remind_between = "00:00-24:00"\nremind_days = "every day"\n')
    ten = local(at(10))
    since = int((ten - timedelta(minutes=20)).timestamp() * 1e6)
    fakes.add("loginctl", body=LOGINCTL.format(locked="no", idle="yes", since=since))
    assert stretch("remind", "check", wall=ten).out == "due, but idle: no reminder now\n"
    back = ten + timedelta(minutes=5)
    fakes.add("loginctl", body=LOGINCTL.format(locked="no", idle="no", since=""))
    assert stretch("remind", "check", wall=back).out == "not due: at 10:55 (in 50 min)\n"
    assert stretch("due", wall=back + timedelta(minutes=1)).out == "stretch in 49m\n"
    status = stretch("remind", wall=back + timedelta(minutes=1)).out.splitlines()
    assert status[1:4] == [
        "Next: at 10:55 (in 49 min)",
        "Breaks: 5 min away (idle, locked, asleep) starts a new interval; back at 10:05",
        "Last check: 10:05, nothing tells whether you are at the screen",
    ]
    breaks = json.loads(stretch("remind", "--json", wall=back).out)["breaks"]
    assert breaks == {
        "pause_minutes": 5,
        "back_at": back.isoformat(timespec="seconds"),
        "last_check": {
            "at": back.isoformat(timespec="seconds"),
            "idle_seconds": None,
            "locked": False,
            "quiet": None,
        },
    }
    assert fakes.calls("notify-send") == []
    lines = (isolated / "state" / "presence").read_text().splitlines()
    assert lines == [f"{int(ten.timestamp())} 1200 0 -", f"{int(back.timestamp())} - 0 -"]
    # The checks every five minutes in between saw the person at the screen (a longer gap
    # would be the machine asleep: a break); 50 minutes after the return it is due.
    with (isolated / "state" / "presence").open("a") as presence:
        for minutes in range(10, 55, 5):
            presence.write(f"{int((back + timedelta(minutes=minutes - 5)).timestamp())} 3 0 -\n")
    out = stretch("remind", "check", wall=back + timedelta(minutes=50)).out
    assert out == "reminded to do desk-break: shown\n"


def test_a_short_idle_changes_nothing(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    remind_on(isolated)
    history(isolated, local(at(9, 30))).add_reminder("desk-break", "shown", "notification")
    ten = local(at(10))
    since = int((ten - timedelta(minutes=3)).timestamp() * 1e6)
    fakes.add("loginctl", body=LOGINCTL.format(locked="no", idle="yes", since=since))
    assert stretch("remind", "check", wall=ten).out == "not due: at 10:20 (in 20 min)\n"
    fakes.add("loginctl", body=LOGINCTL.format(locked="no", idle="no", since=""))
    later = ten + timedelta(minutes=5)
    assert stretch("remind", "check", wall=later).out == "not due: at 10:20 (in 15 min)\n"


def test_do_not_disturb_holds_the_reminder_back(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nowhere")
    fakes.add("notify-send")
    fakes.add("gsettings", out="false\n")
    remind_on(isolated)
    out = stretch("remind", "check", wall=local(at(10))).out
    assert out == "due, but Do Not Disturb is on: no reminder until that is over\n"
    assert fakes.calls("notify-send") == []
    assert history(isolated, local(at(10))).reminders() == []
    status = stretch("remind", wall=local(at(10, 1))).out.splitlines()
    assert status[3:5] == [
        "Last check: 10:00, nothing tells whether you are at the screen",
        "Held: Do Not Disturb is on; the reminder waits until that is over (a break you take "
        "meanwhile counts instead)",
    ]
    fakes.add("gsettings", out="true\n")
    out = stretch("remind", "check", wall=local(at(10, 5))).out
    assert out == "reminded to do desk-break: shown\n"


def test_a_prompt_marks_the_person_at_the_keyboard(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated)
    now = local(at(10))
    assert stretch("due", "--format", "prompt", wall=now).code == 0
    here = isolated / "state" / "here"
    assert here.stat().st_mtime == pytest.approx(now.timestamp(), abs=2)
    before = (isolated / "state" / "due.cache").read_text()
    assert stretch("due", "--format", "tmux", wall=now + timedelta(minutes=1)).code == 0
    assert here.stat().st_mtime == pytest.approx(now.timestamp(), abs=2)  # tmux: no mark
    assert (isolated / "state" / "due.cache").read_text() == before  # the kept answer holds


# --- over a real session bus -------------------------------------------------------------------

SERVER = Path(__file__).with_name("desktop_server.py")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="D-Bus is not installed")
@pytest.mark.parametrize(
    ("idle_ms", "inhibited", "said"),
    [
        (1_200_000, False, "due, but idle: no reminder now"),
        (2_000, True, "due, but Do Not Disturb is on: no reminder until that is over"),
    ],
)
def test_the_desktop_answers_over_a_real_session_bus(
    tmp_path: Path, isolated: Path, fakes: FakeCommands, idle_ms: int, inhibited: bool, said: str
) -> None:
    """GNOME's idle monitor and the notification server's Inhibited property, served by a
    small server of the test's own on a session bus of its own."""
    fakes.add("notify-send")
    remind_on(isolated)
    log = tmp_path / "notifications.jsonl"
    check = [*stretch_command(), "remind", "check"]
    done = subprocess.run(
        [
            *("dbus-run-session", "--", sys.executable, str(SERVER), str(log)),
            *(str(idle_ms), json.dumps(inhibited), *check),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == said + "\n"
    assert not log.exists()  # nothing shown
    assert fakes.calls("notify-send") == []


# --- the system's answers, whatever they are --------------------------------------------------


@pytest.mark.parametrize("answer", ["9" * 400, "9" * 5000, "²", "-5", "12 34", ""])
def test_any_answer_from_an_idle_source_is_a_number_or_nothing(
    fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    monkeypatch.setenv("DISPLAY", ":9")
    fakes.add("xprintidle", out=answer + "\n")
    fakes.add("tmux", out=answer + "\n")
    fakes.add("loginctl", body=LOGINCTL.format(locked="no", idle="yes", since=answer))
    seen = sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus)
    assert seen.idle is None or 0 <= seen.idle <= 86400
    assert parse(seen.line()) == seen  # and what is written reads back


def test_a_flood_of_output_is_cut_off(fakes: FakeCommands) -> None:
    fakes.add("tmux", body="while True:\n    sys.stdout.write('1700000000\\n' * 1000)")
    assert peek(["tmux", "list-clients"], os.environ, timeout=30, limit=4096) is None


@pytest.mark.skipif(
    "faketime" in os.environ.get("LD_PRELOAD", ""),
    reason="under libfaketime a thread's timed wait never times out",
)
def test_a_command_that_hangs_is_ended_with_what_it_started(
    fakes: FakeCommands, tmp_path: Path
) -> None:
    child = tmp_path / "child.pid"
    fakes.add(
        "xprintidle",
        body=(
            # signal.pause: it waits for ever, whatever a faked clock does to sleeping
            "import signal, subprocess\n"
            "wait = [sys.executable, '-c', 'import signal; signal.pause()']\n"
            "started = subprocess.Popen(wait)\n"
            f"open({str(child)!r}, 'w').write(str(started.pid))\n"
            "signal.pause()"
        ),
    )
    assert peek(["xprintidle"], os.environ, timeout=0.5) is None
    pid = int(child.read_text())

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # a zombie waiting for its parent is gone too
        status = Path(f"/proc/{pid}/status")
        return status.exists() and "State:\tZ" in status.read_text()

    assert eventually(gone)


def test_a_bus_that_never_answers_is_given_up(
    fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session bus socket that takes the connection and says nothing: the desktop's idle
    time and Do Not Disturb are not known, and the notification goes the other way."""
    import socket
    import threading

    from stretchcli.remind import bus, notify

    path = tmp_path / "bus"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    taken: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                taken.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={path}")
        monkeypatch.setattr(bus, "WAIT", 0.2)
        monkeypatch.setattr(notify, "BUS_WAIT", 0.3)
        assert bus.ask(os.environ) == Desktop()
        fakes.add("notify-send")
        notice = notify.Notice("Time to stretch", "b", (("skip", "Skip"),), 1.0, None)
        assert notify.notify(notice, os.environ, "linux") == notify.SHOWN
        assert len(fakes.calls("notify-send")) == 1
    finally:
        stop.set()
        thread.join()
        server.close()
        for connection in taken:
            connection.close()


# --- a Wayland compositor's idle notifications ----------------------------------------------


@pytest.fixture
def compositor() -> Iterator[dict[str, str]]:
    """A real sway on its headless backend (no screen, no input devices): the environment
    a client finds it by. Sway refuses to run as root: there it runs as nobody."""
    if "faketime" in os.environ.get("LD_PRELOAD", ""):
        pytest.skip("under libfaketime a thread's timed wait never times out (and sway's)")
    if shutil.which("sway") is None or shutil.which("swaymsg") is None:
        pytest.skip("sway is not installed (apt-get install sway)")
    root = os.geteuid() == 0
    if root and shutil.which("setpriv") is None:
        pytest.skip("sway refuses to run as root, and setpriv is not there to drop it")
    runtime = tempfile.mkdtemp(prefix="wayland-")  # short, and reachable by nobody
    as_user: list[str] = []
    if root:
        os.chown(runtime, 65534, 65534)
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": runtime,
        "XDG_RUNTIME_DIR": runtime,
        "WLR_BACKENDS": "headless",
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "WLR_RENDERER": "pixman",
    }
    process = subprocess.Popen(
        [*as_user, "sway", "--config", os.devnull],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def names() -> list[str]:
            return [n for n in os.listdir(runtime) if n.startswith("wayland-") and "." not in n]

        def ipc() -> list[str]:
            return [n for n in os.listdir(runtime) if n.startswith("sway-ipc")]

        if not eventually(lambda: bool(names() and ipc()), within=20):
            pytest.skip("sway did not start here (headless, without a GPU)")
        yield {
            "XDG_RUNTIME_DIR": runtime,
            "WAYLAND_DISPLAY": names()[0],
            "SWAYSOCK": os.path.join(runtime, ipc()[0]),
        }
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(runtime, ignore_errors=True)


def test_input_during_the_check_is_seen_by_a_real_compositor(compositor: dict[str, str]) -> None:
    done = threading.Event()

    def move() -> None:  # the pointer moved, as a person at the desk does, until the check ends
        while not done.is_set():
            subprocess.run(
                ["swaymsg", "-s", compositor["SWAYSOCK"], "seat", "-", "cursor", "move", "3", "3"],
                capture_output=True,
                check=False,
            )

    mover = threading.Thread(target=move)
    mover.start()
    try:
        assert wayland.active_now(compositor, window=10.0) is True
    finally:
        done.set()
        mover.join()


def test_a_still_seat_tells_nothing_of_the_past(compositor: dict[str, str]) -> None:
    """No input while the check listens: not idle, not present, just not known (the
    protocol's timer starts when the check asks)."""
    assert wayland.active_now(compositor, window=0.2) is None


def test_no_compositor_is_nothing_known(tmp_path: Path) -> None:
    for environ in (
        {},
        {"WAYLAND_DISPLAY": "wayland-0"},  # no runtime folder to find it in
        {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)},  # no socket
        {"WAYLAND_DISPLAY": str(tmp_path / "not-a-socket")},
    ):
        assert wayland.active_now(environ, window=0.2) is None


@settings(max_examples=30, deadline=None)
@given(answer=st.binary(max_size=300))
def test_any_answer_from_the_socket_is_never_a_crash(answer: bytes) -> None:
    """Whatever a program on the socket sends back (or a compositor without the protocol):
    nothing known, never an error."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "wayland-x")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
            server.bind(path)
            server.listen(1)

            def reply() -> None:
                connection, _ = server.accept()
                with connection:
                    connection.recv(4096)
                    connection.sendall(answer)

            replying = threading.Thread(target=reply)
            replying.start()
            found = wayland.active_now({"WAYLAND_DISPLAY": path}, window=0.05)
            replying.join()
    assert found is None


def test_the_wire_format_of_a_request() -> None:
    # wl_registry.bind(7, "wl_seat", 1, new id 5) on object 2: 8 bytes of header, the name,
    # the string's length (with its NUL), its 8 bytes padded to 8, the version, the id.
    sent = wayland.message(2, 0, 7, "wl_seat", 1, 5)
    assert sent == struct.pack("=III", 2, 32 << 16, 7) + struct.pack("=I", 8) + b"wl_seat\0" + (
        struct.pack("=II", 1, 5)
    )


def test_input_at_a_wayland_desktop_counts_as_present(fakes: FakeCommands, tmp_path: Path) -> None:
    fakes.add("loginctl", code=1)
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    seen = sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus, lambda e: True)
    assert seen.idle == 0.0
    assert sense(os.environ, tmp_path, now, "linux", tmp_path, no_bus, lambda e: None) == Seen(now)
    asked: list[object] = []
    mutter = sense(
        os.environ, tmp_path, now, "linux", tmp_path, lambda e: Desktop(idle=400.0), asked.append
    )
    assert mutter.idle == 400.0 and asked == []  # GNOME's monitor knows more: not waited for


# --- a macOS Focus, from its files ------------------------------------------------------------


def focus_files(
    home: Path, held: bool = False, triggers: list[dict[str, object]] | None = None
) -> None:
    """The two files as macOS 12 to 15 write them: an assertion held while a Focus is on by
    hand, and each Focus's schedule triggers."""
    folder = home / "Library" / "DoNotDisturb" / "DB"
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "assertionDetails": {
            "assertionDetailsModeIdentifier": "com.apple.donotdisturb.mode.default",
            "assertionDetailsReason": "user-action",
        },
        "assertionStartDateTimestamp": 786000000.0,
    }
    item: dict[str, object] = {"storeAssertionRecords": [record]} if held else {}
    (folder / "Assertions.json").write_text(json.dumps({"data": [item], "header": {}}))
    mode = {
        "mode": {"name": "Work", "modeIdentifier": "com.apple.focus.work"},
        "triggers": {"triggers": triggers or []},
    }
    configurations = {"data": [{"modeConfigurations": {"com.apple.focus.work": mode}}]}
    (folder / "ModeConfigurations.json").write_text(json.dumps(configurations))


def schedule_trigger(
    start: tuple[int, int], end: tuple[int, int], weekdays: int = 0b0011111, enabled: int = 2
) -> dict[str, object]:
    return {
        "class": "DNDModeConfigurationScheduleTrigger",
        "enabledSetting": enabled,
        "timePeriodStartTimeHour": start[0],
        "timePeriodStartTimeMinute": start[1],
        "timePeriodEndTimeHour": end[0],
        "timePeriodEndTimeMinute": end[1],
        "timePeriodWeekdays": weekdays,  # Monday the lowest bit: here Monday to Friday
    }


TUESDAY_10 = datetime(2026, 11, 24, 10, 0)  # local time


def test_a_focus_turned_on_by_hand_keeps_a_reminder_quiet_on_macos(tmp_path: Path) -> None:
    focus_files(tmp_path, held=True)
    environ = {"HOME": str(tmp_path)}
    now = TUESDAY_10.astimezone()
    assert sense(environ, tmp_path, now, "darwin", tmp_path, no_bus).quiet == "do-not-disturb"
    assert sense(environ, tmp_path, now, "linux", tmp_path, no_bus).quiet is None  # not read
    focus_files(tmp_path, held=False)
    assert sense(environ, tmp_path, now, "darwin", tmp_path, no_bus).quiet is None


@pytest.mark.parametrize(
    ("trigger", "now", "on"),
    [
        (schedule_trigger((9, 0), (12, 0)), TUESDAY_10, True),
        (schedule_trigger((9, 0), (12, 0)), TUESDAY_10.replace(hour=12), False),  # ends at 12
        (schedule_trigger((9, 0), (12, 0), enabled=1), TUESDAY_10, False),  # switched off
        (schedule_trigger((9, 0), (12, 0)), datetime(2026, 11, 29, 10, 0), False),  # Sunday
        (schedule_trigger((9, 0), (12, 0), weekdays=0b1000000), datetime(2026, 11, 29, 10), True),
        # Sleep, 22:00 to 07:00 on weekdays: Friday night runs into Saturday morning, and
        # Sunday night's does not exist.
        (schedule_trigger((22, 0), (7, 0)), datetime(2026, 11, 28, 6, 59), True),
        (schedule_trigger((22, 0), (7, 0)), datetime(2026, 11, 30, 6, 0), False),
        (schedule_trigger((22, 0), (7, 0)), datetime(2026, 11, 29, 23, 0), False),
        (schedule_trigger((22, 0), (7, 0)), datetime(2026, 11, 27, 23, 0), True),
    ],
)
def test_a_focus_on_its_schedule(
    tmp_path: Path, trigger: dict[str, object], now: datetime, on: bool
) -> None:
    focus_files(tmp_path, triggers=[trigger])
    assert focus_on(tmp_path, now) is on


def test_no_focus_files_tell_nothing(tmp_path: Path) -> None:
    assert focus_on(tmp_path, TUESDAY_10) is None
    folder = tmp_path / "Library" / "DoNotDisturb" / "DB"
    folder.mkdir(parents=True)
    (folder / "Assertions.json").write_bytes(b"[" * 100_000)  # nested past any parser's depth
    (folder / "ModeConfigurations.json").write_bytes(b" " * (5 * 1024 * 1024))  # too large
    assert focus_on(tmp_path, TUESDAY_10) is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    [
        "data",
        "storeAssertionRecords",
        "modeConfigurations",
        "triggers",
        "class",
        "enabledSetting",
        "timePeriodStartTimeHour",
        "timePeriodEndTimeHour",
        "timePeriodWeekdays",
    ]
)
SHAPED = st.recursive(
    st.none() | st.integers(-2, 70) | st.just("DNDModeConfigurationScheduleTrigger"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=16,
)


@given(assertions=JSON | SHAPED, modes=JSON | SHAPED, raw=st.binary(max_size=50))
def test_any_content_of_the_focus_files_is_never_a_crash(
    assertions: object, modes: object, raw: bytes
) -> None:
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "Library" / "DoNotDisturb" / "DB"
        folder.mkdir(parents=True)
        (folder / "Assertions.json").write_text(json.dumps(assertions))
        (folder / "ModeConfigurations.json").write_text(json.dumps(modes))
        assert focus_on(Path(home), TUESDAY_10) in (True, False, None)
        (folder / "Assertions.json").write_bytes(raw)
        assert focus_on(Path(home), TUESDAY_10) in (True, False, None)
