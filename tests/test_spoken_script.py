"""The spoken script of every built-in routine at every rate a person is likely to pick: each
long hold is coached to its end (a breath, the time left, 3, 2, 1 a number a second and
"Ease off." on the bell), no line runs into another or past its phase, and no silence is
longer than 12 s. Walked over the script the runner says, timed by the estimate the fake
speech engine of the voice tests takes as long as."""

from __future__ import annotations

import functools
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.model import COACHES, Coach, Exercise, Phase
from stretchcli.model import RATES as MODEL_RATES
from stretchcli.safety import SHORT
from stretchcli.session import coaching, holds, pacing, wording
from stretchcli.session.holds import Coaching, Cue
from stretchcli.session.options import RunOptions
from stretchcli.session.pacing import Said
from stretchcli.session.planning import NOTHING_ELSE, plan
from stretchcli.session.speech import speech_seconds
from stretchcli.session.timeline import build
from tests.conftest import BUILTIN

ROUTINES = sorted(p.stem for p in BUILTIN.glob("*.yaml"))
RATES = (120, 140, 175, 220)
TIME_LEFT = re.compile(r"(\d+) more seconds\.$|Halfway\.$")


@functools.cache
def _catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


def _steps(routine: str) -> list[Exercise]:
    """The exercises of a routine as done (variants applied)."""
    catalog = _catalog()
    planned = plan(catalog.routine(routine), catalog.exercises, RunOptions())
    return [s.exercise for s in planned.steps]


def _script(routine: str, rate: int) -> list[tuple[Phase, Cue]]:
    catalog = _catalog()
    planned = plan(catalog.routine(routine), catalog.exercises, RunOptions(), "full", rate)
    phases = build(planned, "full", rate)
    steps = [s.exercise for s in planned.steps]
    told = Coaching("full", True, rate)
    cues = coaching.script(phases, steps, told, planned.intro, planned.prepare)
    return list(zip(phases, cues, strict=True))


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_every_long_hold_has_a_breath_and_the_time_left(routine: str, rate: int) -> None:
    catalog = _catalog()
    long = 0
    for phase, cue in _script(routine, rate):
        if phase.kind != "hold" or phase.duration < holds.LONG_HOLD:
            continue
        long += 1
        breathe = catalog.exercises[phase.exercise].cues.breathe or "Breathe out"
        starts = (holds.BREATHE_IN, breathe, holds.SHORT_OUT)
        assert any(s.text.startswith(starts) for s in cue.spoken), (routine, rate, cue)
        timed = [s for s in cue.spoken if TIME_LEFT.search(s.text)]
        assert len(timed) == 1, (routine, rate, cue)
        said = timed[0]
        match = TIME_LEFT.search(said.text)
        assert match is not None
        if match.group(1) is None:  # "Halfway." near the middle of a hold under 20 s
            assert phase.duration < 20 and abs(said.at - phase.duration / 2) <= 2.5, said
        elif said.text == match.group(0):  # on its own: the time left as it starts
            assert int(match.group(1)) == phase.duration - said.at, said
        else:  # after the out-breath: the time left once the breath is said
            assert 3 <= int(match.group(1)) < phase.duration - said.at, said
    assert long or routine not in ("upper-back", "trigger-point-release")


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_the_count_is_a_number_a_second_and_ease_off_is_on_the_bell(
    routine: str, rate: int
) -> None:
    script = _script(routine, rate)
    for (phase, cue), (following, after) in itertools.pairwise(script):
        if phase.kind != "hold" or phase.duration < holds.LONG_HOLD:
            continue
        count = [(phase.duration - s.at, s.text) for s in cue.spoken[-3:]]
        assert count == [(3.0, "3,"), (2.0, "2,"), (1.0, "1,")], (routine, rate, cue)
        for said in cue.spoken[-3:]:
            assert speech_seconds(said.text, rate) <= 1.0  # said before the next number
        first = after.spoken[0]
        assert first.at == 0, (routine, rate, after)
        if not first.text.startswith("Ease off. "):  # only when the next phase is too short
            eased = speech_seconds(f"Ease off. {first.text}", rate)
            assert eased > following.duration, (routine, rate, after)


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_no_line_overlaps_or_runs_past_its_phase_and_no_silence_over_12_s(
    routine: str, rate: int
) -> None:
    quiet_from = 0.0
    end = 0.0
    for phase, cue in _script(routine, rate):
        ends = 0.0
        for said in cue.spoken:
            assert said.at >= ends, (routine, rate, phase, said)
            ends = said.at + speech_seconds(said.text, rate)
            assert ends <= phase.duration + 1e-9, (routine, rate, phase, said)
            start = phase.offset + said.at
            assert start - quiet_from <= 12, (routine, rate, phase, said, quiet_from)
            quiet_from = phase.offset + ends
        end = phase.offset + phase.duration
    assert end - quiet_from <= 12  # the end of the session is said on the last bell


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_every_rep_is_said_and_a_short_holds_action_before_it(routine: str, rate: int) -> None:
    """Every hold's count is said (the seated row's 1 s pulls said nothing at all): as it
    starts, or, where even its number does not fit in it, ending on its bell in the phase
    before; a hold too short to say its action in has it said in its get-ready ("On each
    count, ..."), which stands for the first count of the first set where that is all there
    is room for (a later set's first count is said at the end of the rest before it)."""
    before: tuple[Phase, Cue] | None = None
    for phase, cue in _script(routine, rate):
        if phase.kind == "hold" and phase.rep:
            counted = (f"{phase.rep} of ", "Last one", wording.number_said(phase.rep))
            here = [s.text for s in cue.spoken if s.at == 0]
            assert before is not None
            last = before[1].spoken[-1] if before[1].spoken else None
            said_before = last is not None and any(c in last.text for c in counted)
            if said_before:
                assert last is not None
                ends = last.at + speech_seconds(last.text, rate)
                assert before[0].duration - ends <= 1.0, (routine, rate, phase, last)
            told = (
                last is not None and "On each count, " in last.text and phase.rep == phase.set == 1
            )
            counted_here = bool(here) and any(c in here[0] for c in counted)
            assert counted_here or said_before or told or (phase.rep == 1 and bool(here)), (
                routine,
                rate,
                phase,
                here,
                last,
            )
        before = (phase, cue)


