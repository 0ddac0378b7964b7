"""A session: settings, tools, the approval gate and the provider chain, shared by every surface.

The CLI, the REPL, the TUI and the MCP server all ask questions through
`Session.ask`, so every surface gets the same loop, the same gate and a PHR.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict

from agent.config import Settings
from agent.gate import ApprovalGate, Asker


@contextmanager
def _detach_on_exit(gate: ApprovalGate):
    """Stop sending the gate's decisions to a recorder once its record is closed."""
    try:
        yield
    finally:
        gate.on_decision = None


class AskResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    question: str
    answer: str
    answered: bool
    provider: str
    model: str
    fallbacks: list[str]
    tool_calls: list[dict[str, Any]]
    data: list[dict[str, Any]]
    stopped: str
    phr_path: str | None = None


class Session:
    def __init__(self, settings: Settings, *, surface: str = "cli", asker: Asker | None = None,
                 files: list[Path] | None = None) -> None:
        self.settings = settings
        self.surface = surface
        self.files = list(files or [])
        self.gate = ApprovalGate(read_only=settings.read_only, assume_yes=settings.assume_yes, asker=asker,
                                 confirm_names=getattr(settings, "confirm", ()))
        self.history: list = []
        self._tools: list | None = None
        self._ctx = None
        self._provider = None

    @property
    def tools(self) -> list:
        if self._tools is None:
            from tools.registry import default_tools

            self._tools = default_tools(self.settings)
        return self._tools

    @property
    def ctx(self):
        if self._ctx is None:
            from agent.diagnosis.sources.base import open_source
            from agent.tooling.base import ToolContext

            self._ctx = ToolContext(settings=self.settings, workdir=Path.cwd(),
                                    cluster=open_source(self.settings, files=self.files or None),
                                    extras={"gate": self.gate})
        return self._ctx

    def reconfigure(self, **updates: Any) -> None:
        """Change settings mid-session (TUI slash commands); rebuilds only what the change touches."""
        self.settings = self.settings.model_copy(update=updates)
        self.gate.read_only = self.settings.read_only
        if updates.keys() & {"providers", "openai_model", "anthropic_model"}:
            self._provider = None
        if updates.keys() & {"namespace", "context", "snapshot", "kubeconfig"}:
            self._ctx = None
            self._tools = None

    def cluster_state(self):
        """The whole cluster (or the configured namespace) as a ClusterState, for overview panes."""
        namespace = self.settings.namespace
        return self.ctx.cluster.load(namespace=namespace, all_namespaces=namespace is None)

    @property
    def provider(self):
        if self._provider is None:
            from agent.providers.chain import build_chain

            # the loop subscribes to the chain and reports fallbacks as FallbackEvent
            self._provider = build_chain(self.settings)
        return self._provider

    def ask(self, question: str, *, command: str = "", on_event: Callable | None = None,
            cancel: threading.Event | None = None, stage: str | None = None) -> AskResult:
        from agent.loop import run_agent
        from agent.phr.recorder import PhrRecorder
        from agent.providers.builtin import is_help_question

        stage = stage or ("general" if is_help_question(question) else "troubleshoot")
        recorder = PhrRecorder(self.settings, title=question[:72] or "question", stage=stage,
                               surface=self.surface, command=command or f"agent ask {question!r}",
                               prompt=question, labels=[self.surface])
        self.gate.on_decision = recorder.record_approval
        self.ctx.extras["recorder"] = recorder  # chain steps (kagent -> builtin) note themselves in this PHR
        with recorder, _detach_on_exit(self.gate):
            result = run_agent(question, provider=self.provider, tools=self.tools, ctx=self.ctx, gate=self.gate,
                               recorder=recorder, history=self.history, max_steps=self.settings.max_steps,
                               on_event=on_event, cancel=cancel)
            ran_tool = any(c.status == "ok" for c in result.tool_calls)
            answered = result.stopped == "answered" and (
                result.provider != "builtin" or ran_tool or is_help_question(question))
            recorder.set_response(result.answer)
            recorder.set_outcome(impact="answered" if answered else "could not answer",
                                 reflection=f"stopped: {result.stopped}")
        self.history = list(result.messages)
        phr_path = recorder.close()
        return AskResult(question=question, answer=result.answer, answered=answered, provider=result.provider,
                         model=result.model, fallbacks=[str(f) for f in result.fallbacks],
                         tool_calls=[c.model_dump() for c in result.tool_calls], data=result.data,
                         stopped=result.stopped, phr_path=str(phr_path) if phr_path else None)


class ToolRun(BaseModel):
    tool: str
    action: str
    approved: bool
    decided_by: str
    status: str
    output: str
    phr_path: str | None = None


def run_gated_tool(session: Session, tool_name: str, arguments: dict[str, Any], *, title: str,
                   stage: str = "operate") -> ToolRun:
    """Run one tool directly (a finding's fix, a TUI action) through `invoke`, recorded in its own PHR."""
    from pydantic import ValidationError

    from agent.errors import UsageError
    from agent.phr.recorder import PhrRecorder
    from agent.tooling.invoke import invalid_arguments, invoke

    tool = next((t for t in session.tools if t.name == tool_name), None)
    if tool is None:
        raise UsageError(f"no tool named {tool_name}",
                         hint=f"the session's tools are: {', '.join(sorted(t.name for t in session.tools))}")
    try:  # bad input is a usage error before anything is recorded
        action = tool.describe_call(tool.parse_args(arguments))
    except ValidationError as exc:
        raise UsageError(invalid_arguments(tool_name, exc),
                         hint=f"pass arguments that match the {tool_name} tool's schema") from None
    recorder = PhrRecorder(session.settings, title=title, stage=stage, surface=session.surface,
                           command=action, prompt=title, labels=[session.surface, "action"])
    session.gate.on_decision = recorder.record_approval
    with recorder, _detach_on_exit(session.gate):
        done = invoke(tool, arguments, session.ctx, gate=session.gate, recorder=recorder)
        recorder.set_response(done.result.output)
    path = recorder.close()
    outcome = done.call.outcome
    return ToolRun(tool=tool.name, action=action, approved=done.approved,
                   decided_by=outcome.decided_by if outcome is not None else "not needed",
                   status=done.result.status.value, output=done.result.output, phr_path=str(path) if path else None)
