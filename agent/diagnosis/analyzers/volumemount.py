"""Pods stuck in ContainerCreating because a volume cannot be attached or mounted.

Unscheduled pods waiting for a PVC to bind are the scheduling/PVC analyzers' concern; this
one covers pods already on a node whose kubelet reports FailedMount / FailedAttachVolume.
"""

from __future__ import annotations

import re

from agent.diagnosis.analyzers._pods import (
    Groups,
    containers,
    event_evidence,
    event_line,
    events_with,
    ns_flag,
    owner_of,
    pod_events,
    pod_names,
    related_pods,
    rollout_restart,
    workload_arg,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, event_time, name_of

MOUNT_REASONS = ("FailedMount", "FailedAttachVolume")
_SETUP_MISSING = re.compile(
    r'MountVolume\.SetUp failed for volume "([^"]+)" : (secret|configmap) "([^"]+)" not found', re.I
)
_MULTI_ATTACH = re.compile(
    r'Multi-Attach error for volume "([^"]+)" Volume is already (?:used by pod\(s\) ([^\n]+)|exclusively attached)'
)
_UNMOUNTED = re.compile(r"unmounted volumes=\[([^\]]*)\]")
_SETUP_FAILED = re.compile(r'MountVolume\.(?:SetUp|MountDevice) failed for volume "([^"]+)" : (.+)', re.S)


def stuck_creating(pod: Obj) -> bool:
    if not (pod.get("spec") or {}).get("nodeName"):
        return False
    if (pod.get("status") or {}).get("phase") not in (None, "Pending"):
        return False
    views = list(containers(pod, include_init=True))
    return any(v.waiting.get("reason") in ("ContainerCreating", "PodInitializing") for v in views) or not any(
        v.status for v in views
    )


@register
class VolumeMountAnalyzer(Analyzer):
    name = "volumemount"
    kinds = ("Pod", "Deployment", "StatefulSet")
    needs = {"PersistentVolumeClaim": "claims mounted by pods", "Secret": "Secret volumes", "ConfigMap": "ConfigMap volumes"}
    keywords = (
        "containercreating",
        "volume",
        "mount",
        "failedmount",
        "multi-attach",
        "attach",
        "stuck",
        "creating",
        "pvc",
        "secret",
        "configmap",
        "timed out",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        groups = Groups()
        for pod in state.of_kind("Pod"):
            if not stuck_creating(pod):
                continue
            events = events_with(pod_events(state, pod), MOUNT_REASONS)
            if events:
                latest = max(events, key=event_time)
                groups.add(owner_of(state, pod), _cause_key(latest.get("message") or ""), (pod, events))
        return [self._finding(state, owner, members) for owner, members in groups.items()]

    def _finding(self, state: ClusterState, owner: ObjectRef, members: list[tuple[Obj, list[Obj]]]) -> Finding:
        pod, events = members[0]
        ns = owner.namespace or "default"
        pods = [m[0] for m in members]
        volumes = {v.get("name"): v for v in (pod.get("spec") or {}).get("volumes") or []}
        messages = "\n".join(e.get("message") or "" for e in events)
        who = (
            f"Pod {name_of(pod)}"
            if len(pods) == 1
            else f"{len(pods)} pods of {workload_arg(owner)} ({pod_names(pods)})"
        )
        node = (pod.get("spec") or {}).get("nodeName")
        symptom = f"{who} stuck in ContainerCreating on node {node}: {events[-1].get('reason')}"
        evidence = [
            Evidence(source="status", text=f"{name_of(pod)}: phase Pending, containers waiting ContainerCreating"),
            *event_evidence(events, 2),
        ]
        restart = rollout_restart(owner)
        missing = _SETUP_MISSING.search(messages)
        multi = _MULTI_ATTACH.search(messages)
        if missing:
            volume, kind_word, name = missing.groups()
            kind = "Secret" if kind_word.lower() == "secret" else "ConfigMap"
            source = (volumes.get(volume) or {}).get("secret" if kind == "Secret" else "configMap") or {}
            items = [i.get("key") for i in source.get("items") or []]
            evidence.append(Evidence(source="spec", text=f"volume {volume}: {kind} {name}"))
            root = (
                f"The volume {volume} mounts the {kind} {name}, which does not exist in namespace {ns}, so the "
                "kubelet cannot set up the pod's volumes and the containers are never created."
            )
            flags = " ".join(f"--from-file={k}=./{k}" for k in items) or "--from-file=<file>"
            create = (
                f"kubectl create secret generic {name} {ns_flag(ns)} {flags}"
                if kind == "Secret"
                else f"kubectl create configmap {name} {ns_flag(ns)} {flags}"
            )
            fix = Fix(
                description=f"Create the {kind} {name} in namespace {ns} (or mark the volume optional: true).",
                commands=[create],
            )
            confidence = 0.95
        elif multi:
            volume, users = multi.group(1), (multi.group(2) or "").strip()
            strategy = ((state.get(owner.kind, owner.namespace, owner.name) or {}).get("spec") or {}).get(
                "strategy"
            ) or {}
            rolling = owner.kind == "Deployment" and strategy.get("type", "RollingUpdate") == "RollingUpdate"
            root = (
                f"The ReadWriteOnce volume {volume} is still attached to another node for pod(s) {users or 'elsewhere'}; "
                "a ReadWriteOnce volume attaches to one node at a time, so this pod cannot start until it is released"
                + (
                    " (the Deployment's RollingUpdate starts the new pod before the old one releases the volume)."
                    if rolling
                    else "."
                )
            )
            commands = (
                [
                    f"kubectl patch {workload_arg(owner)} {ns_flag(ns)} -p "
                    + '\'{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}\''
                ]
                if rolling
                else []
            )
            if users:
                commands.append(f"kubectl delete pod {users.split(',')[0].strip()} {ns_flag(ns)}")
            fix = Fix(
                description="Let only one pod use the volume at a time: use strategy Recreate for this Deployment "
                "(or a ReadWriteMany volume), and delete the old pod holding it.",
                commands=commands,
            )
            confidence = 0.9
        else:
            root, fix, confidence, extra = self._other(state, pod, volumes, messages, ns)
            evidence.extend(extra)
        if restart and missing:
            fix.commands.append(restart)
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.CRITICAL,
            symptom=symptom,
            root_cause=root,
            evidence=evidence,
            fix=fix,
            confidence=confidence,
            related=related_pods(owner, pods),
        )

    def _other(
        self, state: ClusterState, pod: Obj, volumes: dict[str, Obj], messages: str, ns: str
    ) -> tuple[str, Fix, float, list[Evidence]]:
        unmounted = _UNMOUNTED.search(messages)
        names = [n.strip() for n in unmounted.group(1).split()] if unmounted else []
        setup = _SETUP_FAILED.search(messages)
        if setup:
            names = names or [setup.group(1)]
        for volume in names:
            claim = ((volumes.get(volume) or {}).get("persistentVolumeClaim") or {}).get("claimName")
            if not claim:
                continue
            pvc = state.get("PersistentVolumeClaim", ns, claim)
            phase = ((pvc or {}).get("status") or {}).get("phase")
            extra = [Evidence(source="spec", text=f"volume {volume}: persistentVolumeClaim {claim}")]
            if pvc is None and "PersistentVolumeClaim" in state.kinds_read:
                return (
                    f"The volume {volume} uses the PersistentVolumeClaim {claim}, which does not exist in namespace {ns}.",
                    Fix(description=f"Create the PVC {claim}.", commands=[f"kubectl get pvc {ns_flag(ns)}"]),
                    0.9,
                    extra,
                )
            if phase and phase != "Bound":
                pvc_events = state.events_for("PersistentVolumeClaim", ns, claim)
                extra += [Evidence(source=f"persistentvolumeclaim/{claim}", text=f"phase {phase}")]
                extra += [Evidence(source="events", text=event_line(e)) for e in pvc_events[-1:]]
                return (
                    f"The volume {volume} waits for the PersistentVolumeClaim {claim}, which is {phase}, not Bound"
                    + (f": {pvc_events[-1].get('message')}" if pvc_events else "")
                    + ".",
                    Fix(
                        description=f"Get the PVC {claim} bound (storage class / provisioner / matching PV).",
                        commands=[f"kubectl describe pvc {claim} {ns_flag(ns)}"],
                    ),
                    0.85,
                    extra,
                )
            if setup:
                detail = setup.group(2).strip().splitlines()[0]
                return (
                    f"The kubelet cannot mount the volume {volume} (PVC {claim}): {detail}.",
                    Fix(
                        description="Fix the storage backend the mount error names (server address, export path, "
                        "node mount tools), then delete the pod to retry.",
                        commands=[f"kubectl describe pvc {claim} {ns_flag(ns)}"],
                    ),
                    0.7,
                    extra,
                )
        if setup:
            detail = setup.group(2).strip().splitlines()[0]
            return (
                f"The kubelet cannot mount the volume {setup.group(1)}: {detail}.",
                Fix(
                    description="Fix the volume source the mount error names.",
                    commands=[f"kubectl describe pod {name_of(pod)} {ns_flag(ns)}"],
                ),
                0.7,
                [],
            )
        listed = ", ".join(names) or "(unknown)"
        return (
            f"The volumes {listed} were not mounted in time (timed out waiting for the condition); the kubelet "
            "events give no more specific reason.",
            Fix(
                description="Look at the attach/mount events of the volumes and the CSI driver pods.",
                commands=[f"kubectl describe pod {name_of(pod)} {ns_flag(ns)}", "kubectl get volumeattachments"],
            ),
            0.5,
            [],
        )


def _cause_key(message: str) -> str:
    for pattern in (_SETUP_MISSING, _MULTI_ATTACH, _UNMOUNTED, _SETUP_FAILED):
        match = pattern.search(message)
        if match:
            return f"{pattern.pattern[:12]}:{match.group(1)}"
    return message[:60]
