"""Controllers that cannot create their pods: a ReplicaSet `ReplicaFailure` condition or a `FailedCreate` event,
read as the admission cause (Pod Security, missing ServiceAccount, LimitRange, PriorityClass, webhook, quota)."""

from __future__ import annotations

from agent.diagnosis.analyzers._admission import classify
from agent.diagnosis.analyzers._pods import event_line
from agent.diagnosis.analyzers._workloads import condition, controller_of, latest_event, ref
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.analyzers.quota import QUOTA_MESSAGE
from agent.diagnosis.models import Evidence, Finding, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

CREATORS = ("ReplicaSet", "StatefulSet", "DaemonSet", "Job")


def missing_pods(obj: Obj) -> int:
    """How many pods the controller still wants and has not got (0 when it has caught up)."""
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    kind = obj.get("kind")
    if kind == "DaemonSet":
        return max(0, status.get("desiredNumberScheduled", 0) - status.get("currentNumberScheduled", 0))
    if kind == "Job":
        done = any(c.get("type") in ("Complete", "Failed") and c.get("status") == "True"
                   for c in status.get("conditions") or [])
        return 0 if done or spec.get("suspend") else max(0, spec.get("parallelism", 1) - status.get("active", 0))
    return max(0, spec.get("replicas", 1) - status.get("replicas", 0))


@register
class FailedCreateAnalyzer(Analyzer):
    name = "failedcreate"
    kinds = CREATORS
    needs = {"Event": "FailedCreate events of controllers"}
    keywords = ("failedcreate", "forbidden", "podsecurity", "pod security", "serviceaccount", "service account",
                "limitrange", "priorityclass", "webhook", "not created", "no pods", "replicaset", "replicas")

    def analyze(self, state: ClusterState) -> list[Finding]:
        findings = []
        for kind in CREATORS:
            for obj in state.of_kind(kind):
                finding = self._diagnose(state, obj)
                if finding:
                    findings.append(finding)
        return findings

    def _diagnose(self, state: ClusterState, obj: Obj) -> Finding | None:
        kind, ns, name = obj.get("kind", ""), namespace_of(obj), name_of(obj)
        failure = condition(obj, "ReplicaFailure") if kind == "ReplicaSet" else None
        evidence: list[Evidence] = []
        if failure and failure.get("status") == "True":
            message = failure.get("message") or ""
            evidence.append(Evidence(source="status", text=f"ReplicaFailure=True ({failure.get('reason')}): {message}"))
        else:
            event = latest_event(state.events_for(kind, ns, name), "FailedCreate")
            if event is None or missing_pods(obj) == 0:
                return None
            message = event.get("message") or ""
            if QUOTA_MESSAGE.search(" ".join(message.split())):
                return None  # the quota analyzer explains quota refusals, with the numbers
            evidence.append(Evidence(source="events", text=event_line(event)))
        owner = controller_of(obj)
        workload = ObjectRef(kind=owner["kind"], name=owner.get("name", ""), namespace=ns) if owner and owner.get(
            "kind") in ("Deployment", "CronJob") else ref(obj)
        refusal = classify(message, ns, f"{workload.kind.lower()}/{workload.name}")
        spec, status = obj.get("spec") or {}, obj.get("status") or {}
        if "replicas" in spec or kind == "ReplicaSet":
            evidence.append(Evidence(source="status", text=f"{status.get('replicas', 0)} of {spec.get('replicas', 1)} "
                                                           "pods created"))
        related = [workload] if workload != ref(obj) else []
        return Finding(
            analyzer=self.name, object=ref(obj), severity=Severity.CRITICAL,
            symptom=f"{kind} {name} creates no pods (FailedCreate)",
            root_cause=f"{kind} {name} cannot create its pods: {refusal.cause}",
            evidence=evidence, fix=refusal.fix, confidence=0.9 if refusal.key != "other" else 0.7, related=related,
        )
