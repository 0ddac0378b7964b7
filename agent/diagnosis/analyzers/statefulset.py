"""StatefulSets: a governing Service (serviceName) that does not exist or is not headless, and a volumeClaimTemplate
whose StorageClass does not exist. Replicas short of ready (an ordered start-up stuck on one pod) are judged by
`statefulset_readiness`, which the `workloads` analyzer runs."""

from __future__ import annotations

import re

from agent.diagnosis.analyzers._workloads import (
    condition,
    kubectl_ns,
    pod_failure,
    pod_refs,
    ref,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"


def _ordinal(pod: Obj, sts: str) -> int | None:
    m = re.fullmatch(re.escape(sts) + r"-(\d+)", name_of(pod))
    return int(m.group(1)) if m else None


@register
class StatefulSetAnalyzer(Analyzer):
    name = "statefulset"
    kinds = ("StatefulSet",)
    needs = {"Service": "StatefulSets' governing Services (serviceName)",
             "StorageClass": "storage classes of StatefulSet volumeClaimTemplates"}
    keywords = ("statefulset", "sts", "headless", "servicename", "ordinal", "volumeclaimtemplates", "database",
                "replicas", "ready")

    def analyze(self, state: ClusterState) -> list[Finding]:
        sets = state.of_kind("StatefulSet")
        if not sets:
            return []
        classes = {name_of(sc): sc for sc in state.of_kind("StorageClass")}
        defaults = sorted(n for n, sc in classes.items()
                          if ((sc.get("metadata") or {}).get("annotations") or {}).get(DEFAULT_CLASS) == "true")
        findings = []
        for sts in sets:
            findings += self._service(state, sts)
            findings += self._storage(state, sts, classes, defaults)
        return findings

    def _service(self, state: ClusterState, sts: Obj) -> list[Finding]:
        ns, name = namespace_of(sts), name_of(sts)
        service = (sts.get("spec") or {}).get("serviceName")
        if not service or not state.knows("Service"):
            return []
        svc = state.get("Service", ns, service)
        if svc is None:
            labels = ((((sts.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("labels") or {})
            selector = ",".join(f"{k}={v}" for k, v in sorted(labels.items()))
            return [Finding(
                analyzer=self.name, object=ref(sts), severity=Severity.WARNING,
                symptom=f"StatefulSet {name}: pods have no stable DNS names",
                root_cause=(f"StatefulSet {name} names serviceName {service}, but Service {service} does not exist in "
                            f"namespace {ns}; the governing headless Service gives each pod its DNS name "
                            f"({name}-0.{service}.{ns}.svc), so peers cannot find each other by name"),
                evidence=[Evidence(source="spec", text=f"spec.serviceName: {service}"),
                          Evidence(source="services", text=f"Service {service} not found in namespace {ns}")],
                fix=Fix(description=f"Create the headless Service {service} (clusterIP: None) selecting the pods.",
                        commands=[f"kubectl create service clusterip {service}{kubectl_ns(ns)} --clusterip=None "
                                  "--tcp=80:80 --dry-run=client -o yaml | kubectl set selector --local -f - "
                                  f"'{selector}' -o yaml | kubectl apply -f -"]),
                confidence=0.85, related=[ObjectRef(kind="Service", name=service, namespace=ns)],
            )]
        if (svc.get("spec") or {}).get("clusterIP") not in ("None", None):
            return [Finding(
                analyzer=self.name, object=ref(sts), severity=Severity.WARNING,
                symptom=f"StatefulSet {name}: per-pod DNS names do not resolve",
                root_cause=(f"the governing Service {service} of StatefulSet {name} is not headless (clusterIP "
                            f"{svc['spec']['clusterIP']}), so no per-pod DNS records ({name}-0.{service}) are created"),
                evidence=[Evidence(source=f"service/{service}", text=f"clusterIP: {svc['spec']['clusterIP']}")],
                fix=Fix(description=f"Recreate Service {service} with clusterIP: None (clusterIP cannot be changed in "
                                    "place).", commands=[f"kubectl get service {service}{kubectl_ns(ns)} -o yaml"]),
                confidence=0.75, related=[ObjectRef(kind="Service", name=service, namespace=ns)],
            )]
        return []

    def _storage(self, state: ClusterState, sts: Obj, classes: dict[str, Obj], defaults: list[str]) -> list[Finding]:
        if not state.knows("StorageClass"):
            return []
        ns, name = namespace_of(sts), name_of(sts)
        findings = []
        for template in (sts.get("spec") or {}).get("volumeClaimTemplates") or []:
            claim = name_of(template)
            wanted = (template.get("spec") or {}).get("storageClassName")
            if wanted == "" or (wanted and wanted in classes) or (wanted is None and defaults):
                continue
            if _claims_bound(state, sts, claim):
                continue  # the claims were provisioned (earlier, or by hand): the class no longer matters
            available = ", ".join(f"{c} (default)" if c in defaults else c for c in sorted(classes)) or "none"
            if wanted:
                cause = (f"volumeClaimTemplate {claim} of StatefulSet {name} asks for StorageClass {wanted}, which does "
                         f"not exist (classes: {available}), so its claims stay Pending and the pods are never scheduled")
            else:
                cause = (f"volumeClaimTemplate {claim} of StatefulSet {name} sets no storageClassName and no "
                         f"StorageClass is the default (classes: {available}), so its claims stay Pending")
            target = defaults[0] if defaults else (sorted(classes)[0] if classes else None)
            fix = Fix(description=(f"Use an existing class ({target}) in the template" if target else
                                   "Install a storage provisioner with a StorageClass") +
                      "; volumeClaimTemplates cannot be edited in place: delete the StatefulSet with --cascade=orphan, "
                      "fix the template and apply it again, then delete the Pending claims.",
                      commands=[f"kubectl delete statefulset {name}{kubectl_ns(ns)} --cascade=orphan",
                                "kubectl apply -f <the StatefulSet manifest with the fixed storageClassName>",
                                "kubectl get storageclass"])
            findings.append(Finding(
                analyzer=self.name, object=ref(sts), severity=Severity.CRITICAL,
                symptom=f"StatefulSet {name}: claims from template {claim} stay Pending",
                root_cause=cause,
                evidence=[Evidence(source="spec", text=f"volumeClaimTemplates[{claim}].storageClassName: "
                                                       f"{wanted if wanted is not None else '(unset)'}"),
                          Evidence(source="storageclasses", text=f"StorageClasses: {available}")],
                fix=fix, confidence=0.9,
                related=[ObjectRef(kind="StorageClass", name=wanted)] if wanted else [],
            ))
        return findings


def _claims_bound(state: ClusterState, sts: Obj, template: str) -> bool:
    """Every claim the template has stamped out so far (<template>-<sts>-<ordinal>) exists and is Bound, or every
    replica is ready (a ready pod has its volumes mounted)."""
    ns, name = namespace_of(sts), name_of(sts)
    replicas = (sts.get("spec") or {}).get("replicas", 1)
    if replicas == 0 or (sts.get("status") or {}).get("readyReplicas", 0) >= replicas:
        return True  # scaled to zero needs no claims; ready pods have theirs
    if not state.knows("PersistentVolumeClaim"):
        return False
    claims = [state.get("PersistentVolumeClaim", ns, f"{template}-{name}-{i}") for i in range(replicas)]
    return bool(claims) and all(c is not None and (c.get("status") or {}).get("phase") == "Bound" for c in claims)


def statefulset_readiness(analyzer: str, state: ClusterState, sts: Obj, pods: list[Obj]) -> list[Finding]:
    """Replicas short of ready; with OrderedReady start-up, the lowest-ordinal pod that blocks the rest."""
    ns, name = namespace_of(sts), name_of(sts)
    spec, status = sts.get("spec") or {}, sts.get("status") or {}
    desired, ready = spec.get("replicas", 1), status.get("readyReplicas", 0)
    if desired == 0 or ready >= desired:
        return []
    evidence = [Evidence(source="status", text=f"replicas {desired} desired, {status.get('replicas', 0)} created, "
                                               f"{ready} ready, {status.get('availableReplicas', ready)} available")]
    ordered = spec.get("podManagementPolicy", "OrderedReady") == "OrderedReady"
    by_ordinal = sorted(((o, p) for p in pods if (o := _ordinal(p, name)) is not None), key=lambda t: t[0])
    failing = [(o, p, why) for o, p in by_ordinal if (why := pod_failure(p, state))]
    related: list[ObjectRef] = []
    if failing:
        ordinal, pod, why = failing[0]
        related = pod_refs([pod])
        evidence.append(Evidence(source=f"pod/{name_of(pod)}", text=why))
        if ordered:
            cause = (f"its ordered start-up (podManagementPolicy OrderedReady) is stuck on pod {name_of(pod)}: "
                     f"{why}; pods with a higher ordinal are not created or updated until it is Ready")
        else:
            cause = f"{len(failing)} pod(s) are not ready, first {name_of(pod)}: {why}"
        fix = Fix(description=f"Fix pod {name_of(pod)} (see the pod-level finding); the StatefulSet continues "
                              "with the next ordinal once it is Ready.",
                  commands=[f"kubectl describe pod {name_of(pod)}{kubectl_ns(ns)}",
                            f"kubectl rollout status statefulset/{name}{kubectl_ns(ns)}"])
        confidence = 0.85
    else:
        missing = [f"{name}-{i}" for i in range(desired) if i not in {o for o, _ in by_ordinal}]
        if state.knows("Pod") and missing and ordered:
            cause = (f"pod {missing[0]} does not exist, and with OrderedReady start-up the pods after it wait for "
                     "it; the controller cannot create it (see its events: quota, admission, claims)")
            related = [ObjectRef(kind="Pod", name=missing[0], namespace=ns)]
        else:
            cause = ("the source holds no pods of it, so why they are not ready cannot be read"
                     if not pods else "its pods are not ready yet (no failure reported)")
        fix = Fix(description="Read the StatefulSet's events and its first missing or unready pod.",
                  commands=[f"kubectl describe statefulset {name}{kubectl_ns(ns)}",
                            f"kubectl get pods{kubectl_ns(ns)} -o wide"])
        confidence = 0.6
    cond = condition(sts, "Available")
    if cond and cond.get("status") == "False":
        evidence.append(Evidence(source="status", text=f"Available=False: {cond.get('message', '')}"))
    return [Finding(
        analyzer=analyzer, object=ref(sts), severity=Severity.CRITICAL if ready == 0 else Severity.WARNING,
        symptom=f"StatefulSet {name}: {ready}/{desired} ready",
        root_cause=f"StatefulSet {name} has {ready} of {desired} replicas ready: {cause}",
        evidence=evidence, fix=fix, confidence=confidence, related=related,
    )]
