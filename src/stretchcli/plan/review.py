"""A plan's review date, once it has come: said at the start of `stretch run`, at the head of
`stretch history`, in `stretch plan` and in the report. Pure."""

from __future__ import annotations

from datetime import date

from stretchcli.plan.model import Plan
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
    return (
        f"Your plan's review date {came}: time to look at the plan again, with whoever wrote "
        "it (stretch plan shows it; stretch report is the page to bring)."
    )
