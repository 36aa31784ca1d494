"""Figures: the renderer's exact output, every built-in exercise drawn, `show` with pictures
and `--svg`, the live screen's figure (eased, mirrored, hidden where it does not fit)."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from stretchcli.body.projection import Stroke, focus_points, nearness, project, strokes
from stretchcli.body.scene import props
from stretchcli.body.skeleton import (
    HEAD_RADIUS,
    Segment,
    blend,
    body,
    joints_of,
    segments_of,
    skeleton,
)
from stretchcli.cli.app import app
from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.model import BASES, VIEWS, Figure, Pose, View, apply_variant
from stretchcli.session.coaching import SessionInfo, script
from stretchcli.session.options import RunOptions
from stretchcli.session.planning import plan
from stretchcli.session.runner import RunState
from stretchcli.session.timeline import build
from stretchcli.views.figure import bounds, draw
from stretchcli.views.live import figure_size, live_drawing, phase_figure, session_view
from tests.conftest import BUILTIN, Stretch

ARMS_OUT = Figure("front", Pose("standing"), Pose("standing", (("shoulder_out", 90),)), ("floor",))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


def test_the_renderer_draws_braille_at_a_fixed_size() -> None:
    start = draw(ARMS_OUT, ARMS_OUT.start, 12, 8)
    assert start.lines == (
        "            ",
        "     ⢠⡄     ",
        "    ⢠⣾⣷     ",
        "    ⢸⣿⣿     ",
        "    ⠈⡇⣿     ",
        "     ⡇⣿     ",
        "⠐⠒⠒⠒⠒⠓⠛⠒⠒⠒⠒⠂",
        "            ",
    )
    end = draw(ARMS_OUT, ARMS_OUT.end, 12, 8)
    assert end.lines[2] == " ⠐⠒⠒⠒⢺⡗⠒⠒⠒⠂ "  # the arms out to the sides, each on its own side
    # The arms move (drawn in the phase's colour), the floor is a prop (dim), the rest body.
    assert "".join(layer[0] if layer else "." for layer in end.layers[2]) == ".mmmmbbmmmm."
    assert "".join(layer[0] if layer else "." for layer in end.layers[6]) == "pppppbbppppp"


BRIDGE = Figure(
    "side", Pose("lying", (("hip", 45), ("knee", 97), ("ankle", 38))), Pose("bridge"), ("floor",)
)
HEELS = Figure(
    "side",
    Pose("all-fours"),
    Pose("heel-sitting", (("trunk", 60), ("upper_back", 20), ("shoulder", 125))),
    ("floor",),
)


def test_the_new_bases_are_drawn_exactly() -> None:
    # On the back with the hips lifted, seen from the left (facing the left edge): the trunk
    # slopes up from the head (right) to the knees.
    assert draw(BRIDGE, BRIDGE.end, 16, 6).lines == (
        "                ",
        "                ",
        "    ⢸⠒⠢⢤⣀⡀  ⢀   ",
        " ⢀⣀⣀⣸⣀⣀⣠⣤⣭⣿⣶⣜⣿⣂ ",
        "                ",
        "                ",
    )
    # From all fours, sitting back on the heels with the hands still on the floor ahead.
    assert draw(HEELS, HEELS.end, 16, 6).lines == (
        "                ",
        "                ",
        "     ⣤⣄⣀⡀       ",
        "     ⡹⠊⠉⠉⣙⣲⠄    ",
        "⠐⠒⠒⠲⠚⠒⠒⠒⠛⠛⠛⠓⠒⠒  ",
        "                ",
    )


def _cross(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float, float]:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_is_a_true_view_not_its_mirror_image(view: View) -> None:
    """The picture's right and up, and the direction toward the viewer, make a right-handed
    frame, as they do for an eye: what is nearer is drawn over what is farther, and a
    person's left is on the right of the picture when they face the viewer."""
    axes = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
    right = tuple(project(a, view)[0] for a in axes)
    up = tuple(project(a, view)[1] for a in axes)
    toward = tuple(nearness(a, view) for a in axes)
    assert sum(c * t for c, t in zip(_cross(right, up), toward, strict=True)) > 0.9


