"""What a run needs to know from the history, read once before it starts: the session to run
again, the run to resume, whether the routine's cautions were heard lately, how many
sessions this week has had, whether this is a newcomer's first run and, for today's session
of a plan, the plan's progress and its last full week. The session itself never reads the
history: it is handed this record (`stretch run` reads it), and only writes (its own row
through `session/recorder.py`, a plan's level changes and answers through
`history/plan_follow.PlanStore`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from stretchcli.errors import StretchError, said
from stretchcli.history.barriers import asked, last_full_week
from stretchcli.history.plan_follow import PlanPast, read_plan_past
from stretchcli.history.store import History
from stretchcli.moments import day_start
from stretchcli.plan.model import LastPain, Plan
from stretchcli.records import Session

# Chosen: the routine's cautions are said in full at its first session and again once a week;
# in between, the first of them and a pointer to the rest, which the screen still shows.
CAUTIONS_HEARD = timedelta(days=7)


@dataclass(frozen=True)
class LastWeek:
    """The plan's last full week (its Monday), for the question about a short one: whether
    it was asked about already and how many sessions counted; or what kept the history from
    saying (`unread`)."""

    monday: date
    asked: bool = False
    done: int = 0
    unread: str | None = None


@dataclass(frozen=True)
class Past:
    """The history as a run sees it before it starts."""

    last: Session | None = None  # `again`: the newest session started by now
    unfinished: Session | None = None  # `--resume`: the routine's last stopped run, if it was
    heard: bool = False  # the routine was done to its end within CAUTIONS_HEARD
    this_week: int | None = None  # sessions that counted since Monday; None: cannot say
    newcomer: bool = False  # asked for, and no session started by now
    plan: PlanPast | None = None  # today's session of a plan: what its progress is from
    last_week: LastWeek | None = None  # asked for, and the plan had all of the last week
    ahead: int = 0  # `again` with no session started by now: the sessions that start later
    # The pain before and after of the latest session rated after it, today or within
    # EARLIER_PAIN, if any: a run after one that hurt too much says so first (review 19, F17).
    rated_lately: LastPain | None = None
    # The exercises whose latest session (of the last few) ended with them hurting: said
    # again at their get-ready, plan or no plan (review 23, F4).
    hurt_last: frozenset[str] = frozenset()


def ahead_of_clock(
    history: History, routine: str | None = None, now: datetime | None = None
) -> list[Session]:
    """The sessions (of `routine`) that start after `now` (the clock's, if not given: give
    the one a page's other lists were read at, or a session between two readings is in
    neither; attack 19, H18), oldest first: a clock ahead of this machine's put them there.
    Not counted until the clock reaches them, but never hidden."""
    return history.sessions((now or history.now()) + timedelta(microseconds=1), routine)


def ahead_words(count: int) -> str:
    """Why there is no session to name yet when `count` sessions are ahead of the clock."""
    many = "1 session starts" if count == 1 else f"{count} sessions start"
    return f"none has started by this machine's clock ({many} later: see `stretch history`)"


def read_past(
    history: History,
    routine: str | None,
    resume: bool = False,
    *,
    today: Plan | None = None,
    last_week: bool = False,
    newcomer: bool = False,
) -> Past:
    """The past of a run of `routine` (None: `stretch again`, the last session's routine, or
    with `today`, the plan's routine for today; a routine with `today`: one of the plan's,
    named; `resume`: continuing the routine's last stopped run). `last_week`: the plan's last
    full week too; `newcomer`: whether there is no session yet. The session to run again or
    resume, and a plan's progress, must be read (a HistoryError stops the run); the rest is
    left out when it cannot be."""
    plan = week = None
    if today is not None:  # today's routine of the plan (None: a rest day)
        plan = read_plan_past(history, today)
        if routine is None:  # the second of a day of two: its own past
            routine = plan.routine_today(today)
        week = _last_week(history, plan.since(today)) if last_week else None
    now = history.now()  # one reading: a session is started by it or ahead of it
    last = history.latest(now=now) if routine is None and today is None else None
    unfinished = history.last_unfinished(routine) if routine is not None and resume else None
    name = routine if routine is not None else last.routine if last is not None else None
    return Past(
        last=last,
        ahead=len(ahead_of_clock(history, now=now)) if routine is None and last is None else 0,
        unfinished=unfinished,
        heard=name is not None and _heard_lately(history, name),
        this_week=_sessions_this_week(history),
        newcomer=newcomer and _newcomer(history),
        plan=plan,
        last_week=week,
        rated_lately=_rated_lately(history),
        # (the plan's own session says it at its levels, from its progress)
        hurt_last=_hurt_last(history, now) if today is None else frozenset(),
    )


HURT_LOOKBACK = 20  # chosen: the sessions looked through for an exercise's latest


def _hurt_last(history: History, now: datetime) -> frozenset[str]:
    """The exercises whose latest session among the last HURT_LOOKBACK, started by `now`,
    that began them ended with them hurting (the `h` key, or named after the run); none
    where the history cannot be read (the run goes on, as it does without it)."""
    seen: dict[str, bool] = {}
    try:
        recent = history.recent(HURT_LOOKBACK, now=now)
    except (StretchError, sqlite3.Error):  # a history that cannot be read: nothing known
        return frozenset()
    for session in recent:
        for result in session.exercises:
            if result.status in ("done", "partial", "hurt"):
                seen.setdefault(result.exercise, result.status == "hurt")
    return frozenset(name for name, hurt in seen.items() if hurt)


# Chosen: how far back a session's pain after is said before the next run, besides the whole
# of today. Pain after exercise should be back to where it was within about 2 hours, and
# worse the next day means too much (research notes, the "4/10 rule"); 12 hours keeps a
# session of late last night in mind at a run just after midnight (attack 19, H8).
EARLIER_PAIN = timedelta(hours=12)


def _rated_lately(history: History) -> LastPain | None:
    """The pain before and after of the latest session with a pain after, today or within
    EARLIER_PAIN, and when it began (None: none, or the history cannot say)."""
    now = history.now()
    since = min(day_start(now.date()), now - EARLIER_PAIN)
    try:
        lately = history.sessions(since=since, until=now)
    except (StretchError, sqlite3.Error):
        return None
    rated = [s for s in lately if s.pain_after is not None]
    if not rated:
        return None
    latest = max(rated, key=lambda s: s.started_at)
    assert latest.pain_after is not None
    return LastPain(latest.pain_before, latest.pain_after, latest.started_at)


def _newcomer(history: History) -> bool:
    """Whether no session was started by now (False when the history cannot say)."""
    try:
        return history.latest() is None
    except (StretchError, sqlite3.Error):
        return False


def _last_week(history: History, since: datetime) -> LastWeek | None:
    """The last full week of a plan begun at `since` (None: it had not all of it)."""
    now = history.now()
    week = last_full_week(now.date(), since.date())
    if week is None:
        return None
    this_week = week + timedelta(days=7)
    try:
        if asked(history, week):
            return LastWeek(week, asked=True)
        start, until = day_start(week), day_start(this_week)
        done = sum(s.counts() for s in history.sessions(since=start, until=until))
    except (StretchError, sqlite3.Error) as exc:
        return LastWeek(week, unread=said(exc))
    return LastWeek(week, done=done)


def _heard_lately(history: History, routine: str) -> bool:
    """Whether a run of `routine` went to its end (and so said its cautions) lately."""
    now = history.now()
    try:  # a session after now (a wrong clock, an import) has not been heard yet
        done = history.sessions(since=now - CAUTIONS_HEARD, routine=routine, until=now)
    except StretchError:  # a history that cannot be read stops no run: say them all
        return False
    return any(s.status == "completed" for s in done)


def _sessions_this_week(history: History) -> int | None:
    """How many sessions counted this week (from Monday) before this one; None if the
    history cannot say."""
    today = history.now()
    try:
        return sum(s.counts() for s in history.sessions(since=_monday(today), until=today))
    except (StretchError, sqlite3.Error):
        return None


def _monday(today: datetime) -> datetime:
    """The start of `today`'s week: Monday's first moment (with Monday's offset, not today's:
    the clocks may have changed since)."""
    return day_start(today.date() - timedelta(days=today.weekday()))
