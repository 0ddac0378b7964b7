"""Init containers that fail or never finish (Init:CrashLoopBackOff, Init:Error, stuck Init:0/1)."""

from __future__ import annotations

from agent.diagnosis.analyzers._crash import MATCHERS, Cause, CrashContext, explain_exit
from agent.diagnosis.analyzers._pods import (
    ContainerView,
    Groups,
    PodIndex,
    container_events,
    container_log,
    containers,
    event_evidence,
    events_with,
    owner_of,
    pod_events,
    pod_names,
    related_pods,
    status_line,
    workload_arg,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, ObjectRef, Severity
from agent.diagnosis.state import ClusterState
from agent.kube.pods import waiting_to_restart
from agent.redact import redact


def failing_init(view: ContainerView) -> bool:
    if not view.init:
        return False
    if waiting_to_restart(view.status):
        return True
    return bool(view.terminated) and view.terminated.get("exitCode", 0) != 0


def blocked_init(index: PodIndex, view: ContainerView, owner: ObjectRef) -> Cause | None:
    """A running init container that loops on an error (e.g. wait-for-db that cannot resolve the host)."""
    if not view.init or not view.running:
        return None
    log = container_log(index.state, view)
    if not log:
        return None
    ctx = CrashContext(index, view, owner, log, log.text, None, "")
    for matcher in MATCHERS:
        cause = matcher(ctx)
        if cause:
            cause.root_cause = cause.root_cause.replace(" exits because ", " never completes because ", 1)
            return cause
    return None


@register
class InitContainerAnalyzer(Analyzer):
    name = "initcontainers"
    kinds = ("Pod", "Deployment", "StatefulSet", "Job")
    keywords = (
        "init",
        "initcontainer",
        "init container",
        "init:crashloopbackoff",
        "init:error",
        "migration",
        "migrations",
        "wait-for",
        "podinitializing",
        "crash",
        "crashing",
        "stuck",
        "not starting",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        index = PodIndex(state)
        groups = Groups()
        for pod in state.of_kind("Pod"):
            if (pod.get("status") or {}).get("phase") not in (None, "Pending"):
                continue
            for view in containers(pod, include_init=True):
                if not view.init:
                    break
                owner = owner_of(state, pod)
                cause = explain_exit(index, view, owner) if failing_init(view) else blocked_init(index, view, owner)
                if cause:
                    groups.add(owner, f"{view.name}|{cause.key}", (view, cause))
                    break
        return [self._finding(state, owner, members) for owner, members in groups.items()]

    def _finding(self, state: ClusterState, owner: ObjectRef, members: list[tuple[ContainerView, Cause]]) -> Finding:
        view, cause = members[0]
        pods = [m[0].pod for m in members]
        total = len((view.pod.get("spec") or {}).get("initContainers") or [])
        position = [c.get("name") for c in (view.pod.get("spec") or {}).get("initContainers") or []].index(view.name)
        shown = (
            f"Init:{view.waiting.get('reason')}"
            if view.waiting.get("reason")
            else ("Init:Error" if view.terminated else f"Init:{position}/{total}")
        )
        who = (
            f"Pod {view.pod_name}"
            if len(pods) == 1
            else f"{len(pods)} pods of {workload_arg(owner)} ({pod_names(pods)})"
        )
        symptom = (
            f"{who} is in {shown}: init container {view.name} "
            + ("keeps failing" if view.restart_count or view.terminated else "never completes")
            + f" ({view.restart_count} restarts); the app containers never start"
        )
        backoff = events_with(container_events(pod_events(state, view.pod), view.name), ("BackOff",))
        command = " ".join(list(view.spec.get("command") or []) + list(view.spec.get("args") or []))
        evidence = [Evidence(source="status", text=status_line(view))]
        if command:
            evidence.append(Evidence(source="spec", text=f"init container {view.name} runs: {redact(command)}"))
        evidence += [*cause.evidence, *event_evidence(backoff, 1)]
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
