"""A short operator-facing summary of one chain run, written by the configured LLM (`prompts/summary.md.j2`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class StepLine(BaseModel):
    step: str
    status: str
    reason: str = ""


def summarise_chain(kind: str, target: str, steps: list[StepLine], provider: Any) -> str:
    from agent.loop import render_prompt
    from agent.providers.base import Message
    from agent.redact import redact

    prompt = render_prompt("summary.md.j2", kind=kind, target=target, steps=steps)
    response = provider.chat([Message(role="user", content=redact(prompt.text))])
    return " ".join(response.message.content.split())
