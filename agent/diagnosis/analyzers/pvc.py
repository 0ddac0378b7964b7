"""PersistentVolumeClaims stuck in Pending: missing/no default StorageClass, no matching static PV,
provisioner errors, and WaitForFirstConsumer (normal until a pod uses the claim)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pydantic import BaseModel

from agent.diagnosis.analyzers._pods import event_line
from agent.diagnosis.analyzers._workloads import (
    format_quantity,
    is_minikube,
    kubectl_ns,
    latest_event,
    pod_refs,
    quantity,
    ref,
    selector_matches,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, Severity
from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of

DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"


class ClaimDiagnosis(BaseModel):
    """Why one claim is unbound; shared with the scheduling analyzer, which links pending pods to it."""

    cause: str
    evidence: list[Evidence]
    fix: Fix
    severity: Severity = Severity.CRITICAL
    confidence: float = 0.9
    waiting_for_consumer: bool = False


@dataclass
class StorageIndex:
    classes: dict[str, Obj] = field(default_factory=dict)
    classes_known: bool = False
    volumes: list[Obj] = field(default_factory=list)
    minikube: bool = False

    @classmethod
    def build(cls, state: ClusterState) -> "StorageIndex":
        return cls(
            classes={name_of(sc): sc for sc in state.of_kind("StorageClass")},
            classes_known="StorageClass" in state.kinds_read,
            volumes=state.of_kind("PersistentVolume"),
            minikube=is_minikube(state.of_kind("Node")),
        )

    def defaults(self) -> list[str]:
        return sorted(
            name for name, sc in self.classes.items()
            if ((sc.get("metadata") or {}).get("annotations") or {}).get(DEFAULT_CLASS_ANNOTATION) == "true"
        )

    def describe_classes(self) -> str:
        if not self.classes:
            return "there are no StorageClasses in the cluster"
        defaults = set(self.defaults())
        names = [f"{n} (default)" if n in defaults else n for n in sorted(self.classes)]
        return "StorageClasses in the cluster: " + ", ".join(names)


def explain_pending_claim(state: ClusterState, claim: Obj, storage: StorageIndex) -> ClaimDiagnosis | None:
    """The root cause of an unbound claim, or None when it is bound."""
    status = claim.get("status") or {}
    if status.get("phase") == "Bound":
        return None
    ns, name = namespace_of(claim), name_of(claim)
    spec = claim.get("spec") or {}
    if status.get("phase") == "Lost":
        return _lost(state, claim)
    class_name = spec.get("storageClassName")
    events = state.events_for("PersistentVolumeClaim", ns, name)
    evidence = [Evidence(source="status", text=f"PVC {name} is {status.get('phase', 'Pending')}, storageClassName: "
                         + (repr(class_name) if class_name is not None else "(unset)"))]
    last = latest_event(events, "ProvisioningFailed", "FailedBinding", "WaitForFirstConsumer", "ExternalProvisioning")
    if last:
        evidence.append(Evidence(source="events", text=event_line(last)))
    sc = storage.classes.get(class_name or "")

    if sc and sc.get("volumeBindingMode") == "WaitForFirstConsumer" and (not last or last.get("reason") == "WaitForFirstConsumer"):
        return ClaimDiagnosis(
            cause=(f"StorageClass {class_name} uses volumeBindingMode WaitForFirstConsumer: the volume is provisioned "
                   "only when a pod that uses the claim is scheduled. This is not a problem by itself."),
            evidence=evidence,
            fix=Fix(description="Nothing to fix on the claim; if a pod using it is Pending, fix that pod's scheduling problem."),
            severity=Severity.INFO, confidence=0.8, waiting_for_consumer=True,
        )

    if class_name and storage.classes_known and not sc and not _volumes_with_class(storage, class_name):
        return _missing_class(claim, class_name, storage, evidence)
    if class_name is None and storage.classes_known and not storage.defaults():
        return _no_default_class(claim, storage, evidence)
    if class_name == "" or (sc and sc.get("provisioner") == "kubernetes.io/no-provisioner") or (
        class_name and not sc and _volumes_with_class(storage, class_name)
    ):
        return _no_matching_volume(claim, class_name or "", storage, evidence)
    if last and last.get("type") == "Warning":
        message = " ".join((last.get("message") or "").split())
        return ClaimDiagnosis(
            cause=f"the provisioner for StorageClass {class_name} failed to create a volume: {message}",
            evidence=evidence,
            fix=Fix(description=f"Fix the provisioner error, then the claim binds on the next retry; check the provisioner: "
                                f"kubectl get storageclass {class_name} -o yaml",
                    commands=[f"kubectl describe pvc {name}{kubectl_ns(ns)}"]),
            confidence=0.75,
        )
    return None


def _lost(state: ClusterState, claim: Obj) -> ClaimDiagnosis:
    ns, name = namespace_of(claim), name_of(claim)
    volume = (claim.get("spec") or {}).get("volumeName") or "?"
    gone = state.knows("PersistentVolume") and state.get("PersistentVolume", None, volume) is None
    return ClaimDiagnosis(
        cause=(f"the claim is Lost: it was bound to PersistentVolume {volume}, which "
               + ("no longer exists" if gone else "is gone or no longer refers to it")
               + "; pods that mount the claim cannot start and its data is reachable only if the volume is restored"),
        evidence=[Evidence(source="status", text=f"PVC {name} phase Lost, volumeName {volume}")],
        fix=Fix(description=f"Restore PersistentVolume {volume} (same name, claimRef to {ns}/{name}) from the backing "
                            "storage, or delete the claim and recreate it to get a new, empty volume.",
                commands=[f"kubectl get pv {volume}", f"kubectl delete pvc {name}{kubectl_ns(ns)}"]),
        confidence=0.9,
    )


def _volumes_with_class(storage: StorageIndex, class_name: str) -> list[Obj]:
    return [pv for pv in storage.volumes if (pv.get("spec") or {}).get("storageClassName", "") == class_name]


def _recreate_commands(claim: Obj, new_class: str | None) -> tuple[list[str], str]:
    ns, name = namespace_of(claim), name_of(claim)
    spec = claim.get("spec") or {}
    request = ((spec.get("resources") or {}).get("requests") or {}).get("storage", "1Gi")
    modes = spec.get("accessModes") or ["ReadWriteOnce"]
    class_line = f"  storageClassName: {new_class}\n" if new_class else ""
    patch = (
        f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n"
        f"{class_line}  accessModes: [{', '.join(modes)}]\n  resources:\n    requests:\n      storage: {request}\n"
    )
    # storageClassName is immutable on a claim, so it is replaced rather than patched.
    return [f"kubectl delete pvc {name}{kubectl_ns(ns)}", "kubectl apply -f pvc.yaml"], patch


def _missing_class(claim: Obj, class_name: str, storage: StorageIndex, evidence: list[Evidence]) -> ClaimDiagnosis:
    defaults = storage.defaults()
    target = defaults[0] if defaults else (sorted(storage.classes)[0] if storage.classes else None)
    evidence.append(Evidence(source="storageclasses", text=storage.describe_classes()))
    if target:
        commands, patch = _recreate_commands(claim, target)
        fix = Fix(description=f"Use an existing StorageClass ({target}) or create StorageClass {class_name}. "
                              "storageClassName cannot be changed on an existing claim, so recreate it (pvc.yaml below).",
                  commands=commands, patch=patch)
    else:
        fix = Fix(description=f"Create StorageClass {class_name} or enable a provisioner"
                              + (" (minikube ships one)" if storage.minikube else ""),
                  commands=["minikube addons enable storage-provisioner", "minikube addons enable default-storageclass"]
                  if storage.minikube else ["kubectl get storageclass"])
    return ClaimDiagnosis(
        cause=f"the claim asks for StorageClass {class_name}, which does not exist; {storage.describe_classes()}",
        evidence=evidence, fix=fix, confidence=0.95,
    )


def _no_default_class(claim: Obj, storage: StorageIndex, evidence: list[Evidence]) -> ClaimDiagnosis:
    evidence.append(Evidence(source="storageclasses", text=storage.describe_classes() + "; none is marked default"))
    if storage.classes:
        target = sorted(storage.classes)[0]
        fix = Fix(
            description=f"Mark a StorageClass as default (claims without a class get it assigned retroactively), "
                        f"or set storageClassName: {target} on the claim.",
            commands=[f"kubectl patch storageclass {target} -p "
                      f"'{{\"metadata\":{{\"annotations\":{{\"{DEFAULT_CLASS_ANNOTATION}\":\"true\"}}}}}}'"],
        )
    else:
        fix = Fix(description="Install a dynamic provisioner with a default StorageClass, or create a PersistentVolume for the claim.",
                  commands=["minikube addons enable storage-provisioner", "minikube addons enable default-storageclass"]
                  if storage.minikube else ["kubectl get storageclass"])
    return ClaimDiagnosis(
        cause="the claim sets no storageClassName and the cluster has no default StorageClass, so no volume is "
              f"provisioned for it ({storage.describe_classes()})",
        evidence=evidence, fix=fix, confidence=0.9,
    )


def _pv_mismatch(pv: Obj, claim: Obj, class_name: str) -> str | None:
    """Why a PV cannot bind this claim, or None if it could."""
    spec, cspec = pv.get("spec") or {}, claim.get("spec") or {}
    if (pv.get("status") or {}).get("phase") not in (None, "Available"):
        bound = spec.get("claimRef") or {}
        return f"is {pv['status']['phase']}" + (f" to {bound.get('namespace')}/{bound.get('name')}" if bound else "")
    if spec.get("storageClassName", "") != class_name:
        return f"has storageClassName {spec.get('storageClassName', '')!r}, the claim wants {class_name!r}"
    want = quantity(((cspec.get("resources") or {}).get("requests") or {}).get("storage"))
    have = quantity((spec.get("capacity") or {}).get("storage"))
    if have < want:
        return f"has {format_quantity('storage', have)}, the claim requests {format_quantity('storage', want)}"
    missing_modes = set(cspec.get("accessModes") or []) - set(spec.get("accessModes") or [])
    if missing_modes:
        return f"does not offer access mode {', '.join(sorted(missing_modes))}"
    if cspec.get("selector") and not selector_matches(cspec["selector"], labels_of(pv)):
        return "does not match the claim's selector"
    return None


def _no_matching_volume(claim: Obj, class_name: str, storage: StorageIndex, evidence: list[Evidence]) -> ClaimDiagnosis:
    reasons = [f"PV {name_of(pv)} {why}" for pv in storage.volumes if (why := _pv_mismatch(pv, claim, class_name))]
    for line in reasons[:5]:
        evidence.append(Evidence(source="persistentvolumes", text=line))
    spec = claim.get("spec") or {}
    request = ((spec.get("resources") or {}).get("requests") or {}).get("storage", "1Gi")
    modes = spec.get("accessModes") or ["ReadWriteOnce"]
    pv_yaml = (
        f"apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: {name_of(claim)}-pv\nspec:\n"
        f"  storageClassName: \"{class_name}\"\n  capacity:\n    storage: {request}\n  accessModes: [{', '.join(modes)}]\n"
        f"  hostPath:\n    path: /data/{name_of(claim)}\n"
    )
    detail = "; ".join(reasons) if reasons else "there are no PersistentVolumes at all"
    return ClaimDiagnosis(
        cause=(f"the claim uses static binding (storageClassName {class_name!r}, no provisioner) and no "
               f"PersistentVolume matches it: {detail}"),
        evidence=evidence,
        fix=Fix(description=f"Create a PersistentVolume with class {class_name!r}, at least {request} and access mode "
                            f"{', '.join(modes)} (below), or point the claim at a StorageClass that provisions volumes.",
                commands=["kubectl apply -f pv.yaml"], patch=pv_yaml),
        confidence=0.85,
    )


@register
class PvcAnalyzer(Analyzer):
    name = "pvc"
    kinds = ("PersistentVolumeClaim",)
    needs = {"StorageClass": "storage classes of PersistentVolumeClaims", "PersistentVolume": "static volumes for PersistentVolumeClaims"}
    keywords = ("pvc", "volume", "storage", "storageclass", "persistentvolumeclaim", "persistent", "claim", "disk", "bound")

    def analyze(self, state: ClusterState) -> list[Finding]:
        claims = [c for c in state.of_kind("PersistentVolumeClaim") if (c.get("status") or {}).get("phase") != "Bound"]
        if not claims:
            return []
        storage = StorageIndex.build(state)
        consumers = claim_consumers(state)
        findings = []
        for claim in claims:
            diagnosis = explain_pending_claim(state, claim, storage) or _unexplained(claim)
            if diagnosis is None:
                continue
            users = consumers.get((namespace_of(claim), name_of(claim)), [])
            if diagnosis.waiting_for_consumer and not users:
                continue
            severity = diagnosis.severity if users or diagnosis.severity == Severity.INFO else Severity.WARNING
            used_by = f"; used by {len(users)} pod(s) that stay Pending until it binds" if users and not diagnosis.waiting_for_consumer else ""
            findings.append(Finding(
                analyzer=self.name, object=ref(claim), severity=severity,
                symptom=f"PVC {name_of(claim)} is {(claim.get('status') or {}).get('phase', 'Pending')}{used_by}",
                root_cause=diagnosis.cause, evidence=diagnosis.evidence, fix=diagnosis.fix,
                confidence=diagnosis.confidence, related=pod_refs(users),
            ))
        return findings


def _unexplained(claim: Obj) -> ClaimDiagnosis | None:
    """A Pending claim nothing in the source explains: say so, and how to find out."""
    if (claim.get("status") or {}).get("phase", "Pending") != "Pending":
        return None
    ns, name = namespace_of(claim), name_of(claim)
    class_name = (claim.get("spec") or {}).get("storageClassName")
    return ClaimDiagnosis(
        cause=(f"the claim is Pending and the source holds no event or StorageClass detail saying why; the "
               f"provisioner for {class_name or 'the default class'} has not created a volume for it"),
        evidence=[Evidence(source="status", text=f"PVC {name} is Pending, storageClassName: "
                                                 + (repr(class_name) if class_name is not None else "(unset)"))],
        fix=Fix(description="Read the claim's events and the provisioner's logs.",
                commands=[f"kubectl describe pvc {name}{kubectl_ns(ns)}", "kubectl get storageclass"]),
        severity=Severity.WARNING, confidence=0.5,
    )


def claim_consumers(state: ClusterState) -> dict[tuple[str | None, str], list[Obj]]:
    """Pods per (namespace, claim name) that mount the claim."""
    users: dict[tuple[str | None, str], list[Obj]] = defaultdict(list)
    for pod in state.of_kind("Pod"):
        for vol in (pod.get("spec") or {}).get("volumes") or []:
            claim = (vol.get("persistentVolumeClaim") or {}).get("claimName")
            if claim:
                users[(namespace_of(pod), claim)].append(pod)
    return users
