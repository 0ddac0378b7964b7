from __future__ import annotations

from pathlib import Path

import pytest

from agent.gate import ApprovalGate
from agent.generation.layout import Layout
from agent.generation.pipeline import GenerateResult, build_plan, generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects"
ALL_FIXTURES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def run_generate(app: Path, out: Path, gate: ApprovalGate | None = None, **kw: object) -> GenerateResult:
    plan = build_plan(app, out)
    return generate(plan, out, gate or ApprovalGate(assume_yes=True), layout=Layout(), **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture project generated once (all families) for the artifact tests."""
    outs = {}
    for name in ALL_FIXTURES:
        out = tmp_path_factory.mktemp(f"gen-{name}")
        run_generate(FIXTURES / name, out)
        outs[name] = out
    return outs
