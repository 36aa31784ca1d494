"""A figure's poses checked on their drawn geometry: every built-in figure keeps what it
declares and is a body a person has, and each rule catches the figure that breaks it."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.body.declarations import BadCheck, parse
from stretchcli.body.posture import Finding, problems
from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.model import Figure, Pose, apply_variant
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
    assert len(shown) == 26  # 21 exercises, 5 variants with figures of their own
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


def drawn(
    view: str,
    props: tuple[str, ...],
    checks: tuple[str, ...],
    start: Pose,
    end: Pose,
) -> Figure:
    return Figure(view, start, end, props, checks)  # type: ignore[arg-type]


def at(base: str, checks: tuple[str, ...] = (), /, **joints: float) -> Pose:
    return Pose(base, tuple(joints.items()), checks)  # type: ignore[arg-type]


# The figures a physiotherapist reviewed (issue 25's first pass), each with what its
# instructions say, in the words of a declaration it breaks, and why: the declaration, and a
# piece of the message that names what is wrong.
CAT = {"trunk": 8.0, "upper_back": -6.0, "neck": -20.0, "shoulder": 70.0, "elbow": 6.0}
CAT_HELD = {"trunk": -20.0, "upper_back": 40.0, "neck": 30.0, "shoulder": 93.0, "elbow": 5.0}
NEEDLE = {"turn": -70.0, "trunk": 29.0, "upper_back": 30.0, "neck": -30.0, "left_shoulder": 124.0}
NEEDLE |= {"left_shoulder_across": 40.0, "left_elbow": 0.0, "right_shoulder": 75.0}
NEEDLE |= {"right_shoulder_across": 13.0, "right_elbow": 51.0}
SQUEEZE = {"shoulder_back": 25.0, "shoulder": 18.0, "elbow": 24.0, "shoulder_across": 15.0}
FLOOR_BALL = {"hip": 44.0, "knee": 106.0, "ankle": 28.0, "trunk": 10.0, "upper_back": -5.0}
KNEE = {"right_hip": 45.0, "right_knee": 97.0, "right_ankle": 38.0, "left_hip": 125.0}
KNEE |= {"left_knee": 125.0, "left_ankle": 50.0, "shoulder": 25.0, "elbow": 55.0}
KNEE |= {"left_shoulder_across": 15.0, "right_shoulder_across": 40.0}
HOOK = {"hip": 45.0, "knee": 97.0, "ankle": 38.0}
FOLDED = {"trunk": 75.0, "upper_back": 55.0, "neck": 30.0, "shoulder": 125.0, "elbow": 90.0}
BENT_OVER = {"hip_out": 25.0, "trunk": 60.0, "upper_back": 65.0, "neck": 62.0}
BENT_OVER |= {"shoulder_across": -35.0, "shoulder_out": -10.0, "shoulder_turn": 60.0}
BEHIND = {k: v for k, v in KNEE.items() if "shoulder" not in k and k != "elbow"}
BEHIND |= {"left_shoulder": 7.0, "left_elbow": 62.0, "left_shoulder_across": 17.0}
BEHIND |= {"right_shoulder": 28.0, "right_elbow": 34.0, "right_shoulder_across": 42.0}
BOOK = {"hip": 90.0, "knee": 90.0, "shoulder": 90.0, "right_hip_out": -12.0}
REVIEWED = {
    "cat-camel: the knees and shins hover over the mat": (
        drawn("side", ("mat",), ("knees on floor",), at("all-fours", **CAT), at("all-fours")),
        "checks[1]",
        "the left knee is 0.2 above the floor",
    ),
    "cat-camel: the hands lift as the back rounds": (
        drawn(
            "side",
            ("mat",),
            ("hands stay put",),
            at("all-fours", **CAT),
            at("all-fours", **CAT_HELD),
        ),
        "checks[1]",
        "the left hand moves 0.2 from where it was at the start",
    ),
    "open book: the top arm a shoulder's width over the bottom one, not resting on it": (
        drawn(
            "above",
            ("mat", "pillow"),
            ("head on pillow",),
            at("side-lying", ("hands together",), **BOOK),
            at("side-lying", **BOOK),
        ),
        "start.checks[1]",
        "the hands are 1.3 apart",
    ),
    "open book: the bottom arm lifted off the floor when the book opens": (
        drawn(
            "above",
            ("mat", "pillow"),
            ("left hand on floor",),
            at("side-lying", **BOOK),
            at("side-lying", **BOOK, turn=-90, right_shoulder_across=-60, left_shoulder_across=-90),
        ),
        "checks[1]",
        "is not true in the held position: the left hand is 0.8 above the floor",
    ),
    "scapular squeeze: the upper back leans back": (
        drawn(
            "side",
            ("chair",),
            ("back upright",),
            at("sitting"),
            at("sitting", upper_back=-8, neck=-5, **SQUEEZE),
        ),
        "checks[1]",
        "the upper back leans back 8 degrees",
    ),
    "scapular squeeze: the chin lifts": (
        drawn(
            "side",
            ("chair",),
            ("chin level",),
            at("sitting"),
            at("sitting", upper_back=-8, neck=-5, **SQUEEZE),
        ),
        "checks[1]",
        "the chin is lifted 13 degrees",
    ),
    "pelvic tilt: a big mid-back arch at the start": (
        drawn(
            "side",
            ("mat",),
            ("hips on floor",),
            at(
                "lying",
                ("small gap under low back",),
                **HOOK,
                trunk=15,
                upper_back=-30,
                neck=35,
                shoulder=-15,
            ),
            at("lying", **HOOK),
        ),
        "start.checks[1]",
        "the gap under the low back is 0.36, not between 0.02 and 0.2",
    ),
    "thread the needle: the planted hand slides out to the side": (
        drawn(
            "front",
            ("mat",),
            ("right hand stays put",),
            at("all-fours"),
            at("all-fours", **NEEDLE),
        ),
        "checks[1]",
        "the right hand moves 1.5 from where it was at the start",
    ),
    "thread the needle: the planted hand floats": (
        drawn(
            "front", ("mat",), ("right hand on floor",), at("all-fours"), at("all-fours", **NEEDLE)
        ),
        "checks[1]",
        "the right hand is 0.2 above the floor",
    ),
    "child's pose: the hands in mid-air at the start": (
        drawn(
            "side",
            ("mat",),
            ("knees on floor",),
            at("heel-sitting", ("hands on thighs",), shoulder=30, elbow=20),
            at("heel-sitting"),
        ),
        "start.checks[1]",
        "the left hand is 0.7 from the left thigh",
    ),
    "child's pose: the forearms off the floor": (
        drawn(
            "side",
            ("mat",),
            ("knees on floor",),
            at("heel-sitting"),
            at(
                "heel-sitting",
                ("forearms on floor",),
                trunk=65,
                upper_back=43,
                shoulder=170,
                neck=-1,
                elbow=15,
            ),
        ),
        "end.checks[1]",
        "the left forearm is 0.2 above the floor",
    ),
    "seated forward bend: the head down in front of the toes": (
        drawn(
            "side",
            ("chair",),
            ("seat on chair",),
            at("sitting", hip_out=25),
            at("sitting", ("head between knees",), hip_out=25, **FOLDED),
        ),
        "end.checks[1]",
        "in front of the toes",
    ),
    "seated forward bend: propped on the forearms, not hanging": (
        drawn(
            "side",
            ("chair",),
            ("seat on chair",),
            at("sitting", hip_out=25),
            at("sitting", ("arms hanging",), hip_out=25, **FOLDED),
        ),
        "end.checks[1]",
        "the left forearm slopes down 5 degrees, not hanging",
    ),
    "ball on the floor: the hips float": (
        drawn(
            "side",
            ("ball", "mat"),
            ("hips on floor",),
            at("lying", **FLOOR_BALL, neck=-18),
            at("lying", **FLOOR_BALL, neck=-18),
        ),
        "checks[1]",
        "the seat is 0.2 above the floor",
    ),
    "ball on the floor: the head tipped back": (
        drawn(
            "side",
            ("ball", "mat"),
            ("head neutral",),
            at("lying", **FLOOR_BALL, neck=-18),
            at("lying", **FLOOR_BALL, neck=-18),
        ),
        "checks[1]",
        "the head is tipped back 18 degrees",
    ),
    "side bend: the sliding hand on the inside of the knee": (
        drawn(
            "front",
            ("chair",),
            ("seat on chair",),
            at("sitting", right_shoulder_out=170),
            at(
                "sitting",
                ("left hand outside left thigh",),
                right_shoulder_out=173,
                side_bend=22,
                lean=4,
                left_elbow=26,
                left_shoulder=5,  # as drawn, but touching the thigh
            ),
        ),
        "end.checks[1]",
        "the left hand is on the inside of the left thigh",
    ),
    "back extension: the chest already off the mat at the start": (
        drawn(
            "side",
            ("mat",),
            ("hips on floor",),
            at("prone", ("chest on floor",), trunk=-14, shoulder=9, elbow=150, neck=10),
            at("prone"),
        ),
        "start.checks[1]",
        "the chest is 0.",
    ),
    "knee to chest: the hands over the knee": (
        drawn(
            "side",
            ("mat",),
            ("head on floor",),
            at("lying", **HOOK),
            at("lying", ("hands behind left thigh",), **KNEE),
        ),
        "end.checks[1]",
        "at the left knee, not behind the thigh",
    ),
    "seated forward bend: the hanging arms go through the shins to reach round them": (
        drawn(
            "front",
            ("chair",),
            ("seat on chair",),
            at("sitting", hip_out=25),
            at("sitting", **BENT_OVER, shoulder=109, elbow=97),
        ),
        "end",
        "the left upper arm goes 0.1 into the left shin",
    ),
    "knee to chest: the forearm reaches behind the thigh through it, not round it": (
        drawn(
            "side",
            ("mat",),
            ("head on floor",),
            at("lying", **HOOK),
            at("lying", ("hands behind left thigh",), **BEHIND),
        ),
        "end",
        "the left forearm goes 0.2 into the left thigh",
    ),
    "ball at the wall: the feet slide forward as the knees bend": (
        drawn(
            "side",
            ("wall", "ball", "floor"),
            ("feet stay put",),
            at("standing"),
            at("standing", hip=30, knee=40),
        ),
        "checks[1]",
        "the left foot moves 0.6 from where it was at the start",
    ),
}


@pytest.mark.parametrize("name", REVIEWED)
def test_what_the_review_found_is_caught(name: str) -> None:
    """Each problem the physiotherapist saw in a picture breaks a declaration of what the
    exercise's instructions say, on the drawn points."""
    figure, where, why = REVIEWED[name]
    found = {finding.where: finding.message for finding in problems(figure)}
    assert where in found, only(figure)
    assert why in found[where]


