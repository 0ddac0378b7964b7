"""`agent diagnose -o json` follows docs/diagnose-schema.json, the documented, versioned contract."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from agent.cli.diagnose import command
from agent.diagnosis.models import SCHEMA_VERSION, Answer

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "diagnose-schema.json").read_text())
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _validate(document: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


@pytest.mark.parametrize("scenario", ["ingress-missing-backend", "healthy-todo", "pvc-missing-storageclass"])
def test_diagnose_json_output_validates_against_the_schema(scenario: str) -> None:
    result = CliRunner().invoke(command, ["--snapshot", str(SCENARIOS / scenario), "-A", "-o", "json", "--no-phr"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    _validate(document)
    assert document["schema_version"] == SCHEMA_VERSION == SCHEMA["properties"]["schema_version"]["const"]
    assert document["coverage"]["checked"], "coverage names the kinds checked"
    for finding in document["findings"]:
        assert {"analyzer", "severity", "object", "related", "root_cause", "evidence", "fix"} <= finding.keys()


def test_schema_rejects_a_finding_without_a_fix() -> None:
    result = CliRunner().invoke(command, ["--snapshot", str(SCENARIOS / "ingress-missing-backend"), "-A", "-o", "json"])
    document = json.loads(result.output)
    assert document["findings"], "the scenario has a finding to break"
    del document["findings"][0]["fix"]
    with pytest.raises(jsonschema.ValidationError, match="fix"):
        _validate(document)


def test_schema_documents_every_field_of_the_model() -> None:
    """A field added to Answer without updating the schema fails here (additions stay version 1)."""
    assert set(Answer.model_fields) == set(SCHEMA["properties"])
    assert set(SCHEMA["required"]) == set(Answer.model_fields)


def test_diagnose_yaml_output_is_the_same_document() -> None:
    import yaml

    args = ["--snapshot", str(SCENARIOS / "ingress-missing-backend"), "-A", "--no-phr", "-o"]
    as_json = json.loads(CliRunner().invoke(command, [*args, "json"]).output)
    as_yaml = yaml.safe_load(CliRunner().invoke(command, [*args, "yaml"]).output)
    _validate(as_yaml)
    assert as_yaml == as_json
