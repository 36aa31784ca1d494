"""A plan's review date, once it has come: said at the start of `stretch run`, at the head of
`stretch history`, in `stretch plan` and in the report. Pure."""

from __future__ import annotations

from datetime import date

from stretchcli.plan.model import WRITER, Plan
from stretchcli.safety import SOON
from stretchcli.text import full_date


def review_due(plan: Plan, today: date) -> bool:
    """Whether the plan's review date has come (today or before)."""
    return plan.review is not None and today >= plan.review


def review_said(plan: Plan, today: date) -> str | None:
    """The line that says the review date has come (None: it has not, or there is none)."""
    if plan.review is None or not review_due(plan, today):
        return None
    when = full_date(plan.review)
    came = f"is today ({when})" if plan.review == today else f"was {when}"
    if plan.written_by == WRITER:  # nobody wrote it: the date is for the pain's sake
        return (  # (review 21, F1: "with whoever wrote it", of stretch itself)
            f"Your plan's review date {came}: if the pain has not started to ease, "
            f"{SOON.action} (stretch report is the page to bring); stretch start again makes "
            "a new plan from your answers now."
        )
    return (
        f"Your plan's review date {came}: time to look at the plan again, with whoever wrote "
        "it (stretch plan shows it; stretch report is the page to bring)."
    )
