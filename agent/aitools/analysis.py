"""The analysis chain: kagent first, then the builtin analyzers over the Kubernetes API (or a snapshot).

kagent's agents can change the cluster, so its step asks the approval gate
first; refused or unanswerable, the step is skipped and the analyzers answer.
"""

from __future__ import annotations

from typing import Any, Callable

from agent.aitools.candidate import summarize
from agent.aitools.errors import AiToolMissing, AiToolNotReady
from agent.aitools.external import require
from agent.aitools.models import ChainResult, StepOutcome
from agent.aitools.record import record_fallback, record_result, record_step
from agent.aitools.usage import read_pod_metrics, usage_report, wants_usage
from agent.errors import AgentError, ApprovalRequired


def kagent_task(question: str, namespace: str | None) -> str:
    scope = f" in namespace {namespace}" if namespace else " across the cluster"
    return (f"{question.strip()}{scope}. Only read the cluster: do not apply, patch, scale or delete anything. "
            "Answer with the root cause, the evidence (object and event or log line) and the exact fix commands.")


def analyze(question: str, *, namespace: str | None, settings: Any, load_state: Callable[[], Any],
            gate: Any = None, recorder: Any = None, via: str | None = None,
            source: Any = None) -> ChainResult:
    """`source` (the ClusterSource) lets the builtin step read the metrics API for optimisation questions."""
    names = ["kagent", "builtin"] if via is None else [via]
    result = ChainResult(kind="analysis", target=question, accepted=None)
    for index, name in enumerate(names, 1):
        if name == "kagent" and _is_offline(source):
            outcome = StepOutcome(step="kagent", status="skipped",
                                  reason="kagent reads the live cluster, and this question is about a snapshot "
                                         "or pasted output")
        elif name == "kagent":
            outcome = _kagent(question, namespace, settings, gate, result)
        else:
            outcome = _builtin(question, namespace, load_state, result, source)
        outcome.fallback = index > 1
        result.steps.append(outcome)
        record_step(recorder, "analysis", "cluster", index, outcome)
        if outcome.status == "accepted":
            result.accepted = name
            break
        if index < len(names):
            record_fallback(recorder, name, names[index], "analysis", outcome)
    record_result(recorder, result)
    return result


def _is_offline(source: Any) -> bool:
    from agent.diagnosis.sources.pasted import PastedSource
    from agent.diagnosis.sources.snapshot import SnapshotSource

    return isinstance(source, (SnapshotSource, PastedSource))


def _kagent(question: str, namespace: str | None, settings: Any, gate: Any, result: ChainResult) -> StepOutcome:
    from agent.gate import ApprovalRequest
    from agent.redact import redact
    from tools import kagent
    from agent.tooling.base import Modifies

    task = redact(kagent_task(question, namespace))  # kagent hands the task to its own LLM
    command = kagent.argv(task)
    try:
        found = require(kagent.detect())
    except AiToolMissing as exc:
        return StepOutcome(step="kagent", status="unavailable", reason=f"{exc.message} (hint: {exc.hint})")
    if gate is None:
        return StepOutcome(step="kagent", status="skipped", command=command, tool_version=found.version,
                           reason="no approval gate to ask: kagent's agents can change the cluster")
    try:
        outcome = gate.check(ApprovalRequest(tool="kagent", action=" ".join(command), modifies=Modifies.UNKNOWN,
                                             blast_radius="a kagent agent with cluster tools"))
    except ApprovalRequired as exc:
        return StepOutcome(step="kagent", status="skipped", command=command, tool_version=found.version,
                           reason=f"not approved: {exc.message} (pass --yes to allow kagent)")
    if not outcome.approved:
        why = f"{outcome.decided_by}: {outcome.reason}" if outcome.reason else outcome.decided_by
        return StepOutcome(step="kagent", status="skipped", command=command, tool_version=found.version,
                           reason=f"not approved ({why})")
    try:
        answer = kagent.invoke(task, timeout=settings.tool_timeout)
        command = answer.argv
    except (AiToolNotReady, AiToolMissing) as exc:
        return StepOutcome(step="kagent", status="unavailable", command=command, tool_version=found.version,
                           reason=f"{exc.message} (hint: {exc.hint})")
    except AgentError as exc:  # AiToolError (failed, timed out, no answer) and the rest
        return StepOutcome(step="kagent", status="failed", command=command, tool_version=found.version,
                           reason=exc.message)
    result.text = answer.text
    return StepOutcome(step="kagent", status="accepted", command=command, tool_version=found.version,
                       response_summary=summarize(answer.text),
                       changes=[f"A2A task state {answer.state or 'unknown'}; {len(answer.artifacts)} artifact(s) "
                                "shown as text"])


def _builtin(question: str, namespace: str | None, load_state: Callable[[], Any], result: ChainResult,
             source: Any) -> StepOutcome:
    from agent import __version__
    from agent.diagnosis.engine import answer
    from agent.diagnosis.render import render_text

    try:
        state = load_state()
    except AgentError as exc:
        return StepOutcome(step="builtin", status="failed",
                           reason=f"{exc.message} (hint: {exc.hint})" if exc.hint else exc.message)
    found = answer(state, question, namespace=namespace)
    result.text = render_text(found)
    result.data = found.model_dump(mode="json")
    changes = []
    if wants_usage(question):
        usage = read_pod_metrics(source, namespace)
        if usage is None:
            changes.append("no metrics API (snapshot, or metrics-server missing): usage advice left out")
            result.text += ("\n\nResource usage: not available (no metrics.k8s.io API; on Minikube run "
                            "`minikube addons enable metrics-server`).")
        else:
            changes.append(f"added usage of {len(usage)} container(s) from metrics.k8s.io")
            result.text += "\n\nResource usage (metrics.k8s.io, like `kubectl top pods --containers`):\n" + \
                usage_report(state, usage)
    return StepOutcome(step="builtin", status="accepted", tool_version=f"aiops-agent {__version__} analyzers",
                       response_summary=summarize(found.summary), changes=changes)
