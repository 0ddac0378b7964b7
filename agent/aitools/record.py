"""Write chain steps into the PHR: what was asked, what came back, what was validated and changed."""

from __future__ import annotations

from typing import Any

from agent.aitools.models import ChainResult, StepOutcome

PROMPT_LIMIT = 2000


def step_text(outcome: StepOutcome) -> str:
    lines = [f"status: {outcome.status}" + (f" ({outcome.reason})" if outcome.reason else ""),
             f"fallback: {'yes' if outcome.fallback else 'no (first step tried)'}"]
    if outcome.command:
        lines.append("command: " + " ".join(_quote(a) for a in outcome.command))
    if outcome.tool_version:
        lines.append(f"tool version: {outcome.tool_version}")
    if outcome.template:
        lines.append(f"prompt template: {outcome.template}")
    if outcome.prompt and not outcome.command:
        prompt = outcome.prompt if len(outcome.prompt) <= PROMPT_LIMIT else outcome.prompt[:PROMPT_LIMIT] + " ..."
        lines.append(f"prompt:\n{prompt}")
    if outcome.response_summary:
        lines.append(f"response: {outcome.response_summary}")
    if outcome.validation is not None and outcome.validation.deferred:
        lines.append(f"validation: deferred: {outcome.validation.summary}")
    elif outcome.validation is not None:
        lines.append(f"validation: {'passed' if outcome.validation.passed else 'FAILED'}: {outcome.validation.summary}")
        lines.extend(f"  - {problem}" for problem in outcome.validation.problems)
    if outcome.changes:
        lines.append("agent changes before writing:")
        lines.extend(f"  - {change}" for change in outcome.changes)
    return "\n".join(lines)


def record_step(recorder: Any, kind: str, target: str, index: int, outcome: StepOutcome) -> None:
    if recorder is None:
        return
    recorder.note(f"AI chain {kind} {target} step {index} {outcome.step}", step_text(outcome))
    if outcome.tool_version and outcome.status in ("accepted", "failed"):
        recorder.record_tool_version(outcome.step, outcome.tool_version)


def record_fallback(recorder: Any, from_step: str, to_step: str, target: str, outcome: StepOutcome) -> None:
    if recorder is not None:
        recorder.record_fallback(from_step, to_step, f"{target}: {outcome.status}: {outcome.reason}")


def record_result(recorder: Any, result: ChainResult) -> None:
    if recorder is None:
        return
    path = " -> ".join(f"{s.step} ({s.status})" for s in result.steps)
    used = result.accepted or "none (no step passed validation)"
    recorder.note(f"AI chain {result.kind} {result.target} result", f"used: {used}\nsteps: {path}")


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)
