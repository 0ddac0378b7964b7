"""One mutation, done the safe way: ask the gate, run it, and write a PHR either way.

The record holds the exact operation, the diff, who approved it (or who refused
it), the result, and, when the mutation failed or was interrupted, the state
it left behind and how to recover.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel

from agent.errors import AgentError
from agent.gate import ApprovalGate
from agent.tooling.recorder import Recorder
from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult

if TYPE_CHECKING:
    from agent.config import Settings

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


class _MutationArgs(BaseModel):
    action: str


class MutationCall(Tool):
    """One `Mutation` as a tool call, so it takes the same `invoke` path as every other call."""

    description: ClassVar[str] = "one planned change to the cluster or the machine"
    Args: ClassVar[type[BaseModel]] = _MutationArgs

    def __init__(self, mutation: Mutation, execute: Callable[[], str], recorder: Recorder) -> None:
        self.name = mutation.tool  # type: ignore[misc]  # the name the gate and the PHR know this change by
        self.mutation = mutation
        self.execute = execute
        self.recorder = recorder
        self.failure: AgentError | None = None

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.YES

    def approval_details(self, args: BaseModel) -> dict[str, Any]:
        return {"blast_radius": self.mutation.blast_radius, "diff": self.mutation.diff,
                "confirm_text": self.mutation.confirm_text}

    def describe_call(self, args: BaseModel) -> str:
        return self.mutation.action

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        try:
            return ToolResult.ok(self.execute())
        except KeyboardInterrupt:
            self.recorder.note("State left behind", f"interrupted: {self.mutation.left_behind_on_failure}")
            self.recorder.note("How to recover", self.mutation.recovery)
            raise
        except AgentError as exc:
            self.failure = exc
            self.recorder.note("State left behind", self.mutation.left_behind_on_failure)
            self.recorder.note("How to recover", self.mutation.recovery)
            return ToolResult.error(str(exc))


def run_mutation(settings: Settings, gate: ApprovalGate, mutation: Mutation, execute: Callable[[], str], *,
                 stage: str = "operate", surface: str = "cli", command: str = "") -> MutationResult:
    """Ask the gate for `mutation`; if approved call `execute` (returns what to show). Never raises for a
    refusal or a failed mutation: the result says so. Interrupts are recorded, then re-raised."""
    from agent.phr.recorder import PhrRecorder
    from agent.tooling.invoke import invoke

    recorder = PhrRecorder(settings, title=mutation.title, stage=stage, surface=surface,
                           command=command or mutation.action, prompt=mutation.title, labels=[surface, "mutation"])
    previous = gate.on_decision
    gate.on_decision = recorder.record_approval
    try:
        with recorder:
            if mutation.diff:
                recorder.record_file(mutation.tool, mutation.diff)
            call = MutationCall(mutation, execute, recorder)
            done = invoke(call, {"action": mutation.action}, ToolContext(settings=settings), gate=gate,
                          recorder=recorder)
            outcome = done.call.outcome
            decided_by = outcome.decided_by if outcome is not None else "not needed"
            if not done.approved:
                result = MutationResult(status="refused", approved=False, decided_by=decided_by,
                                        output=done.result.output)
            elif call.failure is not None:
                result = MutationResult(status="failed", approved=True, decided_by=decided_by,
                                        error=done.result.output, left_behind=mutation.left_behind_on_failure,
                                        recovery=mutation.recovery)
            else:
                result = MutationResult(status="ok", approved=True, decided_by=decided_by, output=done.result.output)
            recorder.set_response(result.error or result.output)
            recorder.set_outcome(impact={"ok": "changed", "refused": "nothing changed (refused)"}.get(
                result.status, "failed"), reflection=result.recovery or "")
    finally:
        gate.on_decision = previous
    path = recorder.close()
    return result.model_copy(update={"phr_path": str(path) if path else None})


def raise_for(result: MutationResult, what: str) -> None:
    """Turn a refused or failed mutation into an AgentError for the CLI (exit 1), naming the way back."""
    from agent.operate.errors import NotApproved

    if result.status == "refused":
        raise NotApproved(f"{what} was not run: {result.output.removeprefix('not run: ')}",
                          hint="nothing was changed; re-run and approve, or pass --yes")
    if result.status == "failed":
        raise AgentError(f"{what} failed: {result.error}\n  state left behind: {result.left_behind}",
                         hint=result.recovery)
