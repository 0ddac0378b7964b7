"""CreateContainerConfigError: a Secret, ConfigMap or key the container's env needs does not exist."""

from __future__ import annotations

import json
import re

from agent.diagnosis.analyzers._pods import (
    ContainerView,
    Groups,
    PodIndex,
    container_events,
    container_patch,
    containers,
    event_evidence,
    events_with,
    ns_flag,
    owner_of,
    patch_command,
    pod_events,
    pod_names,
    related_pods,
    rollout_restart,
    secret_keys,
    status_line,
    workload_arg,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, namespace_of

_MISSING_OBJECT = re.compile(r'(secret|configmap) "([^"]+)" not found', re.I)
_MISSING_KEY = re.compile(r"couldn't find key (\S+) in (Secret|ConfigMap) ([\w.-]+)/([\w.-]+)")
_NON_ROOT = re.compile(r"container has runAsNonRoot and image (will run as root|has non-numeric user \(([^)]*)\))")


def referenced_keys(view: ContainerView, kind: str, name: str) -> list[str]:
    """Keys the container's env reads from this Secret/ConfigMap through secretKeyRef/configMapKeyRef."""
    field = "secretKeyRef" if kind == "Secret" else "configMapKeyRef"
    keys = []
    for entry in view.spec.get("env") or []:
        ref = (entry.get("valueFrom") or {}).get(field)
        if ref and ref.get("name") == name and ref.get("key") not in keys:
            keys.append(ref.get("key"))
    return keys


def env_entries_using(view: ContainerView, kind: str, name: str, key: str | None = None) -> list[str]:
    field = "secretKeyRef" if kind == "Secret" else "configMapKeyRef"
    env_from_field = "secretRef" if kind == "Secret" else "configMapRef"
    lines = []
    for entry in view.spec.get("env") or []:
        ref = (entry.get("valueFrom") or {}).get(field)
        if ref and ref.get("name") == name and (key is None or ref.get("key") == key):
            lines.append(f"env {entry.get('name')} <- {kind} {name} key {ref.get('key')}")
    for item in view.spec.get("envFrom") or []:
        if (item.get(env_from_field) or {}).get("name") == name:
            lines.append(f"envFrom {kind} {name}")
    return lines


@register
class ConfigErrorAnalyzer(Analyzer):
    name = "configerror"
    kinds = ("Pod", "Deployment", "StatefulSet", "DaemonSet")
    needs = {"Secret": "references to Secrets", "ConfigMap": "references to ConfigMaps"}
    keywords = (
        "createcontainerconfigerror",
        "config",
        "configerror",
        "secret",
        "configmap",
        "key",
        "env",
        "environment",
        "not starting",
        "won't start",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        index = PodIndex(state)
        groups = Groups()
        for pod in state.of_kind("Pod"):
            for view in containers(pod, include_init=True):
                if view.waiting.get("reason") == "CreateContainerConfigError":
                    groups.add(owner_of(state, pod), f"{view.name}|{view.waiting.get('message', '')}", view)
        return [self._finding(state, index, owner, views) for owner, views in groups.items()]

    def _finding(self, state: ClusterState, index: PodIndex, owner: ObjectRef, views: list[ContainerView]) -> Finding:
        view = views[0]
        message = view.waiting.get("message") or ""
        events = events_with(container_events(pod_events(state, view.pod), view.name), ("Failed",))
        if not message and events:
            message = events[-1].get("message") or ""
        pods = [v.pod for v in views]
        who = (
            f"Pod {view.pod_name}"
            if len(pods) == 1
            else f"{len(pods)} pods of {workload_arg(owner)} ({pod_names(pods)})"
        )
        symptom = f"{who}: container {view.name} is in CreateContainerConfigError: {message}"
        evidence = [Evidence(source="status", text=status_line(view)), *event_evidence(events, 1)]
        ns = view.namespace
        key_match, object_match, root_match = (
            _MISSING_KEY.search(message),
            _MISSING_OBJECT.search(message),
            _NON_ROOT.search(message),
        )
        if key_match:
            key, kind, obj_ns, name = key_match.groups()
            obj = state.get(kind, obj_ns, name)
            keys = sorted(secret_keys(obj))
            evidence += [Evidence(source="spec", text=line) for line in env_entries_using(view, kind, name, key)]
            if obj is not None:
                evidence.append(Evidence(source=f"{kind.lower()}/{name}", text=f"keys: {', '.join(keys) or 'none'}"))
            root = (
                f"The container {view.name} cannot be created: its env reads key {key} from the {kind} {name}, "
                f"which has no key {key}" + (f" (its keys: {', '.join(keys)})" if obj is not None else "") + "."
            )
            body = {"stringData" if kind == "Secret" else "data": {key: "<value>"}}
            commands = [f"kubectl patch {kind.lower()} {name} -n {obj_ns} --type merge -p '{json.dumps(body)}'"]
            fix = Fix(
                description=f"Add the key {key} to the {kind} {name} (the pods start once it exists).",
                commands=commands + _restart(owner),
            )
            confidence = 0.95
        elif object_match:
            kind = "Secret" if object_match.group(1).lower() == "secret" else "ConfigMap"
            name = object_match.group(2)
            evidence += [Evidence(source="spec", text=line) for line in env_entries_using(view, kind, name)]
            keys = referenced_keys(view, kind, name)
            elsewhere = [namespace_of(o) for o in index.by_name(kind, name) if namespace_of(o) != ns]
            root = (
                f"The container {view.name} cannot be created: the {kind} {name} it reads env from does not "
                f"exist in namespace {ns}"
                + (
                    f" (it exists in namespace {elsewhere[0]}; Secrets and ConfigMaps are not shared across namespaces)"
                    if elsewhere
                    else ""
                )
                + (f"; it must provide the keys {', '.join(keys)}" if keys else "")
                + "."
            )
            literals = " ".join(f"--from-literal={k}=<value>" for k in keys) or "--from-literal=<KEY>=<value>"
            create = (
                f"kubectl create secret generic {name} {ns_flag(ns)} {literals}"
                if kind == "Secret"
                else f"kubectl create configmap {name} {ns_flag(ns)} {literals}"
            )
            commands = [create]
            if elsewhere:
                commands = [
                    f"kubectl get {kind.lower()} {name} -n {elsewhere[0]} -o json | jq 'del(.metadata.namespace, "
                    ".metadata.uid, .metadata.resourceVersion, .metadata.creationTimestamp, .metadata.ownerReferences)' "
                    f"| kubectl apply -n {ns} -f -"
                ]
            fix = Fix(
                description=(
                    f"Copy the {kind} {name} from namespace {elsewhere[0]} into {ns}."
                    if elsewhere
                    else f"Create the {kind} {name} in namespace {ns}"
                    + (f" with {', '.join(keys)}" if keys else "")
                    + "."
                ),
                commands=commands + _restart(owner),
            )
            confidence = 0.95
        elif root_match:
            user = root_match.group(2)
            root = (
                f"The container {view.name} cannot be created: the pod requires runAsNonRoot but the image "
                + (
                    f"runs as the non-numeric user {user!r}, which the kubelet cannot verify"
                    if user
                    else "runs as root"
                )
                + "."
            )
            fix = Fix(
                description="Set a numeric non-root securityContext.runAsUser for the container (and make the "
                "image work as that user).",
                commands=[
                    patch_command(
                        owner,
                        container_patch(
                            owner, view.name, {"securityContext": {"runAsUser": 1000, "runAsNonRoot": True}}, view.init
                        ),
                    )
                ],
            )
            confidence = 0.9
        else:
            root = f"The container {view.name} cannot be created because of its configuration: {message}"
            fix = Fix(
                description="Fix the container configuration the message names.",
                commands=[f"kubectl describe pod {view.pod_name} {ns_flag(ns)}"],
            )
            confidence = 0.5
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


def _restart(owner: ObjectRef) -> list[str]:
    command = rollout_restart(owner)
    return [command] if command else []
