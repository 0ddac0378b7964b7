"""Findings: the one result type every analyzer returns and every renderer shows."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field


class Severity(str, Enum):
    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


class ObjectRef(BaseModel):
    kind: str
    name: str
    namespace: str | None = None

    def __str__(self) -> str:
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind}/{where}{self.name}"


class Evidence(BaseModel):
    """One line of proof and where it came from (`status`, `events`, `logs:<pod>/<container>`, `spec`, ...)."""

    source: str
    text: str


class Fix(BaseModel):
    description: str
    commands: list[str] = Field(default_factory=list)
    patch: str | None = None  # a YAML snippet or strategic-merge patch


class Finding(BaseModel):
    analyzer: str
    object: ObjectRef
    severity: Severity
    symptom: str
    root_cause: str
    evidence: list[Evidence] = Field(default_factory=list)
    fix: Fix
    confidence: float = Field(ge=0.0, le=1.0, default=0.8)
    related: list[ObjectRef] = Field(default_factory=list)


class SourceWarning(BaseModel):
    """Something the source could not read (403 on a kind, no logs): the answer is degraded, not aborted."""

    kind: str | None = None
    namespace: str | None = None
    message: str


class KindCount(BaseModel):
    kind: str
    count: int


class Coverage(BaseModel):
    """What an answer looked at: kinds checked (objects in scope), and what could not be checked and why."""

    # a list, not a {kind: count} map: a key named "Secret" would look like a secret to the redactor
    checked: list[KindCount] = Field(default_factory=list)
    not_checked: list[str] = Field(default_factory=list)
    analyzers: list[str] = Field(default_factory=list)
    complete: bool = False  # the source declared itself complete: an absent kind means none exist
    scope: str = "all namespaces"

    def checked_text(self) -> str:
        parts = [f"{c.count} {plural(c.kind) if c.count != 1 else c.kind}" for c in self.checked if c.count]
        return ", ".join(parts) or "no objects"


def plural(kind: str) -> str:
    """`Service` -> `Services`, `Ingress` -> `Ingresses`, `NetworkPolicy` -> `NetworkPolicies`."""
    if kind.endswith("Endpoints"):
        return kind
    if kind.endswith("s"):
        return kind + "es"
    if kind.endswith("y") and kind[-2:-1] not in "aeiou":
        return kind[:-1] + "ies"
    return kind + "s"


SCHEMA_VERSION = 1  # of the JSON form of an Answer (docs/diagnose-schema.json); bump on incompatible changes


class Answer(BaseModel):
    """What `agent ask` / `agent diagnose` return: root causes first, then facts."""

    schema_version: int = SCHEMA_VERSION

    question: str = ""
    summary: str
    findings: list[Finding] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)
    warnings: list[SourceWarning] = Field(default_factory=list)
    source: str = ""  # "snapshot: DIR", "live: context", "pasted: FILES"
    answered: bool = True
    # how many leading findings answer the question; the rest are other problems found (None: all)
    primary: int | None = None
    coverage: Coverage | None = None
