"""Workload rows for the cluster pane: status per workload, derived from its pods."""

from __future__ import annotations

from pydantic import BaseModel

from agent.diagnosis.state import ClusterState, labels_of, name_of, namespace_of
from agent.kube.kinds import POD_CONTROLLERS as WORKLOAD_KINDS
from agent.kube.pods import is_failing_reason, status_word
from agent.kube.selectors import matches as selector_matches
# worst first: the row shows the worst status among its pods
STATUS_RANK = ("CrashLoopBackOff", "OOMKilled", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError",
               "InvalidImageName", "Error", "Init:Error", "Init:CrashLoopBackOff", "Evicted", "Pending",
               "ContainerCreating", "NotReady", "Running", "Completed", "Succeeded", "ScaledToZero")
BAD = {s for s in STATUS_RANK if is_failing_reason(s)}
WARN = {"Pending", "ContainerCreating", "NotReady"}


class WorkloadRow(BaseModel):
    namespace: str
    kind: str
    name: str
    ready: str
    status: str

    @property
    def health(self) -> str:
        if self.status in BAD:
            return "bad"
        return "warn" if self.status in WARN else "ok"


def pod_status(pod: dict) -> str:
    """The status word `kubectl get pods` would print (the worst container's, by STATUS_RANK)."""
    return status_word(pod, STATUS_RANK)


def _rank(status: str) -> int:
    return STATUS_RANK.index(status) if status in STATUS_RANK else STATUS_RANK.index("Error")


def _selected(selector: dict, labels: dict) -> bool:
    # an empty selector would match every pod in the namespace: for a workload row it selects none
    return bool(selector) and selector_matches(selector, labels)


def workload_rows(state: ClusterState, namespace: str | None = None) -> list[WorkloadRow]:
    pods_by_ns: dict[str, list[dict]] = {}
    for pod in state.of_kind("Pod", namespace):
        pods_by_ns.setdefault(namespace_of(pod) or "", []).append(pod)
    rows = []
    for kind in WORKLOAD_KINDS:
        for obj in state.of_kind(kind, namespace):
            ns = namespace_of(obj) or ""
            spec = obj.get("spec") or {}
            selector = spec.get("selector") or ((spec.get("jobTemplate") or {}).get("spec") or {}).get("selector")
            pods = [p for p in pods_by_ns.get(ns, []) if _selected(selector or {}, labels_of(p))]
            if kind == "CronJob":
                pods = [p for p in pods_by_ns.get(ns, []) if name_of(p).startswith(name_of(obj) + "-")]
            statuses = [pod_status(p) for p in pods]
            ready = sum(1 for p in pods if all(cs.get("ready") for cs in (p.get("status") or {}).get("containerStatuses") or [{}]))
            if statuses:
                status = min(statuses, key=_rank)
            elif kind in ("Deployment", "StatefulSet") and spec.get("replicas") == 0:
                status = "ScaledToZero"
            else:
                status = "Pending" if kind in ("Deployment", "StatefulSet", "DaemonSet") else "Completed"
            rows.append(WorkloadRow(namespace=ns, kind=kind, name=name_of(obj), ready=f"{ready}/{len(pods)}",
                                    status=status))
    return sorted(rows, key=lambda r: (r.namespace, r.kind, r.name))
