"""The whole pipeline on real output: `agent generate examples/todo-app`, then validate_path on it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agent.validation import validate_path
from agent.validation.models import ValidatorStatus
from agent.validation.render import render_text

from .conftest import REPO


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("todo-out")
    result = subprocess.run(
        [sys.executable, "-m", "agent", "generate", str(REPO / "examples" / "todo-app"), "--out", str(out),
         "--non-interactive", "--no-validate", "--no-phr"],
        capture_output=True, text=True, timeout=300, check=False, cwd=out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_generated_todo_artifacts_pass_every_validator(generated: Path, checkov_venv: Path) -> None:
    report = validate_path(generated)
    assert report.ok, render_text(report)
    for validator in report.validators:
        assert validator.status is ValidatorStatus.PASSED, validator.name
        assert validator.passed > 0, validator.name
    dockerfiles = {f.path for f in report.validator("hadolint").files}
    assert dockerfiles == {"docker/backend.Dockerfile", "docker/frontend-web.Dockerfile",
                           "docker/frontend-chatbot.Dockerfile"}
    helm_checks = {f.path for f in report.validator("helm").files}
    for values in ("values.yaml", "values-dev.yaml", "values-prod.yaml"):
        assert f"helm-charts/todo-app -f {values} (lint)" in helm_checks
    every_skip = [s for f in report.validator("checkov").files for s in f.skipped]
    assert every_skip and all(s.reason.strip() for s in every_skip)