JOINTS = (
    *("trunk", "lean", "turn", "side_bend", "neck", "left_shoulder", "left_shoulder_out"),
    *("left_elbow", "right_hip", "left_hip_out", "left_hip_turn", "left_knee"),
)


def _as_drawn(drawn: list[Stroke], flip: bool = False) -> list[tuple[object, ...]]:
    """The strokes as unordered pairs of ends (flipped left to right), with their parts."""
    sign = -1 if flip else 1

    def end(point: tuple[float, float]) -> tuple[float, float]:
        return (round(sign * point[0], 6) + 0.0, round(point[1], 6))

    return sorted((*sorted((end(s.a), end(s.b))), s.part, s.radius) for s in drawn)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(VIEWS),
    st.sampled_from(BASES),
    st.dictionaries(st.sampled_from(JOINTS), st.integers(-60, 120), max_size=5),
)
def test_the_right_side_is_drawn_as_the_left_side_mirrored(
    view: View, base: str, joints: dict[str, int]
) -> None:
    """Done on the right side, a pose is the left side's mirror image, seen from the other
    side: its picture is the left side's flipped left to right, the working limbs near in
    both (a left ankle on the right knee is never drawn as a right ankle on the left knee)."""
    pose = Pose(base, tuple(joints.items()))  # type: ignore[arg-type]
    figure = Figure(view, pose, pose, ("mat",) if base != "sitting" else ("chair",))
    left, right = strokes(figure, pose), strokes(figure, pose, mirror=True)
    assert _as_drawn(right) == _as_drawn(left, flip=True)


def test_a_side_view_draws_the_working_leg_near_on_either_side(catalog: Catalog) -> None:
    """Seen from the side doing the work, the raised leg of the seated knee to chest is
    drawn over the other, in full colour, on the left side and on the right; the figure four's
    two sides are two different pictures."""
    figure = catalog.exercises["seated-knee-to-chest"].figure
    assert figure is not None
    for mirror in (False, True):
        drawn = strokes(figure, figure.end, mirror)
        thighs = [s for s in drawn if s.radius == 0.16]
        raised = max(thighs, key=lambda s: s.b[1])  # the knee that comes up
        assert raised.part == "near" and raised.moving
        assert drawn.index(raised) > drawn.index(next(t for t in thighs if t is not raised))
    four = catalog.exercises["seated-figure-four"].figure
    assert four is not None
    assert _as_drawn(strokes(four, four.end, True)) != _as_drawn(strokes(four, four.end))


@settings(max_examples=40, deadline=None)
@given(st.integers(-50, 70), st.integers(-40, 40), st.integers(-60, 60))
def test_the_face_is_a_small_nose_low_on_the_head(neck: int, back: int, turn: int) -> None:
    """Whatever the head does, the mark that shows the face is a short stroke low on the
    front of the head (a bar from its centre read as the peak of a cap)."""
    bones = skeleton("sitting", {"neck": neck, "upper_back": back, "turn": turn})
    head, face, nose = (bones.points[n] for n in ("head", "face", "nose"))
    up, forward = bones.axis(bones.head, 1), bones.axis(bones.head, 2)
    for point in (face, nose):
        offset = tuple(p - h for p, h in zip(point, head, strict=True))
        assert sum(o * u for o, u in zip(offset, up, strict=True)) < -0.1  # below the eyes
        assert sum(o * f for o, f in zip(offset, forward, strict=True)) > 0.2  # in front
    mark = next(s for s in segments_of(bones) if s.part == "head" and not s.disc)
    assert math.dist(head, nose) + mark.radius - HEAD_RADIUS < 0.2  # it barely sticks out
    assert mark.radius <= 0.07


def test_a_figure_moving_between_bases_is_eased_from_one_to_the_other() -> None:
    """The live screen blends joint angles (with a base's tilt and lift among them), drawn on
    the start's base: a hold ends exactly in the held position, a relax back at the start."""
    for figure in (BRIDGE, HEELS):
        start, end = joints_of(figure.start), joints_of(figure.end)
        before, held = draw(figure, figure.start, 16, 6), draw(figure, figure.end, 16, 6)
        assert draw(figure, blend(start, end, 1.0), 16, 6) == held
        assert draw(figure, blend(end, start, 1.0), 16, 6) == before
        assert draw(figure, blend(start, end, 0.5), 16, 6) not in (before, held)


