"""A schedule a person would write: working hours by weekday, a daily limit of reminders,
and a snooze until tomorrow; checked in the config, shown by `stretch remind`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.remind.schedule import Facts, Schedule, decide, schedule_from
from stretchcli.words import ScheduleError, hours_text, parse_hours, working_days
from tests.conftest import Stretch
from tests.test_remind import at, history, local, remind_on

FRIDAY = datetime(2026, 11, 27)  # a Friday
BY_DAY = "mon-thu 09:00-17:30; fri 09:00-13:00"


def test_each_weekday_has_its_own_hours() -> None:
    schedule = schedule_from("50m", BY_DAY, "mon-fri", "desk-break")
    assert schedule.window(FRIDAY.date()) == (FRIDAY.replace(hour=9), FRIDAY.replace(hour=13))
    thursday = FRIDAY - timedelta(days=1)
    assert schedule.window(thursday.date()) == (
        thursday.replace(hour=9),
        thursday.replace(hour=17, minute=30),
    )
    # Friday at 14:00 is after its hours: the next reminder is on Monday at 09:00.
    due = decide(schedule, Facts(), at(14, day=FRIDAY))
    assert (due.state, due.next_at) == ("later", at(9, day=FRIDAY + timedelta(days=3)))


def test_remind_days_still_leaves_days_out() -> None:
    schedule = schedule_from("50m", BY_DAY, "mon,fri", "desk-break")
    assert schedule.window((FRIDAY - timedelta(days=1)).date()) is None  # a Thursday
    with pytest.raises(ScheduleError, match="no working day"):
        schedule_from("50m", "sat-sun 10:00-12:00", "mon-fri", "desk-break")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("mon 09:00-17:00; mon 10:00-11:00", "mon given hours twice"),
        ("09:00-17:00; fri 09:00-13:00", "expected hours by day like mon-thu 09:00-17:30"),
        ("someday 09:00-10:00", "expected days like mon-fri or mon,wed,fri"),
        ("fri 09:00-09:00", "the hours start and end at 09:00"),
    ],
)
def test_hours_by_day_that_cannot_be_read(text: str, error: str) -> None:
    with pytest.raises(ScheduleError, match=error):
        parse_hours(text)


days = st.frozensets(st.integers(0, 6), min_size=1)
moments = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@given(st.lists(st.tuples(days, moments, moments), min_size=1, max_size=4))
def test_hours_read_back_from_their_words(parts: list[tuple[frozenset[int], time, time]]) -> None:
    taken: set[int] = set()
    hours = []
    for part_days, start, end in parts:
        free = part_days - taken
        if free and start != end:
            hours.append((frozenset(free), start, end))
            taken |= free
    if hours:
        assert parse_hours(hours_text(tuple(hours))) == tuple(hours)
        assert working_days(tuple(hours), frozenset(range(7))) == frozenset(taken)


def test_a_daily_limit_keeps_the_rest_for_tomorrow() -> None:
    schedule = schedule_from("50m", "09:00-17:30", "mon-fri", "desk-break", limit=3)
    now = at(14)
    assert decide(schedule, Facts(shown_today=2), now).state == "due"
    due = decide(schedule, Facts(shown_today=3), now)
    assert (due.state, due.next_at) == ("later", at(9, day=datetime(2026, 11, 25)))


def test_the_limit_counts_todays_notifications_only(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated, "remind_limit = 2\n")
    yesterday = local(at(16, day=datetime(2026, 11, 23)))
    history(isolated, yesterday).add_reminder("desk-break", "shown", "notification")
    for hour in (9, 10):
        history(isolated, local(at(hour))).add_reminder("desk-break", "shown", "notification")
    history(isolated, local(at(10, 30))).add_reminder("desk-break", "failed", "notification")
    out = stretch("remind", wall=local(at(11, 30))).out.splitlines()
    assert out[:2] == [
        "Reminders: on, every 50 min, 09:00-17:30, mon-fri, at most 2 a day: desk-break",
        "Next: tomorrow at 09:00 (today's 2 reminders shown: the limit)",
    ]


def test_hours_by_day_in_the_config_and_the_status(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    remind_on(isolated, f'remind_between = "{BY_DAY}"\nremind_at = "15:00,10:30"\n')
    out = stretch("remind", wall=local(at(14, day=FRIDAY))).out.splitlines()
    assert out[:2] == [
        "Reminders: on, every 50 min, mon-thu 09:00-17:30; fri 09:00-13:00, mon-fri, "
        "and at 10:30, 15:00: desk-break",
        "Next: Mon 30 Nov at 09:00",
    ]
    assert stretch("remind", "--json").out.count('"at": "10:30, 15:00"') == 1


def test_a_config_with_no_working_day_names_the_line(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated, 'remind_days = "mon-fri"\nremind_between = "sat-sun 10:00-12:00"\n')
    path = isolated / "config" / "config.toml"
    result = stretch("remind")
    assert result.code == 1
    assert result.err == (
        f"stretch: {path}:3:1: no working day: remind_days (mon-fri) and the days of "
        "remind_between (sat-sun 10:00-12:00) have none in common (`stretch remind` shows the "
        "hours and days; change one of them)\n"
    )


def test_snooze_until_tomorrow(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated)
    assert stretch("remind", "snooze", "tomorrow", wall=local(at(15))).out == (
        "Snoozed until tomorrow at 09:00.\nNext: snoozed: tomorrow at 09:00\n"
    )
    # On a Friday, tomorrow's hours are Monday's.
    assert stretch("remind", "snooze", "Tomorrow", wall=local(at(15, day=FRIDAY))).out == (
        "Snoozed until Mon 30 Nov at 09:00.\nNext: snoozed: Mon 30 Nov at 09:00\n"
    )
    result = stretch("remind", "snooze", "later")
    assert result.code == 2
    assert "or tomorrow, not 'later'" in result.err


def fixed(times: str) -> Schedule:
    return schedule_from("2h", "09:00-17:30", "mon-fri", "desk-break", at=times)


def test_a_fixed_time_comes_before_the_interval() -> None:
    schedule = fixed("10:30, 15:00")
    session = at(9, 45)
    due = decide(schedule, Facts(last_session=session), at(10))
    assert (due.state, due.next_at) == ("later", at(10, 30))
    assert decide(schedule, Facts(last_session=session), at(10, 30)).state == "due"


def test_a_session_just_before_a_fixed_time_answers_it() -> None:
    schedule = fixed("10:30, 15:00")
    # 10:15 is within the half hour before 10:30: the next is the interval, 12:15.
    due = decide(schedule, Facts(last_session=at(10, 15)), at(10, 20))
    assert due.next_at == at(12, 15)
    # A reminder shown at 15:00 answers 15:00; the interval decides after it.
    later = decide(schedule, Facts(last_reminder=at(15)), at(15, 5))
    assert later.next_at == at(17)


def test_a_fixed_time_outside_the_hours_is_not_kept() -> None:
    schedule = fixed("08:00, 16:00")
    # 08:00 is before the hours: not a reminder.
    due = decide(schedule, Facts(last_session=at(9)), at(9, 30))
    assert due.next_at == at(11)
    evening = decide(schedule, Facts(last_session=at(15, 50)), at(16, 10))
    # 16:00 was answered at 15:50; 17:50 is after the hours: tomorrow at 09:00.
    assert evening.next_at == at(9, day=datetime(2026, 11, 25))


# --- found by a fresh review --------------------------------------------------------------------

NIGHTS = "22:00-06:00"


def test_a_night_shift_is_one_day_for_the_limit_and_for_tomorrow(
    stretch: Stretch, isolated: Path
) -> None:
    remind_on(isolated, f'remind_between = "{NIGHTS}"\nremind_days = "mon-sun"\nremind_limit = 1\n')
    monday = datetime(2026, 11, 23)
    history(isolated, local(at(22, day=monday))).add_reminder("desk-break", "shown", "notification")
    after_midnight = local(at(0, 10, day=monday + timedelta(days=1)))
    out = stretch("remind", wall=after_midnight).out.splitlines()
    assert out[1] == "Next: at 22:00 (in 1310 min) (today's 1 reminder shown: the limit)"
    schedule = schedule_from("50m", NIGHTS, "mon-sun", "desk-break", limit=1)
    assert schedule.next_day(at(23, day=monday)) == at(22, day=monday + timedelta(days=1))
    assert schedule.day_began(after_midnight) == at(22, day=monday)


def test_snooze_tomorrow_on_a_night_shift(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated, f'remind_between = "{NIGHTS}"\nremind_days = "mon-sun"\n')
    assert stretch("remind", "snooze", "tomorrow", wall=local(at(23))).out == (
        "Snoozed until tomorrow at 22:00.\nNext: snoozed: tomorrow at 22:00\n"
    )
    # `stretch due` says it is snoozed, as `stretch remind` does, and the prompt stays quiet.
    now = local(at(23, 30))
    answer = json.loads(stretch("due", "--json", wall=now).out)
    assert (answer["state"], answer["text"]) == ("snoozed", "")
    assert json.loads(stretch("remind", "--json", wall=now).out)["state"] == "snoozed"


def test_hours_that_begin_in_the_hour_the_clocks_skip_begin_after_the_jump() -> None:
    # Berlin (the tests' zone), 28 March 2027: 02:00 becomes 03:00.
    schedule = schedule_from("50m", "02:30-09:00", "mon-sun", "desk-break")
    now = datetime(2027, 3, 28, 0, 50, tzinfo=UTC)  # 01:50 on the clock
    due = decide(schedule, Facts(last_session=now - timedelta(hours=2)), now)
    assert due.state == "later"
    assert due.next_at == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 03:00, summer time
    assert due.next_at.astimezone().strftime("%H:%M") == "03:00"


def test_a_reminder_recorded_seconds_after_its_check_is_due_a_whole_interval_on() -> None:
    schedule = schedule_from("50m", "09:00-17:30", "mon-fri", "desk-break")
    shown = at(9) + timedelta(seconds=3)  # the check began at 09:00:00, it was recorded later
    assert decide(schedule, Facts(last_reminder=shown), at(9, 50)).state == "due"


@pytest.mark.parametrize(
    ("config", "key", "value", "said"),
    [
        (
            'remind_between = "mon-thu 09:00-17:30; fri 09:00-13:00"\n',
            "remind_days",
            "sat,sun",
            "remind_days: no working day: remind_days (sat,sun) and the days of remind_between "
            "(mon-thu 09:00-17:30; fri 09:00-13:00) have none in common",
        ),
        ("", "remind_at", "07:00", "remind_at: 07:00 is outside the working hours of every day"),
    ],
)
def test_a_setting_that_does_not_fit_the_others_is_named(
    stretch: Stretch, isolated: Path, config: str, key: str, value: str, said: str
) -> None:
    remind_on(isolated, config)
    before = (isolated / "config" / "config.toml").read_text()
    result = stretch("config", key, value)
    assert result.code == 2
    assert result.err == (
        f"stretch: {said} (`stretch remind` shows the hours and days; change one of them)\n"
    )
    assert (isolated / "config" / "config.toml").read_text() == before  # nothing written


def test_a_config_file_blames_the_line_written_last(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated, 'remind_at = "07:00"\nremind_days = "mon-fri"\n')
    path = isolated / "config" / "config.toml"
    assert stretch("remind").err == (
        f"stretch: {path}:3:1: remind_at: 07:00 is outside the working hours of every day "
        "(`stretch remind` shows the hours and days; change one of them)\n"
    )
