"""Owners: the controller of an object and the workload a user edits for a pod
(Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from agent.kube.kinds import POD_CONTROLLERS

Obj = Mapping[str, Any]
# (kind, namespace, name) -> the object, or None when the source does not have it
Lookup = Callable[[str, "str | None", str], "Obj | None"]


class OwnerRef(NamedTuple):
    kind: str
    name: str
    namespace: str | None


def owner_references(obj: Obj) -> list[Obj]:
    return list((obj.get("metadata") or {}).get("ownerReferences") or [])


def controller_of(obj: Obj) -> Obj | None:
    """The ownerReference with `controller: true`, else the first one, else None."""
    refs = owner_references(obj)
    return next((o for o in refs if o.get("controller")), refs[0] if refs else None)


def owned_by(obj: Obj, kind: str, name: str) -> bool:
    return any(o.get("kind") == kind and o.get("name") == name for o in owner_references(obj))


def owner_chain(obj: Obj, lookup: Lookup, depth: int = 4) -> list[Obj]:
    """The owner objects upwards (Pod -> ReplicaSet -> Deployment), as far as the source has them."""
    chain: list[Obj] = []
    current = obj
    namespace = (obj.get("metadata") or {}).get("namespace")
    for _ in range(depth):
        refs = owner_references(current)
        parent = next((p for r in refs if (p := lookup(r.get("kind", ""), namespace, r.get("name", ""))) is not None),
                      None)
        if parent is None:
            break
        chain.append(parent)
        current = parent
    return chain


def workload_of(obj: Obj, lookup: Lookup) -> OwnerRef:
    """The workload a user edits for this object (pod -> ReplicaSet -> Deployment, Job -> CronJob), else itself.

    Without the ReplicaSet, its pod-template-hash suffix still names the Deployment."""
    meta = obj.get("metadata") or {}
    namespace = meta.get("namespace")
    ref = OwnerRef(obj.get("kind") or "Pod", meta.get("name", ""), namespace)
    current = obj
    for _ in range(3):
        owner = controller_of(current)
        if not owner:
            break
        kind, name = owner.get("kind", ""), owner.get("name", "")
        if kind == "ReplicaSet":
            rs = lookup("ReplicaSet", namespace, name)
            if rs is None:
                deployment = name.rsplit("-", 1)[0]
                return OwnerRef("Deployment", deployment, namespace) if deployment else ref
            ref, current = OwnerRef("ReplicaSet", name, namespace), rs
            continue
        if kind in POD_CONTROLLERS:
            ref = OwnerRef(kind, name, namespace)
            parent = lookup(kind, namespace, name)
            if parent is None:
                break
            current = parent
            continue
        break
    return ref


def helm_release(obj: Obj) -> str | None:
    """The Helm release that manages an object, from the labels/annotations Helm 3 sets."""
    meta = obj.get("metadata") or {}
    annotations = meta.get("annotations") or {}
    if annotations.get("meta.helm.sh/release-name"):
        return annotations["meta.helm.sh/release-name"]
    labels = meta.get("labels") or {}
    if labels.get("app.kubernetes.io/managed-by") == "Helm":
        return labels.get("app.kubernetes.io/instance")
    return None
