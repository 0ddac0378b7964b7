"""Cluster storage: several StorageClasses marked default, PersistentVolumes in phase Failed (their reclaim failed),
and Released volumes kept by a Retain policy (information: a deliberate setting, not a problem)."""

from __future__ import annotations

from agent.diagnosis.analyzers._workloads import ref
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of

DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class"


def is_default(sc: Obj) -> bool:
    annotations = (sc.get("metadata") or {}).get("annotations") or {}
    return annotations.get(DEFAULT_CLASS) == "true" or annotations.get(BETA_DEFAULT_CLASS) == "true"


def _claim(pv: Obj) -> ObjectRef | None:
    claim = (pv.get("spec") or {}).get("claimRef") or {}
    return ObjectRef(kind="PersistentVolumeClaim", name=claim["name"], namespace=claim.get("namespace")) \
        if claim.get("name") else None


@register
class StorageAnalyzer(Analyzer):
    name = "storage"
    kinds = ("StorageClass", "PersistentVolume")
    keywords = ("storageclass", "default storageclass", "pv", "persistentvolume", "volume", "released", "reclaim",
                "storage", "disk")

    def analyze(self, state: ClusterState) -> list[Finding]:
        findings = self._defaults(state.of_kind("StorageClass"))
        for pv in state.of_kind("PersistentVolume"):
            phase = (pv.get("status") or {}).get("phase")
            if phase == "Failed":
                findings.append(self._failed(pv))
            elif phase == "Released":
                findings.append(self._released(pv))
        return findings

    def _defaults(self, classes: list[Obj]) -> list[Finding]:
        defaults = sorted((sc for sc in classes if is_default(sc)), key=name_of)
        if len(defaults) < 2:
            return []
        names = [name_of(sc) for sc in defaults]
        keep = names[0]
        commands = [f"kubectl annotate storageclass {n} {DEFAULT_CLASS}=false --overwrite" for n in names[1:]]
        findings = []
        for sc in defaults:
            others = [n for n in names if n != name_of(sc)]
            findings.append(Finding(
                analyzer=self.name, object=ref(sc), severity=Severity.WARNING,
                symptom=f"{len(defaults)} StorageClasses are marked default",
                root_cause=(f"StorageClass {name_of(sc)} is marked default together with {', '.join(others)}; with "
                            "several defaults a claim without storageClassName gets the most recently created one, "
                            "so which storage (and provisioner) a new claim lands on is not what anyone chose"),
                evidence=[Evidence(source="storageclasses", text=f"{n}: {DEFAULT_CLASS}=true, provisioner "
                                                                 f"{s.get('provisioner', '?')}")
                          for n, s in zip(names, defaults)],
                fix=Fix(description=f"Keep one default ({keep}) and unmark the others.", commands=commands),
                confidence=0.9, related=[ObjectRef(kind="StorageClass", name=n) for n in others],
            ))
        return findings

    def _failed(self, pv: Obj) -> Finding:
        name = name_of(pv)
        spec, status = pv.get("spec") or {}, pv.get("status") or {}
        policy = spec.get("persistentVolumeReclaimPolicy", "Delete")
        message = " ".join((status.get("message") or "").split())
        claim = _claim(pv)
        return Finding(
            analyzer=self.name, object=ref(pv), severity=Severity.WARNING,
            symptom=f"PersistentVolume {name} is Failed",
            root_cause=(f"PersistentVolume {name} is in phase Failed: its automatic reclamation (policy {policy}) "
                        f"failed after its claim was released" + (f": {message}" if message else "")
                        + "; the volume is not reused and its backing storage may still exist"),
            evidence=[Evidence(source="status", text=f"phase Failed, reclaimPolicy {policy}"
                                                     + (f", message: {message}" if message else ""))],
            fix=Fix(description="Fix the reclaim error (provisioner/driver), clean up the backing storage by hand if "
                                "needed, then delete the PersistentVolume.",
                    commands=[f"kubectl describe pv {name}", f"kubectl delete pv {name}"]),
            confidence=0.85, related=[claim] if claim else [],
        )

    def _released(self, pv: Obj) -> Finding:
        name = name_of(pv)
        claim = _claim(pv)
        return Finding(
            analyzer=self.name, object=ref(pv), severity=Severity.INFO,
            symptom=f"PersistentVolume {name} is Released",
            root_cause=(f"PersistentVolume {name} is Released: its claim "
                        + (f"{claim.namespace}/{claim.name} " if claim else "")
                        + "was deleted and the Retain policy keeps the data, a deliberate setting; it is not bound "
                          "again until an admin clears spec.claimRef"),
            evidence=[Evidence(source="status", text="phase Released, reclaimPolicy "
                                                     f"{(pv.get('spec') or {}).get('persistentVolumeReclaimPolicy', 'Retain')}")],
            fix=Fix(description="Nothing to fix if the data is kept on purpose; to reuse the volume, remove its claimRef.",
                    commands=[f"kubectl patch pv {name} --type json -p '[{{\"op\":\"remove\",\"path\":\"/spec/claimRef\"}}]'"]),
            confidence=0.8, related=[claim] if claim else [],
        )
