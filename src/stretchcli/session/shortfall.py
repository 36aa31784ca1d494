"""When last week fell short of the plan's weekly goal: the next session asks once what got
in the way, records the answer and answers it (as the SMS adherence programme for home
exercise of Bennell et al., JMIR mHealth 2019, https://mhealth.jmir.org/2019/10/e14619, has
people who did fewer sessions than planned pick their barrier, and answers that barrier).
No time is answered with `--minutes` and the minutes the person has, not a number of ours:
a routine may already be shorter than any we would name (review 21, F7). Only at a
terminal."""

from __future__ import annotations

import sqlite3

from stretchcli.env import Environment
from stretchcli.errors import HistoryError, StretchError, said
from stretchcli.history.barriers import BARRIERS, Answer, Barrier
from stretchcli.history.past import LastWeek
from stretchcli.history.plan_follow import PlanStore
from stretchcli.safety import SOON
from stretchcli.session.recorder import is_busy
from stretchcli.session.wording import WHEN_TO_STOP
from stretchcli.text import wrapped, wrapped_prompt

# What is said to each answer.
ANSWERS: dict[Barrier, str] = {
    "no time": (
        "A shorter session still counts toward your week: `stretch run --minutes N` fits "
        "today's routine into the N minutes you have (it says what it shortens, or that N is "
        "too few)."
    ),
    "pain": (
        "Your plan steps each exercise you did that week down a level from today, where it "
        f"can. {WHEN_TO_STOP} If the pain does not ease after a few weeks, or gets worse, "
        f"{SOON.action}."
    ),
    "forgot": (
        "A reminder at a time that suits your day can help: `stretch remind on --between "
        "12:00-13:00` (or `stretch config remind_between`) moves them; `stretch remind` "
        "shows when they come."
    ),
    "not helping": (
        "Worth a review: `stretch report -o report.html` makes a page of your weeks, pain and "
        f"levels to go through with a clinician; {SOON.action}."
    ),
    "other": "Thank you: it is noted in your history.",
}


# What is said to "pain" about a week with no session: a rating speaks only for what it
# rated, so nothing steps down (plan/engine.py), and that is said.
NO_SESSION_PAIN = (
    "No exercise was done that week, so your plan keeps its levels: start gently today, well "
    f"short of pain. {WHEN_TO_STOP} If the pain does not ease after a few weeks, or gets "
    f"worse, {SOON.action}."
)


def answered(barrier: Barrier, sessions: int) -> str:
    """What is said to an answer about a week of `sessions` sessions."""
    return NO_SESSION_PAIN if barrier == "pain" and sessions == 0 else ANSWERS[barrier]


def ask(
    env: Environment, week: LastWeek | None, goal: int, store: PlanStore
) -> tuple[Barrier | None, Answer | None]:
    """If the plan's last full `week` (as read before the run) fell short of `goal` and was
    not asked about yet, ask what got in the way, record it and answer it; the answer (None:
    not asked, or skipped), and the record stored (None: not asked, or not stored)."""
    if not env.stdin_isatty or goal < 1 or week is None or week.asked:
        return None, None
    if week.unread is not None:
        env.warn(f"cannot tell how last week went: {week.unread}")
        return None, None
    if week.done >= goal:
        return None, None
    now = env.wall()
    barrier = _question(env, week.done, goal)
    answer = Answer(now, week.monday, barrier, week.done, goal)
    stored: Answer | None = answer
    try:
        store.add_answer(answer)
    except (StretchError, sqlite3.Error) as exc:
        # Not kept aside with the session: an answer not stored is asked again, and said so.
        again = "this question comes again at your next session"
        if isinstance(exc, HistoryError) and is_busy(exc):
            where = f" ({exc.hint})" if exc.hint else ""
            env.warn(f"the history is busy{where}, so your answer is not recorded: {again}")
        else:
            env.warn(f"could not record the answer: {said(exc)}; {again}")
        stored = None
    if barrier is not None:  # wrapped as the question is (review 24, F6)
        env.stderr.write("\n".join(wrapped([answered(barrier, week.done)], env.width)) + "\n")
    return barrier, stored


# Each answer by a letter of its own, never a digit: asked just before the pain question, a
# number meant as a pain rating was taken as an answer ("2", pain) and stepped the plan down.
KEYS: dict[str, Barrier] = {
    "t": "no time",
    "p": "pain",
    "f": "forgot",
    "n": "not helping",
    "o": "other",
}


def _question(env: Environment, done: int, goal: int) -> Barrier | None:
    """What got in the way, typed as its letter (or its words); Enter, or the end of the
    input, for none. Any other answer is asked again, as often as it comes."""
    sessions = f"{done} session{'' if done == 1 else 's'}" if done else "no sessions"
    listed = ", ".join(f"{key} {name}" for key, name in KEYS.items())
    env.stderr.write(f"Last week you did {sessions} of the {goal} in your plan.\n")
    while True:
        question = f"What got in the way? {listed} (its letter; Enter to skip): "
        env.stderr.write(wrapped_prompt(question, env.width))  # (review 23, F9)
        env.stderr.flush()
        answer = env.stdin.readline().strip().lower()
        if not answer:
            return None
        if answer in KEYS:
            return KEYS[answer]
        named = next((barrier for barrier in BARRIERS if barrier == answer), None)
        if named is not None:
            return named
        letters = ", ".join(KEYS)
        env.stderr.write(f"Please type a letter ({letters}), or press Enter.\n")
