"""The tool-calling loop: ask the model, run the tools it asks for, feed results back, until it answers.

Every call is checked before it runs: the tool must exist, its arguments must
validate against the tool's pydantic model, a third identical call is refused,
and anything that modifies passes the approval gate. Tool output is truncated
and redacted before the model sees it. Every step is recorded in the PHR and
reported to the surface as `LoopEvent`s.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Union

from pydantic import BaseModel, Field

from agent.errors import ProviderError
from agent.gate import ApprovalGate, ApprovalOutcome
from agent.redact import redact_obj
from agent.phr.models import ToolCallRecord
from agent.providers.base import ChatResponse, Message, Provider, ToolCall, ToolSpec, Usage
from agent.tooling.invoke import Call, Wording, invalid_arguments, invoke
from agent.tooling.recorder import Recorder
from agent.tooling.base import Tool, ToolContext, ToolResult, ToolStatus

PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"  # links to the top-level prompts/; shipped as package data
SYSTEM_TEMPLATE = "system.md.j2"
REPEAT_LIMIT = 2  # identical calls (same tool, same arguments) allowed before the model is told to stop
# what the model reads when a call did not run: enough to fix the call, and never an invitation to work around a "no"
MODEL_WORDING = Wording(
    bad_arguments=lambda name, exc: f"{invalid_arguments(name, exc)}. Fix them and call it again.",
    refused=lambda call, outcome: (
        f"the user declined: {call.description}" + (f" ({outcome.reason})" if outcome.reason else "")
        + ". It did not run. Do not retry it or work around it; tell the user what it would have done "
          "and the command to run it themselves."),
)


class TokenEvent(BaseModel):
    type: Literal["token"] = "token"
    text: str


class ToolStarted(BaseModel):
    type: Literal["tool_started"] = "tool_started"
    call_id: str
    tool: str
    arguments: dict[str, Any]
    description: str


class ToolFinished(BaseModel):
    type: Literal["tool_finished"] = "tool_finished"
    call_id: str
    tool: str
    status: str
    duration_ms: int
    output: str
    truncated: bool


class ApprovalEvent(BaseModel):
    type: Literal["approval"] = "approval"
    outcome: ApprovalOutcome


class FallbackEvent(BaseModel):
    type: Literal["fallback"] = "fallback"
    from_provider: str
    to_provider: str
    reason: str

    def __str__(self) -> str:
        return f"{self.from_provider} -> {self.to_provider}: {self.reason}"


class FinalEvent(BaseModel):
    type: Literal["final"] = "final"
    text: str


LoopEvent = Annotated[Union[TokenEvent, ToolStarted, ToolFinished, ApprovalEvent, FallbackEvent, FinalEvent],
                      Field(discriminator="type")]
Stopped = Literal["answered", "step_cap", "cancelled", "error"]


class LoopResult(BaseModel):
    answer: str
    messages: list[Message]  # the conversation without the system prompt: pass it back as `history`
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    provider: str
    model: str
    fallbacks: list[FallbackEvent] = Field(default_factory=list)
    stopped: Stopped
    data: list[dict[str, Any]] = Field(default_factory=list)  # ToolResult.data of the calls, in call order


class SystemPrompt(BaseModel):
    text: str
    template: str
    version: str
    sha256: str  # of the template source, so a PHR pins the exact prompt version


def render_prompt(template: str, **context: Any) -> SystemPrompt:
    """Render `prompts/<template>` (a Jinja template with a `version:` line); the sha256 pins the template source."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    source = (PROMPTS_DIR / template).read_text(encoding="utf-8")
    env = Environment(loader=FileSystemLoader(PROMPTS_DIR), undefined=StrictUndefined, autoescape=False,
                      keep_trailing_newline=True)
    text = env.get_template(template).render(**context)
    version = re.search(r"version:\s*(\S+)", source)
    return SystemPrompt(text=text, template=f"prompts/{template}", version=version.group(1) if version else "",
                        sha256=hashlib.sha256(source.encode("utf-8")).hexdigest())


def render_system_prompt(tools: list[Tool], *, read_only: bool = False, namespace: str | None = None) -> SystemPrompt:
    return render_prompt(SYSTEM_TEMPLATE, tools=[{"name": t.name, "description": t.description} for t in tools],
                         read_only=read_only, namespace=namespace)


def tool_specs(tools: list[Tool]) -> list[ToolSpec]:
    return [ToolSpec(name=t.name, description=t.description, parameters=t.json_schema()) for t in tools]