@settings(max_examples=40, deadline=None)
@given(st.floats(-10, 12))
def test_a_hand_is_on_the_floor_only_while_its_edge_touches_it(lift: float) -> None:
    """Lying with the arms by the sides, lifted a little or pressed a little: the hands are
    on the floor exactly while the drawn hand's edge is within TOUCH (under 2 cm) above it
    or SINK into it; a hand hovering a few centimetres up is not on it."""
    from stretchcli.body.scene import scene
    from stretchcli.body.skeleton import joints_of, posed
    from stretchcli.body.tolerances import SINK, TOUCH

    start, end = at("lying", shoulder=-3), at("lying", ("hands on floor",), shoulder=-3 + lift)
    figure = drawn("side", ("mat",), ("head on floor",), start, end)
    floor = scene(("mat",), posed("lying", joints_of(start))).floor
    hand = posed("lying", joints_of(end)).points["left_hand"]
    gap = hand[1] - 0.13 - floor
    caught = any(f.where == "end.checks[1]" for f in problems(figure))
    if -SINK <= gap <= TOUCH:
        assert not caught, gap
    elif gap > TOUCH:
        assert caught, gap


@settings(max_examples=40, deadline=None)
@given(st.floats(40, 110), st.floats(40, 110))
def test_hands_under_shoulders_and_knees_under_hips_are_straight_below(
    shoulder: float, hip: float
) -> None:
    """On all fours, the hands are under the shoulders and the knees under the hips only
    while each is within ALIGN (about 7 cm) of straight below."""
    from stretchcli.body.skeleton import joints_of, posed
    from stretchcli.body.tolerances import ALIGN

    declared = ("hands under shoulders", "knees under hips")
    pose = at("all-fours", declared, shoulder=shoulder, hip=hip)
    figure = drawn("side", ("mat",), (), at("all-fours"), pose)
    p = posed("all-fours", joints_of(pose)).points
    found = {f.where for f in problems(figure)}
    pairs = (("end.checks[1]", ("hand", "shoulder")), ("end.checks[2]", ("knee", "hip")))
    for where, (low, high) in pairs:
        a, b = p[f"left_{low}"], p[f"left_{high}"]
        off = math.hypot(a[0] - b[0], a[2] - b[2])
        if abs(off - ALIGN) > 0.01:  # not on the edge, where rounding decides
            assert (where in found) == (off > ALIGN), (where, off)


def test_arms_straight_and_hands_together_are_measured_on_the_drawn_arms() -> None:
    """'arms straight' holds up to STRAIGHT degrees of elbow bend; 'hands together' while the
    hands touch (the open book's top hand resting on the bottom one)."""
    out = at("sitting", shoulder=90)
    bent = drawn("side", ("chair",), ("arms straight",), out, at("sitting", shoulder=90, elbow=40))
    assert only(bent) == [
        (
            "checks[1]",
            "'arms straight' is not true in the held position: the left elbow is bent 40 degrees",
        )
    ]
    soft = drawn("side", ("chair",), ("arms straight",), out, at("sitting", shoulder=90, elbow=12))
    assert only(soft) == []
    laced = drawn(
        "side",
        ("chair",),
        ("hands together", "hands at shoulder height"),
        at("sitting", shoulder=90, shoulder_across=16),
        at("sitting", shoulder=90, shoulder_across=5),
    )
    assert only(laced) == [
        ("checks[1]", "'hands together' is not true in the held position: the hands are 0.9 apart")
    ]
