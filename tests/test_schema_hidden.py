"""The JSON Schema refuses in text exactly what the validator refuses (`text.hidden`: control
and format characters, separators, surrogates and Unicode's Default_Ignorable_Code_Point),
over every code point: before, the schema named only the controls and a list of format
characters, and let through the Hangul fillers, U+034F, U+17B4, the variation selectors and
every character beyond 16 bits that the validator refuses (attack 4, D14)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.text import hidden, hidden_ranges
from tests.test_schema import EXERCISE, schema


def name_pattern() -> str:
    """The pattern the schema (as `stretch schema --exercise` prints it) gives an exercise's
    name."""
    name = schema(True)["properties"]["name"]  # type: ignore[index]
    return str(name["pattern"])


def refused_by_python(pattern: str) -> list[tuple[int, int]]:
    """The code points c for which the pattern refuses 'a' + c + 'b', as ranges."""
    compiled = re.compile(pattern)
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if compiled.fullmatch(f"a{chr(code)}b") is None:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


def test_hidden_ranges_are_what_hidden_finds_over_every_code_point() -> None:
    codes = {c for low, high in hidden_ranges() for c in range(low, high + 1)}
    assert [
        c for c in range(sys.maxunicode + 1) if (hidden(chr(c)) is not None) != (c in codes)
    ] == []
    for known in (0x1B, 0x200B, 0x202E, 0x3164, 0x115F, 0xFFA0, 0x17B4, 0x034F, 0xFE0F, 0xE0041):
        assert known in codes


def test_the_schema_refuses_exactly_what_hidden_finds_in_python() -> None:
    assert refused_by_python(name_pattern()) == list(hidden_ranges())


@pytest.mark.skipif(
    shutil.which("node") is None, reason="no node to read the pattern as editors do"
)
def test_the_schema_refuses_exactly_what_hidden_finds_in_ecmascript(tmp_path: Path) -> None:
    """As ajv and VS Code's JSON service read it: an ECMAScript pattern with the u flag."""
    script = tmp_path / "refused.js"
    script.write_text(
        "const pattern = new RegExp(JSON.parse(require('fs').readFileSync(0, 'utf8')), 'u');\n"
        "const ranges = [];\n"
        "for (let code = 0; code <= 0x10ffff; code++) {\n"
        "  if (pattern.test('a' + String.fromCodePoint(code) + 'b')) continue;\n"
        "  const last = ranges[ranges.length - 1];\n"
        "  if (last && last[1] === code - 1) last[1] = code; else ranges.push([code, code]);\n"
        "}\n"
        "console.log(JSON.stringify(ranges));\n"
    )
    found = subprocess.run(
        ["node", str(script)],
        input=json.dumps(name_pattern()),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert [tuple(r) for r in json.loads(found)] == list(hidden_ranges())


HIDDEN = st.sampled_from(hidden_ranges()).flatmap(lambda r: st.integers(r[0], r[1]))


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(HIDDEN, st.integers(0x20, sys.maxunicode)))
def test_the_validator_and_the_schema_agree_on_a_character(tmp_path: Path, code: int) -> None:
    """`stretch validate` refuses a name with the character exactly when the schema does."""
    path = tmp_path / "exercises" / "probe.yaml"
    path.parent.mkdir(exist_ok=True)
    escaped = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    path.write_text(EXERCISE.replace("Probe", f'"a{escaped}b"'), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    pattern_takes = re.fullmatch(name_pattern(), f"a{chr(code)}b") is not None
    assert (result.exit_code == 0) == pattern_takes, result.stdout
