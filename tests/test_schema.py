"""`stretch schema`: a JSON Schema that agrees with the validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from stretchcli.cli import app
from tests.conftest import BUILTIN
from tests.test_corpus import CORPUS, FILES

# Rules a JSON Schema cannot see: YAML keys repeated or aliased before the data exists, and
# file names. Every other broken file in the corpus must be rejected by the schema too.
SCHEMA_CANNOT_SEE = {"duplicate-key.yaml", "alias.yaml", "Bad Name.yaml"}


def schema(runner: CliRunner, exercise: bool) -> dict[str, object]:
    result = runner.invoke(app, ["schema", "--exercise"] if exercise else ["schema"])
    assert result.exit_code == 0
    data: dict[str, object] = json.loads(result.stdout)
    return data


def is_exercise(path: Path) -> bool:
    return path.parent.name == "exercises"


def test_the_schemas_are_valid_draft_2020_12(runner: CliRunner) -> None:
    for exercise in (False, True):
        document = schema(runner, exercise)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("path", sorted(BUILTIN.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_builtin_file_passes_the_schema(runner: CliRunner, path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema(runner, is_exercise(path)))


@pytest.mark.parametrize(
    "path", [p for p in FILES if p.name not in SCHEMA_CANNOT_SEE], ids=lambda p: p.name
)
def test_files_the_validator_rejects_the_schema_rejects(runner: CliRunner, path: Path) -> None:
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 1
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return  # not YAML at all: an editor says so before any schema
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema(runner, is_exercise(path)))


def test_the_exceptions_are_still_in_the_corpus() -> None:
    assert {p.name for p in FILES} >= SCHEMA_CANNOT_SEE
    assert CORPUS.is_dir()


def test_a_number_where_text_belongs_is_rejected_by_both(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "numbers.yaml"
    path.write_text("name: 2024\nsummary: s\nsteps: [thoracic-rotation]\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.stdout.splitlines()[0] == (
        f"{path}:1:7: name: expected text, got the number 2024 (write it in quotes: '\"2024\"')"
    )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(path.read_text()), schema(runner, False))
