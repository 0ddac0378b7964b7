"""This repository's charts/todo-app, docker/ and .specify/ are `agent generate` output; they must not drift.

Regenerate them with (from the repo root):
    agent generate examples/todo-app --out . --chart-dir charts --only docker,helm,specify
"""

from __future__ import annotations

from pathlib import Path

from agent.generation.artifacts import render_artifacts
from agent.generation.layout import Layout
from agent.generation.pipeline import build_plan

REPO = Path(__file__).resolve().parents[2]
REGENERATE = "agent generate examples/todo-app --out . --chart-dir charts --only docker,helm,specify"


def test_committed_artifacts_match_a_fresh_generation(tmp_path: Path) -> None:
    plan = build_plan(REPO / "examples" / "todo-app", REPO)
    fresh = render_artifacts(plan, Layout(chart_dir="charts"), ["docker", "helm", "specify"])
    assert "charts/todo-app/Chart.yaml" in fresh and "docker/backend.Dockerfile" in fresh
    drifted = [path for path, content in fresh.items()
               if not (REPO / path).is_file() or (REPO / path).read_text(encoding="utf-8") != content]
    assert drifted == [], f"regenerate with `{REGENERATE}`"
    committed = {p.relative_to(REPO).as_posix() for d in ("charts/todo-app", "docker", ".specify")
                 for p in (REPO / d).rglob("*") if p.is_file()}
    assert sorted(committed - set(fresh)) == [], "files the generator no longer produces"