def _floor(figure: Figure, pose: Pose) -> tuple[list[Segment], float]:
    """The body in a pose, and the height of the floor drawn under the figure's start."""
    bones = skeleton(pose.base, joints_of(pose))
    anchor = skeleton(figure.start.base, joints_of(figure.start))
    floor = [s for s in props(figure.props, bones, anchor) if s.a[1] == s.b[1] and not s.disc]
    return segments_of(bones), max(s.a[1] for s in floor)


def _head_bottom(segments: list[Segment]) -> float:
    head = next(s for s in segments if s.part == "head")
    return head.a[1] - head.radius


def test_a_bridge_lifts_the_hips_off_the_floor_a_lying_figure_rests_on() -> None:
    lying, floor = _floor(BRIDGE, BRIDGE.start)
    bridge, same_floor = _floor(BRIDGE, BRIDGE.end)
    assert floor == same_floor  # props stay where the start put them
    assert _head_bottom(lying) == pytest.approx(floor, abs=0.05)
    assert _head_bottom(bridge) == pytest.approx(floor, abs=0.05)  # the head stays down
    pelvis = bridge[0].a
    assert pelvis[1] - floor > 1.0  # the hips are well off the floor
    feet = [s.b for s in bridge if s.part in ("near", "far") and s.radius == 0.12]
    assert all(abs(toe[1] - floor) < 0.25 for toe in feet)  # the feet stay on it


def test_sitting_back_on_the_heels_keeps_the_knees_on_the_same_floor() -> None:
    fours, _ = _floor(HEELS, HEELS.start)
    heels, _ = _floor(HEELS, HEELS.end)
    knees = [s.b for s in fours if s.part in ("near", "far") and s.radius == 0.16]
    knelt = [s.b for s in heels if s.part in ("near", "far") and s.radius == 0.16]
    assert [k[1] for k in knelt] == pytest.approx([k[1] for k in knees])
    ankles = [s.b for s in heels if s.part in ("near", "far") and s.radius == 0.15]
    assert heels[0].a[1] < fours[0].a[1] - 1.0  # the hips come down onto the heels
    assert all(abs(heels[0].a[1] - ankle[1]) < 0.7 for ankle in ankles)


def test_prone_lies_face_down_and_props_up_on_the_elbows() -> None:
    start, end = Pose("prone"), Pose("prone", (("trunk", -25), ("shoulder", 55), ("elbow", 90)))
    flat, raised = body("prone", joints_of(start)), body("prone", joints_of(end))
    head = next(s for s in flat if s.part == "head").a
    assert head[2] > 2.5 and abs(head[1]) < 0.01  # ahead of the hips, at their height
    feet = [s.b for s in flat if s.radius == 0.15]
    assert all(ankle[2] < -3 for ankle in feet)  # the legs lie straight back
    up = next(s for s in raised if s.part == "head").a
    elbows = [s.b for s in raised if s.part in ("near", "far") and s.radius == 0.13][::2]
    assert up[1] > 1.0  # the chest and head lift
    assert all(elbow[1] < 0.1 for elbow in elbows)  # on the elbows, down by the hips' level


def test_with_no_wall_the_ball_goes_under_the_upper_back() -> None:
    figure = Figure("side", Pose("lying", (("hip", 45),)), Pose("lying"), ("ball", "mat"))
    segments, floor = _floor(figure, figure.start)
    bones = skeleton(figure.start.base, joints_of(figure.start))
    ball = next(s for s in props(figure.props, bones, bones) if s.disc)
    back = [s for s in segments if s.part == "body"][1]
    assert ball.a[1] < min(back.a[1], back.b[1]) - 0.2  # below the upper back
    assert ball.a[1] - ball.radius == pytest.approx(floor)  # resting on the floor


def test_a_figure_keeps_its_size_and_place_as_it_moves() -> None:
    assert draw(ARMS_OUT, ARMS_OUT.start, 12, 8).lines[1] == "     ⢠⡄     "
    assert draw(ARMS_OUT, ARMS_OUT.end, 12, 8).lines[1] == "     ⢠⡄     "


