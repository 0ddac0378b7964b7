"""`agent generate --via`: the chain behind the CLI, and what the PHR records."""

from __future__ import annotations

from click.testing import CliRunner

from agent.cli.generate import command as generate
from agent.phr.query import load_records
from tests.aitools.conftest import PROJECTS


def _invoke(*args: str):
    return CliRunner().invoke(generate, [str(PROJECTS / "flask-api"), "--out", "out", "--only", "docker",
                                         "--no-validate", "--non-interactive", "--phr-dir", "phr", *args])


def test_generate_runs_the_chain_and_records_each_step(no_ai_tools, offline_settings, tmp_path):
    offline_settings()
    result = _invoke()
    assert result.exit_code == 0, result.output
    assert "chain      docker/flask-api.Dockerfile: builtin  [gordon unavailable, llm unavailable, builtin accepted]" \
        in result.output
    [record] = load_records(tmp_path / "phr")
    note = record.sections["AI chain dockerfile docker/flask-api.Dockerfile step 3 builtin"]
    assert "validation: deferred: with everything written" in note
    assert (tmp_path / "out" / "docker" / "flask-api.Dockerfile").is_file()


def test_via_forces_gordon_and_rejects_steps_that_do_not_generate(stand_ins, offline_settings, tmp_path):
    offline_settings()
    result = _invoke("--via", "gordon")
    assert result.exit_code == 0, result.output
    assert "docker/flask-api.Dockerfile: gordon  [gordon accepted]" in result.output
    assert (tmp_path / "out" / "docker" / "flask-api.Dockerfile").read_text().startswith("FROM python:3.12-slim")
    assert _invoke("--via", "kagent").exit_code == 2
