"""A question after (or before) a run asks again after an answer it cannot read, as often as
one comes, until it gets an answer, Enter or the end of the input: it never gives up in
silence after inviting another answer, with the person's next words going to the shell."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.env import Environment
from stretchcli.history.barriers import Answer
from stretchcli.history.levels import LevelChange
from stretchcli.history.past import LastWeek
from stretchcli.session.questions import NO_ANSWER, ask_hurt, ask_pain
from stretchcli.session.shortfall import KEYS, ask
from tests.conftest import Stretch
from tests.fakes import TypedAtTerminal

# Answers a 0-10 rating cannot read: fullwidth, hexadecimal, exponent, signs, out of range.
UNREADABLE = st.one_of(
    st.sampled_from(["\uff13", "0x3", "1e0", "+3", "-1", "11", "3.5", "three", "1 0"]),
    st.integers(11, 10**6).map(str),
)
RATING_QUESTION = "How hard was the session, 0-10 (0 none, 10 worst; Enter to skip): "
AGAIN = "Please type a whole number from 0 to 10.\n"


def at_terminal(typed: str) -> Environment:
    return Environment(TypedAtTerminal(typed), io.StringIO(), io.StringIO(), {"COLUMNS": "1000"})


def err_of(env: Environment) -> str:
    return env.stderr.getvalue()  # type: ignore[attr-defined,no-any-return]


@given(st.lists(UNREADABLE, min_size=1, max_size=8), st.integers(0, 10))
def test_a_rating_is_asked_again_until_it_is_given(bad: list[str], rating: int) -> None:
    env = at_terminal("".join(f"{answer}\n" for answer in bad) + f"{rating}\n")
    assert ask_pain(env, "How hard was the session,") == rating
    assert err_of(env) == (RATING_QUESTION + AGAIN) * len(bad) + RATING_QUESTION


@given(st.lists(UNREADABLE, min_size=1, max_size=8), st.sampled_from(["\n", ""]))
def test_a_rating_ends_only_with_enter_or_the_end_of_the_input(bad: list[str], end: str) -> None:
    """Enter or Ctrl-D skips it; until then every refusal is followed by the question again,
    never by nothing (the question given up on while the person is still answering)."""
    env = at_terminal("".join(f"{answer}\n" for answer in bad) + end)
    ended = ask_pain(env, "How hard was the session,")
    assert ended == (None if end else NO_ANSWER)  # Ctrl-D: no question after it either
    last = "" if end else "\n"  # the next line of the terminal starts on a line of its own
    assert err_of(env) == (RATING_QUESTION + AGAIN) * len(bad) + RATING_QUESTION + last


NAMES = ["Chest stretch", "Rhomboid stretch", "Scapular squeeze"]
HURT = (
    "Did one of them hurt? 1 Chest stretch, 2 Rhomboid stretch, 3 Scapular squeeze "
    "(press its number; Enter for none): "
)
PRESS_AGAIN = "Please press a number from 1 to 3, or press Enter.\n"


@given(
    st.lists(st.sampled_from(["0", "4", "9", "x", "q", " "]), min_size=1, max_size=8),
    st.sampled_from(["1", "2", "3", "\r", "\x04"]),
)
def test_the_hurt_key_is_asked_again_until_a_number_enter_or_ctrl_d(
    bad: list[str], last: str
) -> None:
    keys = iter([*bad, last])
    env = at_terminal("")
    chosen = ask_hurt(env, NAMES, lambda: next(keys))
    expected = {"\r": None, "\x04": NO_ANSWER}.get(last, int(last) - 1 if last.isdigit() else None)
    assert chosen == expected
    shown = (
        "".join(f"{HURT}{key if key.isdigit() else ''}\n{PRESS_AGAIN}" for key in bad)
        + f"{HURT}{last if last.isdigit() else ''}\n"
    )
    assert err_of(env) == shown


@given(st.lists(st.sampled_from(["0", "4", "x", "none"]), min_size=1, max_size=8))
def test_the_typed_hurt_answer_is_asked_again_until_the_input_ends(bad: list[str]) -> None:
    env = at_terminal("".join(f"{answer}\n" for answer in bad))
    assert ask_hurt(env, NAMES) == NO_ANSWER
    question = HURT.replace("press its number", "its number")
    again = PRESS_AGAIN.replace("Please press", "Please type")
    assert err_of(env) == (question + again) * len(bad) + question + "\n"


class _Store:
    def __init__(self) -> None:
        self.answers: list[Answer] = []

    def add_level_changes(self, changes: Sequence[LevelChange]) -> None:
        raise AssertionError("the question writes no level change")

    def add_answer(self, answer: Answer) -> None:
        self.answers.append(answer)


@given(st.lists(st.sampled_from(["2", "x", "no", "7"]), min_size=1, max_size=8), st.data())
def test_what_got_in_the_way_is_asked_again_until_it_is_answered(
    bad: list[str], data: st.DataObject
) -> None:
    letter = data.draw(st.sampled_from([*KEYS, ""]))
    env = at_terminal("".join(f"{answer}\n" for answer in bad) + f"{letter}\n")
    store = _Store()
    barrier, _ = ask(env, LastWeek(date(2026, 11, 2), done=1), 3, store)
    assert barrier == KEYS.get(letter)
    assert err_of(env).count("What got in the way?") == len(bad) + 1


def test_three_unreadable_difficulties_then_a_rating_is_recorded(stretch: Stretch) -> None:
    """The attack's answers (fullwidth 3, 0x3, 1e0) then 4: the difficulty is recorded."""
    result = stretch(
        "run", "desk-break", "--only", "scapular-squeeze", "--plain", "--pain",
        typed="4\n2\n\uff13\n0x3\n1e0\n4\n\n",
    )  # fmt: skip
    assert result.code == 0
    assert result.err.count("Please type a whole number from 0 to 10.") == 3
    (session,) = json.loads(stretch("history", "--json").out)
    assert (session["pain_before"], session["pain_after"], session["difficulty"]) == (4, 2, 4)
