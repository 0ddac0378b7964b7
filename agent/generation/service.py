"""The one generation service: detection, the AI chains, the diff review, the writer, validation, --verify and
the PHR, the same for `agent generate`, the `generate` tool, `agent deploy` and the TUI's preview.

Callers differ only in what they pass: who approves (the gate), who records (the recorder), who answers
questions (ask) and which steps to run (validate, verify).
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path, PurePath
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field

from agent.gate import ApprovalGate
from agent.generation.layout import FAMILIES, Layout
from agent.generation.models import AppPlan
from agent.generation.overrides import Ask
from agent.generation.writer import FileChange, WriteResult

VALIDATED_FAMILIES = {"docker": "docker_dir", "k8s": "k8s_dir", "helm": "chart_dir", "scripts": "scripts_dir"}


class GenerationRequest(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    app_root: Path
    out_root: Path
    name: str | None = None
    version: str = "1.0.0"
    sets: list[str] = Field(default_factory=list)
    include: tuple[str, ...] = ()
    families: list[str] = Field(default_factory=lambda: list(FAMILIES))
    layout: Layout = Field(default_factory=Layout)
    via: str | None = None  # force one step of the AI chain
    chains: bool = True  # run the AI chains (kubectl-ai/gordon -> llm -> builtin); False: builtin templates only
    validate_output: bool = True
    verify: bool = False
    build_args: dict[str, str] = Field(default_factory=dict)
    keep_images: bool = False


class GenerationOutcome(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    plan: AppPlan
    write: WriteResult
    chains: list[Any] = Field(default_factory=list)  # agent.aitools.models.ChainResult
    validation_ok: bool | None = None  # None: not validated
    validation_text: str = ""
    verdicts: list[Any] = Field(default_factory=list)  # agent.generation.verify.ServiceVerdict

    @property
    def ok(self) -> bool:
        return self.validation_ok is not False and all(v.ok for v in self.verdicts)


class GenerationService:
    def __init__(self, gate: ApprovalGate, *, settings: Any = None, recorder: Any = None, ask: Ask | None = None,
                 step: Callable[[str], AbstractContextManager] = lambda text: nullcontext()):
        """`step(text)` wraps each validator run, so a caller can show progress (agent.cli.progress)."""
        self.gate = gate
        self.settings = settings
        self.recorder = recorder
        self.ask = ask
        self.step = step

    def plan(self, request: GenerationRequest, *, partial: bool = False) -> AppPlan:
        """Detect the app; its source_dir is expressed relative to where the artifacts go."""
        from agent.generation.detect import detect_app

        plan = detect_app(request.app_root, name=request.name, version=request.version, sets=request.sets,
                          ask=self.ask, include=request.include, partial=partial)
        source = PurePath(os.path.relpath(request.app_root.resolve(), request.out_root.resolve())).as_posix()
        return plan.model_copy(update={"source_dir": source})

    def render(self, plan: AppPlan, request: GenerationRequest) -> tuple[dict[str, str], list[Any]]:
        """Every file's content: the builtin templates, then each unit's AI chain when chains are on."""
        from agent.generation.artifacts import render_artifacts

        files = render_artifacts(plan, request.layout, request.families)
        if not request.chains or self.settings is None:
            return files, []
        from functools import partial

        from agent.aitools.chain import run_unit
        from agent.aitools.steps import StepEnv
        from agent.aitools.units import units_for
        from agent.aitools.validate import validate_files

        env = StepEnv(settings=self.settings, timeout=self.settings.tool_timeout, workdir=request.app_root)
        check = partial(validate_files, checkov=True)
        chains = [run_unit(unit, env, validator=check, recorder=self.recorder, via=request.via,
                           validate_builtin=False)  # the builtin output is validated once everything is written
                  for unit in units_for(plan, request.layout, files, request.families)]
        for chain in chains:
            files.update(chain.files)
        return dict(sorted(files.items())), chains

    def preview(self, request: GenerationRequest, plan: AppPlan | None = None) -> list[FileChange]:
        """The diff review: what writing would change, file by file, without writing (builtin templates)."""
        from agent.generation.artifacts import render_artifacts
        from agent.generation.writer import plan_changes

        plan = plan or self.plan(request)
        return plan_changes(request.out_root, render_artifacts(plan, request.layout, request.families))

    def generate(self, request: GenerationRequest, plan: AppPlan | None = None) -> GenerationOutcome:
        from agent.generation.writer import write_files

        plan = plan or self.plan(request)
        files, chains = self.render(plan, request)
        request.out_root.mkdir(parents=True, exist_ok=True)
        write = write_files(request.out_root, files, self.gate)
        if self.recorder is not None:
            for change in write.written:
                self.recorder.record_file(change.path, change.diff)
            from agent.generation.plan_text import plan_text

            self.recorder.note("plan", plan_text(plan))
        outcome = GenerationOutcome(plan=plan, write=write, chains=chains)
        if request.validate_output:
            self._validate(request, outcome)
        if request.verify:
            from agent.generation.verify import verdict_lines, verify

            outcome.verdicts = verify(plan, request.app_root, request.out_root, self.gate, layout=request.layout,
                                      build_args=request.build_args, keep_images=request.keep_images,
                                      step=self.step)
            if self.recorder is not None:
                self.recorder.note("verify", "\n".join(verdict_lines(outcome.verdicts)))
        return outcome

    def _validate(self, request: GenerationRequest, outcome: GenerationOutcome) -> None:
        from agent.validation.render import render_text
        from agent.validation.runner import validate_path

        report = validate_path(request.out_root, only=generated_dirs(request.out_root, request.layout,
                                                                     request.families), step=self.step)
        outcome.validation_ok = report.ok
        outcome.validation_text = render_text(report)
        if self.recorder is not None:
            self.recorder.note("validation", outcome.validation_text)


def generated_dirs(out_root: Path, layout: Layout, families: Iterable[str]) -> list[Path]:
    """The directories of the validated families (docker, k8s, helm, scripts) that a run generated."""
    return [out_root / getattr(layout, VALIDATED_FAMILIES[f]) for f in families if f in VALIDATED_FAMILIES]
