"""The provider interface: chat with tools, streaming, token usage.

Providers translate between these plain models and their SDK. The agent loop,
the fallback chain and the PHR only ever see these models.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Callable, Literal

from pydantic import BaseModel, Field


class ToolSpec(BaseModel):
    name: str
    description: str
    parameters: dict[str, Any]


class ToolCall(BaseModel):
    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    # set when the model sent arguments that are not valid JSON: the loop reports it back
    arguments_error: str | None = None


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool"]
    content: str = ""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    tool_call_id: str | None = None
    name: str | None = None


class Usage(BaseModel):
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(input_tokens=self.input_tokens + other.input_tokens,
                     output_tokens=self.output_tokens + other.output_tokens)


class ChatResponse(BaseModel):
    message: Message
    usage: Usage = Field(default_factory=Usage)
    model: str = ""
    provider: str = ""


StreamCallback = Callable[[str], None]


class Provider(ABC):
    name: str
    model: str

    @abstractmethod
    def chat(self, messages: list[Message], tools: list[ToolSpec] | None = None,
             on_token: StreamCallback | None = None) -> ChatResponse:
        """One model turn. Raises agent.errors.ProviderError on failure (kind says which)."""
