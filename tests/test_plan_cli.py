"""`stretch plan` and `stretch plan use FILE`: a physiotherapist's plan adopted, shown with
each exercise's level and why, and moved by weeks of sessions; bad files refused in one line,
the current plan left as it was."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.levels import level_changes
from stretchcli.history.store import History, history_path
from stretchcli.plan.words import severe_said
from stretchcli.records import ExerciseResult
from stretchcli.text import wrapped
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_plan_file import BAD, PHYSIO

ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 7, 0, tzinfo=ZONE)


@pytest.fixture
def physio(tmp_path: Path) -> Path:
    path = tmp_path / "physio.yaml"
    path.write_text(PHYSIO, encoding="utf-8")
    return path


def config(isolated: Path) -> Path:
    return isolated / "config"


def test_no_plan_yet_says_how_to_adopt_one(stretch: Stretch) -> None:
    result = stretch("plan")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "stretch: you have no plan yet (make one with `stretch start`, or adopt a plan file "
        "with `stretch plan use FILE`)\n"
    )


def test_a_plan_file_is_adopted_as_written_and_its_start_recorded(
    stretch: Stretch, physio: Path, isolated: Path
) -> None:
    result = stretch("plan", "use", str(physio), wall=MONDAY)
    adopted = config(isolated) / "plan.yaml"
    assert (result.code, result.out, result.err) == (0, f"plan adopted: {adopted}\n", "")
    assert adopted.read_text(encoding="utf-8") == PHYSIO
    history = History(history_path(os.environ), print, lambda: NOW)
    starts = [(c.exercise, c.level, c.at) for c in level_changes(history)]
    assert starts == [
        ("rhomboid-stretch", 1, MONDAY),
        ("scapular-squeeze", 2, MONDAY),
        ("thoracic-rotation", 1, MONDAY),
        ("ball-pressure", 1, MONDAY),
        ("chest-stretch", 1, MONDAY),
    ]


@pytest.mark.parametrize(("days", "warned"), [(-1, False), (0, False), (1, True), (400, True)])
def test_a_plan_whose_review_date_has_passed_is_adopted_with_a_word(
    stretch: Stretch, tmp_path: Path, days: int, warned: bool
) -> None:
    # A review date already past is most likely a typo (the wrong year): the plan is still
    # adopted, and the person is told to check it.
    review = (MONDAY.date() - timedelta(days=days)).isoformat()
    physio = tmp_path / "physio.yaml"
    physio.write_text(PHYSIO.replace("review: 2026-12-15", f"review: {review}"), "utf-8")
    result = stretch("plan", "use", str(physio), wall=MONDAY)
    assert result.code == 0
    word = (
        f"stretch: {physio}:3:9: warning: review: {review} has already passed (check the "
        "date, or look at the plan again with the person who wrote it)\n"
    )
    assert result.err == (word if warned else "")


def test_the_plan_before_is_kept_beside_the_new_one(
    stretch: Stretch, physio: Path, isolated: Path, tmp_path: Path
) -> None:
    assert stretch("plan", "use", str(physio)).code == 0
    other = tmp_path / "rotation.yaml"
    other.write_text("rotation: [desk-break, mid-back]\n", encoding="utf-8")
    result = stretch("plan", "use", str(other))
    previous = config(isolated) / "plan.previous.yaml"
    assert result.code == 0
    assert result.err == f"stretch: the plan before is kept as {previous}\n"
    assert previous.read_text(encoding="utf-8") == PHYSIO
    assert (config(isolated) / "plan.yaml").read_text(encoding="utf-8") == other.read_text()


def test_a_bad_plan_file_is_one_line_and_the_plan_stays_as_it_was(
    stretch: Stretch, physio: Path, isolated: Path, tmp_path: Path
) -> None:
    assert stretch("plan", "use", str(physio)).code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("days:\n  mon: upper-back\nlevels:\n  scapular-squeeze: 9\n")
    result = stretch("plan", "use", str(bad))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"stretch: {bad}:4:21: levels.scapular-squeeze: 9 is past the top of its ladder "
        "(its ladder has levels 1 to 7)\n"
    )
    assert (config(isolated) / "plan.yaml").read_text(encoding="utf-8") == PHYSIO
    assert not (config(isolated) / "plan.previous.yaml").exists()


def test_a_file_that_is_not_there(stretch: Stretch, tmp_path: Path) -> None:
    result = stretch("plan", "use", str(tmp_path / "nowhere.yaml"))
    assert result.code == 1
    assert result.err == (
        f"stretch: {tmp_path / 'nowhere.yaml'}:1:1: cannot read the file: "
        "No such file or directory\n"
    )


def test_the_physiotherapists_plan_shows_each_exercise_its_level_and_why(
    stretch: Stretch, physio: Path, isolated: Path
) -> None:
    assert stretch("plan", "use", str(physio), wall=MONDAY).code == 0
    result = stretch("plan", wall=NOW)  # Wednesday
    assert (result.code, result.err) == (0, "")
    adopted = config(isolated) / "plan.yaml"
    assert result.out.splitlines() == [
        f"Plan: {adopted}",
        "Written by A. Physio, physiotherapist · review on 15 Dec 2026",
        "Routines: mon upper-back · wed desk-upper-back · fri upper-back",
        "Today (wed): desk-upper-back",
        "Weekly goal: 3 sessions · avoid: side-bend",
        "Since 2 Nov 2026: 0 sessions",
        "",
        "exercise                          level   dose",
        "─" * 57,
        "Rhomboid stretch                    1/6   2 × 10 s",
        "  starts at the lowest level of 6",
        "Scapular squeeze                    2/7   8 × 5 s",
        "  starts at level 2 of 7, as the plan says",
        "Seated thoracic rotation            1/3   3 × 5 s a side",
        "  starts at the lowest level of 3",
        "Ball pressure on trigger points     1/6   3 × 15 s a side",
        "  starts at the lowest level of 6",
        "Chest stretch                       1/5   3 × 10 s",
        "  starts at the lowest level of 5",
        "",
        "Rules:",
        # Each rule with what its number does: a ceiling is already red.
        "  sessions 3 (up after 3 green sessions in a row, one a day): chosen: about a",
        "  week at the two to three days a week of flexibility work that ACSM recommends",
        "  at the least, so that a level is never raised on one good day",
        "      https://pubmed.ncbi.nlm.nih.gov/21694556/",
        "  difficulty 3 (up only after a session rated 3/10 hard or less): chosen: 3 is",
        "  'moderate' on Borg's CR10 scale, which the difficulty question follows",
        "      https://pubmed.ncbi.nlm.nih.gov/7154893/",
        "  green 3 (green at 0-3/10): chosen: the pain-monitoring model accepts pain up",
        "  to 5 and does not split it; green is kept to 0-3, where physiotherapy",
        "  handouts' traffic light ends green, so that only low pain counts toward a step",
        "  up",
        "      https://pubmed.ncbi.nlm.nih.gov/17307888/",
        # The plan's own number rests on its writer; its sources are the whole plan's.
        "  ceiling 5 (red at 5/10 or more): set by A. Physio, physiotherapist",
        "  rise 2 (red when pain rises by 2 or more, past green): chosen: about 2 points",
        "  on the 0-10 scale is a change people notice as much better; a rise as large is",
        "  taken as much worse, where it ends above the green band (a rise within it, 0",
        "  to 2, is pain the plan calls fine)",
        "      https://pubmed.ncbi.nlm.nih.gov/11690728/",
        "  reds 2 (2 red days in a week bring the alternative): chosen: a second red day",
        "  in a week is a pattern, not one bad day",
        "",
        "Notes:",
        "  - Keep the ball work light.",
        "",
        "The plan's sources:",
        "  https://www.nhs.uk/conditions/back-pain/",
    ]


URL = re.compile(r"https?://\S+")


@pytest.mark.parametrize("width", [40, 60, 80])
def test_the_plan_wraps_at_words_and_keeps_every_address_whole(
    stretch: Stretch,
    physio: Path,
    width: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert stretch("plan", "use", str(physio), wall=MONDAY).code == 0
    monkeypatch.setenv("COLUMNS", str(width))
    lines = stretch("plan", wall=NOW).out.splitlines()
    for line in lines:
        assert line == line.rstrip()
        # Longer only where one word (an address, a path) could not be broken, or in the
        # table, whose rows stay whole.
        if len(line) > width and not line.startswith("Plan: "):
            assert len(line.split()) == 1 or "   " in line, line
    # Every source of the rules is on a line of its own, whole, indented under its rule.
    wide = json.loads(stretch("plan", "--json", wall=NOW).out)
    sources = {s for rule in wide["rules"].values() for s in rule["sources"]}
    assert sources and sources <= {line.strip() for line in lines}
    for line in lines:
        if URL.search(line):
            assert line.startswith("      " if line.strip() in sources else "  "), line
    # And the words are the same as unwrapped: nothing lost, nothing cut.
    monkeypatch.setenv("COLUMNS", "1000")
    whole = stretch("plan", wall=NOW).out
    assert " ".join(" ".join(lines).split()) == " ".join(whole.split())


def session(
    when: datetime, routine: str, exercises: tuple[str, ...], pain: tuple[int, int]
) -> None:
    """A session at `when`, every exercise done, rated (written as a run writes it)."""
    clock = [when]
    history = History(history_path(os.environ), print, lambda: clock[0])
    results = [ExerciseResult(name, "done", 3, 3) for name in exercises]
    ident = history.start(routine, {}, results, pain[0])
    clock[0] = when + timedelta(minutes=10)
    history.finish(ident, "completed", 600, results, None)
    history.set_pain_after(ident, pain[1])
    history.set_difficulty(ident, 2)
    history.close()


UPPER = ("rhomboid-stretch", "scapular-squeeze", "thoracic-rotation", "ball-pressure")
DESK = ("chest-stretch", "rhomboid-stretch", "scapular-squeeze")


def test_eight_weeks_of_sessions_move_the_levels_and_the_plan_says_why(
    stretch: Stretch, physio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sessions a week (Monday upper-back, Wednesday desk-upper-back), rated green for
    six weeks; in week 7 both go over the physiotherapist's ceiling of 5; week 8 is green."""
    assert stretch("plan", "use", str(physio), wall=MONDAY).code == 0
    for week in range(8):
        for day, routine, exercises in ((0, "upper-back", UPPER), (2, "desk-upper-back", DESK)):
            when = MONDAY + timedelta(weeks=week, days=day, hours=2)
            pain = ((2, 5) if day == 0 else (1, 6)) if week == 6 else (2, 1)
            session(when, routine, exercises, pain)
    wall = MONDAY + timedelta(weeks=7, days=3)  # the Thursday of week 8
    result = stretch("plan", "--json", wall=wall)
    assert (result.code, result.err) == (0, "")
    page = json.loads(result.out)
    levels = {e["exercise"]: (e["level"], e["instead"], e["left_out"]) for e in page["exercises"]}
    assert levels == {
        "rhomboid-stretch": (3, "ball-pressure", False),
        "scapular-squeeze": (4, None, False),  # rated red twice, never named: it stays
        "thoracic-rotation": (2, None, False),
        "ball-pressure": (2, None, False),
        "chest-stretch": (2, None, False),
    }
    assert (page["sessions"], page["review_due"]) == (16, True)
    assert page["today"] == {"date": "2026-12-24", "routine": None, "routines": []}
    # Done on both days, the rhomboid stretch counts two sessions a week: a step every three.
    rhomboid = [
        (c["change"], c["level_before"], c["level"], c["at"][:10], c["reason"])
        for c in page["changes"]
        if c["exercise"] == "rhomboid-stretch"
    ]
    green = "up: 3 green sessions in a row, the last"
    assert rhomboid == [
        ("start", None, 1, "2026-11-02", "starts at the lowest level of 6"),
        ("up", 1, 2, "2026-11-09", f"{green} 9 Nov 2026"),
        ("up", 2, 3, "2026-11-18", f"{green} 18 Nov 2026"),
        ("up", 3, 4, "2026-11-30", f"{green} 30 Nov 2026"),
        ("up", 4, 5, "2026-12-09", f"{green} 9 Dec 2026"),
        (
            "down",
            5,
            4,
            "2026-12-14",
            "down: pain 5/10 after the session, at or over the ceiling of 5 (14 Dec 2026)",
        ),
        (
            "down",
            4,
            3,
            "2026-12-16",
            "down: pain 6/10 after the session, at or over the ceiling of 5 (16 Dec 2026)",
        ),
        (
            "alternative",
            3,
            3,
            "2026-12-16",
            "Ball pressure on trigger points in its place: 2 red sessions in the week of "
            "14 Dec 2026",
        ),
    ]
    # Following the plan again records nothing more; the text shows the same standings.
    history = History(history_path(os.environ), print, lambda: wall)
    assert len(level_changes(history)) == len(page["changes"])
    monkeypatch.setenv("COLUMNS", "100")  # each reason on one line
    shown = stretch("plan", wall=wall).out.splitlines()
    table = shown[shown.index("") + 3 : shown.index("") + 13]
    assert table == [
        "Rhomboid stretch                      -   Ball pressure on trigger points instead",
        "  Ball pressure on trigger points in its place: 2 red sessions in the week of 14 Dec 2026",
        "Scapular squeeze                    4/7   12 × 5 s",
        "  pain 1/10 after the session is green (23 Dec 2026): 1 more green session to step up",
        "Seated thoracic rotation            2/3   5 × 5 s a side",
        "  pain 1/10 after the session is green (21 Dec 2026): 2 more green sessions to step up",
        "Ball pressure on trigger points     2/6   3 × 30 s a side",
        "  pain 1/10 after the session is green (21 Dec 2026): 2 more green sessions to step up",
        "Chest stretch                       2/5   3 × 20 s",
        "  pain 1/10 after the session is green (23 Dec 2026): 2 more green sessions to step up",
    ]
    assert shown[1] == (
        "Written by A. Physio, physiotherapist · review on 15 Dec 2026 "
        "(due: time to look at the plan again)"
    )


