"""`stretch again` and `run --resume` take their options from a stored session; when those no
longer fit the routine (a step it no longer has, a variant, --minutes, every step left out,
the routine gone), the error says they are that session's, which one does not fit and why,
and what to run instead, and exits 1: nothing the person typed was wrong (2 is for that).
Nothing is recorded. Options typed on the command line keep their own errors and exit 2."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.store import History
from stretchcli.records import ExerciseResult
from tests.conftest import Stretch
from tests.fakes import NOW

STEPS = "its steps: rhomboid-stretch, scapular-squeeze, thoracic-rotation"
AFRESH = "start afresh with `stretch run desk-break`"
AGAIN = "stretch: the last session (session 1) cannot be run again with its options: "
RESUME = "stretch: session 1 of desk-break cannot be resumed with its options: "


def stopped(
    isolated: Path, options: dict[str, object], routine: str = "desk-break", step: int = 0
) -> None:
    """A session of `routine` stopped an hour ago at `step`, with `options` stored (as a
    routine edited since, or an import from another machine, leaves them)."""
    history = History(
        isolated / "state" / "history.sqlite3", print, lambda: NOW - timedelta(hours=1)
    )
    done = [ExerciseResult("rhomboid-stretch", "partial", 2, 1)]
    session = history.start(routine, {"scale": 1.0, **options}, done, None)
    history.finish(session, "stopped", 30.0, done, step)
    history.close()


def sessions(stretch: Stretch) -> int:
    return len(json.loads(stretch("history", "--json").out))


# What the stored options are, and what both commands then say after their lead.
CASES: dict[str, tuple[dict[str, object], str]] = {
    "only": (
        {"only": ["no-such-ex"]},
        f"its --only no-such-ex: 'no-such-ex' is not a step of desk-break ({STEPS}; {AFRESH})",
    ),
    "only, one of two": (
        {"only": ["scapular-squeeze", "gone"]},
        f"its --only scapular-squeeze,gone: 'gone' is not a step of desk-break ({STEPS}; {AFRESH})",
    ),
    "skip": (
        {"skip": ["gone"]},
        f"its --skip gone: 'gone' is not a step of desk-break ({STEPS}; {AFRESH})",
    ),
    "variant of a step it has not": (
        {"variants": {"gone": "band"}},
        f"its --variant gone=band: 'gone' is not a step of desk-break ({STEPS}; {AFRESH})",
    ),
    "variant it has not": (
        {"variants": {"scapular-squeeze": "nope"}},
        "its --variant scapular-squeeze=nope: 'scapular-squeeze' has no variant 'nope' "
        f"(variants: band; {AFRESH})",
    ),
    "minutes": (
        {"minutes": 1.0, "scale": 0.5},
        "its --minutes 1: desk-break does not fit into 1 minute: with one set and half the "
        "reps of each exercise it takes 3:28 "
        f"({AFRESH}, or `stretch run desk-break --scale 0.5 --minutes 4`)",
    ),
    "every step skipped": (
        {"skip": ["rhomboid-stretch", "scapular-squeeze", "thoracic-rotation"]},
        "they leave no step of desk-break to do: "
        f"--skip rhomboid-stretch,scapular-squeeze,thoracic-rotation ({AFRESH})",
    ),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["again", "resume"])
def test_stored_options_that_no_longer_fit_are_said_as_the_sessions(
    stretch: Stretch, isolated: Path, case: str, command: str
) -> None:
    options, said = CASES[case]
    stopped(isolated, options)
    if command == "again":
        code, out, err = stretch("again", "--json")
        lines = err.splitlines()
        assert lines[0].startswith("stretch: again: desk-break ")  # what it repeats, first
        assert lines[1:] == [AGAIN + said]
    else:
        code, out, err = stretch("run", "desk-break", "--resume", "--json")
        assert err.splitlines() == [RESUME + said]
    assert (code, out) == (1, "")
    assert "changed since" not in err and "give --" not in err
    assert sessions(stretch) == 1  # nothing was started


def test_every_step_left_out_by_avoid_says_which_were_skipped(
    stretch: Stretch, isolated: Path, user_routines: Path
) -> None:
    """A routine edited since: its only step left has an avoided movement and no alternative."""
    (user_routines / "twist.yaml").write_text(
        "name: Twist\nsummary: s\nsteps: [thread-the-needle]\n"
    )
    stopped(isolated, {"avoid": ["rotation"]}, routine="twist")
    code, _, err = stretch("again", "--json")
    assert code == 1
    assert err.splitlines()[1] == (
        "stretch: the last session (session 1) cannot be run again with its options: they "
        "leave no step of twist to do: skipping thread-the-needle (rotation): it has no "
        "alternative (start afresh with `stretch run twist`)"
    )


def test_a_routine_that_is_gone_is_said_as_the_last_sessions(
    stretch: Stretch, isolated: Path
) -> None:
    stopped(isolated, {}, routine="my-lunch")
    code, out, err = stretch("again", "--json")
    assert (code, out) == (1, "")
    assert err.splitlines()[1] == (
        "stretch: the last session (session 1) cannot be run again: its routine, my-lunch, "
        "is not here (see `stretch list`, then `stretch run NAME`)"
    )


def test_a_routine_edited_since_a_run_is_said_to_have_changed(
    stretch: Stretch, isolated: Path, user_routines: Path
) -> None:
    """A run stopped at its second step, then the routine cut to one: the resume says so and
    starts from the top; only then is "changed since" said."""
    (user_routines / "twist.yaml").write_text("name: Twist\nsummary: s\nsteps: [chin-tuck]\n")
    stopped(isolated, {}, routine="twist", step=1)
    code, _, err = stretch("run", "twist", "--resume", "--json")
    assert code == 0
    assert "stretch: the routine has changed since: starting from the top" in err.splitlines()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--only", "gone"], "--only: 'gone' is not a step of desk-break"),
        (["--minutes", "1"], "--minutes: desk-break does not fit into 1 minute"),
    ],
)
def test_typed_options_keep_their_own_errors_and_exit_2(
    stretch: Stretch, args: list[str], said: str
) -> None:
    code, _, err = stretch("run", "desk-break", "--json", *args)
    assert code == 2
    assert err.startswith(f"stretch: {said}")


def test_stored_options_that_fit_are_run_again(stretch: Stretch, isolated: Path) -> None:
    stopped(isolated, {"only": ["scapular-squeeze"], "scale": 0.5})
    code, _, err = stretch("again", "--json")
    assert code == 0
    assert err.splitlines()[0] == "stretch: again: desk-break --only scapular-squeeze --scale 0.5"
    assert sessions(stretch) == 2


def test_resuming_todays_plan_says_to_start_it_afresh_with_run_alone(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """With a plan, `stretch run --resume` resumes today's routine; afresh is `stretch run`."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "written_by: A. Physio, physiotherapist\n"
        "days: {mon: desk-break, tue: desk-break, wed: desk-break, thu: desk-break, "
        "fri: desk-break, sat: desk-break, sun: desk-break}\n",
        encoding="utf-8",
    )
    assert stretch("plan", "use", str(plan), wall=NOW - timedelta(days=2)).code == 0
    stopped(isolated, {"only": ["gone"]})
    code, out, err = stretch("run", "--resume", "--json")
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        f"{RESUME}its --only gone: 'gone' is not a step of desk-break "
        f"({STEPS}; start today's session of the plan afresh with `stretch run`)"
    )