_OF = re.compile(r"\b[0-9]+ of [0-9]+\.$")


def _count_form(text: str, rep: int) -> str | None:
    """How a line says a rep's count: 'of' ("3 of 10."), 'number' ("Three."), or None
    (no count, or "Last one.", which ends either kind of set)."""
    if _OF.search(text):
        return "of"
    if text == wording.sentence(wording.number_said(rep)):
        return "number"
    return None


@pytest.mark.parametrize("rate", range(100, 251, 5))
@pytest.mark.parametrize("routine", ROUTINES)
def test_the_reps_of_a_set_are_counted_alike(routine: str, rate: int) -> None:
    """A set's counts are said one way: its number alone ("Three.") or "3 of 10.", never
    both (at 175 the seated row said "Two. 3 of 10. Relax. Four.": each count was worded
    by what fitted)."""
    forms: dict[tuple[int, int, object], set[str]] = {}
    before: Cue | None = None
    for phase, cue in _script(routine, rate):
        if phase.kind == "hold" and phase.rep:
            here = [s.text for s in cue.spoken if s.at == 0]
            last = before.spoken[-1].text if before is not None and before.spoken else ""
            form = _count_form(here[0], phase.rep) if here else None
            form = form or _count_form(last, phase.rep)
            if form is not None:
                forms.setdefault((phase.step, phase.set, phase.side), set()).add(form)
        before = cue
    mixed = {key: found for key, found in forms.items() if len(found) > 1}
    assert not mixed, (routine, rate, mixed)


def _own_and_of(routine: str, done: set[str]) -> list[str]:
    """What the routine file says for a session of `done`: its own first caution, those of
    the steps done, then its other own ones, each once, read from the file itself."""
    import yaml

    data = yaml.safe_load((BUILTIN / f"{routine}.yaml").read_text(encoding="utf-8"))
    own = list(data.get("cautions", []))
    said = own[:1]
    for step in data["steps"]:
        if isinstance(step, dict) and step["exercise"] in done:
            said += [c for c in step.get("cautions", []) if c not in said + own]
    return [_without_skip_of_all(c, done) for c in said + own[1:]]