def test_the_next_session_starts_with_the_changes_of_the_last(
    stretch: Stretch, physio: Path
) -> None:
    assert stretch("plan", "use", str(physio), wall=MONDAY).code == 0
    for day in (0, 2):
        when = MONDAY + timedelta(days=day, hours=2)
        session(when, "desk-upper-back", DESK, (1, 6))
    page = json.loads(stretch("plan", "--json", wall=MONDAY + timedelta(days=3)).out)
    # Monday stepped the squeeze down (it started at 2); Wednesday, the second red of the
    # week, brings the alternative where there is one; those with none stay in, easier, as
    # neither session named them (a rating of the whole session takes nothing away); pain
    # of 6/10 (the ceiling) is met with when to get help today, not in a few weeks. Both are
    # at their easiest by Wednesday (the squeeze since Monday): no easier level is promised.
    week = "week of 2 Nov 2026"
    kept = (
        "though you did not name it as hurting: it stays in, at its easiest level already: "
        "keep it small, well short of pain, and stop it if it hurts."
    )
    assert page["next_session"] == [
        "Rhomboid stretch was in 2 sessions rated red in the week of 2 Nov 2026: Ball pressure "
        f"on trigger points takes its place. {severe_said(6)}",
        f"Scapular squeeze was in 2 sessions rated red in the {week}, {kept} {severe_said(6)}",
        f"Chest stretch was in 2 sessions rated red in the {week}, {kept} {severe_said(6)}",
    ]
    assert severe_said(6) == (
        "Pain of 6/10 is more than these exercises should cause: if it has not settled by "
        "tomorrow, or does not ease when you rest, get seen today: ask for an urgent "
        "appointment with your doctor, or call a health advice line (NHS 111 in England). For "
        "the other warning signs, see stretch safety."
    )


