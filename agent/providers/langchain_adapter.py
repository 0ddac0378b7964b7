"""The bridge between our provider models and a LangChain chat model.

`LangChainProvider` is what the openai and anthropic providers share: message
conversion (every content redacted before it leaves the process), tool binding,
streaming with usage, and SDK errors mapped to `ProviderError`. Only
`openai_provider` and `anthropic_provider` import this module, and only the
registry imports those, lazily: the offline path never loads LangChain.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Callable

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from agent.errors import ProviderError
from agent.providers.base import ChatResponse, Message, Provider, StreamCallback, ToolCall, ToolSpec, Usage
from agent.providers.errors import is_sdk_error

ErrorMapper = Callable[[BaseException], Exception]


def to_langchain_messages(messages: list[Message]) -> list[BaseMessage]:
    from agent.redact import redact, redact_obj

    converted: list[BaseMessage] = []
    for message in messages:
        content = redact(message.content)
        if message.role == "system":
            converted.append(SystemMessage(content=content))
        elif message.role == "user":
            converted.append(HumanMessage(content=content))
        elif message.role == "assistant":
            calls = [{"id": c.id, "name": c.name, "args": redact_obj(c.arguments), "type": "tool_call"}
                     for c in message.tool_calls]
            converted.append(AIMessage(content=content, tool_calls=calls))
        else:
            converted.append(ToolMessage(content=content, tool_call_id=message.tool_call_id or "",
                                         name=message.name))
    return converted


def to_function_tools(tools: list[ToolSpec]) -> list[dict[str, Any]]:
    """OpenAI function format: both ChatOpenAI and ChatAnthropic accept it in bind_tools."""
    return [{"type": "function",
             "function": {"name": t.name, "description": t.description, "parameters": t.parameters}}
            for t in tools]


def tool_calls_of(ai: AIMessage) -> list[ToolCall]:
    calls = [ToolCall(id=c.get("id") or f"call_{i}", name=c["name"], arguments=dict(c.get("args") or {}))
             for i, c in enumerate(ai.tool_calls)]
    offset = len(calls)
    for i, bad in enumerate(ai.invalid_tool_calls):
        raw = bad.get("args") or ""
        reason = bad.get("error") or "not a JSON object"
        calls.append(ToolCall(id=bad.get("id") or f"call_{offset + i}", name=bad.get("name") or "",
                              arguments_error=f"arguments are not valid JSON ({reason}): {raw[:200]}"))
    return calls


def usage_of(ai: AIMessage) -> Usage:
    meta = ai.usage_metadata or {}
    return Usage(input_tokens=meta.get("input_tokens", 0), output_tokens=meta.get("output_tokens", 0))


def model_of(ai: AIMessage, default: str) -> str:
    meta = ai.response_metadata or {}
    return meta.get("model_name") or meta.get("model") or default


class LangChainProvider(Provider):
    """A Provider backed by a LangChain chat model. Subclasses build the model and the error mapping."""

    def __init__(self, *, name: str, model: str, chat_model: BaseChatModel, sdk: ModuleType,
                 map_error: ErrorMapper) -> None:
        self.name = name
        self.model = model
        self._chat_model = chat_model
        self._sdk = sdk
        self._map_error = map_error

    def chat(self, messages: list[Message], tools: list[ToolSpec] | None = None,
             on_token: StreamCallback | None = None) -> ChatResponse:
        runnable: Any = self._chat_model.bind_tools(to_function_tools(tools)) if tools else self._chat_model
        prompt = to_langchain_messages(messages)
        try:
            ai = self._stream(runnable, prompt, on_token) if on_token else runnable.invoke(prompt)
        except Exception as exc:
            if is_sdk_error(exc, self._sdk):
                raise self._map_error(exc) from exc
            if on_token and isinstance(exc, ValueError) and "No generation chunks" in str(exc):
                raise ProviderError(self.name, "bad_response", "the streamed response contained no events",
                                    hint="the endpoint does not seem to support streaming (stream=true); "
                                         "check the server or use another provider") from exc
            raise
        message = Message(role="assistant", content=ai.text, tool_calls=tool_calls_of(ai))
        return ChatResponse(message=message, usage=usage_of(ai), model=model_of(ai, self.model), provider=self.name)

    @staticmethod
    def _stream(runnable: Any, prompt: list[BaseMessage], on_token: StreamCallback) -> AIMessage:
        merged: AIMessageChunk | None = None
        for chunk in runnable.stream(prompt):
            text = chunk.text
            if text:
                on_token(text)
            merged = chunk if merged is None else merged + chunk
        if merged is None:
            return AIMessage(content="")
        # summing chunks concatenates partial tool-call JSON; the chunk parses it into tool_calls/invalid_tool_calls
        return AIMessage(content=merged.content, tool_calls=merged.tool_calls,
                         invalid_tool_calls=merged.invalid_tool_calls, usage_metadata=merged.usage_metadata,
                         response_metadata=merged.response_metadata, id=merged.id)

