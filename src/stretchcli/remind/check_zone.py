"""The zone the installed check runs in, for a while: what `stretch remind` says of the next
reminder is worked out as that check will work it out (its day, its working hours), when TZ
has changed since `remind on` (travel, TZ set later)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from stretchcli.clock import settle_zone


@contextmanager
def check_zone(zone: str | None) -> Iterator[None]:
    """The process's zone is `zone` (a TZ value; '' for the system's zone) inside, as the
    check's own process has it (`settle_zone` too), and what it was after; None: unchanged.
    Moments made inside carry their offset: shown after, they are in this command's zone."""
    if zone is None:
        yield
        return
    before = os.environ.get("TZ")
    try:
        if zone:
            os.environ["TZ"] = zone
        else:
            os.environ.pop("TZ", None)
        time.tzset()
        settle_zone(os.environ)
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
