"""Helpers shared by the cluster-level analyzers (scheduling, services, storage, controllers).

Quantities, label selectors, one-pass indexes over pods and their owners, and
one-line renderings of events and pod failures. Every index is built once per
`analyze()` call so analyzers stay linear in the number of objects.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from agent.diagnosis.analyzers._pods import PodIndex, owner_of, pod_ref
from agent.diagnosis.models import ObjectRef
from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of
from agent.kube import pods as kube_pods
from agent.kube import selectors
from agent.kube.owners import controller_of, helm_release
from agent.kube.pods import condition, is_pod_ready
from agent.kube.pods import is_finished as is_terminated
from agent.kube.quantities import MEMORY_LIKE, format_quantity, quantity
from agent.kube.selectors import describe as describe_selector
from agent.kube.selectors import matches as selector_matches

# shared with the analyzers from agent.kube
__all__ = ["MEMORY_LIKE", "PodIndex", "condition", "controller_of", "describe_selector", "format_quantity",
           "helm_release", "is_terminated", "quantity", "selector_matches"]


def container_requests(container: Obj) -> dict[str, float]:
    resources = container.get("resources") or {}
    requests = dict(resources.get("requests") or {})
    # An unset request defaults to the limit.
    for res, qty in (resources.get("limits") or {}).items():
        requests.setdefault(res, qty)
    return {res: quantity(qty) for res, qty in requests.items()}


def pod_requests(pod: Obj) -> dict[str, float]:
    """What the scheduler reserves for a pod: max(sum of containers, largest init container) per resource."""
    spec = pod.get("spec") or {}
    total: dict[str, float] = defaultdict(float)
    for c in spec.get("containers") or []:
        for res, qty in container_requests(c).items():
            total[res] += qty
    for c in spec.get("initContainers") or []:
        for res, qty in container_requests(c).items():
            total[res] = max(total[res], qty)
    return dict(total)


def format_labels(labels: dict[str, str]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(labels.items())) or "(none)"


def ref(obj: Obj) -> ObjectRef:
    return ObjectRef(kind=obj.get("kind", ""), name=name_of(obj), namespace=namespace_of(obj))


def workloads_of(state: ClusterState, pods: Iterable[Obj]) -> list[ObjectRef]:
    """The distinct workloads (Deployment, StatefulSet, ...) behind some pods, sorted."""
    by_key = {str(ref): ref for ref in (owner_of(state, p) for p in pods)}
    return [by_key[k] for k in sorted(by_key)]


def pod_refs(pods: Iterable[Obj]) -> list[ObjectRef]:
    return [pod_ref(p) for p in pods]


def latest_event(events: list[Obj], *reasons: str) -> Obj | None:
    """The newest event with one of these reasons (events_for returns oldest first)."""
    for ev in reversed(events):
        if ev.get("reason") in reasons:
            return ev
    return None


def kubectl_ns(namespace: str | None) -> str:
    return f" -n {namespace}" if namespace else ""


def pod_failure(pod: Obj, state: ClusterState | None = None, *, definite_only: bool = False) -> str | None:
    """One line saying why a pod is not running/ready, from its container statuses, conditions and events.

    None when the pod is running and ready (or has finished). With `definite_only`, a pod that is merely
    not ready yet (starting, no failure signal) also gives None.
    """
    status = pod.get("status") or {}
    if is_terminated(pod) or is_pod_ready(pod):
        return None
    for cs in kube_pods.container_statuses(pod):
        failure = kube_pods.container_failure(cs)
        if failure is None:
            continue
        if failure.waiting:
            detail = _waiting_detail(cs, failure)
            return f"container {failure.container}: {failure.reason}" + (f" ({detail})" if detail else "")
        return (
            f"container {failure.container} exits with code {failure.exit_code}"
            f" ({failure.reason}), restarted {cs.get('restartCount', 0)} times"
        )
    scheduled = condition(pod, "PodScheduled")
    if scheduled and scheduled.get("status") == "False":
        return f"Pending, not scheduled: {' '.join((scheduled.get('message') or '').split())}"
    node_name = (pod.get("spec") or {}).get("nodeName")
    node = state.get("Node", None, node_name) if state is not None and node_name else None
    node_ready = condition(node, "Ready") if node else None
    if node_ready and node_ready.get("status") != "True":
        return f"its node {node_name} is NotReady ({node_ready.get('reason', 'Unknown')})"
    if state is not None:
        probe = latest_event(state.events_for("Pod", namespace_of(pod), name_of(pod)), "Unhealthy")
        if probe:
            return f"not ready: {' '.join((probe.get('message') or '').split())}"
    if definite_only:
        return None
    for cs in status.get("containerStatuses") or []:
        if not cs.get("ready"):
            return f"container {cs.get('name')} is not ready"
    phase = status.get("phase")
    return f"phase {phase}" if phase and phase != "Running" else None


def _waiting_detail(cs: Obj, failure: kube_pods.ContainerFailure) -> str:
    if failure.family == "image":
        message = failure.message
        return f"image {cs.get('image')}" + (f": {message}" if message and "Back-off" not in message else "")
    return failure.message[:200]


def is_minikube(nodes: list[Obj]) -> bool:
    return any("minikube.k8s.io/name" in labels_of(n) for n in nodes)


def targets_scaled_to_zero(state: ClusterState, namespace: str | None, selector: dict[str, str]) -> bool:
    """The selector targets a workload that is deliberately at 0 replicas: no endpoints is expected."""
    for kind in ("Deployment", "StatefulSet"):
        for obj in state.of_kind(kind, namespace):
            spec = obj.get("spec") or {}
            labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
            if spec.get("replicas") == 0 and selectors.matches_map(selector, labels):
                return True
    return False



_NOISE_LABELS = ("pod-template-hash", "controller-revision-hash", "statefulset.kubernetes.io/pod-name",
                 "batch.kubernetes.io/controller-uid", "controller-uid")


def closest_workload_labels(state: ClusterState, namespace: str | None, selector: dict[str, str],
                            pods: PodIndex) -> tuple[ObjectRef | None, dict[str, str]]:
    """The workload whose pod labels are closest to the selector (same keys, similar values)."""
    best: tuple[int, ObjectRef | None, dict[str, str]] = (0, None, {})
    seen: set[str] = set()
    for pod in pods.by_namespace.get(namespace, []):
        workload = owner_of(state, pod)
        if str(workload) in seen:
            continue
        seen.add(str(workload))
        labels = {k: v for k, v in labels_of(pod).items() if k not in _NOISE_LABELS}
        score = _similarity(selector, labels)
        if score > best[0]:
            best = (score, workload, labels)
    return best[1], best[2]


def _similarity(selector: dict[str, str], labels: dict[str, str]) -> int:
    score = 0
    values = set(labels.values())
    for key, value in selector.items():
        if labels.get(key) == value:
            score += 4
        elif key in labels and (value in labels[key] or labels[key] in value):
            score += 3
        elif key in labels:
            score += 1
        elif value in values:
            score += 2
    return score
