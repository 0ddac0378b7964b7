"""Small builders for Kubernetes JSON objects used by the diagnosis tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Obj = dict[str, Any]


def meta(name: str, namespace: str | None = "todo", labels: dict | None = None, owner: tuple[str, str] | None = None) -> Obj:
    m: Obj = {"name": name, "labels": labels or {}}
    if namespace:
        m["namespace"] = namespace
    if owner:
        m["ownerReferences"] = [{"kind": owner[0], "name": owner[1], "apiVersion": "apps/v1", "controller": True}]
    return m


def container_status(name: str, *, ready: bool = True, restarts: int = 0, waiting: str | None = None,
                     last_exit: tuple[str, int] | None = None) -> Obj:
    state: Obj = {"waiting": {"reason": waiting, "message": "back-off 5m0s restarting failed container"}} if waiting \
        else {"running": {"startedAt": "2026-01-01T00:00:00Z"}}
    cs: Obj = {"name": name, "ready": ready, "restartCount": restarts, "state": state,
               "image": f"registry.example.com/{name}:1.0", "lastState": {}}
    if last_exit:
        cs["lastState"] = {"terminated": {"reason": last_exit[0], "exitCode": last_exit[1]}}
    return cs


def pod(name: str, namespace: str = "todo", *, app: str | None = None, phase: str = "Running",
        containers: list[Obj] | None = None, statuses: list[Obj] | None = None, owner: str | None = None,
        node: str = "node-1", volumes: list[Obj] | None = None) -> Obj:
    containers = containers or [{"name": app or name, "image": f"registry.example.com/{app or name}:1.0",
                                 "ports": [{"containerPort": 8080}]}]
    statuses = statuses if statuses is not None else [container_status(c["name"]) for c in containers]
    return {
        "kind": "Pod", "apiVersion": "v1",
        "metadata": meta(name, namespace, {"app": app} if app else {}, ("ReplicaSet", owner) if owner else None),
        "spec": {"containers": containers, "nodeName": node, "volumes": volumes or []},
        "status": {"phase": phase, "containerStatuses": statuses,
                   "conditions": [{"type": "Ready", "status": "True" if all(s["ready"] for s in statuses) else "False"}]},
    }


def deployment(name: str, namespace: str = "todo", *, replicas: int = 1, ready: int | None = None,
               image: str | None = None) -> Obj:
    return {
        "kind": "Deployment", "apiVersion": "apps/v1", "metadata": meta(name, namespace, {"app": name}),
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}},
                              "spec": {"containers": [{"name": name, "image": image or f"registry.example.com/{name}:1.0"}]}}},
        "status": {"replicas": replicas, "readyReplicas": replicas if ready is None else ready,
                   "availableReplicas": replicas if ready is None else ready},
    }


def replicaset(name: str, deployment_name: str, namespace: str = "todo") -> Obj:
    return {"kind": "ReplicaSet", "apiVersion": "apps/v1",
            "metadata": meta(name, namespace, {"app": deployment_name}, ("Deployment", deployment_name)),
            "spec": {"selector": {"matchLabels": {"app": deployment_name}}}, "status": {}}


def service(name: str, namespace: str = "todo", *, selector: dict | None = None, port: int = 80,
            target: int = 8080) -> Obj:
    return {"kind": "Service", "apiVersion": "v1", "metadata": meta(name, namespace),
            "spec": {"selector": selector if selector is not None else {"app": name},
                     "ports": [{"port": port, "targetPort": target, "protocol": "TCP"}]}}


def event(obj_kind: str, obj_name: str, reason: str, message: str, namespace: str = "todo",
          type_: str = "Warning", count: int = 1, ts: str = "2026-01-01T00:05:00Z") -> Obj:
    return {"kind": "Event", "apiVersion": "v1",
            "metadata": {"name": f"{obj_name}.{reason.lower()}", "namespace": namespace},
            "involvedObject": {"kind": obj_kind, "name": obj_name, "namespace": namespace},
            "reason": reason, "message": message, "type": type_, "count": count,
            "firstTimestamp": ts, "lastTimestamp": ts}


def node(name: str = "node-1", ready: bool = True) -> Obj:
    return {"kind": "Node", "apiVersion": "v1", "metadata": meta(name, None),
            "status": {"conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
                       "allocatable": {"cpu": "2", "memory": "4Gi", "pods": "110"}}}


def write_list(path: Path, items: list[Obj], kind: str = "List") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # cluster-info dump writes typed lists whose items carry no kind
    stripped = [{k: v for k, v in item.items() if k not in ("kind", "apiVersion")} for item in items]
    path.write_text(json.dumps({"kind": kind, "apiVersion": "v1", "metadata": {}, "items": stripped}))
