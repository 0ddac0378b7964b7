"""Crash loops: containers that keep exiting, with the reason read from their logs and spec.

OOM kills and liveness-probe kills restart containers too; the `oomkilled` and `probes`
analyzers own those, so they are left out here.
"""

from __future__ import annotations

from agent.diagnosis.analyzers._crash import Cause, explain_exit
from agent.diagnosis.analyzers._pods import (
    ContainerView,
    Groups,
    PodIndex,
    container_events,
    containers,
    event_evidence,
    events_with,
    killed_by_liveness,
    owner_of,
    pod_events,
    pod_names,
    related_pods,
    status_line,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, ObjectRef, Severity
from agent.diagnosis.state import ClusterState
from agent.kube.pods import waiting_to_restart

def is_crashing(view: ContainerView) -> bool:
    if waiting_to_restart(view.status):
        return True
    term = view.terminated
    restarts = (view.pod.get("spec") or {}).get("restartPolicy", "Always") != "Never"
    return bool(term) and term.get("exitCode", 0) != 0 and restarts and view.restart_count > 0


def restarted_by_other_cause(view: ContainerView, events: list[dict]) -> bool:
    """OOM kills and liveness kills: reported by their own analyzers."""
    last = view.last_terminated
    if last.get("reason") == "OOMKilled":
        return True
    return killed_by_liveness(events, view.name, kill_only=last.get("exitCode") not in (137, 143))


@register
class CrashLoopAnalyzer(Analyzer):
    name = "crashloop"
    kinds = ("Pod", "Deployment", "StatefulSet", "DaemonSet")
    keywords = (
        "crash",
        "crashing",
        "crashes",
        "crashloop",
        "crashloopbackoff",
        "restart",
        "restarting",
        "restarts",
        "exits",
        "exiting",
        "backoff",
        "keeps dying",
        "error",
        "failing",
        "down",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        index = PodIndex(state)
        groups = Groups()
        for pod in state.of_kind("Pod"):
            for view in containers(pod):
                if not is_crashing(view):
                    continue
                events = pod_events(state, pod)
                if restarted_by_other_cause(view, events):
                    continue
                owner = owner_of(state, pod)
                cause = explain_exit(index, view, owner)
                groups.add(owner, f"{view.name}|{cause.key}", (view, cause, events))
        return [self._finding(owner, members) for owner, members in groups.items()]

    def _finding(self, owner: ObjectRef, members: list[tuple[ContainerView, Cause, list[dict]]]) -> Finding:
        view, cause, events = members[0]
        pods = [m[0].pod for m in members]
        reason = view.waiting.get("reason") or "Error"
        last = view.last_terminated
        exit_text = f", last exit code {last.get('exitCode')} ({last.get('reason', '')})" if last else ""
        who = (
            f"Pod {view.pod_name}"
            if len(pods) == 1
            else f"{len(pods)} pods of {owner.kind.lower()}/{owner.name} ({pod_names(pods)})"
        )
        symptom = f"{who}: container {view.name} is in {reason}, {view.restart_count} restarts{exit_text}"
        backoff = events_with(container_events(events, view.name), ("BackOff",))
        evidence = [Evidence(source="status", text=status_line(view)), *cause.evidence, *event_evidence(backoff, 1)]
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.CRITICAL,
            symptom=symptom,
            root_cause=cause.root_cause,
            evidence=evidence,
            fix=cause.fix,
            confidence=cause.confidence,
            related=related_pods(owner, pods),
        )
