"""What a caller hands the matcher (`EvidenceLine`) and what it gets back (`SignatureHit`).

Standard library only, so `agent.diagnosis` can name these types without loading YAML or pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.diagnosis.knowledge.schema import Signature


@dataclass(frozen=True)
class EvidenceLine:
    """One piece of evidence: an event message, a container state message, a log line or a tool's error text.

    `reason`, `exit_code` and `state` are what the caller knows about where the text came from
    (an event's reason, a terminated container's exit code, `event`/`waiting`/`terminated`/`log`/
    `error`/`condition`). `source` is any reference the caller wants back on the hit (a file and
    line number, an object); the matcher never reads it.
    """

    text: str
    reason: str | None = None
    exit_code: int | None = None
    state: str | None = None
    source: Any = None


class _Fill(dict):
    """A template mapping where a missing or empty name renders as a readable `<name>` placeholder."""

    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def render(template: str, values: Mapping[str, Any]) -> str:
    """`str.format` over `values`; names that are missing, None or empty render as `<name>`."""
    return template.format_map(_Fill({k: v for k, v in values.items() if v is not None and v != ""}))


@dataclass(frozen=True)
class SignatureHit:
    """A signature that matched one evidence line, with the values its regex captured there."""

    signature: Signature
    captures: dict[str, str]
    line: str
    evidence: EvidenceLine | None = None
    specificity: int = 0
    _order: tuple = field(default=(), repr=False, compare=False)

    # the signature's identity, for callers that only need these
    @property
    def id(self) -> str:
        return self.signature.id

    @property
    def family(self) -> str:
        return self.signature.family

    @property
    def title(self) -> str:
        return self.signature.title

    @property
    def severity(self) -> str:
        return self.signature.severity

    @property
    def confidence(self) -> float:
        return self.signature.confidence

    @property
    def docs(self) -> str:
        return self.signature.docs

    def values(self, context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Template values: the signature's defaults, then the caller's context, then this line's captures."""
        out: dict[str, Any] = dict(self.signature.captures_defaults)
        for source in (context or {}, self.captures):
            out.update({k: v for k, v in source.items() if v is not None and v != ""})
        return out

    def cause(self, context: Mapping[str, Any] | None = None) -> str:
        return render(self.signature.cause, self.values(context))

    def fix(self, context: Mapping[str, Any] | None = None) -> list[str]:
        values = self.values(context)
        return [render(step, values) for step in self.signature.fix]

    def evidence_needed(self, context: Mapping[str, Any] | None = None) -> str | None:
        template = self.signature.evidence_needed
        return render(template, self.values(context)) if template else None