def _without_skip_of_all(caution: str, done: set[str]) -> str:
    """A caution that says to `--skip` the one exercise done says instead to run another
    routine: its clause from the last comma on is replaced."""
    if len(done) != 1 or (aside := f"(--skip {next(iter(done))})") not in caution:
        return caution
    head = caution[: caution.index(aside)].rsplit(",", 1)[0]
    return f"{head}, {NOTHING_ELSE}{caution[caution.index(aside) + len(aside) :]}"


@pytest.mark.parametrize("routine", ROUTINES)
def test_only_the_cautions_that_concern_what_is_done_are_said(routine: str) -> None:
    """With --only, --skip or --avoid, a step's cautions go with it; the routine's own
    stay. The whole routine says them all."""
    catalog = _catalog()
    whole = catalog.routine(routine)
    ids = [s.exercise for s in whole.steps]

    def cautions(options: RunOptions) -> tuple[list[str], set[str]]:
        planned = plan(whole, catalog.exercises, options)
        return list(planned.intro.cautions), {p.exercise.id for p in planned.steps}

    said, done = cautions(RunOptions())
    assert said == _own_and_of(routine, done) and set(said) == set(whole.cautions)
    for ident in ids:
        for options in (RunOptions(only=(ident,)), RunOptions(skip=(ident,))):
            said, done = cautions(options)
            assert said == _own_and_of(routine, done), (routine, options)
    for movement in ("rotation", "side-bend", "flexion", "extension"):
        said, done = cautions(RunOptions(avoid=frozenset({movement})))
        assert said == _own_and_of(routine, done), (routine, movement)


def test_the_balls_caution_is_not_said_without_the_ball() -> None:
    catalog = _catalog()
    ball = (
        "If you take blood thinners, bruise easily, have a clotting disorder, a blood clot in a "
        "vein or severe osteoporosis, quit and start again without the ball (--skip "
        "ball-pressure)."
    )
    upper_back = catalog.routine("upper-back")
    only = plan(upper_back, catalog.exercises, RunOptions(only=("rhomboid-stretch",)))
    assert ball not in only.intro.cautions
    assert ball in plan(upper_back, catalog.exercises, RunOptions()).intro.cautions
    assert ball in upper_back.cautions  # `stretch show` lists every caution of the routine


def _heard(text: str) -> set[str]:
    return wording.heard_keys(text)


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_every_caution_comes_before_the_move_into_position_and_the_hold_soon_after(
    routine: str, rate: int
) -> None:
    """The last words of a get-ready put you into position (the last setup line); every
    caution of the exercise was said before them, none after, and the hold starts within
    INTO_POSITION_SECONDS of their end: nobody leans on the ball through the cautions."""
    heard: set[str] = set()
    steps = _steps(routine)
    for phase, cue in _script(routine, rate):
        exercise = steps[phase.step]
        if phase.kind != "prepare":
            for said in cue.spoken:
                heard |= _heard(said.text)
            continue
        into = wording.sentence(wording.setup_lines(exercise)[-1])
        texts = [s.text for s in cue.spoken]
        assert into in texts, (routine, rate, texts)
        at = texts.index(into)
        for said in cue.spoken[:at]:
            heard |= _heard(said.text)
        for caution in exercise.cautions:
            for part in wording.sentences(wording.spoken(caution)):
                assert wording.heard_key(part) in heard, (routine, rate, part)
        if at + 1 < len(texts) and texts[at + 1].startswith("On each count, "):
            at += 1  # a hold too short to say the action in: it is said last
            if at + 1 < len(texts) and (
                texts[at + 1] == "One." or texts[at + 1].startswith("1 of ")
            ):
                at += 1  # and the first count, where the hold has no room for it
        after = texts[at + 1 :]
        assert all(t in coaching.MOVE_FILLERS for t in after), (routine, rate, after)
        said = cue.spoken[at]
        ends = said.at + speech_seconds(said.text, rate)
        assert phase.duration - ends <= coaching.INTO_POSITION_SECONDS, (routine, rate, said)
        heard |= _heard(into)


