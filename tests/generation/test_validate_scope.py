"""`agent generate --out REPO` validates what it generated, not the rest of the repository."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from agent.cli import cli

PROJECTS = Path(__file__).resolve().parents[1] / "fixtures" / "projects"


def test_unrelated_bad_files_in_the_output_root_are_not_validated(tmp_path, offline_env):
    app = tmp_path / "repo"
    shutil.copytree(PROJECTS / "flask-api", app)
    unrelated = app / "legacy"
    unrelated.mkdir()
    (unrelated / "Dockerfile").write_text("FROM python:latest\nRUN pip install flask\n")
    (unrelated / "run.sh").write_text("#!/bin/sh\nrm -rf $TARGET/*\n")
    result = CliRunner().invoke(cli, ["generate", str(app), "--out", str(app), "--only", "docker,scripts",
                                      "--non-interactive", "--no-phr"])
    assert result.exit_code == 0, result.output
    assert "legacy" not in result.output
    assert "PASS  hadolint" in result.output and "PASS  shellcheck" in result.output
