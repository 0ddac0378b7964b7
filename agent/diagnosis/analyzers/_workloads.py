"""Helpers shared by the cluster-level analyzers (scheduling, services, storage, controllers).

Quantities, label selectors, one-pass indexes over pods and their owners, and
one-line renderings of events and pod failures. Every index is built once per
`analyze()` call so analyzers stay linear in the number of objects.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from agent.diagnosis.analyzers._pods import is_pod_ready, owner_of, parse_quantity, pod_ref
from agent.diagnosis.models import ObjectRef
from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of

MEMORY_LIKE = ("memory", "storage", "ephemeral-storage")


def quantity(value: Any) -> float:
    """A Kubernetes quantity in base units (cores, bytes); 0 when absent or unparsable."""
    return parse_quantity(value) or 0.0


def format_quantity(resource: str, value: float) -> str:
    """Render a base-unit amount the way a user would write it for this resource (`768Mi`, `1.5Gi`, `250m`)."""
    if resource.split(".")[-1] in MEMORY_LIKE:
        if abs(value) >= 2**30:
            return f"{value / 2**30:.1f}".removesuffix(".0") + "Gi"
        if abs(value) >= 2**20:
            return f"{round(value / 2**20)}Mi"
        if abs(value) >= 2**10:
            return f"{round(value / 2**10)}Ki"
        return f"{int(value)}"
    if resource.split(".")[-1] == "cpu":
        return f"{round(value * 1000)}m" if value != int(value) else f"{int(value)}"
    return f"{value:g}"


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


def is_terminated(pod: Obj) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def condition(obj: Obj, cond_type: str) -> Obj | None:
    for cond in (obj.get("status") or {}).get("conditions") or []:
        if cond.get("type") == cond_type:
            return cond
    return None


def format_labels(labels: dict[str, str]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(labels.items())) or "(none)"


def _expression_matches(expr: Obj, labels: dict[str, str]) -> bool:
    key, op, values = expr.get("key", ""), expr.get("operator", ""), expr.get("values") or []
    if op == "In":
        return labels.get(key) in values
    if op == "NotIn":
        return labels.get(key) not in values
    if op == "Exists":
        return key in labels
    if op == "DoesNotExist":
        return key not in labels
    return False


def selector_matches(selector: Obj | None, labels: dict[str, str]) -> bool:
    """A metav1.LabelSelector (matchLabels + matchExpressions) against labels; an empty selector matches all."""
    if not selector:
        return True
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    return all(_expression_matches(e, labels) for e in selector.get("matchExpressions") or [])


def describe_selector(selector: Obj | None) -> str:
    if not selector:
        return "{} (all pods)"
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for e in selector.get("matchExpressions") or []:
        values = ",".join(e.get("values") or [])
        parts.append(f"{e.get('key')} {e.get('operator')} ({values})" if values else f"{e.get('key')} {e.get('operator')}")
    return ", ".join(parts)


class PodIndex:
    """Pods of the cluster indexed by namespace, node and label pair, built in one pass."""

    def __init__(self, state: ClusterState) -> None:
        self.pods = state.of_kind("Pod")
        self.by_namespace: dict[str | None, list[Obj]] = defaultdict(list)
        self.by_node: dict[str, list[Obj]] = defaultdict(list)
        self._by_label: dict[tuple[str | None, str, str], list[int]] = defaultdict(list)
        for i, pod in enumerate(self.pods):
            ns = namespace_of(pod)
            self.by_namespace[ns].append(pod)
            node = (pod.get("spec") or {}).get("nodeName")
            if node:
                self.by_node[node].append(pod)
            for key, value in labels_of(pod).items():
                self._by_label[(ns, key, value)].append(i)

    def select(self, namespace: str | None, selector: Obj | None) -> list[Obj]:
        """Pods in a namespace matching a LabelSelector, using the label index for matchLabels."""
        match_labels = (selector or {}).get("matchLabels") or {}
        if match_labels:
            candidate_ids: set[int] | None = None
            for key, value in match_labels.items():
                ids = set(self._by_label.get((namespace, key, value), ()))
                candidate_ids = ids if candidate_ids is None else candidate_ids & ids
                if not candidate_ids:
                    return []
            candidates = [self.pods[i] for i in sorted(candidate_ids or ())]
        else:
            candidates = self.by_namespace.get(namespace, [])
        return [p for p in candidates if selector_matches(selector, labels_of(p))]

    def select_labels(self, namespace: str | None, match_labels: dict[str, str]) -> list[Obj]:
        """Pods matching a plain map selector (Service.spec.selector)."""
        return self.select(namespace, {"matchLabels": match_labels})


def controller_of(obj: Obj) -> Obj | None:
    refs = (obj.get("metadata") or {}).get("ownerReferences") or []
    for owner in refs:
        if owner.get("controller"):
            return owner
    return refs[0] if refs else None


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


_WAITING_FAILURES = (
    "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError",
    "CreateContainerError", "RunContainerError", "ContainerCannotRun",
)


def pod_failure(pod: Obj, state: ClusterState | None = None, *, definite_only: bool = False) -> str | None:
    """One line saying why a pod is not running/ready, from its container statuses, conditions and events.

    None when the pod is running and ready (or has finished). With `definite_only`, a pod that is merely
    not ready yet (starting, no failure signal) also gives None.
    """
    status = pod.get("status") or {}
    if is_terminated(pod) or is_pod_ready(pod):
        return None
    for cs in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or []):
        waiting = (cs.get("state") or {}).get("waiting") or {}
        reason = waiting.get("reason")
        if reason in _WAITING_FAILURES:
            detail = _waiting_detail(cs, waiting)
            return f"container {cs.get('name')}: {reason}" + (f" ({detail})" if detail else "")
        terminated = (cs.get("lastState") or {}).get("terminated") or (cs.get("state") or {}).get("terminated")
        if terminated and terminated.get("exitCode", 0) != 0:
            return (
                f"container {cs.get('name')} exits with code {terminated.get('exitCode')}"
                f" ({terminated.get('reason', 'Error')}), restarted {cs.get('restartCount', 0)} times"
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


def _waiting_detail(cs: Obj, waiting: Obj) -> str:
    message = " ".join((waiting.get("message") or "").split())
    if waiting.get("reason") in ("ImagePullBackOff", "ErrImagePull", "InvalidImageName"):
        return f"image {cs.get('image')}" + (f": {message}" if message and "Back-off" not in message else "")
    return message[:200]


def helm_release(obj: Obj) -> str | None:
    """The Helm release that manages an object, from the labels/annotations Helm 3 sets."""
    meta = obj.get("metadata") or {}
    annotations = meta.get("annotations") or {}
    if annotations.get("meta.helm.sh/release-name"):
        return annotations["meta.helm.sh/release-name"]
    labels = meta.get("labels") or {}
    if labels.get("app.kubernetes.io/managed-by") == "Helm":
        return labels.get("app.kubernetes.io/instance")
    return None


def is_minikube(nodes: list[Obj]) -> bool:
    return any("minikube.k8s.io/name" in labels_of(n) for n in nodes)


def targets_scaled_to_zero(state: ClusterState, namespace: str | None, selector: dict[str, str]) -> bool:
    """The selector targets a workload that is deliberately at 0 replicas: no endpoints is expected."""
    for kind in ("Deployment", "StatefulSet"):
        for obj in state.of_kind(kind, namespace):
            spec = obj.get("spec") or {}
            labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
            if spec.get("replicas") == 0 and all(labels.get(k) == v for k, v in selector.items()):
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
