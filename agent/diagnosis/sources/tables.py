"""Parse `kubectl get` tables (pods, deployments, services, events, pvc, nodes; -o wide; -A) into JSON dicts.

Columns are cut at the header's column positions (kubectl aligns them), falling back
to splitting on runs of spaces when a row does not line up.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from agent.diagnosis.sources.describe import leading_int, make_event
from agent.kube.kinds import kind_from_word
from agent.diagnosis.state import Obj
from agent.kube.pods import reasons

HEADER_CELL = re.compile(r"\S+(?: \S+)*")


def columns(header: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in HEADER_CELL.finditer(header)]


def table_kind(header: str) -> str:
    names = {name for name, _ in columns(header)}
    if {"READY", "STATUS", "RESTARTS"} <= names:
        return "Pod"
    if {"UP-TO-DATE", "AVAILABLE"} <= names:
        return "Deployment"
    if "CLUSTER-IP" in names:
        return "Service"
    if {"REASON", "OBJECT"} <= names or {"LAST SEEN", "REASON", "MESSAGE"} <= names:
        return "Event"
    if {"VOLUME", "CAPACITY"} <= names and "CLAIM" not in names:
        return "PersistentVolumeClaim"
    if {"ROLES", "VERSION"} <= names:
        return "Node"
    return ""


def is_header(line: str) -> bool:
    return line.startswith(("NAME ", "NAMESPACE ", "LAST SEEN ")) and bool(table_kind(line))


def cells(row: str, cols: list[tuple[str, int]]) -> dict[str, str]:
    aligned = all(start == 0 or start >= len(row) or row[start - 1] == " " for _, start in cols)
    if aligned:
        out = {}
        for i, (name, start) in enumerate(cols):
            end = cols[i + 1][1] if i + 1 < len(cols) else len(row)
            out[name] = row[start:end].strip()
        return out
    parts = re.split(r"\s{2,}", row.strip(), maxsplit=len(cols) - 1)
    if len(parts) < len(cols):
        parts = row.split(None, len(cols) - 1)
    return {name: (parts[i] if i < len(parts) else "") for i, (name, _) in enumerate(cols)}


def _name(value: str) -> str:
    return value.split("/", 1)[1] if "/" in value else value


def _meta(row: dict[str, str], namespace: str | None) -> dict[str, Any]:
    ns = row.get("NAMESPACE") or namespace
    meta: dict[str, Any] = {"name": _name(row["NAME"]), **({"namespace": ns} if ns else {})}
    if "LABELS" in row:  # --show-labels
        meta["labels"] = dict(p.split("=", 1) for p in row["LABELS"].split(",") if "=" in p)
    return meta


def container_name(pod_name: str) -> str:
    """The container a bare pod row implies: the pod name without the ReplicaSet/Pod suffixes."""
    parts = pod_name.split("-")
    while len(parts) > 1 and re.fullmatch(r"[a-z0-9]{5}|[a-f0-9]{8,10}|[bcdfghjklmnpqrstvwxz2456789]{6,10}|\d+", parts[-1]):
        parts.pop()
    return "-".join(parts)


def pod_row(row: dict[str, str], namespace: str | None) -> Obj:
    status_text = row.get("STATUS", "")
    ready, _, total = row.get("READY", "0/1").partition("/")
    restarts = leading_int(row.get("RESTARTS") or "")
    meta = _meta(row, namespace)
    name = container_name(meta["name"])
    n_ready, n_total = leading_int(ready), leading_int(total, 1)
    phase, state, last_state, reason = "Running", {"running": {}}, {}, None
    init_statuses: list[dict[str, Any]] = []
    if status_text in ("Pending", "ContainerCreating", "PodInitializing"):
        phase, state = "Pending", {"waiting": {"reason": status_text}} if status_text != "Pending" else {}
    elif status_text in reasons().waiting:
        phase = "Pending" if status_text in ("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
                                             "CreateContainerConfigError") else "Running"
        state = {"waiting": {"reason": status_text}}
    elif status_text in ("Completed", "Succeeded"):
        phase, state = "Succeeded", {"terminated": {"reason": "Completed", "exitCode": 0}}
    elif status_text in reasons().terminated or status_text == "Failed":
        phase = "Failed" if restarts == 0 else "Running"
        state = {"terminated": {"reason": status_text, "exitCode": 137 if status_text == "OOMKilled" else 1,
                                "exitCodeShown": status_text == "OOMKilled"}}  # a row shows no exit code
    elif status_text.startswith("Init:"):
        phase, state = "Pending", {"waiting": {"reason": "PodInitializing"}}
        init_reason = status_text[len("Init:"):]
        init_state = {"waiting": {"reason": init_reason}} if init_reason in reasons().waiting else \
            {"terminated": {"reason": init_reason, "exitCode": 1}} if not re.match(r"\d+/\d+", init_reason) else {"running": {}}
        init_statuses = [{"name": "init", "ready": False, "restartCount": restarts, "state": init_state, "lastState": {}}]
    elif status_text in ("Evicted", "Unknown", "NodeLost"):
        phase, state, reason = ("Failed" if status_text == "Evicted" else "Unknown"), {}, status_text
    elif status_text == "Terminating":
        meta["deletionTimestamp"] = "2000-01-01T00:00:00Z"
    if restarts and "terminated" not in state:
        last_state = {"terminated": {"reason": "Error", "exitCode": 1, "exitCodeShown": False}}
    statuses = [{"name": name if i == 0 else f"{name}-{i}", "ready": i < n_ready, "restartCount": restarts if i == 0 else 0,
                 "state": state, "lastState": last_state} for i in range(max(n_total, 1))]
    all_ready = "True" if n_total and n_ready == n_total else "False"
    status: dict[str, Any] = {"phase": phase, "containerStatuses": statuses if state or restarts else [],
                              "conditions": [{"type": "Ready", "status": all_ready},
                                             {"type": "ContainersReady", "status": all_ready}]}
    if init_statuses:
        status["initContainerStatuses"] = init_statuses
    if reason:
        status["reason"] = reason
    if row.get("IP") and row["IP"] not in ("<none>", ""):
        status["podIP"] = row["IP"]
    spec: dict[str, Any] = {"containers": [{"name": s["name"]} for s in statuses]}
    if row.get("NODE") and row["NODE"] not in ("<none>", ""):
        spec["nodeName"] = row["NODE"]
    return {"kind": "Pod", "apiVersion": "v1", "metadata": meta, "spec": spec, "status": status}


def deployment_row(row: dict[str, str], namespace: str | None) -> Obj:
    ready, _, desired = row.get("READY", "0/0").partition("/")
    containers = [{"name": c, "image": i} for c, i in zip((row.get("CONTAINERS") or "").split(","),
                                                           (row.get("IMAGES") or "").split(",")) if c]
    selector = dict(p.split("=", 1) for p in (row.get("SELECTOR") or "").split(",") if "=" in p)
    return {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": _meta(row, namespace),
            "spec": {"replicas": leading_int(desired), "selector": {"matchLabels": selector},
                     "template": {"metadata": {"labels": selector}, "spec": {"containers": containers}}},
            "status": {"readyReplicas": leading_int(ready), "availableReplicas": leading_int(row.get("AVAILABLE") or ""),
                       "updatedReplicas": leading_int(row.get("UP-TO-DATE") or ""), "replicas": leading_int(desired)}}


def service_row(row: dict[str, str], namespace: str | None) -> Obj:
    ports = []
    for part in (row.get("PORT(S)") or "").split(","):
        if m := re.match(r"(\d+)(?::(\d+))?/(\w+)", part.strip()):
            port: dict[str, Any] = {"port": int(m.group(1)), "protocol": m.group(3)}
            if m.group(2):
                port["nodePort"] = int(m.group(2))
            ports.append(port)
    spec: dict[str, Any] = {"type": row.get("TYPE", "ClusterIP"), "clusterIP": row.get("CLUSTER-IP", ""), "ports": ports}
    selector = row.get("SELECTOR")
    if selector is not None:
        spec["selector"] = dict(p.split("=", 1) for p in selector.split(",") if "=" in p)
    return {"kind": "Service", "apiVersion": "v1", "metadata": _meta(row, namespace), "spec": spec}


def pvc_row(row: dict[str, str], namespace: str | None) -> Obj:
    spec: dict[str, Any] = {}
    storage_class = row.get("STORAGECLASS") or row.get("STORAGE CLASS")
    if storage_class and storage_class != "<unset>":
        spec["storageClassName"] = storage_class
    if row.get("VOLUME"):
        spec["volumeName"] = row["VOLUME"]
    status: dict[str, Any] = {"phase": row.get("STATUS", "Pending")}
    if row.get("CAPACITY"):
        status["capacity"] = {"storage": row["CAPACITY"]}
    return {"kind": "PersistentVolumeClaim", "apiVersion": "v1", "metadata": _meta(row, namespace), "spec": spec,
            "status": status}


def node_row(row: dict[str, str], namespace: str | None) -> Obj:
    states = (row.get("STATUS") or "").split(",")
    ready = "True" if "Ready" in states else "False" if "NotReady" in states else "Unknown"
    spec = {"unschedulable": True} if "SchedulingDisabled" in states else {}
    return {"kind": "Node", "apiVersion": "v1", "metadata": {"name": _name(row["NAME"])}, "spec": spec,
            "status": {"conditions": [{"type": "Ready", "status": ready}],
                       "nodeInfo": {"kubeletVersion": row.get("VERSION", "")}}}


def event_row(row: dict[str, str], namespace: str | None, order: int) -> Obj:
    kind_word, _, name = (row.get("OBJECT") or "").partition("/")
    ns = row.get("NAMESPACE") or namespace
    involved = {"kind": kind_from_word(kind_word) or kind_word.capitalize(), "name": name,
                **({"namespace": ns} if ns else {})}
    count = row.get("COUNT") or "1"
    return make_event(involved, row.get("TYPE", "Normal"), row.get("REASON", ""), row.get("MESSAGE", ""),
                      int(count) if count.isdigit() else 1, row.get("SOURCE", ""), order)


ROW_PARSERS: dict[str, Callable[[dict[str, str], str | None], Obj]] = {
    "Pod": pod_row, "Deployment": deployment_row, "Service": service_row,
    "PersistentVolumeClaim": pvc_row, "Node": node_row,
}


def parse_tables(text: str, namespace: str | None) -> tuple[list[Obj], set[str], list[str]]:
    """(objects, kinds whose table was seen, lines that belong to no table)."""
    objects: list[Obj] = []
    kinds: set[str] = set()
    stray: list[str] = []
    cols: list[tuple[str, int]] | None = None
    kind = ""
    for line in text.splitlines():
        if not line.strip():
            cols = None
            continue
        if is_header(line):
            cols, kind = columns(line), table_kind(line)
            kinds.add(kind)
            continue
        if cols is None or line.startswith("No resources found"):
            stray.append(line)
            continue
        row = cells(line.rstrip(), cols)
        if not row.get("NAME") and kind != "Event":
            continue
        if kind == "Event":
            objects.append(event_row(row, namespace, len(objects)))
        else:
            objects.append(ROW_PARSERS[kind](row, namespace))
    return objects, kinds, stray
