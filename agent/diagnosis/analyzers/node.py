"""Nodes that are NotReady, under Memory/Disk/PID pressure, or cordoned while pods wait for a node."""

from __future__ import annotations

from collections import defaultdict

from agent.diagnosis.analyzers._pods import event_line
from agent.diagnosis.analyzers._workloads import (
    condition,
    format_quantity,
    is_minikube,
    is_terminated,
    pod_refs,
    quantity,
    ref,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of

_PRESSURE = {
    "MemoryPressure": ("memory", "memory.available"),
    "DiskPressure": ("ephemeral-storage", "nodefs.available / imagefs.available"),
    "PIDPressure": ("pids", "pid.available"),
}
_NODE_EVENT_REASONS = ("NodeNotReady", "NodeHasDiskPressure", "NodeHasInsufficientMemory", "NodeHasInsufficientPID",
                       "EvictionThresholdMet", "FreeDiskSpaceFailed", "ImageGCFailed", "Rebooted", "NodeNotSchedulable")
_RELATED_PODS = 10


@register
class NodeAnalyzer(Analyzer):
    name = "node"
    kinds = ("Node",)
    keywords = ("node", "nodes", "notready", "not ready", "kubelet", "pressure", "disk", "memory pressure",
                "diskpressure", "evicted", "eviction", "cordon", "cordoned", "minikube", "cluster")

    def analyze(self, state: ClusterState) -> list[Finding]:
        nodes = state.of_kind("Node")
        if not nodes:
            return []
        pods_on: dict[str, list[Obj]] = defaultdict(list)
        evicted: dict[str, list[Obj]] = defaultdict(list)
        unscheduled = 0
        for pod in state.of_kind("Pod"):
            node = (pod.get("spec") or {}).get("nodeName")
            status = pod.get("status") or {}
            if node and status.get("reason") == "Evicted":
                evicted[node].append(pod)
            elif node and not is_terminated(pod):
                pods_on[node].append(pod)
            elif not node and status.get("phase") == "Pending":
                unscheduled += 1
        minikube = is_minikube(nodes)
        findings = []
        for node in nodes:
            node_name = name_of(node)
            events = [e for e in state.events_for("Node", None, node_name) if e.get("reason") in _NODE_EVENT_REASONS]
            ready = condition(node, "Ready")
            if ready and ready.get("status") != "True":
                findings.append(self._not_ready(node, ready, pods_on[node_name], events, minikube))
            for cond_type in _PRESSURE:
                cond = condition(node, cond_type)
                if cond and cond.get("status") == "True":
                    findings.append(self._pressure(node, cond, pods_on[node_name], evicted[node_name], events, minikube))
            if (node.get("spec") or {}).get("unschedulable"):
                findings.append(self._cordoned(node, unscheduled))
            for cond in (node.get("status") or {}).get("conditions") or []:
                if cond.get("type") not in ("Ready", *_PRESSURE) and cond.get("status") == "True":
                    findings.append(self._other_condition(node, cond))
        return findings

    def _not_ready(self, node: Obj, ready: Obj, pods: list[Obj], events: list[Obj], minikube: bool) -> Finding:
        node_name = name_of(node)
        message = " ".join((ready.get("message") or "").split())
        heartbeat = ready.get("lastHeartbeatTime", "?")
        if "stopped posting node status" in message or ready.get("reason") == "NodeStatusUnknown":
            cause = (f"the kubelet on node {node_name} stopped posting status (last heartbeat {heartbeat}): the kubelet "
                     "is stopped or crashed, or the node is down/unreachable")
            ssh = f"minikube ssh -n {node_name} --"
            commands = (["minikube status", f"{ssh} sudo systemctl status kubelet",
                         f"{ssh} sudo journalctl -u kubelet -n 50",
                         f"{ssh} sudo systemctl restart kubelet", "minikube start  # if the node's container is stopped"]
                        if minikube else [f"ssh {node_name} sudo systemctl status kubelet",
                                          f"ssh {node_name} sudo journalctl -u kubelet -n 50",
                                          f"ssh {node_name} sudo systemctl restart kubelet"])
        elif "NetworkPluginNotReady" in message or "cni" in message.lower():
            cause = f"the container network (CNI) on node {node_name} is not ready: {message}"
            commands = ["kubectl get pods -n kube-system -o wide", "kubectl -n kube-system logs -l k8s-app=kube-proxy"]
        elif "PLEG" in message:
            cause = f"the container runtime on node {node_name} is not responding (PLEG is not healthy): {message}"
            commands = [f"minikube ssh -n {node_name} -- sudo systemctl restart docker" if minikube else f"ssh {node_name} sudo systemctl restart containerd"]
        else:
            cause = f"node {node_name} reports Ready={ready.get('status')} ({ready.get('reason')}): {message}"
            commands = [f"kubectl describe node {node_name}"]
        evidence = [Evidence(source="status", text=f"Ready={ready.get('status')} ({ready.get('reason')}): {message}; "
                                                   f"lastHeartbeatTime {heartbeat}")]
        evidence += [Evidence(source="events", text=event_line(e)) for e in events[-2:]]
        taints = [f"{t.get('key')}:{t.get('effect')}" for t in (node.get("spec") or {}).get("taints") or []]
        if taints:
            evidence.append(Evidence(source="spec", text=f"taints: {', '.join(taints)}"))
        root = cause + (f"; {len(pods)} pod(s) on it are not reachable and new pods are not scheduled there" if pods else "")
        return Finding(
            analyzer=self.name, object=ref(node), severity=Severity.CRITICAL,
            symptom=f"node {node_name} is NotReady", root_cause=root, evidence=evidence,
            fix=Fix(description="Bring the kubelet back (check its status and journal, restart it).", commands=commands),
            confidence=0.9 if ready.get("reason") else 0.7, related=pod_refs(pods[:_RELATED_PODS]),
        )

    def _pressure(self, node: Obj, cond: Obj, pods: list[Obj], evicted: list[Obj], events: list[Obj],
                  minikube: bool) -> Finding:
        node_name, cond_type = name_of(node), cond.get("type", "")
        resource, signal = _PRESSURE[cond_type]
        status = node.get("status") or {}
        capacity, allocatable = (status.get("capacity") or {}).get(resource), (status.get("allocatable") or {}).get(resource)
        evidence = [Evidence(source="status", text=f"{cond_type}=True ({cond.get('reason')}): {cond.get('message', '')}")]
        if capacity:
            evidence.append(Evidence(source="status", text=f"{resource} capacity {format_quantity(resource, quantity(capacity))}, "
                                                           f"allocatable {format_quantity(resource, quantity(allocatable))}"))
        evidence += [Evidence(source="events", text=event_line(e)) for e in events[-2:]]
        for pod in evicted[:3]:
            evidence.append(Evidence(source=f"pod/{name_of(pod)}", text=f"Evicted: {(pod.get('status') or {}).get('message', '')}"))
        evicted_text = f"; the kubelet has evicted {len(evicted)} pod(s)" if evicted else ""
        root = (f"node {node_name} is low on {resource} (kubelet eviction signal {signal} crossed its threshold), so it "
                f"reports {cond_type}, taints itself and evicts pods{evicted_text}")
        if cond_type == "DiskPressure":
            commands = ([f"minikube ssh -n {node_name} -- df -h / /var", f"minikube ssh -n {node_name} -- docker system prune -af",
                         "kubectl delete pods -A --field-selector=status.phase=Failed",
                         "minikube delete && minikube start --disk-size=40g  # a bigger disk"]
                        if minikube else [f"ssh {node_name} df -h", f"ssh {node_name} sudo crictl rmi --prune",
                                          "kubectl delete pods -A --field-selector=status.phase=Failed"])
            description = ("Free disk space on the node (unused images, dead containers, large logs, emptyDir data), "
                           "delete evicted pods, or give the node a bigger disk.")
        elif cond_type == "MemoryPressure":
            commands = ["kubectl top pods -A --sort-by=memory", f"kubectl describe node {node_name}"]
            if minikube:
                commands.append("minikube delete && minikube start --memory=12288  # more memory")
            description = ("Find the pods using the most memory and set memory limits on them, scale them down, or add "
                           "memory to the node.")
        else:
            commands = [f"minikube ssh -n {node_name} -- ps -eLf | wc -l" if minikube else f"ssh {node_name} ps -eLf | wc -l"]
            description = "Find the process leaking threads/processes and fix or limit it (pod pids limit)."
        return Finding(
            analyzer=self.name, object=ref(node),
            severity=Severity.CRITICAL if evicted else Severity.WARNING,
            symptom=f"node {node_name} has {cond_type}" + (f"; {len(evicted)} pod(s) Evicted" if evicted else ""),
            root_cause=root, evidence=evidence, fix=Fix(description=description, commands=commands),
            confidence=0.9, related=pod_refs(evicted[:_RELATED_PODS]),
        )

    def _other_condition(self, node: Obj, cond: Obj) -> Finding:
        """NetworkUnavailable, or a node-problem-detector condition (KernelDeadlock, ReadonlyFilesystem, ...) that is True."""
        node_name, cond_type = name_of(node), cond.get("type", "")
        network = cond_type == "NetworkUnavailable"
        return Finding(
            analyzer=self.name, object=ref(node), severity=Severity.CRITICAL if network else Severity.WARNING,
            symptom=f"node {node_name} reports {cond_type}",
            root_cause=(f"node {node_name} reports {cond_type}=True ({cond.get('reason', '')}): "
                        + ("its pod network is not configured (the CNI plugin or cloud routes are missing), so pods "
                           "on it cannot reach other pods" if network else
                           f"a node problem detector found a fault: {cond.get('message', '')}")),
            evidence=[Evidence(source="status", text=f"{cond_type}=True ({cond.get('reason', '')}): {cond.get('message', '')}")],
            fix=Fix(description="Fix the node's network plugin/routes" if network else
                    "Repair or replace the node (drain it first).",
                    commands=["kubectl get pods -n kube-system -o wide" if network else
                              f"kubectl drain {node_name} --ignore-daemonsets --delete-emptydir-data",
                              f"kubectl describe node {node_name}"]),
            confidence=0.8,
        )

    def _cordoned(self, node: Obj, unscheduled: int) -> Finding:
        node_name = name_of(node)
        if not unscheduled:
            return Finding(
                analyzer=self.name, object=ref(node), severity=Severity.INFO,
                symptom=f"node {node_name} is SchedulingDisabled",
                root_cause=(f"node {node_name} is cordoned (spec.unschedulable: true), a deliberate setting for "
                            "maintenance: running pods stay, new pods go elsewhere"),
                evidence=[Evidence(source="spec", text="spec.unschedulable: true")],
                fix=Fix(description="Uncordon the node when maintenance is done.",
                        commands=[f"kubectl uncordon {node_name}"]),
                confidence=0.85,
            )
        return Finding(
            analyzer=self.name, object=ref(node), severity=Severity.WARNING,
            symptom=f"node {node_name} is SchedulingDisabled while {unscheduled} pod(s) are Pending",
            root_cause=f"node {node_name} is cordoned (spec.unschedulable: true), so no new pods are placed on it",
            evidence=[Evidence(source="spec", text="spec.unschedulable: true")],
            fix=Fix(description="Uncordon the node when maintenance is done.", commands=[f"kubectl uncordon {node_name}"]),
            confidence=0.85,
        )
