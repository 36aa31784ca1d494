"""The questions after a run (and the pain rating before it): each typed at the terminal,
asked again until it can be read, and never answered by what was not typed for it."""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence

from stretchcli.env import Environment
from stretchcli.errors import StretchError, said
from stretchcli.plan.model import Rules
from stretchcli.plan.words import pain_after_said
from stretchcli.session.coaching import SessionInfo
from stretchcli.session.runner import RunState, results
from stretchcli.session.wording import hurt_noted
from stretchcli.text import display_name, whole_number, wrapped, wrapped_prompt

KEYED_CHOICES = 9  # up to 9, one key (1-9) answers which hurt; from 10 on, a number and Enter


def pain_rating(text: str) -> int | None:
    """A pain rating typed as a whole number from 0 to 10 (ASCII digits only), else None."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 2 and int(text) <= 10:
        return int(text)
    return None


PAIN_SCALE = "0 none, 10 worst"
# How hard it felt, on a 0-10 scale like the Borg CR-10 of perceived exertion that
# physiotherapists use to set home exercise doses: the same keys as the pain rating.
DIFFICULTY_SCALE = "0 very easy, 10 as hard as you could"


NO_ANSWER = -1  # the input ended (Ctrl-D): nothing more will be typed, so ask no more


def ask_go_on(env: Environment) -> bool:
    """Whether to start anyway, asked at a terminal where the pain before is at or over the
    ceiling: no unless the person types y (Enter, or the end of the input, is no)."""
    prompt = wrapped_prompt("Start anyway? [y/N] ", env.width)
    env.stderr.write(prompt)
    env.stderr.flush()
    with shown_on_resume(env, prompt):
        line = env.stdin.readline()
    if not line:
        env.stderr.write("\n")
    return line.strip().lower() in ("y", "yes")


def ask_pain(env: Environment, question: str, scale: str = PAIN_SCALE) -> int | None:
    """A 0-10 rating (pain, or difficulty) typed at the terminal; Enter or no terminal skips
    it, the end of the input (Ctrl-D) is NO_ANSWER. An answer it cannot read is asked again,
    as often as it comes: a rating is never dropped without a word."""
    if not env.stdin_isatty:
        return None
    while True:
        prompt = wrapped_prompt(f"{question} 0-10 ({scale}; Enter to skip): ", env.width)
        env.stderr.write(prompt)
        env.stderr.flush()
        with shown_on_resume(env, prompt):
            line = env.stdin.readline()
        if not line:  # the next question starts on a line of its own
            env.stderr.write("\n")
            return NO_ANSWER
        answer = line.strip()
        if not answer:
            return None
        rating = pain_rating(answer)
        if rating is not None:
            return rating
        env.stderr.write("Please type a whole number from 0 to 10.\n")


END_OF_INPUT = "\x04"  # Ctrl-D


def ask_hurt(
    env: Environment, names: Sequence[str], key: Callable[[], str] | None = None
) -> int | None:
    """Which of `names` hurt (its index), as its number: up to KEYED_CHOICES, with `key` (a
    terminal's single keys) the digit answers at once, else it is typed and Enter; from 10
    on, the names are listed one a line, once, and the number is typed and Enter. Enter, or
    no terminal, for none; NO_ANSWER at the end of the input (Ctrl-D). Any other answer is
    asked again, as often as it comes."""
    if not env.stdin_isatty or not names:
        return None
    many = len(names) > KEYED_CHOICES
    at_once = key is not None and not many
    if many:
        env.stderr.write("".join(f"{line}\n" for line in _hurt_list(names, env.width)))
        asked = "Type its number and press Enter (Enter alone for none): "
    else:
        listed = ", ".join(f"{number} {name}" for number, name in enumerate(names, 1))
        which = "it" if len(names) == 1 else "one of them"
        press = "press its number" if at_once else "its number"
        asked = f"Did {which} hurt? {listed} ({press}; Enter for none): "
    while True:
        prompt = wrapped_prompt(asked, env.width)
        env.stderr.write(prompt)
        env.stderr.flush()
        if at_once and key is not None:
            with shown_on_resume(env, prompt):
                pressed = key()
            shown = pressed if pressed.isascii() and pressed.isdigit() else ""
            env.stderr.write(shown + "\n")
            if pressed == END_OF_INPUT:  # Ctrl-D, a key like any other in cbreak mode
                return NO_ANSWER
            answer = "" if pressed in ("", "\r", "\n") else pressed
        else:
            with shown_on_resume(env, prompt):
                line = env.stdin.readline()
            if not line:  # the end of the input: no answer, and none to acknowledge
                env.stderr.write("\n")
                return NO_ANSWER
            answer = line.strip()
        if not answer:
            return None
        chosen = whole_number(answer, 1, len(names))
        if chosen is not None:
            if at_once:  # a second digit typed with it ("12") is not left for the shell
                env.drop_typed_ahead()
            return chosen - 1
        verb = "press" if at_once else "type"
        numbers = "1" if len(names) == 1 else f"a number from 1 to {len(names)}"
        env.stderr.write(f"Please {verb} {numbers}, or press Enter.\n")


@contextlib.contextmanager
def shown_on_resume(env: Environment, prompt: str) -> Iterator[None]:
    """While a question waits for its answer: after Ctrl-Z and `fg` (SIGCONT) it is shown
    again, where the shell's line about the job left the cursor (else the person types
    under an empty line, not knowing what is asked)."""
    resumed = getattr(signal, "SIGCONT", None)
    if resumed is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def again(signum: int, frame: object) -> None:
        with contextlib.suppress(OSError, ValueError):
            env.stderr.write(prompt)
            env.stderr.flush()

    previous = signal.signal(resumed, again)
    try:
        yield
    finally:
        signal.signal(resumed, previous)


def _hurt_list(names: Sequence[str], width: int) -> list[str]:
    """The question and its names one a line, each under its right-aligned number; a name
    too long for the line goes on under its own start."""
    digits = len(str(len(names)))
    found = ["Did one of them hurt?"]
    for number, name in enumerate(names, 1):
        found += wrapped([f"  {number:>{digits}} {name}"], width, hang=len(f"{number} "))
    return found


def begun(state: RunState, info: SessionInfo) -> list[tuple[str, str]]:
    """The exercises the session began and did not end with `h`, each once (id, name): all of
    them are offered by the after-session question, however many."""
    found: dict[str, str] = {}
    for step, result in enumerate(results(state)):
        if result.status in ("done", "partial") and result.exercise not in found:
            exercise = info.steps[step]
            found[result.exercise] = display_name(exercise.name, exercise.variant)
    return list(found.items())


def hurt_after(
    env: Environment,
    mark: Callable[[str], None],
    choices: Sequence[tuple[str, str]],
    planned: bool,
    key: Callable[[], str] | None = None,
    easiest: frozenset[str] = frozenset(),
    others: bool = False,
) -> None:
    """Ask which exercise, if any, hurt; record it (by `mark`) as the `h` key would; the
    answer is acknowledged in one line (`others`: one was ended with `h` already, and is not asked
    about: none of the others hurt)."""
    chosen = ask_hurt(env, [name for _, name in choices], key)
    if chosen == NO_ANSWER:
        return
    if chosen is None:
        if choices and env.stdin_isatty:
            noted = f"none of {'the others' if others else 'them'} hurt"
            if len(choices) == 1 and not others:
                noted = "it did not hurt"
            env.stderr.write(f"Noted: {noted}.\n")
        return
    exercise, name = choices[chosen]
    try:
        mark(exercise)
    except (StretchError, sqlite3.Error) as exc:
        env.warn(f"could not record that {name} hurt: {said(exc)}")
        return
    say(env, hurt_noted(name, planned, exercise in easiest))


def say(env: Environment, line: str) -> None:
    """A line after the session, on stderr, wrapped at words to the terminal."""
    env.stderr.write("".join(f"{part}\n" for part in wrapped([line], env.width)))


def rated_after(
    env: Environment,
    kept_by: tuple[Callable[..., None], Callable[..., None]],
    session_id: int | None,
    pain_before: int | None,
    rules: Rules,
    planned: bool | None,
) -> bool:
    """Ask the pain after the run and how hard it was, each kept (by `kept_by`: the pain's,
    the difficulty's) as soon as it is given: Ctrl-C at the next question keeps it. Too
    much pain is answered at once. Whether both were asked (not ended by Ctrl-D, nor by a
    history that cannot take them)."""
    questions = (
        (kept_by[0], "And now: how much pain do you have,", PAIN_SCALE),
        (kept_by[1], "How hard was the session,", DIFFICULTY_SCALE),
    )
    for number, (keep, question, scale) in enumerate(questions):
        rating = ask_pain(env, question, scale)
        if rating == NO_ANSWER:
            return False  # one Ctrl-D ends the questions
        advice = pain_after_said(pain_before, rating, rules, planned) if number == 0 else None
        if rating is not None and advice is not None:  # too much pain: answered at once
            say(env, advice)
        try:
            if rating is not None:
                keep(session_id, rating)
        except (StretchError, sqlite3.Error) as exc:
            env.warn(f"could not record the ratings: {said(exc)}")
            return False  # the history cannot take them now: ask no more
    return True