def run_agent(question: str, *, provider: Provider, tools: list[Tool], ctx: ToolContext, gate: ApprovalGate,
              recorder: Recorder | None = None, history: list[Message] | None = None, system_prompt: str | None = None,
              max_steps: int = 12, on_event: Callable[[LoopEvent], None] | None = None,
              cancel: threading.Event | None = None) -> LoopResult:
    """Answer `question` with `provider`, calling `tools` as it asks. ProviderError and ApprovalRequired propagate."""
    run = _Run(provider=provider, tools=tools, ctx=ctx, gate=gate, recorder=recorder, on_event=on_event, cancel=cancel)
    return run.execute(question, history or [], system_prompt, max_steps)


class _Run:
    """The state of one `run_agent` call."""

    def __init__(self, *, provider: Provider, tools: list[Tool], ctx: ToolContext, gate: ApprovalGate,
                 recorder: Recorder | None, on_event: Callable[[LoopEvent], None] | None, cancel: threading.Event | None) -> None:
        self.provider = provider
        self.tools = {t.name: t for t in tools}
        self.specs = tool_specs(tools)
        self.ctx = ctx
        self.gate = gate
        self.recorder = recorder
        self.on_event = on_event
        self.cancel = cancel
        self.usage = Usage()
        self.answered_by = (provider.name, provider.model)
        self.records: list[ToolCallRecord] = []
        self.fallbacks: list[FallbackEvent] = []
        self.data: list[dict[str, Any]] = []
        self.seen: Counter[str] = Counter()

    def execute(self, question: str, history: list[Message], system_prompt: str | None, max_steps: int) -> LoopResult:
        system = self._with_attachments(self._system_prompt(system_prompt), question)
        conversation = [m for m in history if m.role != "system"] + [Message(role="user", content=question)]
        subscribe = getattr(self.provider, "subscribe", None)  # a FallbackChain reports fallbacks to the loop
        unsubscribe = subscribe(self._on_fallback) if callable(subscribe) else None
        try:
            stopped, answer = self._steps(system, conversation, max_steps)
        except ProviderError as error:
            self._note("Provider error", f"{error}")
            raise
        finally:
            if unsubscribe:
                unsubscribe()
        self._emit(FinalEvent(text=answer))
        if self.recorder is not None:
            self.recorder.set_response(answer)
        provider, model = self.answered_by
        return LoopResult(answer=answer, messages=conversation, tool_calls=self.records, usage=self.usage,
                          provider=provider, model=model, fallbacks=self.fallbacks, stopped=stopped, data=self.data)

    def _steps(self, system: str, conversation: list[Message], max_steps: int) -> tuple[Stopped, str]:
        for _ in range(max_steps):
            if self._cancelled():
                return "cancelled", self._cancelled_answer()
            reply = self._chat(system, conversation).message
            if not reply.tool_calls:
                conversation.append(Message(role="assistant", content=reply.content))
                if not reply.content.strip():
                    return "error", "The model returned an empty answer. Ask again, or try another provider."
                return "answered", reply.content
            conversation.append(reply)
            for position, call in enumerate(reply.tool_calls):
                if self._cancelled():
                    # every tool call needs a result, or the next request with this history is rejected
                    conversation.extend(_cancelled_result(c) for c in reply.tool_calls[position:])
                    return "cancelled", self._cancelled_answer()
                conversation.append(self._handle(call))
        return "step_cap", self._answer_at_cap(system, conversation, max_steps)

    def _answer_at_cap(self, system: str, conversation: list[Message], max_steps: int) -> str:
        notice = (f"The step limit ({max_steps} tool-calling steps) is reached and no more tools will run. "
                  "Answer now with what the tool results above show, and say what is still unknown.")
        # the notice is sent for this one request but not kept in the history
        reply = self._chat(system, [*conversation, Message(role="user", content=notice)]).message
        text = reply.content.strip()
        if not text:
            ran = ", ".join(dict.fromkeys(r.tool for r in self.records)) or "none"
            text = f"I could not finish the investigation. Tools that ran: {ran}."
        conversation.append(Message(role="assistant", content=text))
        return (f"{text}\n\n(Stopped at the step limit of {max_steps} tool-calling steps; "
                "raise AGENT_MAX_STEPS to let the agent investigate further.)")

    def _chat(self, system: str, conversation: list[Message]) -> ChatResponse:
        on_token = (lambda text: self._emit(TokenEvent(text=text))) if self.on_event else None
        response = self.provider.chat([Message(role="system", content=system), *conversation], self.specs, on_token)
        self.usage = self.usage + response.usage
        self.answered_by = (response.provider or self.provider.name, response.model or self.provider.model)
        if self.recorder is not None:
            self.recorder.record_provider(*self.answered_by, usage=response.usage)
        return response

    def _handle(self, call: ToolCall) -> Message:
        announced: list[Call] = []

        def precheck(checked: Call) -> ToolResult | None:
            self._announce(call.id, checked)
            announced.append(checked)
            key = f"{checked.name}:{json.dumps(checked.arguments, sort_keys=True)}"
            self.seen[key] += 1
            if self.seen[key] > REPEAT_LIMIT:
                return ToolResult.error(f"{checked.name} was already called {REPEAT_LIMIT} times with these exact "
                                        "arguments and its result will not change. Do not call it again: answer with "
                                        "what you have.")
            return None

        done = invoke(self.tools.get(call.name), call.arguments, self.ctx, gate=self.gate, recorder=self.recorder,
                      name=call.name, available=list(self.tools), wording=MODEL_WORDING,
                      arguments_error=call.arguments_error, precheck=precheck,
                      # the builtin engine only echoes commands found in the user's text: those are proposals
                      proposed=self.answered_by[0] == "builtin",
                      on_approval=lambda outcome: self._emit(ApprovalEvent(outcome=outcome)))
        if not announced:
            self._announce(call.id, done.call)
        shown = done.result
        self._emit(ToolFinished(call_id=call.id, tool=call.name, status=shown.status.value,
                                duration_ms=done.call.duration_ms, output=shown.output, truncated=shown.truncated))
        self.records.append(done.record)
        if done.raw is not None and done.raw.data:
            self.data.append(done.raw.data)
        return Message(role="tool", tool_call_id=call.id, name=call.name,
                       content=_tool_message(shown.status, shown.output))

    def _announce(self, call_id: str, checked: Call) -> None:
        self._emit(ToolStarted(call_id=call_id, tool=checked.name, arguments=redact_obj(checked.arguments),
                               description=checked.description))

    def _system_prompt(self, given: str | None) -> str:
        if given is not None:
            self._note("System prompt", f"supplied by the caller, sha256 {hashlib.sha256(given.encode()).hexdigest()}")
            return given
        settings = self.ctx.settings
        prompt = render_system_prompt(list(self.tools.values()), read_only=self.gate.read_only,
                                      namespace=getattr(settings, "namespace", None))
        self._note("System prompt", f"template {prompt.template}, version {prompt.version}, sha256 {prompt.sha256}")
        return prompt.text

    def _with_attachments(self, system: str, question: str) -> str:
        """Pasted files (`agent ask -f`) and the builtin's findings on them go into a model's context, redacted and
        trimmed to a stated budget; the builtin reads them itself through its tools."""
        cluster = getattr(self.ctx, "cluster", None)
        if cluster is None:
            return system
        from agent.diagnosis.intake.context import HEADING, for_question
        from agent.diagnosis.sources.pasted import PastedSource

        if self.provider.name == "builtin":
            if isinstance(cluster, PastedSource):  # it reads them through its own tools; it only needs to know
                return system + f"\n\n{HEADING}\n({len(cluster.files)} file(s) attached; read by the diagnose tool)"
            return system

        try:
            context = for_question(cluster, question, getattr(self.ctx.settings, "namespace", None))
        except AgentError as exc:  # unreadable files: the tools will say so; the model still gets the question
            self._note("Attachments", f"not sent: {exc}")
            return system
        if context is None:
            return system
        self._note("Attachments", context.summary() + "\n\n" + context.text)
        return system + "\n\n" + context.text

    def _on_fallback(self, from_provider: str, to_provider: str, error: ProviderError) -> None:
        detail = error.message.removeprefix(f"{error.provider}: ")
        event = FallbackEvent(from_provider=from_provider, to_provider=to_provider, reason=f"{error.kind}: {detail}")
        self.fallbacks.append(event)
        self._emit(event)
        if self.recorder is not None:
            self.recorder.record_fallback(from_provider, to_provider, event.reason)

    def _cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def _cancelled_answer(self) -> str:
        ran = ", ".join(dict.fromkeys(r.tool for r in self.records))
        return "Cancelled." + (f" Tools that ran before the cancel: {ran}." if ran else "")

    def _note(self, heading: str, text: str) -> None:
        if self.recorder is not None:
            self.recorder.note(heading, text)

    def _emit(self, event: BaseModel) -> None:
        if self.on_event is not None:
            self.on_event(event)  # type: ignore[arg-type]


def _tool_message(status: ToolStatus, output: str) -> str:
    if status is ToolStatus.OK:
        return output or "(no output)"
    return f"[{status.value}] {output}"


def _cancelled_result(call: ToolCall) -> Message:
    return Message(role="tool", tool_call_id=call.id, name=call.name, content="[refused] cancelled by the user; not run")
