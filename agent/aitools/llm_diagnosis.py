"""An LLM diagnosis that starts from the analyzers' findings instead of from nothing.

The builtin analyzers answer first; their findings go to the model through the
versioned `prompts/diagnosis.md.j2`, and the model confirms or refutes them with
the same read-only tools (and the same approval gate for anything else) in
`agent.loop.run_agent`. The PHR records the template, its version and sha256.
"""

from __future__ import annotations

from typing import Any, Callable

from agent.gate import ApprovalGate
from agent.tooling.base import Tool, ToolContext

TEMPLATE = "diagnosis.md.j2"


def diagnosis_question(question: str, findings_text: str, namespace: str | None):
    from agent.loop import render_prompt

    return render_prompt(TEMPLATE, question=question, namespace=namespace, findings=findings_text)


def diagnose_with_llm(question: str, *, provider: Any, tools: list[Tool], ctx: ToolContext, gate: ApprovalGate,
                      recorder: Any = None, namespace: str | None = None, max_steps: int = 12,
                      on_event: Callable[[Any], None] | None = None):
    """`run_agent` on the question rendered with the analyzers' answer as the starting point."""
    from agent.diagnosis.engine import answer
    from agent.diagnosis.render import render_text
    from agent.loop import run_agent
    from agent.redact import redact
    from tools.diagnosis import cluster_state

    scope = namespace or getattr(ctx.settings, "namespace", None)
    found = answer(cluster_state(ctx, scope), question, namespace=scope)
    prompt = diagnosis_question(question, render_text(found), scope)
    if recorder is not None:
        recorder.note("Diagnosis prompt", f"template {prompt.template}, version {prompt.version}, sha256 "
                                          f"{prompt.sha256}; starting point: the builtin analyzers "
                                          f"({len(found.findings)} finding(s))")
    return run_agent(redact(prompt.text), provider=provider, tools=tools, ctx=ctx, gate=gate, recorder=recorder,
                     max_steps=max_steps, on_event=on_event)
