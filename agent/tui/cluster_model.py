"""Workload rows for the cluster pane: status per workload, derived from its pods."""

from __future__ import annotations

from pydantic import BaseModel

from agent.diagnosis.analyzers._workloads import selector_matches
from agent.diagnosis.state import ClusterState, labels_of, name_of, namespace_of

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")
# worst first: the row shows the worst status among its pods
STATUS_RANK = ("CrashLoopBackOff", "OOMKilled", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError",
               "InvalidImageName", "Error", "Init:Error", "Init:CrashLoopBackOff", "Evicted", "Pending",
               "ContainerCreating", "NotReady", "Running", "Completed", "Succeeded", "ScaledToZero")
BAD = set(STATUS_RANK[:STATUS_RANK.index("Pending")])
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
    """The status word `kubectl get pods` would print."""
    status = pod.get("status") or {}
    if status.get("reason") == "Evicted":
        return "Evicted"
    for cs in status.get("initContainerStatuses") or []:
        waiting = (cs.get("state") or {}).get("waiting")
        if waiting and waiting.get("reason"):
            return f"Init:{waiting['reason']}"
    worst = None
    for cs in status.get("containerStatuses") or []:
        state = cs.get("state") or {}
        reason = (state.get("waiting") or {}).get("reason") or (state.get("terminated") or {}).get("reason")
        if reason and reason not in ("Completed",):
            if worst is None or _rank(reason) < _rank(worst):
                worst = reason
        elif not cs.get("ready") and state.get("running") and worst is None:
            worst = "NotReady"
    if worst:
        return worst
    return status.get("phase") or "Unknown"


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