IDS = ["rhomboid-stretch", "scapular-squeeze", "thoracic-rotation", "gone"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    only=st.lists(st.sampled_from(IDS), unique=True, max_size=2),
    skip=st.lists(st.sampled_from(IDS), unique=True, max_size=3),
    minutes=st.sampled_from([None, 1.0, 2.0, 30.0]),
    variants=st.sampled_from(
        [{}, {"scapular-squeeze": "band"}, {"scapular-squeeze": "nope"}, {"gone": "band"}]
    ),
)
def test_stored_options_either_run_or_are_said_as_the_sessions(
    stretch: Stretch,
    isolated: Path,
    only: list[str],
    skip: list[str],
    minutes: float | None,
    variants: dict[str, str],
) -> None:
    """Whatever a stored session holds, `again` runs it or says in one line, exit 1, that
    its options are the last session's; never a flag to change, never exit 2."""
    for made in (isolated / "state").glob("history.sqlite3*"):
        made.unlink()
    stopped(isolated, {"only": only, "skip": skip, "minutes": minutes, "variants": variants})
    code, out, err = stretch("again", "--json")
    if code == 0:
        assert sessions(stretch) == 2
        return
    assert (code, out) == (1, "")
    said = [line for line in err.splitlines() if not line.startswith("stretch: again: ")]
    assert len(said) == 1 and said[0].startswith(AGAIN), err
    assert "give --" not in err and "changed since" not in err
    assert said[0].endswith(f"{AFRESH})") or f"{AFRESH}, or `stretch run desk-break" in said[0]


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"scale": 1e999}, "options.scale: expected a time scale from 0.25 to 4, got Infinity"),
        ({"scole": 2}, "options.scole: not a key a run writes here (the keys: avoid, only, "
         "skip, scale, variants, minutes)"),
        ({"avoid": ["bogus"]}, "options.avoid: expected a list of 0 to 4 different movements of "
         'rotation, side-bend, flexion, extension, got ["bogus"]'),
        ({"minutes": 0}, "options.minutes: expected null or a number of minutes from 1 to 120, "
         "got 0"),
    ],
)  # fmt: skip
def test_stored_options_no_run_writes_are_said_never_dropped(
    stretch: Stretch, isolated: Path, options: dict[str, object], said: str
) -> None:
    """Review 16, R15: options changed by hand (a scale of 1e999, a key that is none, a
    movement that is none) were dropped, or run, without a word; they are the session's
    to put right, so `again` and `--resume` say so and run nothing."""
    stopped(isolated, options)
    again = stretch("again", "--json")
    assert (again.code, again.out) == (1, "")
    assert again.err == f"{AGAIN}{said} ({AFRESH})\n"
    resumed = stretch("run", "desk-break", "--resume", "--json")
    assert (resumed.code, resumed.err) == (1, f"{RESUME}{said} ({AFRESH})\n")
    assert sessions(stretch) == 1
