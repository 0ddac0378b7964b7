"""What a tool call needs from a PHR recorder, as a Protocol: `PhrRecorder` is the one implementation,
tests may pass their own. Typed here so no caller holds the recorder as `Any`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from agent.gate import ApprovalOutcome
    from agent.phr.models import ToolCallRecord
    from agent.providers.base import Usage


@runtime_checkable
class Recorder(Protocol):
    def record_tool_call(self, rec: ToolCallRecord) -> None: ...

    def record_approval(self, outcome: ApprovalOutcome) -> None: ...

    def record_file(self, path: str, diff: str) -> None: ...

    def record_provider(self, provider: str, model: str, usage: Usage | None = None) -> None: ...

    def record_fallback(self, from_provider: str, to_provider: str, reason: str) -> None: ...

    def note(self, heading: str, text: str) -> None: ...

    def set_response(self, text: str) -> None: ...
