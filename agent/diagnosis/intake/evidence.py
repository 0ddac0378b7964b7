"""Typed evidence: the failure signals a pasted text holds, one per line, whatever shape the paste had.

An evidence line keeps the exact text (to quote it back), what kind of line it is, and the
structured parts a signature matches on: an event's reason and message, a container's waiting or
terminated reason, an exit code. `Intake` is everything one question's attachments held.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

EvidenceKind = Literal["event", "state", "exit", "row", "error", "log", "field"]


class EvidenceLine(BaseModel):
    kind: EvidenceKind
    text: str  # the line as pasted (after normalisation), to quote back
    file: str = ""
    line: int = 0  # 1-based, in the normalised text
    reason: str | None = None  # event reason, waiting/terminated reason, STATUS cell
    message: str | None = None  # event message, or the line's text without its columns
    exit_code: int | None = None
    state: Literal["waiting", "terminated", "running"] | None = None
    object: str | None = None  # `pod/web-1` when the line names what it is about
    failure: bool = False  # a failure signal on its own (a Warning event, a bad state, an error line)

    def match_text(self) -> str:
        return self.message or self.text


class Subject(BaseModel):
    """What the evidence is about when the text does not say: named from the question, or generic."""

    kind: str = "Pod"
    name: str | None = None
    namespace: str | None = None
    container: str | None = None
    node: str | None = None
    source: str = "nothing"  # where the name came from: describe, command, event, question, nothing

    def label(self) -> str:
        return f"{self.kind.lower()} {self.name}" if self.name else "the workload in question"

    def context(self) -> dict[str, str]:
        """Template context for signature causes and fixes; what is unknown is left out (rendered `<name>`)."""
        values = {"pod": self.name, "workload": workload_of(self.name) if self.name else None,
                  "container": self.container, "namespace": self.namespace, "node": self.node}
        return {k: v for k, v in values.items() if v}


def workload_of(pod: str) -> str:
    """`web-7d9f8c6b5-x2k4q` -> `web`, `db-0` -> `db`; a name without a replica suffix is itself."""
    import re

    for pattern in (r"-[a-z0-9]{6,10}-[a-z0-9]{5}$", r"-[0-9]+-[a-z0-9]{5}$", r"-[a-z0-9]{5}$", r"-[0-9]+$"):
        stem = re.sub(pattern, "", pod)
        if stem != pod and stem:
            return stem
    return pod


class Intake(BaseModel):
    """Every attachment's evidence, the subject it is about, and the normalised texts (for a model's context)."""

    lines: list[EvidenceLine] = Field(default_factory=list)
    subject: Subject = Field(default_factory=Subject)
    texts: dict[str, str] = Field(default_factory=dict)  # file name -> normalised text
    question: str = ""  # what the user asked; evidence too when the files match nothing
    spec: dict[str, str] = Field(default_factory=dict)  # spec facts the text shows: `limits.memory` -> `256Mi`

    def failures(self) -> list[EvidenceLine]:
        return [e for e in self.lines if e.failure]
