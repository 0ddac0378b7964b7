"""Deployments, StatefulSets, DaemonSets and standalone ReplicaSets with fewer ready pods than they want, with or without pod
evidence: the pods' own failure when the source holds them, else the controller's status and conditions."""

from __future__ import annotations

from collections import Counter, defaultdict

from agent.diagnosis.analyzers._admission import classify
from agent.diagnosis.analyzers._workloads import (
    condition,
    controller_of,
    describe_selector,
    kubectl_ns,
    pod_failure,
    pod_refs,
    ref,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.analyzers.statefulset import statefulset_readiness
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

Key = tuple[str | None, str]


class _Owners:
    """ReplicaSets per Deployment and pods per controller, built in one pass."""

    def __init__(self, state: ClusterState) -> None:
        self.replicasets: dict[Key, list[Obj]] = defaultdict(list)
        self.pods: dict[tuple[str, str | None, str], list[Obj]] = defaultdict(list)
        for rs in state.of_kind("ReplicaSet"):
            owner = controller_of(rs)
            if owner and owner.get("kind") == "Deployment":
                self.replicasets[(namespace_of(rs), owner.get("name", ""))].append(rs)
        for pod in state.of_kind("Pod"):
            owner = controller_of(pod)
            if owner:
                self.pods[(owner.get("kind", ""), namespace_of(pod), owner.get("name", ""))].append(pod)

    def pods_of(self, obj: Obj) -> list[Obj]:
        ns, name, kind = namespace_of(obj), name_of(obj), obj.get("kind", "")
        if kind == "Deployment":
            return [p for rs in self.replicasets[(ns, name)] for p in self.pods[("ReplicaSet", ns, name_of(rs))]]
        return self.pods[(kind, ns, name)]


def _is_rolling(dep: Obj, owned: list[Obj]) -> bool:
    """A rollout the `rollout` analyzer judges: deadline exceeded, or old and new ReplicaSets both hold pods."""
    progressing = condition(dep, "Progressing") or {}
    if progressing.get("reason") == "ProgressDeadlineExceeded":
        return True
    return sum(1 for rs in owned if (rs.get("status") or {}).get("replicas", 0) > 0) > 1


def _counts(obj: Obj) -> tuple[int, int, int, str]:
    """(desired, ready, available, status line) by kind."""
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    if obj.get("kind") == "DaemonSet":
        desired = status.get("desiredNumberScheduled", 0)
        ready, available = status.get("numberReady", 0), status.get("numberAvailable", status.get("numberReady", 0))
        line = (f"desiredNumberScheduled {desired}, currentNumberScheduled {status.get('currentNumberScheduled', 0)}, "
                f"numberReady {ready}, numberAvailable {available}, numberMisscheduled {status.get('numberMisscheduled', 0)}")
        return desired, ready, available, line
    desired = spec.get("replicas", 1)
    ready, available = status.get("readyReplicas", 0), status.get("availableReplicas", status.get("readyReplicas", 0))
    line = (f"replicas {desired} desired, {status.get('replicas', 0)} created, {ready} ready, {available} available"
            + (f", {status['updatedReplicas']} updated" if "updatedReplicas" in status else ""))
    return desired, ready, available, line


@register
class WorkloadReadinessAnalyzer(Analyzer):
    name = "workloads"
    kinds = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet")
    needs = {"Pod": "why the pods of workloads short of ready replicas fail"}
    fallback = True
    keywords = ("deployment", "daemonset", "replicaset", "replicas", "ready", "available", "unavailable", "desired",
                "misscheduled", "scaled", "down", "not ready", "0/")

    def analyze(self, state: ClusterState) -> list[Finding]:
        owners = _Owners(state)
        pods_known = state.knows("Pod")
        findings = []
        for dep in state.of_kind("Deployment"):
            if not _is_rolling(dep, owners.replicasets[(namespace_of(dep), name_of(dep))]):
                findings.extend(self._short(state, dep, owners, pods_known))
        for sts in state.of_kind("StatefulSet"):
            findings.extend(statefulset_readiness(self.name, state, sts, owners.pods_of(sts)))
        for ds in state.of_kind("DaemonSet"):
            findings.extend(self._short(state, ds, owners, pods_known))
            misplaced = self._misscheduled(ds, owners)
            if misplaced:
                findings.append(misplaced)
        for rs in state.of_kind("ReplicaSet"):
            if not controller_of(rs):
                findings.extend(self._short(state, rs, owners, pods_known))
        return findings

    def _short(self, state: ClusterState, obj: Obj, owners: _Owners, pods_known: bool) -> list[Finding]:
        kind, ns, name = obj.get("kind", ""), namespace_of(obj), name_of(obj)
        desired, ready, available, line = _counts(obj)
        if desired == 0 or (ready >= desired and available >= desired):
            return []
        evidence = [Evidence(source="status", text=line)]
        for cond_type in ("Available", "ReplicaFailure", "Progressing"):
            cond = condition(obj, cond_type)
            if cond and cond.get("status") == ("True" if cond_type == "ReplicaFailure" else "False"):
                evidence.append(Evidence(source="status", text=f"{cond_type}={cond.get('status')} "
                                                               f"({cond.get('reason')}): {cond.get('message', '')}"))
        pods = owners.pods_of(obj)
        failing = {name_of(p): why for p in pods if (why := pod_failure(p, state))}
        related: list[ObjectRef] = pod_refs(p for p in pods if name_of(p) in failing)
        workload = f"{kind.lower()}/{name}"
        refusal = self._creation_refusal(state, obj, owners)
        if failing:
            top, count = Counter(failing.values()).most_common(1)[0]
            cause = f"{len(failing)} of its {len(pods)} pod(s) are not ready; {count} fail with: {top}"
            fix = Fix(description=f"Fix the pods' failure (see the pod-level finding for {related[0].name}); the "
                                  f"{kind} recovers as pods become ready.",
                      commands=[f"kubectl describe pod {related[0].name}{kubectl_ns(ns)}",
                                f"kubectl rollout status {workload}{kubectl_ns(ns)}"])
            confidence = 0.85
        elif refusal is not None:
            rs_name, message = refusal
            classified = classify(message, ns, workload)
            cause = f"{'ReplicaSet ' + rs_name if rs_name != name else 'it'} cannot create pods: {classified.cause}"
            fix, confidence = classified.fix, 0.9
            if rs_name != name:
                related.append(ObjectRef(kind="ReplicaSet", name=rs_name, namespace=ns))
        elif pods_known and len(pods) < desired:
            cause = (f"only {len(pods)} of {desired} pods exist and the source shows no refusal; the controller may "
                     "be blocked (quota, admission) or the pods were just deleted")
            fix = Fix(description="Read the controller's events for FailedCreate.",
                      commands=[f"kubectl describe {workload}{kubectl_ns(ns)}"])
            confidence = 0.6
        else:
            selector = ((obj.get("spec") or {}).get("selector") or None)
            why = ("the source holds no pods of it, so why they are not ready cannot be read"
                   if not pods_known or not pods else "its pods are not ready yet (no failure reported)")
            cause = f"{ready} of {desired} replicas are ready; {why}"
            fix = Fix(description="Look at the pods' status and events to see why they are not ready.",
                      commands=[f"kubectl get pods{kubectl_ns(ns)} -l {_selector_arg(selector)}",
                                f"kubectl describe {workload}{kubectl_ns(ns)}"])
            confidence = 0.6 if not pods_known else 0.5
        return [Finding(
            analyzer=self.name, object=ref(obj), severity=Severity.CRITICAL if available == 0 else Severity.WARNING,
            symptom=f"{kind} {name}: {ready}/{desired} ready, {available}/{desired} available",
            root_cause=f"{kind} {name} has {available} of {desired} replicas available: {cause}",
            evidence=evidence, fix=fix, confidence=confidence, related=related,
        )]

    def _creation_refusal(self, state: ClusterState, obj: Obj, owners: _Owners) -> tuple[str, str] | None:
        """(ReplicaSet or controller name, message) when the API server refuses the pods."""
        ns = namespace_of(obj)
        candidates = owners.replicasets[(ns, name_of(obj))] if obj.get("kind") == "Deployment" else [obj]
        for rs in candidates:
            cond = condition(rs, "ReplicaFailure")
            if cond and cond.get("status") == "True":
                return name_of(rs), cond.get("message") or ""
            for ev in reversed(state.events_for(rs.get("kind", "ReplicaSet"), ns, name_of(rs))):
                if ev.get("reason") == "FailedCreate":
                    return name_of(rs), ev.get("message") or ""
        return None

    def _misscheduled(self, ds: Obj, owners: _Owners) -> Finding | None:
        ns, name = namespace_of(ds), name_of(ds)
        count = (ds.get("status") or {}).get("numberMisscheduled", 0)
        if not count:
            return None
        return Finding(
            analyzer=self.name, object=ref(ds), severity=Severity.WARNING,
            symptom=f"DaemonSet {name}: {count} pod(s) run on nodes where they should not",
            root_cause=(f"DaemonSet {name} has {count} misscheduled pod(s): they run on nodes that no longer match its "
                        "nodeSelector/affinity or that carry a taint it does not tolerate (node labels or taints "
                        "changed after the pods started), so the controller will not manage them as intended"),
            evidence=[Evidence(source="status", text=_counts(ds)[3])],
            fix=Fix(description="Restore the node labels/tolerations the DaemonSet expects, or delete the misscheduled "
                                "pods so the controller reconciles.",
                    commands=[f"kubectl get pods{kubectl_ns(ns)} -o wide -l {_selector_arg((ds.get('spec') or {}).get('selector'))}",
                              "kubectl get nodes --show-labels"]),
            confidence=0.8,
        )


def _selector_arg(selector: Obj | None) -> str:
    labels = (selector or {}).get("matchLabels") or {}
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items())) or f"'{describe_selector(selector)}'"
