"""Reminders' answers and later notes across machines, through the synced folder: a reminder
shown, snoozed or skipped on one machine counts on the others (the next reminder, a snooze
until tomorrow, the daily limit); a note given to a session after its line was written
reaches every machine, the later note winning everywhere; each is merged by identity, once,
from conflict copies too, a half line waited for."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history import sync
from stretchcli.history.notes import add_note
from stretchcli.history.store import History
from stretchcli.history.sync_files import Refusal, file_name
from stretchcli.records import Outcome
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import DONE, Machines, _arrive, _records, header, record

EARLIEST = NOW - timedelta(days=30)


@pytest.fixture
def machines(tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> Machines:
    return Machines(tmp_path / "machines", stretch, monkeypatch)


def store_of(machines: Machines, name: str, at: datetime) -> History:
    machines.on(name)
    return History(machines.state(name) / "history.sqlite3", print, lambda: at)


def reminded(
    machines: Machines, name: str, at: datetime, outcome: Outcome, until: datetime | None = None
) -> None:
    """A notification on machine `name` at `at`, answered with `outcome`."""
    with store_of(machines, name, at) as store:
        ident = store.add_reminder("desk-break", "waiting", "notification")
        store.answer_reminder(ident, outcome, until)


def answers(store: History) -> list[tuple[str, str, str, str | None, str]]:
    """Every reminder as the history reads it, times in UTC."""
    return sorted(
        (
            r.at.astimezone().isoformat(),
            r.routine,
            r.outcome,
            None if r.until is None else r.until.astimezone().isoformat(),
            r.via,
        )
        for r in store.reminders(since=EARLIEST)
    )


def kinds(path: Path) -> list[str]:
    return [next(iter(json.loads(line))) for line in path.read_text().splitlines()]


# --- reminders --------------------------------------------------------------------------------


def test_a_snooze_until_tomorrow_on_one_machine_quiets_the_others(machines: Machines) -> None:
    for name in ("b", "c"):
        assert machines.run(name, "due", wall=NOW).out == "stretch due\n"
    snoozed = machines.run("a", "remind", "snooze", "tomorrow", wall=NOW)
    assert snoozed.code == 0, snoozed.err
    assert kinds(machines.file_of("a")) == ["format", "reminder"]
    later = NOW + timedelta(hours=1)
    said = json.loads(machines.run("a", "due", "--json", wall=later).out)
    assert (said["next"], said["text"]) == ("2026-11-05T00:00:00+01:00", "")  # quiet today
    for name in ("b", "c"):
        assert json.loads(machines.run(name, "due", "--json", wall=later).out) == said
        assert (
            machines.run(name, "remind", wall=later).out
            == machines.run("a", "remind", wall=later).out
        )


def test_a_reminder_shown_on_one_machine_sets_the_next_on_the_others(machines: Machines) -> None:
    reminded(machines, "a", NOW - timedelta(minutes=20), "skipped")
    machines.run("a", "history", "sync", wall=NOW)
    assert machines.run("b", "due", wall=NOW).out == "stretch in 30m\n"
    # b passes on only its own: nothing of a's goes into b's file.
    reminded(machines, "b", NOW + timedelta(minutes=30), "started")
    machines.run("b", "history", "sync", wall=NOW + timedelta(minutes=31))
    assert kinds(machines.file_of("b")) == ["format", "reminder"]
    [line] = machines.file_of("b").read_text().splitlines()[1:]
    assert json.loads(line)["reminder"]["outcome"] == "started"


def test_the_daily_limit_counts_the_reminders_of_every_machine(machines: Machines) -> None:
    for name in ("a", "b"):
        machines.on(name)
        with (machines.root / name / "config" / "config.toml").open("a") as config:
            config.write("remind_limit = 2\n")
    reminded(machines, "a", NOW - timedelta(hours=3), "no answer")
    assert machines.run("a", "due", wall=NOW).out == "stretch due\n"  # one of two today
    reminded(machines, "b", NOW - timedelta(hours=2), "no answer")
    machines.run("b", "history", "sync", wall=NOW)
    for name in ("a", "b"):
        # two shown today, on two machines: the limit is reached on both
        said = json.loads(machines.run(name, "due", "--json", wall=NOW).out)
        assert (said["next"], said["text"]) == ("2026-11-05T00:00:00+01:00", "")
        with store_of(machines, name, NOW) as store:
            assert len(store.reminders(since=EARLIEST)) == 2


def test_a_reminder_waiting_for_its_answer_goes_once_answered(machines: Machines) -> None:
    with store_of(machines, "a", NOW) as store:
        ident = store.add_reminder("desk-break", "waiting", "notification")
        sync.sync(store, str(machines.folder), machines.state("a"))
        assert not machines.file_of("a").exists()  # nothing yet, not even the header
        store.answer_reminder(ident, "snoozed", NOW + timedelta(minutes=10))
        sync.sync(store, str(machines.folder), machines.state("a"))
        sync.sync(store, str(machines.folder), machines.state("a"))  # written once
        ours = answers(store)
    assert kinds(machines.file_of("a")) == ["format", "reminder"]
    with store_of(machines, "b", NOW) as other:
        for _ in range(2):
            sync.sync(other, str(machines.folder), machines.state("b"))
        assert answers(other) == ours
        assert ours[0][2:4] == ("snoozed", (NOW + timedelta(minutes=10)).isoformat())


def test_a_reminder_never_answered_goes_as_not_answered(machines: Machines) -> None:
    with store_of(machines, "a", NOW) as store:
        store.add_reminder("desk-break", "waiting", "notification")
    with store_of(machines, "a", NOW + timedelta(minutes=11)) as store:
        sync.sync(store, str(machines.folder), machines.state("a"))
    [line] = machines.file_of("a").read_text().splitlines()[1:]
    assert json.loads(line)["reminder"]["outcome"] == "no answer"


def test_an_answer_brings_a_reminder_stored_as_waiting_up_to_date_and_not_back(
    machines: Machines,
) -> None:
    """Lines of one reminder, waiting then answered (an older stretch wrote both): the
    answer wins, whichever comes first; two answers that differ are said, the stored kept."""
    at = NOW - timedelta(minutes=5)
    base = {"at": at.isoformat(), "routine": "desk-break", "until": None, "via": "notification"}

    def line(outcome: str) -> str:
        return json.dumps({"reminder": {**base, "outcome": outcome}}) + "\n"

    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + line("waiting"))
    copy = machines.folder / f"{other.name.removesuffix('.jsonl')} (1).jsonl"
    copy.write_text(header() + line("waiting") + line("started"))
    with store_of(machines, "b", NOW) as store:
        sync.sync(store, str(machines.folder), machines.state("b"))
        assert [r.outcome for r in store.reminders(since=EARLIEST)] == ["started"]
        with other.open("a") as stream:
            stream.write(line("waiting") + line("skipped"))
        done = sync.sync(store, str(machines.folder), machines.state("b"))
        assert [r.outcome for r in store.reminders(since=EARLIEST)] == ["started"]
    assert [r.text() for r in done.refused] == [
        f"{other.name}:4: the reminder at {at.isoformat()} was answered otherwise here "
        "(started, not skipped); the stored answer was kept"
    ]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ({"outcome": "maybe"}, "reminder.outcome: expected one of"),
        ({"routine": "<b>x</b>"}, "reminder.routine: expected an id"),
        ({"at": "2026-11-04T10:00:00"}, "reminder.at: expected a date and time with its offset"),
        ({"extra": 1}, "reminder.extra: not a key a run writes here"),
    ],
)
def test_a_reminder_line_stretch_could_not_write_is_refused_by_its_line(
    machines: Machines, value: dict[str, object], why: str
) -> None:
    data = {
        "at": NOW.isoformat(),
        "routine": "desk-break",
        "outcome": "shown",
        "until": None,
        "via": "notification",
        **value,
    }
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + json.dumps({"reminder": data}) + "\n")
    result = machines.run("b", "history", wall=NOW)
    assert result.err.startswith(f"stretch: warning: sync: {other}:2: {why}")
    with store_of(machines, "b", NOW) as store:
        assert store.reminders(since=EARLIEST) == []


def test_a_reminder_from_a_clock_ahead_is_refused(machines: Machines) -> None:
    ahead = NOW + timedelta(days=3)
    data = {"at": ahead.isoformat(), "routine": "desk-break", "outcome": "shown"}
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + json.dumps({"reminder": {**data, "via": "command"}}) + "\n")
    result = machines.run("b", "history", wall=NOW)
    assert f"{other}:2: reminder.at: " in result.err
    assert "a machine whose clock is wrong?" in result.err


# --- notes ------------------------------------------------------------------------------------


def test_a_note_given_later_reaches_the_other_machines(machines: Machines) -> None:
    uid = machines.session("a", NOW - timedelta(hours=2))
    machines.run("a", "history", "sync", wall=NOW)
    assert machines.run("b", "history", "sync", wall=NOW).code == 0
    noted = machines.run("a", "history", "note", "tight on the left", wall=NOW)
    assert noted.code == 0, noted.err
    assert kinds(machines.file_of("a")) == ["format", "uid", "note"]
    for name in ("b", "c"):
        shown = json.loads(machines.run(name, "history", "--json", wall=NOW).out)
        assert [(s["uid"], s["note"]) for s in shown] == [(uid, "tight on the left")]
    # A note on b, given to a's session, goes back to a.
    later = NOW + timedelta(minutes=5)
    assert machines.run("b", "history", "note", "better now", wall=later).code == 0
    for name in ("a", "c"):
        shown = json.loads(machines.run(name, "history", "--json", wall=later).out)
        assert [s["note"] for s in shown] == ["better now"]


def test_the_later_note_wins_on_every_machine_whichever_file_is_read_first(
    machines: Machines,
) -> None:
    uid = machines.session("a", NOW - timedelta(hours=2))
    for name in ("a", "b", "c"):
        machines.run(name, "history", "sync", wall=NOW)
    machines.run("b", "history", "note", "b's note", wall=NOW + timedelta(minutes=2))
    b_file = machines.file_of("b")
    b_file.rename(machines.root / "on its way")  # a has not seen b's note when it gives its own
    machines.run("a", "history", "note", "a's note", wall=NOW + timedelta(minutes=1))
    machines.run("c", "history", "sync", wall=NOW)  # c has a's note first
    (machines.root / "on its way").rename(b_file)
    for name in ("a", "b", "c"):
        shown = json.loads(machines.run(name, "history", "--json", wall=NOW).out)
        assert [(s["uid"], s["note"]) for s in shown] == [(uid, "b's note")], name


def test_a_note_given_after_seeing_another_wins_even_from_a_clock_behind(
    machines: Machines,
) -> None:
    machines.session("a", NOW - timedelta(hours=2))
    machines.run("a", "history", "sync", wall=NOW)
    machines.run("b", "history", "note", "b's note", wall=NOW + timedelta(minutes=2))
    machines.run("a", "history", "note", "a's note", wall=NOW + timedelta(minutes=1))
    for name in ("a", "b", "c"):
        shown = json.loads(machines.run(name, "history", "--json", wall=NOW).out)
        assert [s["note"] for s in shown] == ["a's note"], name


def test_a_note_read_before_its_session_waits_for_it(machines: Machines) -> None:
    uid = "4" * 32
    early = machines.folder / file_name("aaa-0123abcd")  # read before the session's file
    late = machines.folder / file_name("zzz-0123abcd")
    note = {"session": uid, "text": "waited for", "at": NOW.isoformat()}
    early.write_text(header() + json.dumps({"note": note}) + "\n")
    assert machines.uids("b") == []
    late.write_text(header() + record(uid, NOW - timedelta(hours=1)))
    shown = json.loads(machines.run("b", "history", "--json", wall=NOW).out)
    assert [(s["uid"], s["note"]) for s in shown] == [(uid, "waited for")]


def test_an_old_copy_of_a_session_line_is_no_conflict_over_its_note(machines: Machines) -> None:
    """A conflict copy with the session's line from before its note: the note stays, and
    nothing is said."""
    machines.session("a", NOW - timedelta(hours=2))
    machines.run("a", "history", "sync", wall=NOW)
    own = machines.file_of("a")
    before = own.read_text()
    machines.run("a", "history", "note", "kept", wall=NOW)
    machines.run("b", "history", "sync", wall=NOW)
    (machines.folder / f"{own.name.removesuffix('.jsonl')} (1).jsonl").write_text(before)
    for name in ("a", "b"):
        result = machines.run(name, "history", "--json", wall=NOW)
        assert result.err == ""
        assert [s["note"] for s in json.loads(result.out)] == ["kept"]


def test_a_note_given_while_the_folder_is_away_goes_at_the_next_sync(machines: Machines) -> None:
    machines.session("a", NOW - timedelta(hours=2))
    machines.run("a", "history", "sync", wall=NOW)
    away = machines.folder.with_name("away")
    machines.folder.rename(away)
    result = machines.run("a", "history", "note", "later", wall=NOW)
    assert result.code == 0 and "the history was not synced" in result.err
    away.rename(machines.folder)
    machines.run("a", "history", wall=NOW)
    assert [s["note"] for s in json.loads(machines.run("b", "history", "--json").out)] == ["later"]


# --- any order of events, files half synced and in conflict copies ---------------------------

Step = tuple[str, int, int, int]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(
                ["session", "remind", "answer", "note", "sync", "copy", "half", "conflict"]
            ),
            st.integers(0, 2),
            st.integers(0, 2),
            st.integers(1, 600),
        ),
        max_size=24,
    )
)
def test_reminders_and_notes_reach_every_machine_whatever_the_order(steps: list[Step]) -> None:
    """Three machines, each with its own copy of the folder that a sync tool fills in its
    own time (a file arrives whole, cut anywhere, or beside an older version as a conflict
    copy); sessions, reminders answered or not, and notes given anywhere. Once every file
    has arrived whole, every machine has the same sessions with the same notes (each the
    latest given), the same reminders with the same answers, and nothing was refused."""
    outcomes: list[Outcome] = ["started", "snoozed", "skipped", "no answer"]
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        clock = [NOW - timedelta(days=1)]
        folders = [root / f"folder{n}" for n in range(3)]
        stores = [
            History(root / str(n) / "history.sqlite3", print, lambda: clock[0]) for n in range(3)
        ]
        for folder in folders:
            folder.mkdir()
        refused: list[Refusal] = []
        waiting: dict[int, tuple[int, datetime]] = {}
        notes: dict[str, str] = {}

        def synced(machine: int) -> None:
            refused.extend(
                sync.sync(stores[machine], str(folders[machine]), root / str(machine)).refused
            )

        for n, (what, machine, source, amount) in enumerate(steps):
            clock[0] += timedelta(minutes=4)
            store = stores[machine]
            if what == "session":
                ident = store.start("desk-break", {}, [], None)
                store.finish(ident, "completed", 60.0, DONE, None)
                synced(machine)
            elif what == "remind":
                waiting[machine] = (
                    store.add_reminder("desk-break", "waiting", "notification"),
                    clock[0],
                )
            elif what == "answer" and machine in waiting:
                ident, at = waiting.pop(machine)
                if clock[0] - at <= timedelta(minutes=5):  # as a notification waits
                    until = clock[0] + timedelta(minutes=10) if amount % 4 == 1 else None
                    store.answer_reminder(ident, outcomes[amount % 4], until)
            elif what == "note":
                found = store.sessions(since=EARLIEST)
                if found:
                    session = found[amount % len(found)]
                    text = f"note {n}"
                    add_note(store, session.id, text)
                    sync.noted(store, str(folders[machine]), root / str(machine), session.id)
                    notes[session.uid] = text
            elif what == "sync":
                synced(machine)
            elif what in ("copy", "half", "conflict") and source != machine:
                _arrive(folders[source], folders[machine], what, amount)
                synced(machine)
        clock[0] += timedelta(minutes=11)  # every reminder answered, or never to be
        for _ in range(2):
            for machine in range(3):
                synced(machine)
            for source in range(3):
                for machine in range(3):
                    if source != machine:
                        _arrive(folders[source], folders[machine], "copy", 0)
        for machine in range(3):
            synced(machine)
        sessions = [sorted(_records(store)) for store in stores]
        reminders = [answers(store) for store in stores]
        given = [
            {s.uid: s.note for s in store.sessions(since=EARLIEST) if s.note} for store in stores
        ]
        for store in stores:
            store.close()
        assert refused == []
        assert sessions[1] == sessions[0] and sessions[2] == sessions[0]
        assert reminders[1] == reminders[0] and reminders[2] == reminders[0]
        assert all(found == notes for found in given)
