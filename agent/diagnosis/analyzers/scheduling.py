"""Pods the scheduler cannot place: insufficient cpu/memory/GPU, nodeSelector/affinity mismatch, pod
anti-affinity, untolerated taints, cordoned or NotReady nodes, unbound PersistentVolumeClaims.

The scheduler's FailedScheduling message says *which* predicate failed; the objects say *why*
(the numbers, the missing label, the taint), so both are read.
"""

from __future__ import annotations

from collections import defaultdict

from agent.diagnosis.analyzers._pods import Groups, event_line, owner_of
from agent.diagnosis.analyzers._scheduling_causes import SchedulingContext, causes_for, scheduler_reasons
from agent.diagnosis.analyzers._workloads import (
    PodIndex,
    condition,
    is_minikube,
    is_terminated,
    latest_event,
    pod_refs,
    pod_requests,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.analyzers.pvc import StorageIndex
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

__all__ = ["SchedulingAnalyzer", "scheduler_message", "scheduler_reasons"]


def scheduler_message(state: ClusterState, pod: Obj) -> tuple[str, str]:
    """The scheduler's latest explanation for a pod and where it came from."""
    ev = latest_event(state.events_for("Pod", namespace_of(pod), name_of(pod)), "FailedScheduling")
    if ev:
        return " ".join((ev.get("message") or "").split()), event_line(ev)
    cond = condition(pod, "PodScheduled")
    if cond and cond.get("status") == "False" and cond.get("message"):
        return " ".join(cond["message"].split()), f"PodScheduled=False ({cond.get('reason', '')}): {cond['message']}"
    return "", ""


@register
class SchedulingAnalyzer(Analyzer):
    name = "scheduling"
    kinds = ("Pod",)
    needs = {"Node": "why Pending pods fit no node"}
    keywords = (
        "pending", "schedule", "scheduled", "scheduling", "unschedulable", "insufficient", "taint", "toleration",
        "affinity", "anti-affinity", "nodeselector", "selector", "gpu", "stuck", "placed", "capacity",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        pending = [p for p in state.of_kind("Pod") if _is_unscheduled(p)]
        if not pending:
            return []
        ctx = self._context(state)
        groups = Groups()
        for pod in pending:
            groups.add(owner_of(state, pod), "", pod)
        findings = (self._finding(ctx, workload, pods) for workload, pods in groups.items())
        return [f for f in findings if f is not None]

    def _context(self, state: ClusterState) -> SchedulingContext:
        pods = PodIndex(state)
        used: dict[str, dict[str, float]] = {}
        counts: dict[str, int] = {}
        for node_name, node_pods in pods.by_node.items():
            total: dict[str, float] = defaultdict(float)
            running = [p for p in node_pods if not is_terminated(p)]
            for p in running:
                for res, qty in pod_requests(p).items():
                    total[res] += qty
            used[node_name], counts[node_name] = dict(total), len(running)
        nodes = state.of_kind("Node")
        return SchedulingContext(state, nodes, used, counts, pods, StorageIndex.build(state), is_minikube(nodes))

    def _finding(self, ctx: SchedulingContext, workload: ObjectRef, pods: list[Obj]) -> Finding | None:
        pod = pods[-1]
        message, message_line = scheduler_message(ctx.state, pod)
        causes = causes_for(ctx, workload, pod, message)
        if not causes:
            return None  # not scheduled yet, and neither the scheduler nor the objects say anything is wrong
        evidence = [Evidence(source="status", text=f"{len(pods)} pod(s) Pending, not scheduled to any node")]
        if message_line:
            evidence.append(Evidence(source="events", text=message_line))
        related = pod_refs(pods)
        for cause in causes:
            evidence.extend(cause.evidence)
            related.extend(r for r in cause.related if str(r) not in {str(x) for x in related})
        fixes = [c.fix for c in causes if c.fix]
        fix = Fix(
            description=" Or: ".join(f.description for f in fixes) if fixes else "Read the scheduler's message above.",
            commands=[cmd for f in fixes for cmd in f.commands],
            patch="\n---\n".join(f.patch for f in fixes if f.patch) or None,
        )
        who = f"{workload.kind.lower()} {workload.name}" if workload.kind != "Pod" else f"pod {workload.name}"
        return Finding(
            analyzer=self.name,
            object=workload,
            severity=Severity.CRITICAL,
            symptom=f"{len(pods)} pod(s) of {who} stuck in Pending (FailedScheduling)",
            root_cause="; ".join(c.text for c in causes),
            evidence=evidence,
            fix=fix,
            # Without the scheduler's own message the predicates are re-derived, which is less certain.
            confidence=max(0.3, min(c.confidence for c in causes) - (0.0 if message else 0.15)),
            related=related,
        )


def _is_unscheduled(pod: Obj) -> bool:
    status = pod.get("status") or {}
    return status.get("phase") == "Pending" and not (pod.get("spec") or {}).get("nodeName")