def test_the_plan_in_the_readme_is_adopted_and_shown(stretch: Stretch, tmp_path: Path) -> None:
    from tests.test_docs import fenced

    # The first plan of the README (the second leaves an exercise out: test_plan_file).
    example = next(block for block in fenced("yaml") if block.startswith("# A plan"))
    path = tmp_path / "readme-plan.yaml"
    path.write_text(example, encoding="utf-8")
    assert stretch("plan", "use", str(path)).code == 0
    page = json.loads(stretch("plan", "--json").out)
    assert page["written_by"] == "A. Physio, physiotherapist"
    assert page["review"] == "2026-12-15"
    assert page["rules"]["ceiling"]["value"] == 5
    assert [e["exercise"] for e in page["exercises"]] == [
        "rhomboid-stretch",
        "scapular-squeeze",
        "thoracic-rotation",
        "ball-pressure",
        "chest-stretch",
    ]


@pytest.mark.parametrize("case", sorted(BAD))
def test_plan_use_refuses_each_mistake_in_one_line(
    stretch: Stretch, tmp_path: Path, isolated: Path, case: str
) -> None:
    text, line = BAD[case]
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = stretch("plan", "use", str(path))
    assert (result.code, result.out, result.err) == (1, "", f"stretch: {path}:{line}\n")
    assert not (config(isolated) / "plan.yaml").exists()


