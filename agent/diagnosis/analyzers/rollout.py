"""Deployments whose rollout is stuck: ProgressDeadlineExceeded or a new ReplicaSet whose pods never
become available. Names the pod-level failure of the new revision and how to roll back."""

from __future__ import annotations

from collections import Counter, defaultdict

from agent.diagnosis.analyzers._pods import event_line
from agent.diagnosis.analyzers._workloads import (
    condition,
    controller_of,
    helm_release,
    kubectl_ns,
    latest_event,
    pod_failure,
    pod_refs,
    ref,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

REVISION = "deployment.kubernetes.io/revision"


def _revision(obj: Obj) -> str:
    return ((obj.get("metadata") or {}).get("annotations") or {}).get(REVISION, "")


def _images(obj: Obj) -> list[str]:
    containers = ((((obj.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers") or [])
    return [f"{c.get('name')}={c.get('image')}" for c in containers]


@register
class RolloutAnalyzer(Analyzer):
    name = "rollout"
    kinds = ("Deployment",)
    needs = {"ReplicaSet": "which revision of a Deployment fails"}
    keywords = ("rollout", "deploy", "deployment", "update", "upgrade", "release", "new version", "stuck",
                "progressing", "progress", "deadline", "replicaset", "rollback", "unavailable", "available")

    def analyze(self, state: ClusterState) -> list[Finding]:
        deployments = [d for d in state.of_kind("Deployment") if _looks_stuck(d)]
        if not deployments:
            return []
        replicasets: dict[tuple[str | None, str], list[Obj]] = defaultdict(list)
        for rs in state.of_kind("ReplicaSet"):
            owner = controller_of(rs)
            if owner and owner.get("kind") == "Deployment":
                replicasets[(namespace_of(rs), owner.get("name", ""))].append(rs)
        pods_by_rs: dict[tuple[str | None, str], list[Obj]] = defaultdict(list)
        for pod in state.of_kind("Pod"):
            owner = controller_of(pod)
            if owner and owner.get("kind") == "ReplicaSet":
                pods_by_rs[(namespace_of(pod), owner.get("name", ""))].append(pod)
        findings = []
        for dep in deployments:
            finding = self._diagnose(state, dep, replicasets[(namespace_of(dep), name_of(dep))], pods_by_rs)
            if finding:
                findings.append(finding)
        return findings

    def _diagnose(self, state: ClusterState, dep: Obj, owned: list[Obj],
                  pods_by_rs: dict[tuple[str | None, str], list[Obj]]) -> Finding | None:
        ns, name = namespace_of(dep), name_of(dep)
        spec, status = dep.get("spec") or {}, dep.get("status") or {}
        desired = spec.get("replicas", 1)
        new_rs = _new_replicaset(dep, owned)
        old = [rs for rs in owned if rs is not new_rs and (rs.get("status") or {}).get("replicas", 0) > 0]
        progressing = condition(dep, "Progressing") or {}
        deadline = progressing.get("reason") == "ProgressDeadlineExceeded"
        new_pods = pods_by_rs.get((ns, name_of(new_rs)), []) if new_rs else []
        # only definite failures: new pods that are still starting are a rollout in progress, not a stuck one
        failing = {name_of(p): why for p in new_pods if (why := pod_failure(p, state, definite_only=True))}
        failures = Counter(failing.values())
        if not deadline and not (old and failures):
            return None

        evidence = [Evidence(source="status", text=(
            f"replicas {desired} desired, {status.get('updatedReplicas', 0)} updated, "
            f"{status.get('availableReplicas', 0)} available, {status.get('unavailableReplicas', 0)} unavailable"))]
        if progressing:
            evidence.append(Evidence(source="status", text=f"Progressing={progressing.get('status')} "
                                                           f"({progressing.get('reason')}): {progressing.get('message', '')}"))
        for reason, count in failures.most_common(3):
            evidence.append(Evidence(source="status", text=f"{count} new pod(s): {reason}"))
        created = latest_event(state.events_for("ReplicaSet", ns, name_of(new_rs)), "FailedCreate") if new_rs else None
        if created:
            evidence.append(Evidence(source="events", text=f"ReplicaSet {name_of(new_rs)}: {event_line(created)}"))

        revision = _revision(new_rs) if new_rs else _revision(dep)
        new_images = ", ".join(_images(new_rs or dep))
        what = f"revision {revision} ({new_images})" if revision else f"the new template ({new_images})"
        if failures:
            pod_cause = failures.most_common(1)[0][0]
            cause = f"the new pods fail: {pod_cause}"
        elif created:
            cause = f"the new ReplicaSet cannot create pods: {' '.join((created.get('message') or '').split())}"
        elif not new_pods:
            cause = "the new ReplicaSet has no pods"
        else:
            cause = "the new pods never become available (readiness)"
        serving = ""
        if old:
            old_ready = sum((rs.get("status") or {}).get("readyReplicas", 0) for rs in old)
            serving = (f"; {old_ready} pod(s) of the previous revision ({', '.join(_images(old[0]))}) "
                       "keep serving")
        deadline_text = f" and exceeded its progress deadline ({spec.get('progressDeadlineSeconds', 600)}s)" if deadline else ""
        root = (f"the rollout of Deployment {name} to {what} is stuck{deadline_text}: {cause}{serving}")

        fix = self._fix(dep, old, failures)
        available = status.get("availableReplicas", 0)
        related: list[ObjectRef] = ([ref(new_rs)] if new_rs else []) + pod_refs(p for p in new_pods if name_of(p) in failing)
        return Finding(
            analyzer=self.name, object=ref(dep),
            severity=Severity.CRITICAL if available < desired else Severity.WARNING,
            symptom=f"Deployment {name} rollout not progressing: {status.get('updatedReplicas', 0)}/{desired} updated, "
                    f"{available}/{desired} available",
            root_cause=root, evidence=evidence, fix=fix,
            confidence=0.9 if failures or created else 0.7, related=related,
        )

    def _fix(self, dep: Obj, old: list[Obj], failures: Counter[str]) -> Fix:
        ns, name = namespace_of(dep), name_of(dep)
        release = helm_release(dep)
        commands = []
        if release:
            commands.append(f"helm rollback {release}{kubectl_ns(ns)}")
        commands.append(f"kubectl rollout undo deployment/{name}{kubectl_ns(ns)}")
        image_problem = any(k in f for f in failures for k in ("ImagePull", "ErrImagePull", "InvalidImageName"))
        if image_problem and old:
            previous = " ".join(_images(old[0]))
            commands.append(f"kubectl set image deployment/{name}{kubectl_ns(ns)} {previous}  # or push the missing tag")
        commands.append(f"kubectl rollout status deployment/{name}{kubectl_ns(ns)}")
        description = ("Roll back to the last working revision" + (f" (Helm release {release})" if release else "")
                       + ", then fix the new version's problem before rolling forward again.")
        return Fix(description=description, commands=commands)


def _looks_stuck(dep: Obj) -> bool:
    spec, status = dep.get("spec") or {}, dep.get("status") or {}
    desired = spec.get("replicas", 1)
    if desired == 0 or spec.get("paused"):
        return False
    progressing = condition(dep, "Progressing") or {}
    if progressing.get("reason") == "ProgressDeadlineExceeded":
        return True
    return status.get("updatedReplicas", 0) < desired or status.get("unavailableReplicas", 0) > 0


def _new_replicaset(dep: Obj, owned: list[Obj]) -> Obj | None:
    revision = _revision(dep)
    for rs in owned:
        if revision and _revision(rs) == revision:
            return rs
    if not owned:
        return None
    return max(owned, key=lambda rs: int(_revision(rs) or 0))
