"""The approval gate: every call whose `modifies` is not `no` passes through here.

Read-only refuses. Otherwise, in this order:

- A destructive call (deletes, uninstalls, drains, prunes, force-replaces) and a
  call whose approval needs a name typed back (namespaces, PVCs, Secrets,
  cluster-scoped objects) is asked about every time. `--yes` alone does not
  approve it: only `--confirm NAME` naming the object does (`confirm_names`).
- `--yes` approves the rest.
- "Yes for this session" approves later calls with the same scope only: the same
  (tool, verb, resource kind, namespace). Approving `kubectl annotate` of a
  deployment in `todo` approves nothing else.

With no way to ask, the call stops with an error that names the flag to pass.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable, Iterable, Protocol

from pydantic import BaseModel, ConfigDict

from agent.errors import ApprovalRequired
from agent.tooling.base import Modifies


class Decision(str, Enum):
    YES = "yes"
    YES_SESSION = "yes_session"
    NO = "no"


class ApprovalScope(BaseModel):
    """What one "yes for this session" covers."""

    model_config = ConfigDict(frozen=True)
    tool: str
    verb: str
    kind: str = ""  # canonical kinds, comma-joined ("deployment"); "" when the call names none
    namespace: str = ""  # "" = the session's namespace

    def describe(self) -> str:
        what = f"{self.tool} {self.verb}".strip()
        if self.kind:
            what += f" of {self.kind}"
        return what + (f" in namespace {self.namespace}" if self.namespace else "")

    @classmethod
    def of_command(cls, tool: str, verdict: Any) -> "ApprovalScope | None":
        """The scope of a classified command line (an `agent.safety.CommandClass`)."""
        if verdict is None or not getattr(verdict, "verb", ""):
            return None
        targets = list(getattr(verdict, "targets", []) or [])
        kinds = sorted({t.kind for t in targets if t.kind})
        namespaces = sorted({t.namespace for t in targets if t.namespace})
        namespace = getattr(verdict, "namespace", None) or (namespaces[0] if len(namespaces) == 1 else "")
        if getattr(verdict, "all_namespaces", False):
            namespace = "*"
        return cls(tool=tool, verb=verdict.verb, kind=",".join(kinds), namespace=namespace or "")


class ApprovalRequest(BaseModel):
    tool: str
    action: str  # the exact command, call or diff summary
    modifies: Modifies
    blast_radius: str = ""
    diff: str = ""  # what would change (kubectl diff, helm diff, a file diff), shown before the question
    # when set, the user must type this back (namespaces, cluster-scoped objects, PVCs, Secrets)
    confirm_text: str | None = None
    destructive: bool = False  # deletes, uninstalls, drains, prunes: asked every time, --yes alone never approves
    scope: ApprovalScope | None = None  # what "yes for this session" covers; None: this exact action only
    object_name: str | None = None  # what `--confirm NAME` must name; defaults to confirm_text
    # the offline engine found the command in the user's text: it only proposes it; the user approves this
    # one call interactively, or it does not run (--yes, --confirm and session answers do not apply)
    proposed: bool = False

    @property
    def always_asks(self) -> bool:
        return self.destructive or self.confirm_text is not None

    @property
    def confirm_name(self) -> str | None:
        return self.confirm_text or self.object_name

    @classmethod
    def for_command(cls, tool: str, action: str, modifies: Modifies, verdict: Any, **kw: Any) -> "ApprovalRequest":
        """The request for a call whose command line was classified (`agent.safety.CommandClass` or None)."""
        if verdict is None:
            return cls(tool=tool, action=action, modifies=modifies, **kw)
        targets = list(getattr(verdict, "targets", []) or [])
        names = {t.name for t in targets if t.name}
        single = len(names) == 1 and all(t.name for t in targets)
        object_name = next(iter(names)) if single else "delete-all"  # --confirm delete-all for bulk deletes
        kw.setdefault("blast_radius", getattr(verdict, "reason", "") or "")
        return cls(tool=tool, action=action, modifies=modifies,
                   confirm_text=getattr(verdict, "confirm_text", None),
                   destructive=bool(getattr(verdict, "destructive", False)),
                   scope=ApprovalScope.of_command(tool, verdict), object_name=object_name, **kw)

    def session_key(self) -> tuple[str, ...]:
        if self.scope is not None:
            return ("scope", self.scope.tool, self.scope.verb, self.scope.kind, self.scope.namespace)
        return ("action", self.tool, self.action)


class ApprovalOutcome(BaseModel):
    request: ApprovalRequest
    approved: bool
    decided_by: str  # "user", "user (session)", "--yes", "--confirm NAME", "read-only", "not needed"
    reason: str = ""


class Asker(Protocol):
    def __call__(self, request: ApprovalRequest) -> Decision: ...


class ApprovalGate:
    def __init__(self, *, read_only: bool = False, assume_yes: bool = False,
                 asker: Asker | None = None, on_decision: Callable[[ApprovalOutcome], None] | None = None,
                 confirm_names: Iterable[str] = ()) -> None:
        self.read_only = read_only
        self.assume_yes = assume_yes
        self.asker = asker
        self.on_decision = on_decision
        self.confirm_names = frozenset(n for n in confirm_names if n)
        self._session_approved: set[tuple[str, ...]] = set()

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
        if request.proposed:
            return self._decide_proposed(request)
        if request.always_asks:
            return self._decide_destructive(request)
        if self.assume_yes:
            return ApprovalOutcome(request=request, approved=True, decided_by="--yes")
        if request.session_key() in self._session_approved:
            return ApprovalOutcome(request=request, approved=True, decided_by="user (session)")
        if self.asker is None:
            raise ApprovalRequired(
                f"{request.tool} needs approval to run: {request.action}",
                hint="run interactively to be asked, or pass --yes to approve mutations (or --read-only to refuse them)",
            )
        decision = self.asker(request)
        if decision is Decision.YES_SESSION:
            self._session_approved.add(request.session_key())
        approved = decision is not Decision.NO
        return ApprovalOutcome(request=request, approved=approved,
                               decided_by="user (session)" if decision is Decision.YES_SESSION else "user",
                               reason="" if approved else "the user said no")

    def _decide_proposed(self, request: ApprovalRequest) -> ApprovalOutcome:
        if self.asker is None:
            return ApprovalOutcome(request=request, approved=False, decided_by="proposal only", reason=(
                "the offline engine does not run a command it finds in text; run it yourself, or ask in an "
                "interactive session and approve it there"))
        decision = self.asker(request.model_copy(update={"destructive": True}))  # asked for this one call
        approved = decision is not Decision.NO
        return ApprovalOutcome(request=request, approved=approved, decided_by="user",
                               reason="" if approved else "the user said no")

    def _decide_destructive(self, request: ApprovalRequest) -> ApprovalOutcome:
        name = request.confirm_name
        if name and name in self.confirm_names:
            return ApprovalOutcome(request=request, approved=True, decided_by=f"--confirm {name}")
        if self.asker is None:
            what = "deletes what cannot be recovered" if request.confirm_text else "is destructive"
            flag = f"--confirm {name}" if name else "an interactive terminal"
            raise ApprovalRequired(
                f"{request.tool} {what} and needs its own approval: {request.action}",
                hint=f"--yes alone does not approve it; pass {flag} to approve exactly this, or run interactively")
        decision = self.asker(request)  # asked every time: a session answer is not remembered
        approved = decision is not Decision.NO
        return ApprovalOutcome(request=request, approved=approved, decided_by="user",
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
    if request.always_asks:
        answer = click.prompt("  this is destructive; approve this one call? [y]es / [n]o", default="n",
                              show_default=False, err=True)
        return Decision.YES if answer.strip().lower() in ("y", "yes") else Decision.NO
    session = f" / [s]ession ({request.scope.describe()})" if request.scope else " / [s]ession (this exact call)"
    answer = click.prompt(f"  approve? [y]es{session} / [n]o", default="n", show_default=False, err=True)
    return {"y": Decision.YES, "yes": Decision.YES, "s": Decision.YES_SESSION}.get(answer.strip().lower(), Decision.NO)