def test_every_built_in_exercise_has_start_and_end_figures_that_differ(catalog: Catalog) -> None:
    drawn = 0
    for exercise in catalog.exercises.values():
        for variant in (None, *exercise.variants):
            figure = apply_variant(exercise, variant).figure
            assert figure is not None, f"{exercise.id} ({variant}) has no figure"
            start = draw(figure, figure.start, 24, 12)
            end = draw(figure, figure.end, 24, 12)
            assert start.lines != end.lines, f"{exercise.id} ({variant}): start and end look alike"
            assert "moving" in {layer for row in end.layers for layer in row}, exercise.id
            drawn += 1
    # The variants: rhomboid-stretch's chair and long-sitting, ball-pressure's floor,
    # childs-pose's bottom-to-heels, band-row's band and no-band, scapular-squeeze's band.
    assert drawn == len(catalog.exercises) + 7


def test_show_draws_the_start_and_held_positions(runner: CliRunner) -> None:
    out = runner.invoke(app, ["show", "thoracic-side-bend", "--figures"]).stdout
    lines = out.splitlines()
    captions = next(i for i, line in enumerate(lines) if "start" in line and "held" in line)
    figure = lines[captions - 12 : captions]
    assert all(set(line) <= {" "} | {chr(c) for c in range(0x2800, 0x2900)} for line in figure)
    assert sum(line.strip() != "" for line in figure) >= 10
    assert lines[captions + 2] == "How to do it"


class Screen(io.StringIO):
    """What a terminal would show: standard output that is a tty."""

    def isatty(self) -> bool:
        return True


def _show(*args: str, term: str = "xterm-256color", tty: bool = True) -> str:
    from stretchcli.cli import main
    from stretchcli.env import Environment

    out = Screen() if tty else io.StringIO()
    environ = {**os.environ, "TERM": term}
    assert main(["show", *args], Environment(io.StringIO(), out, io.StringIO(), environ)) == 0
    return out.getvalue()


HELD = (
    "held       Seated, the right arm raised overhead, leaning to the left, the left hand "
    "sliding down the outside of the left leg"
)


def _facts(text: str) -> str:
    """The page's fact lines, joined where they wrap."""
    lines = [line.rstrip() for line in text.splitlines()]
    return " ".join(line.strip() if line.startswith("   ") else "\n" + line for line in lines)


def test_show_draws_braille_only_on_a_terminal_that_can_show_it(stretch: Stretch) -> None:
    """On a terminal: the pictures. TERM=dumb, --plain, `figures = false` or a pipe: none (a
    screen reader would read every dot out), unless --figures asks. The words are always
    there."""
    assert _has_braille(_show("thoracic-side-bend"))
    assert _has_braille(_show("thoracic-side-bend", "--figures", tty=False))
    for words in (
        _show("thoracic-side-bend", term="dumb"),
        _show("thoracic-side-bend", "--plain"),
        _show("thoracic-side-bend", tty=False),
    ):
        assert not _has_braille(words)
        assert HELD in _facts(words)
        assert "\x1b" not in words  # nor any escape code
    assert not _has_braille(_show("thoracic-side-bend", "--no-figures"))
    assert stretch("config", "figures", "false").code == 0
    assert not _has_braille(_show("thoracic-side-bend"))
    assert _has_braille(_show("thoracic-side-bend", "--figures"))


def test_plain_show_has_no_styles_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    styled = _show("thoracic-side-bend")
    assert "\x1b[1m" in styled  # bold headings on a terminal
    assert "\x1b" not in _show("thoracic-side-bend", "--plain")


