"""What the fallback chains produce, and what crosses into the PHR, the CLI and the doctor."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

StepName = Literal["kubectl-ai", "kagent", "gordon", "llm", "builtin"]
ChainKind = Literal["manifests", "dockerfile", "analysis"]
StepStatus = Literal["accepted", "failed", "unavailable", "skipped"]

CHAIN_STEPS: dict[str, tuple[str, ...]] = {
    "manifests": ("kubectl-ai", "llm", "builtin"),
    "dockerfile": ("gordon", "llm", "builtin"),
    "analysis": ("kagent", "builtin"),
}


class ToolPresence(BaseModel):
    """Whether an external AI tool is on PATH and which version it reports."""

    name: str
    installed: bool
    path: str | None = None
    version: str = ""
    problem: str = ""  # why it cannot be used, when it cannot
    fix: str = ""


class AiToolReply(BaseModel):
    """One run of an external AI tool: the exact argv and what it printed."""

    argv: list[str]
    output: str


class ManifestReply(AiToolReply):
    documents: list[str]  # one YAML document per Kubernetes object


class DockerfileReply(AiToolReply):
    dockerfile: str


class ValidationVerdict(BaseModel):
    """The validators' word on one candidate artifact."""

    passed: bool
    summary: str  # one line per validator: "hadolint: passed", "kubernetes-schema: failed (2)"
    problems: list[str] = Field(default_factory=list)  # blocking findings, "rule: message (file:line)"
    not_checked: list[str] = Field(default_factory=list)  # validators that could not run, with why
    deferred: bool = False  # the caller validates everything it writes, after writing


class StepOutcome(BaseModel):
    """One step of one chain run, as the PHR records it."""

    step: str
    status: StepStatus
    reason: str = ""  # why it failed or was skipped
    command: list[str] = Field(default_factory=list)  # the exact argv, for external tools
    prompt: str = ""  # what was asked (redacted before it is recorded)
    template: str = ""  # prompt template path, version and sha256 for the LLM step
    tool_version: str = ""
    response_summary: str = ""
    validation: ValidationVerdict | None = None
    fallback: bool = False  # True for every step after the first one tried
    changes: list[str] = Field(default_factory=list)  # what the agent changed before writing


class ChainResult(BaseModel):
    kind: str
    target: str  # the file or question the chain produced an answer for
    accepted: str | None  # the step whose output was used; None when none succeeded
    files: dict[str, str] = Field(default_factory=dict)  # relative path -> content (artifact chains)
    text: str = ""  # the analysis (analysis chain)
    data: dict | None = None  # the builtin Answer as JSON, when the analyzers answered
    steps: list[StepOutcome] = Field(default_factory=list)

    def step(self, name: str) -> StepOutcome:
        return next(s for s in self.steps if s.step == name)
