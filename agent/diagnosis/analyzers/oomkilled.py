"""OOMKilled containers: the memory limit they hit and the limit to set instead."""

from __future__ import annotations

from agent.diagnosis.analyzers._pods import (
    ContainerView,
    Groups,
    container_log,
    containers,
    event_evidence,
    events_with,
    format_bytes,
    is_pod_ready,
    last_error_lines,
    ns_flag,
    owner_of,
    parse_quantity,
    pod_events,
    pod_names,
    related_pods,
    status_line,
    workload_arg,
)
from agent.diagnosis.analyzers._workloads import helm_release
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.intake.partial import is_partial
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, name_of

MI = 1024**2
# the project's default memory limit for a backend service (see the constitution)
BACKEND_DEFAULT_LIMIT = 512 * MI


def oom_killed(view: ContainerView) -> bool:
    return view.last_terminated.get("reason") == "OOMKilled"


def still_affected(view: ContainerView) -> bool:
    """A single OOM kill long ago on a pod that is running and ready again is history, not a problem."""
    if view.waiting or view.terminated:
        return True
    return view.restart_count > 1 or not is_pod_ready(view.pod)


def suggested_limit(limit: float | None, node_memory: float | None) -> float:
    base = 2 * limit if limit else BACKEND_DEFAULT_LIMIT
    suggestion = max(base, BACKEND_DEFAULT_LIMIT)
    if node_memory:
        suggestion = min(suggestion, node_memory * 0.5)
    return float(-(-suggestion // (64 * MI)) * 64 * MI)  # round up to 64Mi


def limit_reason(limit: float, new_limit: float) -> str:
    """Why `suggested_limit` chose this number, in the words of the root cause."""
    if new_limit < 2 * limit:
        return "half the node's allocatable memory, as double the current limit would not fit"
    if new_limit - 2 * limit < 64 * MI:
        return "double the current limit"
    return f"the {format_bytes(BACKEND_DEFAULT_LIMIT)} default for a backend"


@register
class OOMKilledAnalyzer(Analyzer):
    name = "oomkilled"
    kinds = ("Pod", "Deployment", "StatefulSet", "DaemonSet")
    keywords = (
        "oom",
        "oomkilled",
        "memory",
        "out of memory",
        "killed",
        "137",
        "restart",
        "restarting",
        "crash",
        "crashing",
        "crashloopbackoff",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        groups = Groups()
        for pod in state.of_kind("Pod"):
            for view in containers(pod, include_init=True):
                if oom_killed(view) and still_affected(view):
                    groups.add(owner_of(state, pod), view.name, view)
        node_memory = {
            name_of(n): parse_quantity(((n.get("status") or {}).get("allocatable") or {}).get("memory"))
            for n in state.of_kind("Node")
        }
        return [self._finding(state, owner, views, node_memory) for owner, views in groups.items()]

    def _finding(
        self, state: ClusterState, owner: ObjectRef, views: list[ContainerView], node_memory: dict[str, float | None]
    ) -> Finding:
        view = views[0]
        resources = view.spec.get("resources") or {}
        limit_text = (resources.get("limits") or {}).get("memory")
        request_text = (resources.get("requests") or {}).get("memory")
        limit = parse_quantity(limit_text)
        node = (view.pod.get("spec") or {}).get("nodeName", "")
        new_limit = suggested_limit(limit, node_memory.get(node))
        new_text = format_bytes(new_limit)
        request = parse_quantity(request_text)
        new_request = format_bytes(request if request and request <= new_limit else new_limit / 2)
        pods = [v.pod for v in views]
        who = (
            f"Pod {view.pod_name}"
            if len(pods) == 1
            else f"{len(pods)} pods of {workload_arg(owner)} ({pod_names(pods)})"
        )
        reason = view.waiting.get("reason")
        symptom = f"{who}: container {view.name} was OOMKilled (exit code 137), {view.restart_count} restarts" + (
            f", now {reason}" if reason else ""
        )
        if limit:
            root = (
                f"The container {view.name} uses more memory than its limit of {limit_text} and the kernel kills "
                f"it (OOMKilled, exit code 137). Raise the memory limit to {new_text} ({limit_reason(limit, new_limit)}) "
                "or reduce the app's memory use."
            )
        elif is_partial(view.pod):
            root = (
                f"The container {view.name} was OOMKilled (exit code 137): it used more memory than it is allowed "
                "(its limit) or than the node had free. The input does not show its memory limit "
                f"(kubectl get pod {view.pod_name} -o jsonpath='{{.spec.containers[*].resources}}'); raise the "
                f"limit (to {new_text} if it has none or less) or reduce the app's memory use."
            )
        else:
            root = (
                f"The container {view.name} was OOMKilled (exit code 137) without a memory limit: node {node} ran "
                f"out of memory and the kernel killed it. Set a memory request and a limit ({new_text}) so it is "
                "scheduled with the memory it needs."
            )
        evidence = [Evidence(source="status", text=status_line(view))]
        if not is_partial(view.pod):
            evidence.append(Evidence(
                source="spec",
                text=f"container {view.name} resources: limits.memory={limit_text or 'none'}, "
                f"requests.memory={request_text or 'none'}",
            ))
        if node_memory.get(node):
            evidence.append(
                Evidence(source=f"node/{node}", text=f"allocatable memory {format_bytes(node_memory[node])}")
            )
        log = container_log(state, view)
        if log:
            evidence.extend(Evidence(source=log.source, text=line) for line in last_error_lines(log.text, 2))
        evidence.extend(event_evidence(events_with(pod_events(state, view.pod), ("BackOff", "OOMKilling")), 1))
        commands = [
            f"kubectl set resources {workload_arg(owner)} {ns_flag(owner.namespace)} -c {view.name} "
            f"--limits=memory={new_text} --requests=memory={new_request}"
        ]
        managed = state.get(owner.kind, owner.namespace, owner.name)
        release = helm_release(managed) if managed else None
        if release:
            commands.append(
                f"helm upgrade {release} <chart> {ns_flag(owner.namespace)} --reuse-values "
                f"--set resources.limits.memory={new_text}"
            )
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.CRITICAL if view.waiting or not is_pod_ready(view.pod) else Severity.WARNING,
            symptom=symptom,
            root_cause=root,
            evidence=evidence,
            fix=Fix(
                description=f"Raise the memory limit of {view.name} to {new_text}"
                + (" (Helm manages it: set it in the chart values so the next upgrade keeps it)." if release else "."),
                commands=commands,
            ),
            confidence=0.9 if limit else 0.75,
            related=related_pods(owner, pods),
        )