def test_show_variant_draws_and_describes_the_variant(runner: CliRunner) -> None:
    plain = runner.invoke(app, ["show", "rhomboid-stretch", "--variant", "long-sitting"])
    assert plain.exit_code == 0
    assert plain.stdout.splitlines()[0] == (
        "Rhomboid stretch  rhomboid-stretch --variant long-sitting · built-in"
    )
    assert "held       Sitting on the floor, legs out, knees soft, fingers laced" in plain.stdout
    assert "  1. Sit on the floor with your legs straight out in front of you." in plain.stdout
    chair = runner.invoke(app, ["show", "rhomboid-stretch", "--figures"]).stdout
    floor = runner.invoke(
        app, ["show", "rhomboid-stretch", "--variant", "long-sitting", "--figures"]
    ).stdout
    braille = {line for line in floor.splitlines() if _has_braille(line)}
    assert braille and braille != {line for line in chair.splitlines() if _has_braille(line)}
    data = json.loads(
        runner.invoke(app, ["show", "ball-pressure", "--variant", "floor", "--json"]).stdout
    )
    assert data["figure"]["props"] == ["ball", "mat", "pillow"]
    assert data["position"] == "lying"
    bad = runner.invoke(app, ["show", "rhomboid-stretch", "--variant", "lying"])
    assert (bad.exit_code, bad.stderr) == (
        2,
        "stretch: --variant: rhomboid-stretch has no variant 'lying' "
        "(variants: chair, long-sitting)\n",
    )
    routine = runner.invoke(app, ["show", "upper-back", "--variant", "chair"])
    assert (routine.exit_code, routine.stderr) == (
        2,
        "stretch: --variant: upper-back has no variant 'chair' (only exercises have variants)\n",
    )


def test_show_json_has_the_pose_data(runner: CliRunner) -> None:
    shown = json.loads(runner.invoke(app, ["show", "scapular-squeeze", "--json"]).stdout)
    assert shown["figure"] == {
        "view": "side",
        "props": ["chair"],
        "description": "Seated tall, hands resting on the thighs, shoulder blades drawn back and "
        "a little down, chin level",
        "checks": [
            "feet on floor",
            "seat on chair",
            "hands on thighs",
            "back upright",
            "chin level",
        ],
        "focus": ["neck", "shoulders"],
        "start": {"base": "sitting", "shoulder": 3, "elbow": 51, "shoulder_across": 21},
        "end": {
            "base": "sitting",
            "shoulder_back": 15,
            "shoulder": -3,
            "elbow": 56,
            "shoulder_across": 20,
        },
    }
    rhomboid = json.loads(runner.invoke(app, ["show", "rhomboid-stretch", "--json"]).stdout)
    long_sitting = rhomboid["variants"]["long-sitting"]["figure"]
    assert long_sitting["start"]["base"] == "long-sitting"
    assert "hands at shoulder height" in long_sitting["checks"]
    knee = json.loads(runner.invoke(app, ["show", "knee-to-chest", "--json"]).stdout)
    assert knee["figure"]["end"]["checks"] == ["hands behind left thigh"]


def test_show_help_names_the_positions_as_the_figures_caption_them(runner: CliRunner) -> None:
    words = " ".join(runner.invoke(app, ["show", "--help"], env={"COLUMNS": "100"}).stdout.split())
    assert "with its start and held positions in words and pictures" in words
    assert "--svg FILE Write an exercise's start and held positions to this file" in words
    assert "end position" not in words  # the captions say "start" and "held"


