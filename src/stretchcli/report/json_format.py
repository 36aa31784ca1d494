"""The report as JSON data: the numbers every other format shows. Text from the history is
kept exactly (`text.json_escaped` escapes only what a terminal would act on)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from json.encoder import encode_basestring

from stretchcli.report.formats import BATCH
from stretchcli.report.model import SELF_REPORTED, Report, Row
from stretchcli.report.plan_text import plan_record
from stretchcli.text import json_escaped

_HOLE = "\0sessions\0"  # where the sessions go in the JSON text (no value can be this)


def record(report: Report, sessions: object = None) -> dict[str, object]:
    """The report as JSON-ready data: the numbers every other format shows (its sessions
    as `sessions` says, or the list of every row's record)."""
    t, names = report.totals, report.names
    return {
        "person": report.person,
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat()},
        "routine": report.routine,
        "generated_at": report.generated.isoformat(timespec="seconds"),
        "weekly_goal": report.goal,
        # where the goal changed within the period (a plan began, say): the goal of the
        # weeks before its last change, and the Monday the goal now counts from (else null)
        "weekly_goal_before": report.goals.before if report.goals else None,
        "weekly_goal_from": report.goals.since.isoformat()
        if report.goals and report.goals.since
        else None,
        # every change within the period, oldest first (the goal of the weeks before the
        # first: the `goal` of the first week)
        "weekly_goal_changes": [
            {"from": monday.isoformat(), "goal": goal}
            for monday, goal in (report.goals.steps if report.goals else ())
        ],
        "totals": {
            "sessions": t.sessions,
            "counted": t.counted,
            "completed": t.completed,
            "steps_chosen": t.chosen,  # run with --only or --skip
            "minutes": t.minutes,
            "full_weeks": t.full_weeks,
            "weeks_at_goal": t.weeks_at_goal,
            "sessions_per_week": round(t.per_week, 2),  # 3 sessions in two years: 0.03
            "pain_before": t.pain_before,
            "pain_after": t.pain_after,
            "pain_change": t.change,
            "difficulty": t.difficulty,
        },
        "weeks": [
            {
                "week_of": w.monday.isoformat(),
                "days": w.days,
                "sessions": w.sessions,
                "goal": report.goal_of(w.monday),
                "minutes": w.minutes,
                "pain_before": w.pain_before,
                "pain_after": w.pain_after,
                "difficulty": w.difficulty,
            }
            for w in report.weeks
        ],
        "routines": [
            {"routine": r, "name": names.routines.get(r), "sessions": n} for r, n in report.routines
        ],
        "exercises": [
            {
                "exercise": e.exercise,
                "name": names.exercises.get(e.exercise),
                "dose": names.doses.get(e.exercise),
                "sessions": e.sessions,
                "done": e.done,
                "partial": e.partial,
                "skipped": e.skipped,
                "not_reached": e.not_reached,
                "hurt": e.hurt,
                "swapped": e.swapped,
                "left_out": e.left_out,
                "instead": list(e.instead),
                "avoided": list(e.avoided),
            }
            for e in report.exercises
        ],
        **({} if report.plan is None else {"plan": plan_record(report.plan, names.exercises)}),
        "sessions": [r.record() for r in report.rows()] if sessions is None else sessions,
        "reminders": report.reminders,
        "about": SELF_REPORTED,
        "safety": list(report.safety),
    }


def json_text(report: Report) -> Iterator[str]:
    """The report's JSON, `json.dumps(record(report), indent=2)` exactly, in pieces: the
    sessions one by one, as they are read."""
    marker = f'"sessions": {json.dumps(_HOLE)}'
    head, _, tail = json.dumps(record(report, _HOLE), indent=2, ensure_ascii=False).partition(
        marker
    )
    head, tail = json_escaped(head), json_escaped(tail)
    yield head + '"sessions": '
    rows = report.rows()
    first = next(rows, None)
    if first is None:
        yield "[]"
    else:
        yield "[\n" + row_json(first)
        while batch := tuple(itertools.islice(rows, BATCH)):
            yield "".join(",\n" + row_json(row) for row in batch)
        yield "\n  ]"
    yield tail + "\n"


_ROW = """    {{
      "uid": {},
      "started_at": {},
      "routine": {},
      "status": {},
      "minutes": {},
      "exercises": {},
      "exercises_done": {},
      "pain_before": {},
      "pain_after": {},
      "difficulty": {},
      "avoided": {},
      "note": {},
      "adjusted": {},
      "exercises_hurt": {}
    }}"""


def row_json(row: Row) -> str:
    """A session row's record as `json.dumps(indent=2)` writes it inside the report's list
    (a row is written a million times: by hand, not by the encoder, which takes 10x as long)."""
    avoided = "[]"
    if row.avoided:
        items = ",\n".join("        " + _string(m) for m in row.avoided)
        avoided = f"[\n{items}\n      ]"
    return _ROW.format(
        _string(row.uid),
        _string(row.started_at),
        _string(row.routine),
        _string(row.status),
        float.__repr__(row.minutes),
        row.exercises,
        row.done,
        _json_int(row.pain_before),
        _json_int(row.pain_after),
        _json_int(row.difficulty),
        avoided,
        "null" if row.note is None else _string(row.note),
        _string(row.adjusted) if row.adjusted else "null",
        row.hurt,
    )


def _string(text: str) -> str:
    """A JSON string, as `json_text` writes it (what a terminal would act on escaped)."""
    return json_escaped(encode_basestring(text))


def _json_int(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)
