"""What attack 19 typed and imported: numbers too long for Python to read (H3, H4: past 4300
digits, `int()` raises a ValueError that tells the reader to call
`sys.set_int_max_str_digits()`; a session id given to `history note` ended in a traceback,
and an import passed Python's advice on), a `--variant` given twice (H17), and a session a
fraction of a second ahead of the clock (H18). Every number typed or read is bounded in
length before it is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history.export_file import FORMAT
from stretchcli.text import whole_number
from tests.conftest import Stretch
from tests.test_attack_invisible import session_line

HUGE = "9" * 5000


@given(st.text(alphabet="0123456789", min_size=0, max_size=6000), st.integers(0, 10**6))
def test_a_whole_number_of_any_length_is_read_or_refused_never_raised(text: str, high: int) -> None:
    found = whole_number(text, 1, high)
    expected = int(text) if text and len(text) <= 20 and 1 <= int(text) <= high else None
    assert found == expected


@pytest.mark.parametrize(
    "args",
    [
        ("history", "note", HUGE, "hello"),
        ("history", "note", "0" * 4999 + "1", "hello"),
        ("run", "upper-back", "--voice-rate", HUGE),
    ],
)
def test_a_huge_number_typed_is_a_usage_error(stretch: Stretch, args: tuple[str, ...]) -> None:
    result = stretch(*args)
    assert (result.code, result.out) == (2, ""), result.err
    assert "Traceback" not in result.err and "sys." not in result.err
    assert len(result.err.strip().splitlines()) == 1 or "Usage:" in result.err


def test_an_import_of_a_huge_number_says_it_is_too_long(stretch: Stretch, tmp_path: Path) -> None:
    line = json.loads(session_line("a note"))
    text = json.dumps(line).replace(
        f'"seconds": {json.dumps(line["seconds"])}', f'"seconds": {HUGE}'
    )
    assert HUGE in text
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps(FORMAT) + "\n" + text + "\n", encoding="utf-8")
    result = stretch("history", "import", str(path))
    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines()[0] == (
        f"stretch: {path}:2: not JSON a run writes (a number of 5000 characters is too long to "
        "read)"
    )
    assert "sys." not in result.err


def test_a_huge_number_typed_at_a_question_of_start_is_asked_again(stretch: Stretch) -> None:
    result = stretch("start", typed="u\n" + HUGE + "\n" * 40)
    assert "Traceback" not in result.err


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["rhomboid-stretch", "ball-pressure", "chin-tuck"]),
            st.sampled_from(["chair", "long-sitting", "floor"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_variant_given_twice_for_one_exercise_is_refused_never_guessed(
    pairs: list[tuple[str, str]],
) -> None:
    """Attack 19, H17: `--variant rhomboid-stretch=chair --variant
    rhomboid-stretch=long-sitting` ran the last, on the floor, without a word; every other
    option given twice is refused."""
    from stretchcli.cli.params import variants
    from stretchcli.errors import UsageError

    given_ = [f"{exercise}={variant}" for exercise, variant in pairs]
    named = [exercise for exercise, _ in pairs]
    if len(set(named)) == len(named):
        assert variants(given_) == dict(pairs)
        return
    with pytest.raises(UsageError) as refused:
        variants(given_)
    twice = next(e for i, e in enumerate(named) if e in named[:i])
    assert refused.value.message.startswith(f"--variant: {twice} given twice (")


@settings(max_examples=30, deadline=None)
@given(st.integers(-3000, 3000))
def test_a_session_is_started_or_ahead_by_one_reading_of_the_clock(
    tmp_path_factory: pytest.TempPathFactory, offset_ms: int
) -> None:
    """Attack 19, H18: `history` read the clock twice, and a session 0.3 s ahead of the
    first reading was neither among those started by it nor ahead of the second: the page
    said "No sessions yet". Read at one `now`, it is in exactly one list, even where the
    history's own clock ticks a second at every reading."""
    from datetime import timedelta

    from stretchcli.history.past import ahead_of_clock
    from stretchcli.history.store import History
    from tests.fakes import NOW

    path = tmp_path_factory.mktemp("h") / "history.sqlite3"
    start = NOW + timedelta(milliseconds=offset_ms)
    writer = History(path, print, lambda: start)
    writer.finish(writer.start("desk-break", {}, [], None), "completed", 60, [], None)
    readings = iter(NOW + timedelta(seconds=n) for n in range(100))
    history = History(path, print, lambda: next(readings))
    now = NOW
    started = history.recent(10, now=now)
    ahead = ahead_of_clock(history, now=now)
    assert len(started) + len(ahead) == 1
    assert bool(ahead) == (start > now)


@pytest.mark.parametrize("deleted", [1, 2])
def test_an_import_after_a_session_deleted_by_hand_is_taken(
    stretch: Stretch, isolated: Path, tmp_path: Path, deleted: int
) -> None:
    """Attack 19, H2: the warnings say to delete a bad row by hand; the sqlite3 shell keeps
    foreign keys off, so the session's exercise rows stayed, and the next session given its
    id (the largest) made every later import fail on a UNIQUE constraint."""
    import sqlite3
    import uuid
    from contextlib import closing
    from datetime import timedelta

    from tests.fakes import NOW
    from tests.test_sync import record

    def exported(*days: int) -> Path:
        path = tmp_path / f"{days[0]}.jsonl"
        lines = [record(uuid.uuid4().hex, NOW - timedelta(days=d)) for d in days]
        path.write_text(json.dumps(FORMAT) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
        return path

    assert stretch("history", "import", str(exported(5, 4))).code == 0
    with closing(sqlite3.connect(isolated / "state" / "history.sqlite3")) as db:
        db.execute("DELETE FROM sessions WHERE id = ?", (deleted,))
        db.commit()
        assert db.execute("SELECT count(*) FROM session_exercises").fetchone()[0] > 0
    taken = stretch("history", "import", str(exported(3)))
    assert taken.code == 0, taken.err
    assert len(json.loads(stretch("history", "--json").out)) == 2


@given(st.text(alphabet=st.sampled_from("ab9 \u00e9"), max_size=1200))
def test_an_error_line_shows_no_word_longer_than_it_can_read(text: str) -> None:
    """Review 23, F3: a 5000-digit value was echoed whole in its error, about fifty rows of
    a terminal. Each word over LONGEST_WORD characters is shown as its ends and length."""
    from stretchcli.errors import LONGEST_WORD, StretchError

    line = StretchError(text).line()
    for word in line.split():
        assert len(word) <= max(LONGEST_WORD, 61), word
    if all(len(word) <= LONGEST_WORD for word in text.split()):
        assert line == text


@pytest.mark.parametrize(
    "args",
    [
        ("run", "desk-upper-back", "--scale", HUGE),
        ("history", "--since", HUGE + "w"),
        ("show", HUGE),
        ("run", "desk-upper-back", "--only", HUGE),
    ],
)
def test_a_huge_value_is_not_echoed_whole(stretch: Stretch, args: tuple[str, ...]) -> None:
    result = stretch(*args)
    assert result.code in (1, 2), result.err
    assert len(result.err) < 600, len(result.err)
    assert " characters)" in result.err
