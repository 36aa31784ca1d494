"""A figure's poses checked on their drawn geometry: every built-in figure keeps what it
declares and is a body a person has, and each rule catches the figure that breaks it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.model import Figure, Pose, apply_variant
from stretchcli.views.posture import BadCheck, Finding, parse, problems
from tests.conftest import BUILTIN


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


def figures(catalog: Catalog) -> list[tuple[str, Figure]]:
    shown = []
    for exercise in catalog.exercises.values():
        for variant in (None, *exercise.variants):
            figure = apply_variant(exercise, variant).figure
            if figure is None or (variant and figure is exercise.figure):
                continue
            shown.append((exercise.id + (f"--{variant}" if variant else ""), figure))
    return shown


def test_every_built_in_figure_keeps_its_declarations_on_both_sides(catalog: Catalog) -> None:
    """Start and held, left and right: every declared contact holds, nothing sinks into the
    floor, chair or wall, no limb crosses the midline or the head unless declared, every
    joint in a human range; and each figure says in words what it shows."""
    shown = figures(catalog)
    assert len(shown) == 22  # 19 exercises, 3 variants with figures of their own
    for name, figure in shown:
        assert problems(figure) == [], name
        assert figure.checks, f"{name} declares nothing"
        assert 20 < len(figure.description) <= 120, name


def pose(base: str, **joints: float) -> Pose:
    return Pose(base, tuple(joints.items()))  # type: ignore[arg-type]


def only(figure: Figure) -> list[tuple[str, str]]:
    return [(f.where, f.message) for f in problems(figure)]


SEATED = ("feet on floor", "seat on chair")


def test_a_declared_contact_that_does_not_hold_is_named_with_its_distance() -> None:
    # The scapular squeeze as it was drawn: a row, hands nowhere near the thighs.
    row = Figure(
        "side",
        pose("sitting", elbow=90),
        pose("sitting", elbow=90, shoulder=-35),
        ("chair",),
        (*SEATED, "hands on thighs"),
    )
    assert only(row) == [
        (
            "checks[3]",
            "'hands on thighs' is not true in the start: the left hand is 0.8 from the left "
            "thigh; the right hand is 0.8 from the right thigh",
        )
    ]
    # Hands under one thigh: the right side checks the right thigh.
    knee = Figure(
        "side",
        pose("sitting"),
        Pose("sitting", (("left_hip", 125), ("left_knee", 88)), ("hands under left thigh",)),
        ("chair",),
        ("seat on chair", "right foot on floor"),
    )
    found = only(knee)
    assert found[0][0] == "end.checks[1]"
    assert found[0][1].startswith("'hands under left thigh' is not true in the held position:")
    assert not any("right side" in message for _, message in found)  # the first is enough


def test_feet_that_leave_the_floor_are_caught() -> None:
    # The pelvic tilt as it was drawn: a crunch, the feet off the floor.
    crunch = Figure(
        "side",
        pose("lying", hip=45, knee=97, ankle=38),
        pose("lying", hip=55, knee=90, trunk=10),
        ("mat",),
        ("feet on floor", "head on floor"),
    )
    assert only(crunch) == [
        (
            "checks[1]",
            "'feet on floor' is not true in the held position: the left foot is 0.6 above the "
            "floor; the right foot is 0.6 above the floor",
        ),
        (
            "checks[2]",
            "'head on floor' is not true in the held position: the head is 0.6 above the floor",
        ),
    ]


def test_nothing_sinks_into_the_floor_the_chair_or_the_wall() -> None:
    into_floor = Figure("side", pose("lying"), pose("lying", hip=-40), ("mat",), ("head on floor",))
    assert only(into_floor) == [("end", "the held position: the left hip is 0.3 below the floor")]
    into_chair = Figure("side", pose("sitting"), pose("sitting", trunk=-45), ("chair",), SEATED)
    assert only(into_chair) == [("end", "the held position: the neck is inside the chair's back")]
    into_wall = Figure(
        "side", pose("standing"), pose("standing", trunk=-20), ("wall", "floor"), ("feet on floor",)
    )
    assert only(into_wall) == [("end", "the held position: the back is inside the wall")]


def test_an_arm_across_the_midline_must_be_declared() -> None:
    # The chest stretch as it was: the arms swept across, behind the head.
    across = pose("sitting", shoulder_out=90, shoulder_across=130)
    chest = Figure("above", pose("sitting", shoulder_out=90), across, ("chair",), SEATED)
    message = "the held position: the left hand crosses the body's midline (declare 'left arm "
    assert only(chest) == [("end", message + "across' if it should)")]
    allowed = Figure(
        "above", pose("sitting", shoulder_out=90), across, ("chair",), (*SEATED, "arms crossed")
    )
    assert only(allowed) == []


def test_a_limb_drawn_through_the_head_is_caught() -> None:
    overhead = Figure("side", pose("sitting"), pose("sitting", shoulder=180), ("chair",), SEATED)
    assert only(overhead) == [
        (
            "end",
            "the held position: the left upper arm is drawn across the head, seen from the side",
        )
    ]


def test_joints_stay_in_a_human_range() -> None:
    kneel = Figure(
        "side", pose("heel-sitting", knee=178), pose("heel-sitting"), ("mat",), ("knees on floor",)
    )
    assert only(kneel)[0] == (
        "start",
        "the start: the left knee is at 178 degrees, outside 0 to 160",
    )


def test_a_side_lying_figure_turns_over_for_the_right_side() -> None:
    """Done on the right side, a figure lying on its left side lies on its right: the arm
    on the floor is the right one."""
    book = Figure(
        "above",
        Pose("side-lying", (("hip", 90), ("knee", 90), ("shoulder", 90)), ("left hand on floor",)),
        pose("side-lying", hip=90, knee=90, shoulder=90),
        ("mat",),
        (),
    )
    assert only(book) == []


WORDS = ("left", "right", "hand", "hands", "on", "under", "thigh", "floor", "feet", "own")


@settings(max_examples=60)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
def test_a_declaration_is_read_or_refused_and_never_half_read(words: list[str]) -> None:
    """Any words either read as a declaration, checked on every figure without error, or
    are refused as a problem of the figure itself, at that declaration."""
    text = " ".join(words)
    figure = Figure("side", pose("sitting"), pose("sitting"), ("chair",), (text,))
    try:
        parse(text)
    except BadCheck:
        assert problems(figure) == [
            Finding("checks[1]", f"'{text}' is not a declaration this version understands")
        ]
    else:
        assert all(isinstance(f, Finding) for f in problems(figure))


def fig(
    view: str,
    props: tuple[str, ...],
    checks: tuple[str, ...],
    start: dict[str, float],
    end: dict[str, float],
    base: str,
    held: tuple[str, ...] = (),
) -> Figure:
    return Figure(
        view,  # type: ignore[arg-type]
        Pose(base, tuple(start.items())),  # type: ignore[arg-type]
        Pose(base, tuple(end.items()), held),  # type: ignore[arg-type]
        props,  # type: ignore[arg-type]
        checks,
    )


# The built-in figures as they were before they were checked (their poses from the files,
# with what their instructions say is true), and the declaration each breaks.
AS_THEY_WERE = {
    "chest stretch: the arms swept forward, not back": (
        fig(
            "above",
            ("chair",),
            ("feet on floor", "seat on chair", "hands at shoulder height"),
            {"shoulder_out": 90},
            {"shoulder_out": 90, "shoulder_across": 25},
            "sitting",
            ("hands behind shoulders",),
        ),
        "end.checks[1]",
    ),
    "pelvic tilt: a crunch, head and feet off the floor": (
        fig(
            "side",
            ("mat",),
            ("feet on floor", "head on floor", "hips on floor"),
            {"hip": 45, "knee": 90},
            {"hip": 55, "knee": 90, "trunk": 10},
            "lying",
        ),
        "checks[1]",
    ),
    "knee to chest: the hand above the head": (
        fig(
            "side",
            ("mat",),
            ("head on floor",),
            {"hip": 45, "knee": 90},
            {
                "right_hip": 45,
                "right_knee": 90,
                "left_hip": 120,
                "left_knee": 120,
                "left_shoulder": 70,
                "left_elbow": 60,
            },
            "lying",
            ("hands on left thigh",),
        ),
        "end.checks[1]",
    ),
    "seated knee to chest: hands floating above the knee": (
        fig(
            "side",
            ("chair",),
            ("seat on chair", "right foot on floor"),
            {},
            {"left_hip": 125, "left_knee": 125, "shoulder": 50, "elbow": 80},
            "sitting",
            ("hands under left thigh",),
        ),
        "end.checks[1]",
    ),
    "thread the needle: the arm in mid-air": (
        fig(
            "front",
            ("mat",),
            ("knees on floor", "right hand on floor"),
            {},
            {"turn": -60, "right_shoulder_across": 60},
            "all-fours",
            ("left arm across", "left forearm on floor"),
        ),
        "end.checks[2]",
    ),
    "ball at the wall: arms not crossed": (
        fig(
            "side",
            ("wall", "ball", "floor"),
            ("feet on floor", "ball between back and wall", "left hand on right shoulder"),
            {},
            {"hip": 30, "knee": 45, "trunk": -5},
            "standing",
        ),
        "checks[3]",
    ),
    "long-sitting rhomboid: the hands down at the feet": (
        fig(
            "side",
            ("floor",),
            ("hips on floor", "hands at shoulder height"),
            {"shoulder": 90},
            {"trunk": 15, "upper_back": 35, "neck": 25, "shoulder": 95},
            "long-sitting",
        ),
        "checks[2]",
    ),
    "scapular squeeze: a row, hands off the thighs": (
        fig(
            "side",
            ("chair",),
            ("feet on floor", "seat on chair", "hands on thighs"),
            {"elbow": 90},
            {"elbow": 90, "shoulder": -35},
            "sitting",
        ),
        "checks[3]",
    ),
    "back extension: arms folded along the body": (
        fig(
            "side",
            ("mat",),
            ("hips on floor",),
            {"elbow": 170},
            {"trunk": -25, "upper_back": -10, "neck": 30, "shoulder": 55, "elbow": 90},
            "prone",
        ),
        "start",
    ),
}


@pytest.mark.parametrize("name", AS_THEY_WERE)
def test_the_figures_as_they_were_drawn_are_caught(name: str) -> None:
    figure, where = AS_THEY_WERE[name]
    assert where in [finding.where for finding in problems(figure)], only(figure)
