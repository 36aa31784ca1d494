"""Python's round() in SQL (`local.rounded`): a whole number is shown without asking Python,
and every value comes out exactly as Python's round() gives it."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history import local
from tests.test_interrupt_query import VALUES

NUMBERS = st.one_of(
    st.integers(-(10**16), 10**16),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**6), 10**6).map(lambda n: n / 10),
    st.sampled_from([2**63 - 1, -(2**63), 1e15, -1e15, 1e15 - 1, 0.05, 0.15, 2.675]),
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(VALUES, NUMBERS), st.integers(-3, 6))
def test_rounded_in_sql_is_pythons_round_for_any_value(value: object, digits: int) -> None:
    db = sqlite3.connect(":memory:")
    local.register(db)
    try:
        (found,) = db.execute(f"SELECT {local.rounded(':v', digits)}", {"v": value}).fetchone()
    finally:
        db.close()
    if isinstance(value, int | float) and not isinstance(value, bool):
        expected = round(float(value), digits)
        assert found == expected and type(found) is float
    else:
        assert found is None
