"""One mutation, done the safe way: ask the gate, run it, and write a PHR either way.

The record holds the exact operation, the diff, who approved it (or who refused
it), the result, and, when the mutation failed or was interrupted, the state
it left behind and how to recover.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel

from agent.errors import AgentError
from agent.gate import ApprovalGate, ApprovalRequest
from tools.base import Modifies

Status = Literal["ok", "refused", "failed", "interrupted"]


class Mutation(BaseModel):
    """What is about to change, as the user and the PHR see it."""

    tool: str  # the tool name the gate and the PHR know it by ("kubectl_apply", "helm_rollback")
    title: str
    action: str  # the exact command or API call
    diff: str = ""
    blast_radius: str = ""
    confirm_text: str | None = None
    left_behind_on_failure: str  # what state a failure in the middle leaves
    recovery: str  # how to get back to a known state


class MutationResult(BaseModel):
    status: Status
    approved: bool
    decided_by: str
    output: str = ""
    error: str | None = None
    left_behind: str | None = None
    recovery: str | None = None
    phr_path: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def run_mutation(settings: Any, gate: ApprovalGate, mutation: Mutation, execute: Callable[[], str], *,
                 stage: str = "operate", surface: str = "cli", command: str = "") -> MutationResult:
    """Ask the gate for `mutation`; if approved call `execute` (returns what to show). Never raises for a
    refusal or a failed mutation: the result says so. Interrupts are recorded, then re-raised."""
    from agent.phr.models import ToolCallRecord
    from agent.phr.recorder import PhrRecorder

    recorder = PhrRecorder(settings, title=mutation.title, stage=stage, surface=surface,
                           command=command or mutation.action, prompt=mutation.title, labels=[surface, "mutation"])
    previous = gate.on_decision
    gate.on_decision = recorder.record_approval
    started = time.perf_counter()
    result: MutationResult | None = None
    try:
        with recorder:
            if mutation.diff:
                recorder.record_file(mutation.tool, mutation.diff)
            outcome = gate.check(ApprovalRequest(tool=mutation.tool, action=mutation.action, modifies=Modifies.YES,
                                                 blast_radius=mutation.blast_radius, diff=mutation.diff,
                                                 confirm_text=mutation.confirm_text))
            approval = f"{'approved' if outcome.approved else 'refused'} by {outcome.decided_by}"
            if not outcome.approved:
                result = MutationResult(status="refused", approved=False, decided_by=outcome.decided_by,
                                        output=f"not run: {outcome.reason or outcome.decided_by}")
            else:
                result = _execute(mutation, execute, outcome.decided_by, recorder)
            recorder.record_tool_call(ToolCallRecord(
                tool=mutation.tool, arguments={"action": mutation.action}, modifies=Modifies.YES.value,
                approval=approval, status=result.status, duration_ms=int((time.perf_counter() - started) * 1000),
                output=result.error or result.output))
            recorder.set_response(result.error or result.output)
            recorder.set_outcome(impact={"ok": "changed", "refused": "nothing changed (refused)"}.get(
                result.status, "failed"), reflection=result.recovery or "")
    finally:
        gate.on_decision = previous
    path = recorder.close()
    return result.model_copy(update={"phr_path": str(path) if path else None})


def _execute(mutation: Mutation, execute: Callable[[], str], decided_by: str, recorder: Any) -> MutationResult:
    try:
        output = execute()
    except KeyboardInterrupt:
        recorder.note("State left behind", f"interrupted: {mutation.left_behind_on_failure}")
        recorder.note("How to recover", mutation.recovery)
        raise
    except AgentError as exc:
        recorder.note("State left behind", mutation.left_behind_on_failure)
        recorder.note("How to recover", mutation.recovery)
        error = f"{exc.message}" + (f"\n  hint: {exc.hint}" if exc.hint else "")
        return MutationResult(status="failed", approved=True, decided_by=decided_by, error=error,
                              left_behind=mutation.left_behind_on_failure, recovery=mutation.recovery)
    return MutationResult(status="ok", approved=True, decided_by=decided_by, output=output)


def raise_for(result: MutationResult, what: str) -> None:
    """Turn a refused or failed mutation into an AgentError for the CLI (exit 1), naming the way back."""
    from agent.operate.errors import NotApproved

    if result.status == "refused":
        raise NotApproved(f"{what} was not run: {result.output.removeprefix('not run: ')}",
                          hint="nothing was changed; re-run and approve, or pass --yes")
    if result.status == "failed":
        raise AgentError(f"{what} failed: {result.error}\n  state left behind: {result.left_behind}",
                         hint=result.recovery)