def test_show_svg_writes_both_positions(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "rotation.svg"
    result = runner.invoke(app, ["show", "thoracic-rotation", "--svg", str(path)])
    assert (result.exit_code, result.stdout) == (0, f"{path}\n")
    root = ET.fromstring(path.read_text())
    ns = "{http://www.w3.org/2000/svg}"
    assert [t.text for t in root.iter(f"{ns}text")] == ["start", "held"]
    # What a screen reader says of the picture: its title, then the held position in words.
    assert root.attrib["role"] == "img"
    assert [child.tag for child in root][:2] == [f"{ns}title", f"{ns}desc"]
    assert root.findtext(f"{ns}title") == "Seated thoracic rotation: start and held positions"
    assert root.findtext(f"{ns}desc") == (
        "Seated tall, arms crossed with the hands on the shoulders, the chest turned to one "
        "side, hips facing forward"
    )
    assert len(list(root.iter(f"{ns}circle"))) == 2  # a head in each
    assert len(list(root.iter(f"{ns}line"))) > 20
    routine = runner.invoke(app, ["show", "upper-back", "--svg", str(path)])
    assert routine.exit_code == 2
    assert routine.stderr == (
        "stretch: --svg: upper-back has no figure (figures belong to exercises)\n"
    )


def _side_bend(catalog: Catalog) -> tuple[RunState, SessionInfo]:
    routine = catalog.routine("upper-back")
    planned = plan(routine, catalog.exercises, RunOptions(only=("thoracic-side-bend",)))
    phases = build(planned, "full")
    steps = [s.exercise for s in planned.steps]
    return RunState(phases), SessionInfo(routine.name, steps, script(phases, steps))


def _at(state: RunState, index: int) -> None:
    state.index = index
    state.phase_started = state.phases[index].offset
    state.deadline = state.phase_started + state.phases[index].duration


def test_a_hold_moves_into_the_held_position_over_its_first_second(catalog: Catalog) -> None:
    state, info = _side_bend(catalog)
    figure = info.steps[0].figure
    assert figure is not None
    hold = next(p for p in state.phases if p.kind == "hold")
    _at(state, hold.index)
    start = draw(figure, joints_of(figure.start), 26, 12, blocks=True)
    end = draw(figure, joints_of(figure.end), 26, 12, blocks=True)
    at = [phase_figure(state, info, hold.offset + s) for s in (0.0, 0.5, 1.0, 10.0)]
    assert at[0] == start
    assert at[1] not in (start, end)  # on its way
    assert at[2] == at[3] == end
    right = next(p for p in state.phases if p.kind == "hold" and p.side == "right")
    _at(state, right.index)
    mirrored = phase_figure(state, info, right.offset + 5)
    assert mirrored is not None and mirrored != end  # leaning the other way


def _screen(catalog: Catalog, width: int, height: int, figures: bool = True) -> str:
    state, info = _side_bend(catalog)
    hold = next(p for p in state.phases if p.kind == "hold")
    _at(state, hold.index)
    console = Console(file=io.StringIO(), width=width, height=height, no_color=True)
    console.print(session_view(state, info, hold.offset + 3, width, height, figures))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def _has_braille(text: str) -> bool:
    return any(0x2800 < ord(c) < 0x2900 for c in text)


def _figure_rows(screen: str) -> list[str]:
    """The rows of the live screen the figure spans beside the countdown: from the first
    with its half blocks to the last (the countdown's digits are whole blocks only)."""
    lines = screen.splitlines()
    rows = [i for i, line in enumerate(lines) if set(line) & {"▀", "▄"}]
    return lines[rows[0] : rows[-1] + 1] if rows else []


def test_the_live_screen_shows_the_figure_only_where_it_fits(catalog: Catalog) -> None:
    """Where the screen has room the figure is drawn in solid half blocks, much taller than
    the 5 rows of the countdown; on a small screen the countdown comes first, alone."""
    large = _screen(catalog, 100, 30)
    assert len(large.splitlines()) <= 30 and not _has_braille(large)
    assert len(_figure_rows(large)) >= 12
    assert len(_figure_rows(_screen(catalog, 160, 48))) > len(_figure_rows(large))
    for small in (_screen(catalog, 80, 24), _screen(catalog, 60, 30)):
        assert not _figure_rows(small)
        assert any("█" in line for line in small.splitlines()[:8])  # the countdown, at the top
    assert not _figure_rows(_screen(catalog, 100, 30, figures=False))


def test_json_phases_name_their_pose(stretch: Stretch) -> None:
    code, out, _ = stretch("run", "upper-back", "--json", "--only", "scapular-squeeze")
    assert code == 0
    phases = [json.loads(line) for line in out.splitlines()][:-1]
    assert {(p["kind"], p["pose"]) for p in phases} == {
        ("prepare", "start"),
        ("hold", "end"),
        ("relax", "start"),
        ("rest", "start"),
    }


def test_figures_can_be_turned_off_in_the_config_or_for_one_run(
    stretch: Stretch, isolated: Path
) -> None:
    from stretchcli.files.config_file import load_config
    from stretchcli.history.past import Past
    from stretchcli.session.settings import RunFlags, RunSettings

    code, out, _ = stretch("config", "figures", "false")
    assert code == 0 and out.startswith("figures = false")
    config = load_config({"STRETCH_CONFIG_DIR": str(isolated / "config")})

    def figures(flag: bool | None) -> bool:
        flags = RunFlags(figures=flag)
        return RunSettings.resolve(flags=flags, config=config, past=Past(), routine="x").figures

    assert (figures(None), figures(True), figures(False)) == (False, True, False)


# The least a figure on the live screen changes between its start and its held position, in
# character cells at 100x30: chosen (the smallest change that still read from a chair 2 m
# away when watched; the band squeeze's forearms turning out, 10 cells, is at the limit).
LEAST_CHANGE = 10


def _live_change(figure: Figure, mirror: bool, width: int = 100, height: int = 30) -> int:
    size = figure_size(figure, width, height)
    start = live_drawing(figure, tuple(sorted(joints_of(figure.start).items())), mirror, size)
    end = live_drawing(figure, tuple(sorted(joints_of(figure.end).items())), mirror, size)
    pairs = zip("".join(start.lines), "".join(end.lines), strict=True)
    return sum(a != b for a, b in pairs)


def _built_in_figures(catalog: Catalog) -> list[tuple[str, Figure]]:
    found = []
    for exercise in catalog.exercises.values():
        for variant in (None, *exercise.variants):
            figure = apply_variant(exercise, variant).figure
            if figure is not None and not (variant and figure is exercise.figure):
                found.append((exercise.id + (f" ({variant})" if variant else ""), figure))
    return found


def test_every_figure_changes_visibly_on_the_live_screen(catalog: Catalog) -> None:
    """At 100x30 every built-in figure's held position differs from its start in at least
    LEAST_CHANGE character cells, on either side."""
    for name, figure in _built_in_figures(catalog):
        for mirror in (False, True):
            change = _live_change(figure, mirror)
            assert change >= LEAST_CHANGE, f"{name}{' (right)' if mirror else ''}: {change}"


def test_a_figure_with_a_focus_is_framed_to_it_on_the_live_screen(catalog: Catalog) -> None:
    """A figure that names the parts that move (its focus) is drawn on the live screen as a
    close-up of them: its movement covers more cells than the whole body's would, and every
    focused point of both positions, on either side, is inside the picture."""
    framed = [(name, figure) for name, figure in _built_in_figures(catalog) if figure.focus]
    assert {name for name, _ in framed} >= {"pelvic-tilt", "chin-tuck", "scapular-squeeze"}
    for name, figure in framed:
        whole = dataclasses.replace(figure, focus=())
        assert _live_change(figure, False) > _live_change(whole, False), name
        left, bottom, right, top = bounds(figure, framed=True)
        for pose in (figure.start, figure.end):
            for mirror in (False, True):
                for x, y in focus_points(figure, pose, mirror):
                    assert left < x < right and bottom < y < top, name
    # Without a focus the frame is the whole body, on the live screen as in `show`.
    plain = next(figure for _, figure in _built_in_figures(catalog) if not figure.focus)
    assert bounds(plain, framed=True) == bounds(plain)


@settings(max_examples=40, deadline=None)
@given(st.floats(1, 25), st.sampled_from(["sitting", "standing", "long-sitting"]))
def test_the_neck_bent_back_and_the_head_nodded_as_much_slides_the_head_back(
    angle: float, base: str
) -> None:
    """A chin tuck: the neck bends back at its base and the head nods forward on its top by
    the same angle: the head moves straight back, the face still looks where it looked, and
    the trunk and the shoulders do not move."""
    joints = joints_of(Pose(base))  # type: ignore[arg-type]
    still = skeleton(base, joints)  # type: ignore[arg-type]
    tuck = {**joints, "neck": joints.get("neck", 0.0) - angle, "upper_neck": angle}
    tucked = skeleton(base, tuck)  # type: ignore[arg-type]
    back = tuple(-c for c in still.axis(still.chest, 2))
    moved = tuple(b - a for a, b in zip(still.points["head"], tucked.points["head"], strict=True))
    assert (
        sum(m * b for m, b in zip(moved, back, strict=True))
        > 0.5 * math.sin(math.radians(angle)) * 0.99
    )
    assert still.axis(still.head, 2) == pytest.approx(tucked.axis(tucked.head, 2))
    for name in ("pelvis", "middle", "neck", "left_shoulder", "right_shoulder", "left_hand"):
        assert tucked.points[name] == pytest.approx(still.points[name]), name
