"""Test-only tools, a scripted provider and a recorder double for the loop tests."""

from __future__ import annotations

from typing import Any, Callable

from pydantic import BaseModel

from agent.errors import ProviderError
from agent.providers.base import ChatResponse, Message, Provider, StreamCallback, ToolCall, ToolSpec, Usage
from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult


class EchoArgs(BaseModel):
    text: str


class EchoTool(Tool):
    name = "echo"
    description = "Repeat the given text back."
    Args = EchoArgs

    def __init__(self, output: str | None = None, on_run: Callable[[], None] | None = None) -> None:
        self.output = output
        self.on_run = on_run
        self.runs: list[str] = []

    def run(self, args: EchoArgs, ctx: ToolContext) -> ToolResult:
        self.runs.append(args.text)
        if self.on_run:
            self.on_run()
        return ToolResult.ok(self.output if self.output is not None else args.text, data={"echoed": args.text})


class MutateArgs(BaseModel):
    target: str
    replicas: int


class MutateTool(Tool):
    name = "mutate"
    description = "Scale a workload."
    Args = MutateArgs

    def __init__(self) -> None:
        self.runs: list[str] = []

    def modifies(self, args: MutateArgs) -> Modifies:
        return Modifies.YES

    def describe_call(self, args: MutateArgs) -> str:
        return f"kubectl scale {args.target} --replicas={args.replicas}"

    def run(self, args: MutateArgs, ctx: ToolContext) -> ToolResult:
        self.runs.append(self.describe_call(args))
        return ToolResult.ok(f"{args.target} scaled")


def call(name: str, call_id: str = "call_1", **arguments: Any) -> ToolCall:
    return ToolCall(id=call_id, name=name, arguments=arguments)


class ScriptedProvider(Provider):
    """Replies from a script: each entry is a text answer or a list of tool calls. Keeps every request."""

    def __init__(self, *script: str | list[ToolCall] | Callable[[int], list[ToolCall]], name: str = "scripted") -> None:
        self.name = name
        self.model = f"{name}-1"
        self.script = list(script)
        self.requests: list[tuple[list[Message], list[ToolSpec] | None]] = []

    def chat(self, messages: list[Message], tools: list[ToolSpec] | None = None,
             on_token: StreamCallback | None = None) -> ChatResponse:
        self.requests.append((list(messages), tools))
        step = self.script[min(len(self.requests), len(self.script)) - 1]
        if callable(step):
            step = step(len(self.requests))
        if isinstance(step, str):
            if on_token:
                for word in step.split(" "):
                    on_token(word)
            message = Message(role="assistant", content=step)
        else:
            message = Message(role="assistant", tool_calls=step)
        return ChatResponse(message=message, usage=Usage(input_tokens=10, output_tokens=2),
                            model=self.model, provider=self.name)


class FailingProvider(Provider):
    def __init__(self, error: ProviderError) -> None:
        self.name = error.provider
        self.model = f"{error.provider}-1"
        self.error = error

    def chat(self, messages: list[Message], tools: list[ToolSpec] | None = None,
             on_token: StreamCallback | None = None) -> ChatResponse:
        raise self.error


class FakeRecorder:
    """Duck-types agent.phr.recorder.PhrRecorder: keeps what the loop records."""

    def __init__(self) -> None:
        self.tool_calls: list[Any] = []
        self.fallbacks: list[tuple[str, str, str]] = []
        self.providers: list[tuple[str, str, Usage | None]] = []
        self.approvals: list[Any] = []
        self.notes: list[tuple[str, str]] = []
        self.response: str | None = None

    def record_tool_call(self, rec: Any) -> None:
        self.tool_calls.append(rec)

    def record_fallback(self, from_provider: str, to_provider: str, reason: str) -> None:
        self.fallbacks.append((from_provider, to_provider, reason))

    def record_provider(self, provider: str, model: str, usage: Usage | None = None) -> None:
        self.providers.append((provider, model, usage))

    def record_approval(self, outcome: Any) -> None:
        self.approvals.append(outcome)

    def note(self, heading: str, text: str) -> None:
        self.notes.append((heading, text))

    def set_response(self, text: str) -> None:
        self.response = text

