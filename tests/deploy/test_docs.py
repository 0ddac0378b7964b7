"""docs/DEPLOYMENT.md stays true: its plan is what `agent deploy --dry-run` prints today, and its appendix is
what the agent's own DEPLOYMENT.md template renders for the Todo app."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.cli import cli

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "DEPLOYMENT.md"


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def test_the_documented_plan_is_the_current_dry_run() -> None:
    result = CliRunner().invoke(cli, ["deploy", "examples/todo-app", "--target", "minikube", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"$ agent deploy examples/todo-app --target minikube --dry-run\n{result.output}" in DOC.read_text(), \
        "docs/DEPLOYMENT.md shows an outdated plan: paste the current `agent deploy ... --dry-run` output"


def test_the_appendix_is_rendered_from_the_generation_template() -> None:
    from agent.generation.artifacts import render_artifacts
    from agent.generation.layout import Layout
    from agent.generation.pipeline import build_plan

    plan = build_plan(REPO / "examples" / "todo-app", REPO)
    rendered = render_artifacts(plan, Layout(chart_dir="charts"), ["docs"])["docs/DEPLOYMENT.md"]
    nested = "\n".join(("#" + line) if line.startswith("#") else line for line in rendered.rstrip("\n").splitlines())
    assert nested in DOC.read_text()