def _caution_keys(routine: str) -> set[str]:
    catalog = _catalog()
    whole = catalog.routine(routine)
    texts = list(whole.cautions)  # its own and its steps'
    texts += [c for exercise in _steps(routine) for c in exercise.cautions]
    return {k for text in texts for k in _heard(wording.spoken(text))}


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_no_caution_or_setup_sentence_is_said_twice(routine: str, rate: int) -> None:
    """In one session a caution is said once; an exercise's setup once in its get-ready
    (the per-rep action lines and counts repeat by design). Who must not do an exercise
    (its first caution) is said at its get-ready even when the start said it too, as the
    second time, where it can be acted on."""
    cautions = _caution_keys(routine)
    steps = _steps(routine)
    catalog = _catalog()
    started = coaching.said_at_start(
        plan(catalog.routine(routine), catalog.exercises, RunOptions(), "full", rate).intro
    )
    said: list[str] = []
    elsewhere: set[str] = set()  # said at an exercise's get-ready, not at the start
    for phase, cue in _script(routine, rate):
        again: set[str] = set()
        heard_here = {k for line in cue.spoken for k in _heard(line.text)}
        if phase.kind == "prepare" and phase.index:
            first = coaching.cautions_of(steps[phase.step])[:1]
            keys = {k for c in first for k in _heard(wording.spoken(c))}
            if keys & set(said) and not keys & elsewhere:
                again = keys & set(said)
                assert again <= heard_here, (routine, rate, again - heard_here)
        if phase.kind == "prepare":
            elsewhere |= (heard_here & cautions) - started
        for line in cue.spoken:
            said += [k for k in _heard(line.text) if k in cautions and k not in again]
        if phase.kind == "prepare":
            setup = [k for line in cue.spoken for k in _heard(line.text)]
            setup = [k for k in setup if k not in cautions]
            fillers = {wording.heard_key(t) for t in coaching.MOVE_FILLERS}
            repeated = {k for k in setup if setup.count(k) > 1} - fillers
            assert not repeated, (routine, rate, repeated)
    twice = {k for k in said if said.count(k) > 1}
    assert not twice, (routine, rate, twice)


NOT_SPOKEN = re.compile(r"--|`|·|\d/\d")


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_no_spoken_line_has_option_syntax_ids_or_symbols(routine: str, rate: int) -> None:
    catalog = _catalog()
    ids = {i for i in [*catalog.exercises, *catalog.routines] if "-" in i}
    for _, cue in _script(routine, rate):
        for said in cue.spoken:
            assert not NOT_SPOKEN.search(said.text), (routine, rate, said.text)
            words = set(re.findall(r"[a-z]+(?:-[a-z]+)+", said.text.lower()))
            assert not words & ids, (routine, rate, said.text)


@settings(max_examples=80, deadline=None)
@given(
    routine=st.sampled_from(ROUTINES),
    rate=st.integers(*MODEL_RATES),
    coach=st.sampled_from(COACHES),
    scale=st.sampled_from([0.5, 1.0, 2.0]),
    start_at=st.integers(0, 3),
)
def test_every_run_says_the_safety_line_once_before_anything_else(
    routine: str, rate: int, coach: Coach, scale: float, start_at: int
) -> None:
    """Every run, coached in full or briefly, resumed or not, says the safety line aloud
    once: first, before the first exercise's name, and wholly within the first get-ready,
    which lasts at least the routine's `prepare` (a listener who does not read the screen
    hears it)."""
    catalog = _catalog()
    options = RunOptions(scale=scale, start_at=start_at)
    planned = plan(catalog.routine(routine), catalog.exercises, options, coach, rate)
    phases = build(planned, coach, rate)
    steps = [s.exercise for s in planned.steps]
    cues = coaching.script(
        phases, steps, Coaching(coach, True, rate), planned.intro, planned.prepare
    )
    said = [line.text for cue in cues for line in cue.spoken]
    assert said.count(SHORT) == 1, (routine, rate, coach, said[:3])
    first = cues[0].spoken
    assert first[0] == Said(0.0, SHORT), first
    ends = speech_seconds(SHORT, rate) + pacing.GAP
    name = wording.sentence(steps[0].name)
    named = next(line for line in first if line.text.startswith(steps[0].name))
    assert named.at >= ends - 1e-9, first
    assert coach == "full" or named.text == name, first
    assert phases[0].duration >= planned.prepare - 1e-9
    assert all(line.at + speech_seconds(line.text, rate) <= phases[0].duration for line in first)
