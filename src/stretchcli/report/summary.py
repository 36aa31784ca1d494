"""The report's first lines: what happened over the period, in sentences a physiotherapist
reads in seconds. Every sentence is worked out from the report's numbers; where there is no
number to say something (no ratings, no full week), it says so instead of guessing."""

from __future__ import annotations

from datetime import timedelta

from stretchcli.moments import EARLIEST
from stretchcli.report.formats import per_week
from stretchcli.report.model import Report
from stretchcli.text import dated, full_date, plural

NOTHING = "No sessions in this period."
MOST_SKIPPED = 3  # exercises named as the most skipped
MOST_ROUTINES = 3  # routines named, the most done first


def sentences(report: Report) -> list[str]:
    """The summary, a sentence a line: sessions and the weekly goal, how pain before the
    sessions changed from week to week and within a session, and the exercises most skipped."""
    t = report.totals
    if not t.sessions:
        return [NOTHING + _last(report)]
    of = ""
    if report.routines and (report.routine is not None or len(report.routines) == 1):
        of = f" of {report.names.routine(report.routines[0][0])}"
    done = f"{plural(t.sessions, 'session')}{of}, {_completed(t.sessions, t.completed)}"
    said = [f"{done}{_routines(report)}."]
    said.append(_goal(report))
    said.append(_pain(report))
    if t.change is not None:
        said.append(_change(t.change))
    hurt = _hurt(report)
    if hurt:
        said.append(hurt)
    said.append(_skipped(report))
    return said


def _hurt(report: Report) -> str:
    """The exercises said to hurt (the `h` key, or named after the session), the most first:
    the first thing a physiotherapist wants to know ('' for none)."""
    hurt = sorted((t for t in report.exercises if t.hurt), key=lambda t: -t.hurt)
    named = [
        f"{report.names.exercise(t.exercise)} ({t.hurt} of {plural(t.sessions, 'session')})"
        for t in hurt
    ]
    return f"Said to hurt: {', '.join(named)}." if named else ""


def _last(report: Report) -> str:
    """Where the latest session before an empty period is: ' The latest was on 30 Dec 2025:
    stretch report --since 2025-12-29 shows it.' ('' where there is none)."""
    if report.last is None:
        return ""
    monday = report.last - timedelta(days=report.last.weekday())
    # never a day `--since` refuses: a week that began before 2000 starts at its first day
    monday = max(monday, EARLIEST.astimezone().date())
    return (
        f" The latest was on {full_date(report.last)}: "
        f"stretch report --since {monday.isoformat()} shows it."
    )


def _completed(sessions: int, completed: int) -> str:
    """'all completed', '3 of them completed', 'none of them completed'."""
    if sessions == 1:
        return "completed" if completed else "not completed"
    if completed == sessions:
        return "all completed"
    return f"{completed or 'none'} of them completed"


def _routines(report: Report) -> str:
    """': Upper back 32 times, Desk break 15, Back pain relief 2' (the three most done, and
    how many sessions of the others), or '' when there is one routine."""
    if report.routine is not None or len(report.routines) < 2:
        return ""
    names = report.names
    (first, count), *more = report.routines
    said = [f"{names.routine(first)} {plural(count, 'time')}"]
    said += [f"{names.routine(r)} {n}" for r, n in more[: MOST_ROUTINES - 1]]
    others = more[MOST_ROUTINES - 1 :]
    if others:
        said.append(f"other routines {sum(n for _, n in others)}")
    return ": " + ", ".join(said)


def _goal(report: Report) -> str:
    """Sessions a week against the goal, over the full weeks (or the weeks so far)."""
    t = report.totals
    against = f"against a goal of {report.goal_words(full=bool(t.full_weeks))}"
    if not t.full_weeks:
        return (
            f"{_first(per_week(t.per_week))} sessions a week so far (no full week yet), {against}."
        )
    weeks = plural(t.full_weeks, "full week")
    if t.weeks_at_goal == t.full_weeks:
        met = "met every week" if t.full_weeks > 1 else "met"
    elif t.weeks_at_goal == 0:
        met = "not met in any of them" if t.full_weeks > 1 else "not met"
    else:
        met = f"met in {t.weeks_at_goal} of them"
    return (
        f"{_first(per_week(t.per_week))} sessions a week on average over {weeks}, {against}: {met}."
    )


def _first(words: str) -> str:
    """Words that start a sentence: 'Under 0.1'."""
    return words[:1].upper() + words[1:]


def _pain(report: Report) -> str:
    """How the weekly average of pain before the sessions went, from the first week rated
    to the last."""
    rated = [(w.monday, w.pain_before) for w in report.weeks if w.pain_before is not None]
    if not rated:
        return "Pain before the sessions was not rated."
    (monday, start), *_ = rated
    first, (last, end) = dated(monday, report.year), rated[-1]
    if len(rated) == 1:
        return (
            f"Pain before the sessions (0-10) averaged {start:.1f}, "
            f"rated in the week of {first} only."
        )
    if end == start:
        moved = f"was {start:.1f} both in the week of {first} and in the week of"
        return f"Pain before the sessions (0-10) {moved} {dated(last, report.year)}."
    verb = "fell" if end < start else "rose"
    return (
        f"Pain before the sessions (0-10) {verb} from {start:.1f} in the week of "
        f"{first} to {end:.1f} in the week of {dated(last, report.year)}."
    )


def _change(change: float) -> str:
    """The average change of pain within a session, rated before and after it."""
    if round(change, 1) == 0:  # a change one decimal shows as none ('0.0 lower')
        return "After a session, pain was the same as before it, on average."
    lower = "lower" if change < 0 else "higher"
    return f"After a session, pain was {abs(change):.1f} {lower} than before it, on average."


def _skipped(report: Report) -> str:
    """The exercises skipped most, with how often; and how many sessions left steps out by
    choice (`--only`, `--skip`: those steps are not in the session, so not 'skipped')."""
    skipped = sorted((t for t in report.exercises if t.skipped), key=lambda t: -t.skipped)
    chosen = report.totals.chosen
    if not skipped:
        if not chosen:
            return "No exercise was skipped."
        return f"No exercise was skipped during a session; {_chosen(chosen)}."
    named = [
        f"{report.names.exercise(t.exercise)} ({t.skipped} of {plural(t.sessions, 'session')})"
        for t in skipped[:MOST_SKIPPED]
    ]
    said = f"Skipped most: {', '.join(named)}."
    return f"{said} {_first(_chosen(chosen))}." if chosen else said


def _chosen(sessions: int) -> str:
    """'2 sessions left some of the routine's steps out on purpose'."""
    return f"{plural(sessions, 'session')} left some of the routine's steps out on purpose"
