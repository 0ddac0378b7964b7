"""Pod templates that name objects which do not exist: a PriorityClass or a ServiceAccount (the API server rejects
the pods) or an imagePullSecret (pulls from a private registry fail). Read only for kinds the source holds."""

from __future__ import annotations

from agent.diagnosis.analyzers._workloads import kubectl_ns, ref
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

BUILTIN_PRIORITY = frozenset({"system-cluster-critical", "system-node-critical"})
OWNERS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod")


def pod_spec(obj: Obj) -> Obj:
    spec = obj.get("spec") or {}
    if obj.get("kind") == "Pod":
        return spec
    if obj.get("kind") == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec") or {})
    return ((spec.get("template") or {}).get("spec") or {})


def _top_level(obj: Obj) -> bool:
    """Report on what a person edits: skip objects a controller owns (their owner is reported instead)."""
    return not any(o.get("controller") for o in (obj.get("metadata") or {}).get("ownerReferences") or [])


@register
class ReferencesAnalyzer(Analyzer):
    name = "references"
    kinds = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod")
    needs = {"PriorityClass": "priorityClassName references", "ServiceAccount": "serviceAccountName references",
             "Secret": "imagePullSecrets references"}
    keywords = ("priorityclass", "priority", "serviceaccount", "service account", "imagepullsecret", "pull secret",
                "not found", "forbidden", "missing")

    def analyze(self, state: ClusterState) -> list[Finding]:
        check_pc, check_sa, check_secret = (state.knows(k) for k in ("PriorityClass", "ServiceAccount", "Secret"))
        if not (check_pc or check_sa or check_secret):
            return []
        classes = {name_of(pc) for pc in state.of_kind("PriorityClass")} | BUILTIN_PRIORITY
        findings = []
        for kind in OWNERS:
            for obj in state.of_kind(kind):
                if not _top_level(obj):
                    continue
                spec, ns = pod_spec(obj), namespace_of(obj)
                pc = spec.get("priorityClassName")
                if check_pc and pc and pc not in classes:
                    findings.append(self._priority(obj, pc, sorted(classes - BUILTIN_PRIORITY)))
                sa = spec.get("serviceAccountName") or spec.get("serviceAccount")
                if check_sa and sa and sa != "default" and state.get("ServiceAccount", ns, sa) is None:
                    findings.append(self._service_account(obj, sa))
                missing = [s.get("name") for s in spec.get("imagePullSecrets") or []
                           if s.get("name") and state.get("Secret", ns, s["name"]) is None]
                if check_secret and missing:
                    findings.append(self._pull_secrets(obj, missing))
        return findings

    def _make(self, obj: Obj, severity: Severity, symptom: str, root: str, evidence: str, fix: Fix,
              related: list[ObjectRef]) -> Finding:
        return Finding(analyzer=self.name, object=ref(obj), severity=severity, symptom=symptom, root_cause=root,
                       evidence=[Evidence(source="spec", text=evidence)], fix=fix, confidence=0.9, related=related)

    def _priority(self, obj: Obj, pc: str, existing: list[str]) -> Finding:
        kind, name = obj.get("kind"), name_of(obj)
        return self._make(
            obj, Severity.CRITICAL, f"{kind} {name}: pods are rejected (no PriorityClass {pc})",
            f"{kind} {name} sets priorityClassName {pc}, but no PriorityClass {pc} exists (PriorityClasses: "
            f"{', '.join(existing) or 'only the built-in system classes'}), so the API server rejects its pods",
            f"priorityClassName: {pc}",
            Fix(description=f"Create PriorityClass {pc}, or point priorityClassName at an existing one.",
                commands=[f"kubectl create priorityclass {pc} --value=1000 --description='priority for {name}'"]),
            [ObjectRef(kind="PriorityClass", name=pc)])

    def _service_account(self, obj: Obj, sa: str) -> Finding:
        kind, name, ns = obj.get("kind"), name_of(obj), namespace_of(obj)
        return self._make(
            obj, Severity.CRITICAL, f"{kind} {name}: pods are rejected (no ServiceAccount {sa})",
            f"{kind} {name} runs as ServiceAccount {sa}, which does not exist in namespace {ns}, so the API server "
            f"rejects its pods (\"error looking up service account {ns}/{sa}\")",
            f"serviceAccountName: {sa}",
            Fix(description=f"Create ServiceAccount {sa} (and its RBAC), or use an existing one.",
                commands=[f"kubectl create serviceaccount {sa}{kubectl_ns(ns)}"]),
            [ObjectRef(kind="ServiceAccount", name=sa, namespace=ns)])

    def _pull_secrets(self, obj: Obj, missing: list[str]) -> Finding:
        kind, name, ns = obj.get("kind"), name_of(obj), namespace_of(obj)
        first = missing[0]
        return self._make(
            obj, Severity.WARNING, f"{kind} {name}: image pull credentials missing",
            f"{kind} {name} names imagePullSecret(s) {', '.join(missing)}, which do not exist in namespace {ns}; the "
            "kubelet pulls without those credentials, so images from a private registry fail with an auth error",
            f"imagePullSecrets: {', '.join(missing)}",
            Fix(description=f"Create the registry Secret {first} in namespace {ns} (or remove the reference if the "
                            "images are public).",
                commands=[f"kubectl create secret docker-registry {first}{kubectl_ns(ns)} --docker-server=REGISTRY "
                          "--docker-username=USER --docker-password=TOKEN"]),
            [ObjectRef(kind="Secret", name=s, namespace=ns) for s in missing])
