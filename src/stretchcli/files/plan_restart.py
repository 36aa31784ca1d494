"""The text of a plan `stretch start` wrote: its head and how it is written, and the same
plan started later, after a clinician's check of the pain between the shoulder blades: its
review date, and the notes that name it, counted from the day it starts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import yaml

from stretchcli.plan.advice import CHECK_FIRST_NOTE
from stretchcli.plan.reasons import REVIEW_DAYS
from stretchcli.text import full_date

HEAD = (
    "# Your plan, made by `stretch start` from your answers. Every exercise starts at\n"
    "# level 1. Change it by hand, run `stretch start` again, or adopt a plan a\n"
    "# physiotherapist writes with `stretch plan use FILE`.\n"
)


def written(data: dict[str, object]) -> str:
    """A plan's data as `stretch start` writes it."""
    return HEAD + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


def started_on(text: str, today: date) -> str:
    """The plan file's text with its review date `REVIEW_DAYS` after `today` (review 22, F4:
    a plan that waited weeks for a clinician's check was due for review the day it was
    adopted). Where the file is as `start` wrote it, its notes say the new date and that the
    plan started after the check (review 23, F1: they kept the old date, and "start it once
    one has"); in a file changed by hand, only the dates are changed."""
    review = today + timedelta(days=REVIEW_DAYS)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict) or written(data) != text:  # changed by hand: the dates only
        text = re.sub(r"^review:.*$", f"review: '{review.isoformat()}'", text, count=1, flags=re.M)
        return re.sub(
            r"a review on \d{1,2} \w{3} \d{4},", f"a review on {full_date(review)},", text
        )
    data["review"] = review.isoformat()
    notes = data.get("notes")
    if isinstance(notes, list):
        data["notes"] = [_note(note, today, review) for note in notes]
    return written(data)


def _note(note: object, today: date, review: date) -> object:
    """A note of the plan as it reads once the plan starts on `today`."""
    if note == CHECK_FIRST_NOTE:
        return (
            f"Started on {full_date(today)}, after a clinician's check of the pain between your "
            "shoulder blades: follow what they say first."
        )
    if isinstance(note, str):
        return re.sub(r"^a review on [^,]+,", f"a review on {full_date(review)},", note)
    return note
