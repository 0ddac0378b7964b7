"""Evicted pods: the node resource under pressure, who used it, and how to clean up."""

from __future__ import annotations

import re

from agent.diagnosis.analyzers._pods import (
    Groups,
    format_bytes,
    ns_flag,
    owner_of,
    parse_quantity,
    pod_names,
    related_pods,
    workload_arg,
)
from agent.diagnosis.analyzers._workloads import is_minikube
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of

_LOW = re.compile(r"The node was low on resource: ([\w-]+)\.(?: Threshold quantity: (\S+?), available: (\S+?)\.)?")
_USING = re.compile(r"Container ([\w-]+) was using ([^\s,]+), request is ([^\s,]+)")
PRESSURE = {
    "ephemeral-storage": "DiskPressure",
    "nodefs": "DiskPressure",
    "imagefs": "DiskPressure",
    "memory": "MemoryPressure",
    "pids": "PIDPressure",
}


@register
class EvictionAnalyzer(Analyzer):
    name = "evictions"
    kinds = ("Pod", "Node", "Deployment")
    keywords = (
        "evicted",
        "eviction",
        "evict",
        "disk",
        "ephemeral",
        "storage",
        "pressure",
        "diskpressure",
        "memorypressure",
        "failed pods",
        "disk full",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        groups = Groups()
        for pod in state.of_kind("Pod"):
            status = pod.get("status") or {}
            if status.get("phase") == "Failed" and status.get("reason") == "Evicted":
                match = _LOW.search(status.get("message") or "")
                resource = match.group(1) if match else "unknown"
                groups.add(owner_of(state, pod), resource, pod)
        return [self._finding(state, owner, pods) for owner, pods in groups.items()]

    def _finding(self, state: ClusterState, owner: ObjectRef, pods: list[Obj]) -> Finding:
        pod = pods[-1]
        message = (pod.get("status") or {}).get("message") or ""
        low = _LOW.search(message)
        resource = low.group(1) if low else "a node resource"
        node_name = (pod.get("spec") or {}).get("nodeName") or ""
        node = state.get("Node", None, node_name) if node_name else None
        condition = PRESSURE.get(resource, "")
        conditions = {c.get("type"): c for c in ((node or {}).get("status") or {}).get("conditions") or []}
        pressure_now = conditions.get(condition, {}).get("status") == "True"
        using = _USING.findall(message)
        ns = owner.namespace or "default"
        evidence = [Evidence(source="status", text=f"{name_of(pod)}: phase Failed, reason Evicted: {message}")]
        if condition and condition in conditions:
            c = conditions[condition]
            evidence.append(
                Evidence(
                    source=f"node/{node_name}",
                    text=f"{condition}={c.get('status')} ({c.get('reason', '')}: {c.get('message', '')})",
                )
            )
        taints = [t.get("key") for t in ((node or {}).get("spec") or {}).get("taints") or []]
        if taints:
            evidence.append(Evidence(source=f"node/{node_name}", text=f"taints: {', '.join(taints)}"))
        threshold = f" (threshold {low.group(2)}, available {low.group(3)})" if low and low.group(2) else ""
        consumer = ""
        if using:
            container, used, request = using[0]
            consumer = f"; container {container} was using {used} with a request of {request}"
        root = (
            f"The kubelet evicted {len(pods)} pod(s) of {workload_arg(owner)} because node {node_name} ran low on "
            f"{resource}{threshold}{consumer}."
            + (
                f" The node still reports {condition}."
                if pressure_now
                else f" The node no longer reports {condition}; the Failed pods are leftovers."
                if condition in conditions
                else ""
            )
        )
        commands = [f"kubectl delete pods {ns_flag(ns)} --field-selector=status.phase=Failed"]
        if resource in ("ephemeral-storage", "nodefs", "imagefs"):
            nodes = state.of_kind("Node")
            # the project's clusters are Minikube; say otherwise only when the nodes show it
            if nodes and not is_minikube(nodes):
                commands.append(f"ssh {node_name or '<node>'} sudo crictl rmi --prune")
            else:
                commands.append("minikube ssh -- docker system prune -af")
            description = (
                "Delete the evicted pods, free disk on the node (unused images and containers), and give the "
                "container an ephemeral-storage request and limit (or write large data to a volume)."
            )
            if using:
                commands.append(
                    f"kubectl set resources {workload_arg(owner)} {ns_flag(ns)} -c {using[0][0]} "
                    "--requests=ephemeral-storage=1Gi --limits=ephemeral-storage=2Gi"
                )
        elif resource == "memory":
            description = (
                "Delete the evicted pods and set memory requests that match real usage so the scheduler does not "
                "overcommit the node."
            )
            if using:
                used = parse_quantity(using[0][1])
                if used:
                    commands.append(
                        f"kubectl set resources {workload_arg(owner)} {ns_flag(ns)} -c {using[0][0]} "
                        f"--requests=memory={format_bytes(used)} --limits=memory={format_bytes(used * 1.5)}"
                    )
        else:
            description = f"Delete the evicted pods and reduce {resource} use on node {node_name}."
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.WARNING if not pressure_now else Severity.CRITICAL,
            symptom=f"{len(pods)} pod(s) of {workload_arg(owner)} are Evicted ({pod_names(pods)})",
            root_cause=root,
            evidence=evidence,
            fix=Fix(description=description, commands=commands),
            confidence=0.9 if low else 0.6,
            related=related_pods(owner, pods),
        )
