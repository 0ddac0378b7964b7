"""The approval gate: every call whose `modifies` is not `no` passes through here.

Read-only refuses, `--yes` approves, otherwise the user is asked through the
surface's `Asker` (terminal prompt, TUI modal, MCP confirmation field). With no
way to ask, the call stops with an error that names `--yes`.
"""

from __future__ import annotations

from enum import Enum
from typing import Callable, Protocol

from pydantic import BaseModel

from agent.errors import ApprovalRequired
from tools.base import Modifies


class Decision(str, Enum):
    YES = "yes"
    YES_SESSION = "yes_session"
    NO = "no"


class ApprovalRequest(BaseModel):
    tool: str
    action: str  # the exact command, call or diff summary
    modifies: Modifies
    blast_radius: str = ""
    diff: str = ""  # what would change (kubectl diff, helm diff, a file diff), shown before the question
    # when set, the user must type this back (namespaces, cluster-scoped objects, PVCs, Secrets)
    confirm_text: str | None = None


class ApprovalOutcome(BaseModel):
    request: ApprovalRequest
    approved: bool
    decided_by: str  # "user", "user (session)", "--yes", "read-only", "not needed"
    reason: str = ""


class Asker(Protocol):
    def __call__(self, request: ApprovalRequest) -> Decision: ...


class ApprovalGate:
    def __init__(self, *, read_only: bool = False, assume_yes: bool = False,
                 asker: Asker | None = None, on_decision: Callable[[ApprovalOutcome], None] | None = None) -> None:
        self.read_only = read_only
        self.assume_yes = assume_yes
        self.asker = asker
        self.on_decision = on_decision
        self._session_approved: set[str] = set()

    def reports_to(self, recorder: object) -> bool:
        """Whether this gate's decisions already go to `recorder` (so the caller does not record them twice)."""
        return recorder is not None and getattr(self.on_decision, "__self__", None) is recorder

    def check(self, request: ApprovalRequest) -> ApprovalOutcome:
        outcome = self._decide(request)
        if self.on_decision:
            self.on_decision(outcome)
        return outcome

    def _decide(self, request: ApprovalRequest) -> ApprovalOutcome:
        if request.modifies is Modifies.NO:
            return ApprovalOutcome(request=request, approved=True, decided_by="not needed")
        if self.read_only:
            return ApprovalOutcome(request=request, approved=False, decided_by="read-only",
                                   reason="read-only mode refuses every mutation")
        if self.assume_yes:
            return ApprovalOutcome(request=request, approved=True, decided_by="--yes")
        if request.tool in self._session_approved and request.confirm_text is None:
            return ApprovalOutcome(request=request, approved=True, decided_by="user (session)")
        if self.asker is None:
            raise ApprovalRequired(
                f"{request.tool} needs approval to run: {request.action}",
                hint="run interactively to be asked, or pass --yes to approve mutations (or --read-only to refuse them)",
            )
        decision = self.asker(request)
        if decision is Decision.YES_SESSION:
            self._session_approved.add(request.tool)
        approved = decision is not Decision.NO
        return ApprovalOutcome(request=request, approved=approved,
                               decided_by="user (session)" if decision is Decision.YES_SESSION else "user",
                               reason="" if approved else "the user said no")


def terminal_asker(request: ApprovalRequest) -> Decision:
    """Ask on the terminal: y / s (yes for this session) / n, or the object name typed back."""
    import click

    click.echo(f"\nThe agent wants to run (modifies: {request.modifies.value}):\n  {request.action}", err=True)
    if request.diff:
        click.echo(request.diff.rstrip("\n"), err=True)
    if request.blast_radius:
        click.echo(f"  blast radius: {request.blast_radius}", err=True)
    if request.confirm_text is not None:
        typed = click.prompt(f"  type '{request.confirm_text}' to confirm (anything else refuses)",
                             default="", show_default=False, err=True)
        return Decision.YES if typed.strip() == request.confirm_text else Decision.NO
    answer = click.prompt("  approve? [y]es / [s]ession / [n]o", default="n", show_default=False, err=True)
    return {"y": Decision.YES, "yes": Decision.YES, "s": Decision.YES_SESSION}.get(answer.strip().lower(), Decision.NO)
