"""`agent generate` as a library call: detect, render, write, record."""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Any, Iterable

from pydantic import BaseModel

from agent.gate import ApprovalGate
from agent.generation.artifacts import render_artifacts
from agent.generation.detect import detect_app
from agent.generation.layout import FAMILIES, Layout
from agent.generation.models import AppPlan
from agent.generation.overrides import Ask
from agent.generation.writer import WriteResult, write_files


class GenerateResult(BaseModel):
    plan: AppPlan
    write: WriteResult


def build_plan(app_root: Path, out_root: Path, *, name: str | None = None, version: str = "1.0.0",
               sets: list[str] | None = None, ask: Ask | None = None, include: tuple[str, ...] = (),
               partial: bool = False) -> AppPlan:
    """Detect the app and express its location relative to where the artifacts go (scripts and docs use it).
    partial: a value nobody could tell is marked unknown instead of stopping (for `--plan`)."""
    plan = detect_app(app_root, name=name, version=version, sets=sets, ask=ask, include=include, partial=partial)
    source = PurePath(os.path.relpath(app_root.resolve(), out_root.resolve())).as_posix()
    return plan.model_copy(update={"source_dir": source})


def generate(plan: AppPlan, out_root: Path, gate: ApprovalGate, *, layout: Layout | None = None,
             families: Iterable[str] = FAMILIES, recorder: Any = None) -> GenerateResult:
    files = render_artifacts(plan, layout or Layout(), families)
    out_root.mkdir(parents=True, exist_ok=True)
    result = write_files(out_root, files, gate)
    if recorder is not None:
        for change in result.written:
            recorder.record_file(change.path, change.diff)
    return GenerateResult(plan=plan, write=result)
