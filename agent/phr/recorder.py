"""PhrRecorder: collects one interaction and writes it as a Prompt History Record.

Every value is redacted as it comes in (and the record body once more when it
is written), so a secret never reaches the disk. Use it as a context manager:
an exception inside the block is recorded in the Outcome before the record is
written, and then propagates.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from agent.errors import UsageError
from agent.phr.environment import current_user, git_branch
from agent.phr.models import (STAGES, SURFACES, ApprovalRecord, FallbackRecord, FileRecord, NoteRecord, PhrDraft,
                              TokenUsage, ToolCallRecord)
from agent.phr.store import append
from agent.redact import redact, redact_obj

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.gate import ApprovalOutcome
    from agent.providers.base import Usage

__all__ = ["PhrRecorder", "ToolCallRecord"]


class PhrRecorder:
    def __init__(self, settings: Settings, *, title: str, stage: str, surface: str, command: str, prompt: str,
                 feature: str | None = None, labels: list[str] | None = None) -> None:
        if stage not in STAGES:
            raise UsageError(f"unknown PHR stage {stage!r}", hint=f"use one of: {', '.join(STAGES)}")
        if surface not in SURFACES:
            raise UsageError(f"unknown PHR surface {surface!r}", hint=f"use one of: {', '.join(SURFACES)}")
        self._phr_dir = Path(settings.phr_dir)
        self._enabled = bool(settings.phr_enabled)
        self._path: Path | None = None
        self._closed = False
        branch = git_branch() if self._enabled else None
        user = current_user()
        self._draft = PhrDraft(
            title=" ".join(redact(title).split()) or "untitled", stage=stage, surface=surface,
            command=redact(command), prompt=redact(prompt),
            date=datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            feature=redact(feature) if feature else None, labels=[redact(label) for label in labels or []],
            branch=redact(branch) if branch else None, user=redact(user) if user else None,
        )

    @property
    def enabled(self) -> bool:
        return self._enabled

    def record_tool_call(self, rec: ToolCallRecord) -> None:
        self._draft.tool_calls.append(rec.model_copy(update={
            "tool": redact(rec.tool), "arguments": redact_obj(rec.arguments), "output": redact(rec.output),
            "status": redact(rec.status), "approval": redact(rec.approval) if rec.approval else None}))

    def record_fallback(self, from_provider: str, to_provider: str, reason: str) -> None:
        self._draft.fallbacks.append(FallbackRecord(from_provider=redact(from_provider),
                                                    to_provider=redact(to_provider), reason=redact(reason)))

    def record_provider(self, provider: str, model: str, usage: Usage | None = None) -> None:
        """The provider and model that answered; token usage adds up over calls."""
        self._draft.provider, self._draft.model = redact(provider), redact(model)
        if usage is not None:
            total = self._draft.usage or TokenUsage()
            self._draft.usage = TokenUsage(input_tokens=total.input_tokens + usage.input_tokens,
                                           output_tokens=total.output_tokens + usage.output_tokens)

    def record_approval(self, outcome: ApprovalOutcome) -> None:
        request = outcome.request
        modifies = getattr(request.modifies, "value", request.modifies)
        self._draft.approvals.append(ApprovalRecord(
            tool=redact(request.tool), action=redact(request.action), modifies=str(modifies),
            approved=outcome.approved, decided_by=redact(outcome.decided_by), reason=redact(outcome.reason)))

    def record_file(self, path: str, diff: str) -> None:
        self._draft.files.append(FileRecord(path=redact(str(path)), diff=redact(diff)))

    def record_tool_version(self, tool: str, version: str) -> None:
        self._draft.tool_versions[redact(tool)] = redact(" ".join(version.split()))

    def note(self, heading: str, text: str) -> None:
        self._draft.notes.append(NoteRecord(heading=redact(heading), text=redact(text)))

    def set_response(self, text: str) -> None:
        self._draft.response = redact(text)

    def set_outcome(self, *, impact: str = "", tests: list[str] | None = None,
                    next_prompts: list[str] | None = None, reflection: str = "") -> None:
        self._draft.impact = redact(impact)
        self._draft.tests = [redact(t) for t in tests or []]
        self._draft.next_prompts = [redact(p) for p in next_prompts or []]
        self._draft.reflection = redact(reflection)

    def close(self) -> Path | None:
        """Write the record once and return its path; None (and nothing written) when PHRs are disabled."""
        if self._closed:
            return self._path
        self._closed = True
        if not self._enabled:
            return None
        self._path = append(self._phr_dir, self._draft)
        return self._path

    def __enter__(self) -> "PhrRecorder":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self._draft.error = redact(f"{exc_type.__name__}: {exc}")
            if not self._draft.impact:
                self._draft.impact = "interrupted" if issubclass(exc_type, KeyboardInterrupt) else "failed"
        self.close()
