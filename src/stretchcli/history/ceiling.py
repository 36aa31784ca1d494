"""The sessions whose pain after reached the plan's ceiling since the plan began, as
`stretch history` marks them (the report's table has the same ones)."""

from __future__ import annotations

import json
from datetime import datetime

from stretchcli.history.levels import began, level_changes
from stretchcli.history.store import History
from stretchcli.plan.model import Plan
from stretchcli.records import Session
from stretchcli.text import json_escaped

KEY = "over_ceiling"  # the key of its line in `history --json`, after the sessions
ALL = 10**9  # every session since the plan began: a plan's weeks, not a history's years


def plan_began(history: History, plan: Plan) -> datetime | None:
    """When `plan` began, as its latest stored start by now (None: not adopted yet, or
    changed; a start a clock ahead stored is not yet)."""
    return began(level_changes(history), plan.fingerprint, history.now())


def flagged(plan: Plan, began: datetime | None, session: Session) -> bool:
    """Whether `session` reached the plan's ceiling after it began."""
    return (
        began is not None
        and session.started_at >= began
        and plan.over_ceiling(session.routine, session.pain_after)
    )


def json_items(
    history: History, plan: Plan, since: datetime | None, routine: str | None
) -> list[str]:
    """Each session since the plan began (and from `since`) that reached its ceiling, as a
    line of `history --json`: `{"over_ceiling": {...}}`, oldest first."""
    began = plan_began(history, plan)
    if began is None:
        return []
    start = max(began, since) if since is not None else began
    found = [s for s in reversed(history.recent(ALL, start, routine)) if flagged(plan, began, s)]
    return [
        json_escaped(
            json.dumps(
                {
                    KEY: {
                        "id": s.id,
                        "uid": s.uid,
                        "routine": s.routine,
                        "started_at": s.started_at.isoformat(),
                        "pain_before": s.pain_before,
                        "pain_after": s.pain_after,
                        "ceiling": plan.rules.ceiling.value,
                    }
                },
                ensure_ascii=False,
                separators=(",", ":"),
            ),
            False,
        )
        for s in found
    ]