def test_the_readme_plan_and_its_page_are_what_stretch_says(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's plan file is adopted as it is written; three green sessions later its
    `stretch plan` page is the README's, line for line (to where the README leaves off)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    written = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "# A plan" in b)
    page = readme.split("```console\n$ stretch plan\n", 1)[1].split("```", 1)[0]
    shown = page.removesuffix("...\n").splitlines()
    path = tmp_path / "physio.yaml"
    path.write_text(written, encoding="utf-8")
    assert stretch("validate", str(path)).out == "ok: 1 file checked\n"
    assert stretch("plan", "use", str(path), wall=MONDAY).code == 0
    week = ((0, "upper-back", UPPER), (2, "desk-upper-back", DESK), (4, "upper-back", UPPER))
    for day, routine, exercises in week:
        after = 2 if routine == "desk-upper-back" else 1
        session(MONDAY + timedelta(days=day, hours=2), routine, exercises, (2, after))
    monkeypatch.setenv("COLUMNS", "92")
    out = stretch("plan", wall=MONDAY + timedelta(weeks=1, hours=2)).out
    out = out.replace(str(config(isolated)), "/home/me/.config/stretch")
    assert out.splitlines()[: len(shown)] == shown


def test_a_plan_adopted_again_with_a_new_review_date_keeps_its_levels(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """A review: the physiotherapist moves the review date and adds a note; the levels the
    person climbed to stay. A new starting level is a new plan, and starts from it."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    written = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "# A plan" in b)
    path = tmp_path / "physio.yaml"
    path.write_text(written, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY).code == 0
    week = ((0, "upper-back", UPPER), (2, "desk-upper-back", DESK), (4, "upper-back", UPPER))
    for day, routine, exercises in week:
        after = 2 if routine == "desk-upper-back" else 1
        session(MONDAY + timedelta(days=day, hours=2), routine, exercises, (2, after))
    later = MONDAY + timedelta(weeks=1, hours=2)
    climbed = json.loads(stretch("plan", "--json", wall=later).out)
    assert any(e["level"] > 1 for e in climbed["exercises"])
    review = re.sub(r"review: \S+", "review: 2027-01-11", written)
    assert review != written
    path.write_text(review.replace("written_by: ", "written_by: (reviewed) "), encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=later).code == 0
    kept = json.loads(stretch("plan", "--json", wall=later).out)
    levels = [(e["exercise"], e["level"]) for e in kept["exercises"]]
    assert levels == [(e["exercise"], e["level"]) for e in climbed["exercises"]]


@given(
    st.integers(0, 8),
    st.lists(st.sampled_from(["a", "word", "longer", "text,"]), max_size=12),
    st.integers(20, 60),
    st.integers(0, 60),
)
def test_an_address_too_long_for_its_line_keeps_the_indent_of_its_text(
    indent: int, words: list[str], width: int, extra: int
) -> None:
    """Wrapped at any width, an address is never broken and never moves to column 0: it
    starts where the text it belongs to does."""
    address = "https://example.org/" + "a" * (width + extra)
    line = " " * indent + " ".join([*words, address])
    found = wrapped([line], width)
    assert [text for text in found if address in text] == [" " * indent + address]
    assert " ".join(" ".join(found).split()) == " ".join(line.split())


WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(WEEK),
        st.lists(st.sampled_from(["desk-upper-back", "mid-back"]), min_size=1, max_size=2),
        min_size=1,
    )
)
def test_a_plan_without_a_weekly_goal_aims_for_the_sessions_of_its_days(
    stretch: Stretch, tmp_path: Path, days: dict[str, list[str]]
) -> None:
    """The config's goal (5 by default) is for someone without a plan: a plan of one day a
    week aims for one session, wherever a goal is shown (a day of two routines counts 2)."""
    sessions = sum(len(routines) for routines in days.values())
    listed = "".join(f"  {day}: [{', '.join(routines)}]\n" for day, routines in days.items())
    path = tmp_path / "days.yaml"
    path.write_text("days:\n" + listed, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY).code == 0
    assert stretch("run", "desk-upper-back", "--json", "--no-pain", wall=MONDAY).code == 0
    word = "session" if sessions == 1 else "sessions"
    shown = stretch("plan", "--json", wall=MONDAY)
    assert json.loads(shown.out)["weekly_goal"] == sessions
    on = "" if len(days) == sessions else f" on {len(days)} day{'s' if len(days) > 1 else ''}"
    assert f"Weekly goal: {sessions} {word}{on}\n" in stretch("plan", wall=MONDAY).out
    report = stretch("report", wall=MONDAY).out
    assert f"- **Goal:** {sessions} a week" in report
    assert f"goal {sessions} {word} a week" in report
    assert (
        json.loads(stretch("report", "--format", "json", wall=MONDAY).out)["weekly_goal"]
        == sessions
    )


@pytest.mark.parametrize(
    ("ladders", "said"),
    [
        (
            "ladders:\n  thoracic-rotation:\n    - {hold: 8, reps: 4}\n",
            "has one level, the plan's own dose",
        ),
        ("", "starts at the lowest level of 4"),  # the file's own ladder
    ],
)
def test_a_ladder_of_one_level_is_said_to_be_whose_it_is(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ladders: str, said: str
) -> None:
    """Attack 20, A3: the plan's own ladder of one level was said to be "its file's dose"."""
    monkeypatch.setenv("COLUMNS", "1000")
    path = tmp_path / "plan.yaml"
    path.write_text("days: {mon: upper-back}\n" + ladders, encoding="utf-8")
    assert stretch("plan", "use", str(path)).code == 0
    shown = [line.strip() for line in stretch("plan").out.splitlines()]
    row = next(i for i, line in enumerate(shown) if line.startswith("Seated thoracic rotation"))
    assert said in shown[row] + " " + shown[row + 1], shown[row : row + 2]


def test_the_sessions_since_the_plan_began_are_counted_as_the_weekly_goal_counts_them(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verify 25, V3: `stretch plan` counted every stored session, also those that finished
    no exercise, where `history`, the report and the question about a short week do not."""
    from tests.test_history import db_path, store
    from tests.test_report import session

    monkeypatch.setenv("COLUMNS", "1000")
    path = tmp_path / "plan.yaml"
    path.write_text("days: {mon: desk-break}\n", encoding="utf-8")
    begun = NOW.astimezone() - timedelta(days=3)
    assert stretch("plan", "use", str(path), wall=begun).code == 0
    history, _ = store(db_path(isolated))
    at = begun + timedelta(hours=1)
    session(history, at, "desk-break", 1, "stopped", [("rhomboid-stretch", "partial")])
    session(history, at + timedelta(hours=1), "desk-break", 1, "stopped", [("chin-tuck", "done")])
    session(history, at + timedelta(hours=2), "desk-break", 5, "completed", [])
    shown = stretch("plan", wall=NOW.astimezone()).out
    assert "2 sessions" in shown and "3 sessions" not in shown, shown
