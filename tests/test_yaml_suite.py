"""The official YAML test suite through our reader, with and without libyaml.

Every case is either read, or refused with one problem line per finding (FILE:LINE:COL:
message); a case the suite marks as an error is never read; and the verdict and wording are the
same whether PyYAML has libyaml or not. The cases are vendored in yaml-test-suite/ (MIT).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from stretchcli.errors import InvalidFileError
from stretchcli.files import yamldoc
from stretchcli.files.checker import check
from stretchcli.files.fields import ROUTINE_FIELDS

SUITE = Path(__file__).parent / "yaml-test-suite"
CASES: dict[str, dict[str, object]] = json.loads((SUITE / "cases.json").read_text("utf-8"))
HAS_LIBYAML = bool(yaml.__with_libyaml__)

# What our format refuses on purpose in documents that are valid YAML, by the start of the message.
ON_PURPOSE = {
    "anchors (": "anchors",
    "aliases (": "aliases",
    "tags (": "tags",
    "only one YAML document": "more than one document",
    "file has no content": "no content",
    "file is empty": "no content",
}
PROBLEM = re.compile(r"^(?P<case>\S+)/in\.yaml:(?P<line>[1-9][0-9]*):(?P<column>[1-9][0-9]*): \S")


@contextlib.contextmanager
def without_libyaml() -> Iterator[None]:
    """PyYAML as installed without libyaml: no C classes and no `yaml._yaml`. The reader is
    imported afresh on the way in and out, so nothing it picked at import time survives."""
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(yaml, "__with_libyaml__", False)
            cyaml = getattr(yaml, "cyaml", None)
            for name in getattr(cyaml, "__all__", []):
                patch.delattr(yaml, name, raising=False)
            patch.setitem(sys.modules, "yaml._yaml", None)
            patch.delitem(sys.modules, "yaml.cyaml", raising=False)
            importlib.reload(yamldoc)
            yield
    finally:
        importlib.reload(yamldoc)


class Outcome(NamedTuple):
    """What the reader made of one case: "read", "refused" (with its lines) or "crashed"."""

    verdict: str
    lines: tuple[str, ...] = ()


def read(folder: Path, case: str) -> Outcome:
    path = folder / case / "in.yaml"
    try:
        root = yamldoc.load_node(path)
        check(path, root, ROUTINE_FIELDS, "routine")  # must not crash either
    except InvalidFileError as exc:
        return Outcome("refused", tuple(str(p).removeprefix(f"{folder}/") for p in exc.problems))
    except Exception as exc:  # any other exception is a traceback for the user
        return Outcome("crashed", (f"{case}: {type(exc).__name__}: {exc}",))
    return Outcome("read")


@functools.cache
def outcomes(libyaml: bool) -> dict[str, Outcome]:
    """Every case's outcome, read from files as a user's would be."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for case, data in CASES.items():
            (folder / case).mkdir(parents=True)
            (folder / case / "in.yaml").write_text(str(data["yaml"]), encoding="utf-8")
        if libyaml:
            return {case: read(folder, case) for case in CASES}
        with without_libyaml():
            return {case: read(folder, case) for case in CASES}


def on_purpose(outcome: Outcome) -> str | None:
    """Which of our format's own refusals a refusal is (None: the YAML itself)."""
    message = outcome.lines[0].split(": ", 1)[1] if outcome.lines else ""
    return next((why for start, why in ON_PURPOSE.items() if message.startswith(start)), None)


def test_the_vendored_suite_is_whole_and_small() -> None:
    assert len(CASES) == 402
    assert sum(bool(c["error"]) for c in CASES.values()) == 94
    assert (SUITE / "LICENSE").read_text().startswith("MIT License")
    size = sum(p.stat().st_size for p in SUITE.iterdir())
    assert size < 100_000


@pytest.mark.parametrize(
    "libyaml",
    [
        pytest.param(
            True, id="with-libyaml", marks=pytest.mark.skipif(not HAS_LIBYAML, reason="no libyaml")
        ),
        pytest.param(False, id="without-libyaml"),
    ],
)
def test_each_case_is_read_or_refused_in_lines_that_name_the_spot(libyaml: bool) -> None:
    wrong = []
    for case, outcome in outcomes(libyaml).items():
        if outcome.verdict == "crashed":
            wrong.append(outcome.lines[0])
        elif outcome.verdict == "read" and CASES[case]["error"]:
            wrong.append(f"{case}: read, but the suite says it is not YAML")
        for line in outcome.lines if outcome.verdict == "refused" else ():
            match = PROBLEM.match(line)
            if not match or match["case"] != case or "\n" in line:
                wrong.append(f"{case}: not one FILE:LINE:COL: message line: {line!r}")
    assert wrong == []


@pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML here has no libyaml to compare with")
def test_the_outcome_and_the_words_are_the_same_without_libyaml() -> None:
    with_c, without = outcomes(True), outcomes(False)
    assert {c: (with_c[c], without[c]) for c in CASES if with_c[c] != without[c]} == {}


def test_the_figures() -> None:
    """Counted and pinned, so that a change in what we read shows up here."""
    results = outcomes(False)
    valid = {c: o for c, o in results.items() if not CASES[c]["error"]}
    figures = Counter(
        "read"
        if o.verdict == "read"
        else f"refused on purpose: {on_purpose(o)}"
        if on_purpose(o)
        else "refused as invalid YAML"
        for o in valid.values()
    )
    # 308 valid cases. PyYAML's parser (YAML 1.1) cannot read 54 of them: tabs as separators,
    # empty or adjacent-colon keys in flow mappings, bare documents after "...", and such.
    assert dict(figures) == {
        "read": 185,
        "refused on purpose: tags": 31,
        "refused on purpose: anchors": 26,
        "refused on purpose: more than one document": 9,
        "refused on purpose: no content": 3,
        "refused as invalid YAML": 54,
    }
    errors = Counter(o.verdict for c, o in results.items() if CASES[c]["error"])
    assert dict(errors) == {"refused": 94}
