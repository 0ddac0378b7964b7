"""`agent generate` on the command line: --plan writes nothing, JSON plan, errors, a full run with a PHR."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from agent.cli.generate import command
from agent.errors import UsageError

from .conftest import FIXTURES


def test_plan_prints_and_writes_nothing(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(FIXTURES / "monorepo", app)
    before = sorted(p.relative_to(app) for p in app.rglob("*"))
    result = CliRunner().invoke(command, [str(app), "--plan", "--non-interactive"])
    assert result.exit_code == 0, result.output
    assert "frontend-web  [ui]  nextjs 16" in result.output
    assert "calls       backend via NEXT_PUBLIC_API_URL" in result.output
    assert sorted(p.relative_to(app) for p in app.rglob("*")) == before


def test_plan_as_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, [str(FIXTURES / "monorepo"), "--plan", "-o", "json", "--non-interactive",
                                          "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert [s["name"] for s in plan["services"]] == ["backend", "frontend-chatbot", "frontend-web"]
    assert not any(tmp_path.iterdir())


def test_undetectable_value_fails_with_the_agent_toml_key(tmp_path: Path) -> None:
    app = tmp_path / "pinger"
    shutil.copytree(FIXTURES / "pip-pyproject", app)
    (app / "agent.toml").unlink()
    result = CliRunner().invoke(command, [str(app), "--out", str(tmp_path / "out"), "--non-interactive", "--no-phr"])
    assert isinstance(result.exception, UsageError) and result.exception.exit_code == 2
    assert "[services.pinger] port" in (result.exception.hint or "")


def test_plan_with_an_undetectable_value_prints_the_partial_plan_with_the_unknowns(tmp_path: Path) -> None:
    app = tmp_path / "pinger"
    shutil.copytree(FIXTURES / "pip-pyproject", app)
    (app / "agent.toml").unlink()
    result = CliRunner().invoke(command, [str(app), "--plan", "--non-interactive"])
    assert result.exit_code == 0, result.output
    assert "port        ?" in result.output and "[unknown]" in result.output
    assert "guessed     pinger.port = 0" in result.output and "--set pinger.port=" in result.output


def test_generate_writes_artifacts_and_a_phr(tmp_path: Path) -> None:
    out, phr = tmp_path / "out", tmp_path / "phr"
    args = [str(FIXTURES / "express-api"), "--out", str(out), "--no-validate", "--non-interactive",
            "--phr-dir", str(phr), "--name", "shop"]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0, result.output
    assert (out / "docker" / "express-api.Dockerfile").is_file()
    assert (out / "helm-charts" / "shop" / "Chart.yaml").is_file()
    records = list(phr.rglob("*.md"))
    assert len(records) == 1
    assert "docker/express-api.Dockerfile" in records[0].read_text()
    again = CliRunner().invoke(command, [*args, "--no-phr"])
    assert "0 written" in again.output


def test_read_only_refuses(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, [str(FIXTURES / "go-api"), "--out", str(tmp_path / "o"), "--read-only",
                                          "--no-phr", "--non-interactive"])
    assert isinstance(result.exception, UsageError) and "--read-only" in result.exception.message
    assert not (tmp_path / "o").exists()
