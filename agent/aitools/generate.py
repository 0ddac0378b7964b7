"""`agent generate` through the chains: the builtin render, then each unit's chain, then the usual writer."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, Field

from agent.aitools.chain import Validator, run_unit
from agent.aitools.models import ChainResult
from agent.aitools.steps import StepEnv
from agent.aitools.units import units_for
from agent.aitools.validate import validate_files
from agent.gate import ApprovalGate
from agent.generation.artifacts import render_artifacts
from agent.generation.layout import FAMILIES, Layout
from agent.generation.models import AppPlan
from agent.generation.writer import WriteResult, write_files


class ChainedGenerateResult(BaseModel):
    plan: AppPlan
    write: WriteResult
    chains: list[ChainResult] = Field(default_factory=list)


def generate_with_chains(plan: AppPlan, out_root: Path, gate: ApprovalGate, *, settings: Any,
                         layout: Layout | None = None, families: Iterable[str] = FAMILIES, recorder: Any = None,
                         via: str | None = None, validator: Validator | None = None,
                         app_root: Path | None = None, validate_builtin: bool = True) -> ChainedGenerateResult:
    layout = layout or Layout()
    chosen = list(families)
    files = render_artifacts(plan, layout, chosen)
    env = StepEnv(settings=settings, timeout=settings.tool_timeout, workdir=app_root)
    check = validator or partial(validate_files, checkov=True)
    chains = [run_unit(unit, env, validator=check, recorder=recorder, via=via, validate_builtin=validate_builtin)
              for unit in units_for(plan, layout, files, chosen)]
    for chain in chains:
        files.update(chain.files)
    out_root.mkdir(parents=True, exist_ok=True)
    write = write_files(out_root, dict(sorted(files.items())), gate)
    if recorder is not None:
        for change in write.written:
            recorder.record_file(change.path, change.diff)
    return ChainedGenerateResult(plan=plan, write=write, chains=chains)


def chain_lines(chains: list[ChainResult]) -> list[str]:
    """One line per unit for the terminal: which step produced it, and which were passed over."""
    lines = []
    for chain in chains:
        tried = ", ".join(f"{s.step} {s.status}" for s in chain.steps)
        lines.append(f"{chain.target}: {chain.accepted or 'builtin (unvalidated)'}  [{tried}]")
    return lines
