"""The data a Prompt History Record is made of, and what reading one back yields."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

# Spec-Kit Plus stages, then the AIOps ones.
STAGES = ("constitution", "spec", "plan", "tasks", "red", "green", "refactor", "explainer", "misc", "general",
          "deploy", "troubleshoot", "generate", "operate")
SURFACES = ("cli", "tui", "mcp")


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


class ToolCallRecord(BaseModel):
    """One tool call as the audit trail shows it."""

    tool: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    modifies: Literal["yes", "no", "unknown"]
    approval: str | None = None  # e.g. "approved by --yes", "refused by user"; None when not needed
    status: str  # a agent.tooling.base.ToolStatus value
    duration_ms: int
    output: str = ""  # already truncated by the caller

    @field_validator("modifies", "status", mode="before")
    @classmethod
    def _plain_value(cls, value: Any) -> Any:
        return _enum_value(value)


class FallbackRecord(BaseModel):
    from_provider: str
    to_provider: str
    reason: str


class ApprovalRecord(BaseModel):
    tool: str
    action: str
    modifies: str
    approved: bool
    decided_by: str
    reason: str = ""


class FileRecord(BaseModel):
    path: str
    diff: str


class NoteRecord(BaseModel):
    heading: str
    text: str


class TokenUsage(BaseModel):
    input_tokens: int = 0
    output_tokens: int = 0


class PhrDraft(BaseModel):
    """Everything one interaction produced, already redacted, before it gets an id."""

    title: str
    stage: str
    date: str  # ISO 8601, UTC
    surface: str
    command: str
    prompt: str
    feature: str | None = None
    labels: list[str] = Field(default_factory=list)
    branch: str | None = None
    user: str | None = None
    provider: str | None = None
    model: str | None = None
    usage: TokenUsage | None = None
    fallbacks: list[FallbackRecord] = Field(default_factory=list)
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    approvals: list[ApprovalRecord] = Field(default_factory=list)
    files: list[FileRecord] = Field(default_factory=list)
    tool_versions: dict[str, str] = Field(default_factory=dict)
    notes: list[NoteRecord] = Field(default_factory=list)
    response: str = ""
    impact: str = ""
    tests: list[str] = Field(default_factory=list)
    next_prompts: list[str] = Field(default_factory=list)
    reflection: str = ""
    error: str | None = None


class PhrRecord(BaseModel):
    """A record read back from disk."""

    path: Path
    id: int
    front_matter: dict[str, Any]
    sections: dict[str, str]  # heading -> text (a single fenced block is unwrapped)

    def export_row(self, root: Path) -> dict[str, Any]:
        try:
            rel = self.path.relative_to(root)
        except ValueError:
            rel = self.path
        return {**self.front_matter, "path": str(rel), "sections": self.sections}


class ChainProblem(BaseModel):
    kind: Literal["edited", "removed", "reordered", "malformed"]
    record_id: int | None
    path: str | None
    detail: str


class VerifyResult(BaseModel):
    count: int
    problem: ChainProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None
