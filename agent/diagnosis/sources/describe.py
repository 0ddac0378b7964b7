"""Parse `kubectl describe pod|deployment|service|pvc|node|ingress` text into Kubernetes JSON dicts.

The text is first read into an indentation tree of `Key: value` lines (lines that are
not `Key: value` — table rows, mounts, label continuations — stay as raw lines of
their parent), then each kind is built from the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.diagnosis.state import Obj

KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z][\w .()/-]*?):(?:\s+(?P<value>.*?))?\s*$")
SPLIT = re.compile(r"\s{2,}")
NONE = {"<none>", "<unset>", "", "none"}


@dataclass
class Node:
    key: str
    value: str = ""
    indent: int = -1
    children: list["Node"] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def get(self, key: str) -> "Node | None":
        return next((c for c in self.children if c.key == key), None)

    def all(self, key: str) -> list["Node"]:
        return [c for c in self.children if c.key == key]

    def val(self, key: str, default: str = "") -> str:
        node = self.get(key)
        return node.value if node is not None and node.value not in NONE else default


def parse_tree(text: str) -> Node:
    root = Node("")
    stack = [root]
    table_parent: Node | None = None  # inside Events: every line is a raw row
    for raw in text.splitlines():
        if not raw.strip():
            continue
        line = raw.replace("\t", "    ")
        indent = len(line) - len(line.lstrip(" "))
        if table_parent is not None and indent > table_parent.indent:
            table_parent.lines.append(line)
            continue
        table_parent = None
        m = KEY_LINE.match(line)
        key = m.group("key") if m else ""
        if m and "  " not in key:
            while len(stack) > 1 and stack[-1].indent >= indent:
                stack.pop()
            node = Node(key.strip(), (m.group("value") or "").strip(), indent)
            stack[-1].children.append(node)
            stack.append(node)
            if node.key == "Events":
                table_parent = node
            continue
        while len(stack) > 1 and stack[-1].indent >= indent:
            stack.pop()
        stack[-1].lines.append(line)
    return root


def split_blocks(text: str) -> list[str]:
    """One block per described object: each starts at a `Name:` line in column 0."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("Name:"):
            blocks.append([])
        if blocks:
            blocks[-1].append(line)
    return ["\n".join(b) for b in blocks]


def is_describe(text: str) -> bool:
    return bool(re.search(r"^Name:\s+\S+", text, re.M)) and bool(re.search(r"^(Namespace|Labels|Roles|Status):", text, re.M))


def guess_kind(tree: Node) -> str:
    keys = {c.key for c in tree.children}
    if "Containers" in keys or "Controlled By" in keys or "QoS Class" in keys:
        return "Pod"
    if "Replicas" in keys and ("StrategyType" in keys or "NewReplicaSet" in keys):
        return "Deployment"
    if "Replicas" in keys and "Pod Template" in keys:
        return "StatefulSet" if "Update Strategy" in keys else "ReplicaSet"
    if "TargetPort" in keys or ("Selector" in keys and "Type" in keys and ("IP" in keys or "IPs" in keys)):
        return "Service"
    if ("StorageClass" in keys and "Access Modes" in keys) or "Used By" in keys:
        return "PersistentVolumeClaim"
    if "Roles" in keys or "Taints" in keys or "Allocatable" in keys:
        return "Node"
    if "Rules" in keys or "Ingress Class" in keys or "Default backend" in keys:
        return "Ingress"
    return ""


# -- small value parsers -----------------------------------------------------------------------

def labels(node: Node | None) -> dict[str, str]:
    if node is None:
        return {}
    out = {}
    for item in [node.value, *(ln.strip() for ln in node.lines)]:
        for part in item.split(","):
            k, sep, v = part.strip().partition("=")
            if sep and k:
                out[k] = v
    return out


def leading_int(cell: str, default: int = 0) -> int:
    """The number a cell starts with (`3 (2m ago)` -> 3); `default` for `<none>`, `-` or a cell a paste garbled."""
    m = re.match(r"\s*(\d+)", cell)
    return int(m.group(1)) if m else default


def int_or_str(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def ports(value: str) -> list[dict[str, Any]]:
    out = []
    for part in value.split(","):
        m = re.search(r"(\d+)/(TCP|UDP|SCTP)", part)
        if m:
            out.append({"containerPort": int(m.group(1)), "protocol": m.group(2)})
    return out


def probe(value: str) -> dict[str, Any]:
    p: dict[str, Any] = {}
    if m := re.match(r"http-get (https?)://[^:/]*:([\w-]+)(\S*)", value):
        p["httpGet"] = {"scheme": m.group(1).upper(), "port": int_or_str(m.group(2)), "path": m.group(3) or "/"}
    elif m := re.match(r"tcp-socket [^:\s]*:([\w-]+)", value):
        p["tcpSocket"] = {"port": int_or_str(m.group(1))}
    elif m := re.match(r"exec \[(.*?)\]", value):
        p["exec"] = {"command": m.group(1).split()}
    elif m := re.match(r"grpc <pod>:(\d+)", value):
        p["grpc"] = {"port": int(m.group(1))}
    for name, field_name in (("delay", "initialDelaySeconds"), ("timeout", "timeoutSeconds"), ("period", "periodSeconds")):
        if m := re.search(rf"\b{name}=(\d+)s", value):
            p[field_name] = int(m.group(1))
    for name, field_name in (("#success", "successThreshold"), ("#failure", "failureThreshold")):
        if m := re.search(rf"{name}=(\d+)", value):
            p[field_name] = int(m.group(1))
    return p


def quantities(node: Node | None) -> dict[str, str]:
    return {c.key: c.value for c in node.children} if node is not None else {}


def events(node: Node | None, involved: dict[str, Any]) -> list[Obj]:
    """The `Events:` table of a describe, as Event objects about `involved`, in the printed order."""
    if node is None or node.value in ("<none>",):
        return []
    out = []
    for line in node.lines:
        cols = SPLIT.split(line.strip(), maxsplit=4)
        if len(cols) < 4 or cols[0] in ("Type", "----"):
            continue
        if len(cols) == 4:  # the From column can be empty
            cols.insert(3, "")
        type_, reason, age, source, message = cols
        count_m = re.search(r"\(x(\d+) over", age)
        out.append(make_event(involved, type_, reason, message, int(count_m.group(1)) if count_m else 1,
                              source, len(out)))
    return out


def make_event(involved: dict[str, Any], type_: str, reason: str, message: str, count: int, source: str,
               order: int) -> Obj:
    # pasted events carry ages, not times; a synthetic clock keeps their printed order
    ts = f"2000-01-01T00:{order // 60:02d}:{order % 60:02d}Z"
    ns = involved.get("namespace")
    return {
        "kind": "Event", "apiVersion": "v1",
        "metadata": {"name": f"{involved.get('name')}.{order}", **({"namespace": ns} if ns else {})},
        "involvedObject": involved, "type": type_, "reason": reason, "message": message.strip(),
        "count": count, "source": {"component": source}, "firstTimestamp": ts, "lastTimestamp": ts,
    }


def _meta(tree: Node, kind: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": tree.val("Name")}
    if kind not in ("Node",) and tree.val("Namespace"):
        meta["namespace"] = tree.val("Namespace")
    meta["labels"] = labels(tree.get("Labels"))
    return meta


# -- containers --------------------------------------------------------------------------------

ENV_SECRET = re.compile(r"<set to the key '([^']+)' in secret '([^']+)'>(?:\s+Optional: (\w+))?")
ENV_CONFIGMAP = re.compile(r"<set to the key '([^']+)' of config map '([^']+)'>(?:\s+Optional: (\w+))?")
ENV_FIELD = re.compile(r"^(?:\S+ )?\((v1:)?([\w.\[\]'/-]+)\)$")


def env_var(node: Node) -> dict[str, Any]:
    if m := ENV_SECRET.match(node.value):
        ref = {"key": m.group(1), "name": m.group(2), "optional": m.group(3) == "true"}
        return {"name": node.key, "valueFrom": {"secretKeyRef": ref}}
    if m := ENV_CONFIGMAP.match(node.value):
        ref = {"key": m.group(1), "name": m.group(2), "optional": m.group(3) == "true"}
        return {"name": node.key, "valueFrom": {"configMapKeyRef": ref}}
    if m := ENV_FIELD.match(node.value):
        return {"name": node.key, "valueFrom": {"fieldRef": {"fieldPath": m.group(2)}}}
    return {"name": node.key, "value": node.value}


def env_from(node: Node | None) -> list[dict[str, Any]]:
    out = []
    for line in node.lines if node is not None else []:
        cols = line.split()
        if len(cols) >= 2 and cols[1] in ("ConfigMap", "Secret"):
            key = "configMapRef" if cols[1] == "ConfigMap" else "secretRef"
            out.append({key: {"name": cols[0], "optional": "Optional: true" in line}})
    return out


def mounts(node: Node | None) -> list[dict[str, Any]]:
    out = []
    for line in node.lines if node is not None else []:
        if m := re.match(r"\s*(\S+) from (\S+) \((r[ow])(?:,path = \"([^\"]*)\")?\)", line):
            mount = {"mountPath": m.group(1), "name": m.group(2), "readOnly": m.group(3) == "ro"}
            if m.group(4):
                mount["subPath"] = m.group(4)
            out.append(mount)
    return out


def container_state(node: Node | None) -> dict[str, Any]:
    if node is None or not node.value:
        return {}
    name = node.value.split()[0].lower()
    detail: dict[str, Any] = {}
    if node.val("Reason"):
        detail["reason"] = node.val("Reason")
    if node.val("Message"):
        detail["message"] = node.val("Message")
    if node.val("Exit Code").lstrip("-").isdigit():
        detail["exitCode"] = int(node.val("Exit Code"))
    if node.val("Signal").isdigit():
        detail["signal"] = int(node.val("Signal"))
    for key, out_key in (("Started", "startedAt"), ("Finished", "finishedAt")):
        if node.val(key):
            detail[out_key] = node.val(key)
    return {name: detail}


def container(node: Node) -> tuple[dict[str, Any], dict[str, Any]]:
    """(spec container, container status) from one entry of `Containers:`."""
    spec: dict[str, Any] = {"name": node.key, "image": node.val("Image")}
    if node.get("Port") or node.get("Ports"):
        spec["ports"] = ports(node.val("Port") or node.val("Ports"))
    for key, out_key in (("Command", "command"), ("Args", "args")):
        sub = node.get(key)
        if sub is not None:
            spec[out_key] = ([sub.value] if sub.value else []) + [ln.strip() for ln in sub.lines]
    resources = {k: v for k, v in (("limits", quantities(node.get("Limits"))),
                                   ("requests", quantities(node.get("Requests")))) if v}
    if resources:
        spec["resources"] = resources
    for key, out_key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"), ("Startup", "startupProbe")):
        if node.val(key):
            spec[out_key] = probe(node.val(key))
    env = node.get("Environment")
    if env is not None and env.children:
        spec["env"] = [env_var(c) for c in env.children]
    sources = env_from(node.get("Environment Variables from"))
    if sources:
        spec["envFrom"] = sources
    spec["volumeMounts"] = mounts(node.get("Mounts"))
    status: dict[str, Any] = {"name": node.key, "image": spec["image"], "ready": node.val("Ready") == "True",
                              "restartCount": leading_int(node.val("Restart Count")),
                              "state": container_state(node.get("State")),
                              "lastState": container_state(node.get("Last State"))}
    if node.val("Container ID"):
        status["containerID"] = node.val("Container ID")
    return spec, status


def volumes(node: Node | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for vol in node.children if node is not None else []:
        kind = vol.val("Type").split(" ")[0]
        entry: dict[str, Any] = {"name": vol.key}
        if kind == "PersistentVolumeClaim":
            entry["persistentVolumeClaim"] = {"claimName": vol.val("ClaimName"), "readOnly": vol.val("ReadOnly") == "true"}
        elif kind == "ConfigMap":
            entry["configMap"] = {"name": vol.val("Name"), "optional": vol.val("Optional") == "true"}
        elif kind == "Secret":
            entry["secret"] = {"secretName": vol.val("SecretName"), "optional": vol.val("Optional") == "true"}
        elif kind == "EmptyDir":
            entry["emptyDir"] = {}
        elif kind == "HostPath":
            entry["hostPath"] = {"path": vol.val("Path")}
        elif kind == "Projected":
            entry["projected"] = {"sources": []}
        out.append(entry)
    return out


def conditions(node: Node | None) -> list[dict[str, Any]]:
    out = []
    for line in node.lines if node is not None else []:
        cols = SPLIT.split(line.strip())
        if len(cols) < 2 or cols[0] in ("Type", "----") or cols[1] not in ("True", "False", "Unknown"):
            continue
        cond: dict[str, Any] = {"type": cols[0], "status": cols[1]}
        if len(cols) >= 6:  # node conditions: Type Status LastHeartbeat LastTransition Reason Message
            cond.update(lastHeartbeatTime=cols[2], lastTransitionTime=cols[3], reason=cols[4], message=cols[5])
        elif len(cols) == 3:  # deployment conditions: Type Status Reason
            cond["reason"] = cols[2]
        out.append(cond)
    return out


def pod_template(tree: Node) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """(pod spec, container statuses, init container statuses) from a pod or a pod template."""
    containers = tree.get("Containers")
    specs, statuses = [], []
    for c in containers.children if containers is not None else []:
        spec, status = container(c)
        specs.append(spec)
        statuses.append(status)
    init = tree.get("Init Containers")
    init_specs, init_statuses = [], []
    for c in init.children if init is not None else []:
        spec, status = container(c)
        init_specs.append(spec)
        init_statuses.append(status)
    pod_spec: dict[str, Any] = {"containers": specs, "volumes": volumes(tree.get("Volumes"))}
    if init_specs:
        pod_spec["initContainers"] = init_specs
    node_selector = labels(tree.get("Node-Selectors"))
    if node_selector:
        pod_spec["nodeSelector"] = node_selector
    if tree.val("Service Account"):
        pod_spec["serviceAccountName"] = tree.val("Service Account")
    return pod_spec, statuses, init_statuses


# -- kinds -------------------------------------------------------------------------------------

def pod(tree: Node) -> Obj:
    meta = _meta(tree, "Pod")
    owner = tree.val("Controlled By")
    if "/" in owner:
        kind, _, name = owner.partition("/")
        meta["ownerReferences"] = [{"kind": kind, "name": name, "controller": True,
                                    "apiVersion": "batch/v1" if kind == "Job" else "apps/v1"}]
    spec, statuses, init_statuses = pod_template(tree)
    node_name = tree.val("Node").split("/")[0]
    if node_name:
        spec["nodeName"] = node_name
    status: dict[str, Any] = {"phase": tree.val("Status", "Unknown").split()[0], "containerStatuses": statuses,
                              "conditions": conditions(tree.get("Conditions"))}
    if init_statuses:
        status["initContainerStatuses"] = init_statuses
    for key, out_key in (("Reason", "reason"), ("Message", "message"), ("IP", "podIP"), ("QoS Class", "qosClass")):
        if tree.val(key):
            status[out_key] = tree.val(key)
    if status["phase"] == "Terminating":
        status["phase"] = "Running"
        meta["deletionTimestamp"] = "2000-01-01T00:00:00Z"
    return {"kind": "Pod", "apiVersion": "v1", "metadata": meta, "spec": spec, "status": status}


def _replicas(value: str) -> dict[str, int]:
    return {m.group(2): int(m.group(1)) for m in re.finditer(r"(\d+) (\w+)", value)}


def deployment(tree: Node) -> Obj:
    counts = _replicas(tree.val("Replicas"))
    template = tree.get("Pod Template") or Node("Pod Template")
    pod_spec, _, _ = pod_template(template)
    selector = labels(tree.get("Selector"))
    return {
        "kind": "Deployment", "apiVersion": "apps/v1", "metadata": _meta(tree, "Deployment"),
        "spec": {"replicas": counts.get("desired", 1), "selector": {"matchLabels": selector},
                 "strategy": {"type": tree.val("StrategyType", "RollingUpdate")},
                 "template": {"metadata": {"labels": labels(template.get("Labels"))}, "spec": pod_spec}},
        "status": {"replicas": counts.get("total", 0), "updatedReplicas": counts.get("updated", 0),
                   "readyReplicas": counts.get("available", 0), "availableReplicas": counts.get("available", 0),
                   "unavailableReplicas": counts.get("unavailable", 0),
                   "conditions": conditions(tree.get("Conditions"))},
    }


def service(tree: Node) -> tuple[Obj, Obj]:
    """The Service and the Endpoints its describe shows."""
    meta = _meta(tree, "Service")
    svc_ports, addresses, endpoint_ports = [], set(), []
    targets = tree.all("TargetPort")
    for i, port in enumerate(tree.all("Port")):
        name_part, _, num = port.value.rpartition(" ")
        m = re.match(r"(\d+)/(\w+)", num.strip())
        if not m:
            continue
        entry: dict[str, Any] = {"port": int(m.group(1)), "protocol": m.group(2)}
        name = name_part.strip()
        if name and name not in NONE:
            entry["name"] = name
        if i < len(targets):
            entry["targetPort"] = int_or_str(targets[i].value.split("/")[0])
        svc_ports.append(entry)
    for ep in tree.all("Endpoints"):
        for addr in ep.value.replace(" + ", ",").split(","):
            ip, _, port = addr.strip().partition(":")
            if ip and ip not in NONE and port.isdigit():
                addresses.add(ip)
                endpoint_ports.append({"port": int(port), "protocol": "TCP"})
    spec: dict[str, Any] = {"type": tree.val("Type", "ClusterIP"), "ports": svc_ports,
                            "selector": labels(tree.get("Selector"))}
    if tree.val("IP"):
        spec["clusterIP"] = tree.val("IP")
    svc = {"kind": "Service", "apiVersion": "v1", "metadata": meta, "spec": spec}
    subsets = [{"addresses": [{"ip": ip} for ip in sorted(addresses)], "ports": endpoint_ports}] if addresses else []
    endpoints = {"kind": "Endpoints", "apiVersion": "v1",
                 "metadata": {"name": meta["name"], **({"namespace": meta["namespace"]} if "namespace" in meta else {})},
                 "subsets": subsets}
    return svc, endpoints


def pvc(tree: Node) -> Obj:
    spec: dict[str, Any] = {}
    if tree.val("StorageClass"):
        spec["storageClassName"] = tree.val("StorageClass")
    if tree.val("Volume"):
        spec["volumeName"] = tree.val("Volume")
    if tree.val("Access Modes"):
        spec["accessModes"] = [{"RWO": "ReadWriteOnce", "RWX": "ReadWriteMany", "ROX": "ReadOnlyMany",
                                "RWOP": "ReadWriteOncePod"}.get(m.strip(), m.strip())
                               for m in tree.val("Access Modes").split(",")]
    if tree.val("VolumeMode"):
        spec["volumeMode"] = tree.val("VolumeMode")
    status: dict[str, Any] = {"phase": tree.val("Status", "Pending")}
    if tree.val("Capacity"):
        status["capacity"] = {"storage": tree.val("Capacity")}
        spec["resources"] = {"requests": {"storage": tree.val("Capacity")}}
    return {"kind": "PersistentVolumeClaim", "apiVersion": "v1", "metadata": _meta(tree, "PersistentVolumeClaim"),
            "spec": spec, "status": status}


def node(tree: Node) -> Obj:
    taints_node = tree.get("Taints")
    taints = []
    for item in [taints_node.value, *taints_node.lines] if taints_node is not None else []:
        item = item.strip()
        if m := re.match(r"([^=:\s]+)(?:=([^:\s]*))?:(\w+)$", item):
            taint = {"key": m.group(1), "effect": m.group(3)}
            if m.group(2):
                taint["value"] = m.group(2)
            taints.append(taint)
    spec: dict[str, Any] = {"taints": taints}
    if tree.val("Unschedulable") == "true":
        spec["unschedulable"] = True
    meta = _meta(tree, "Node")
    return {"kind": "Node", "apiVersion": "v1", "metadata": meta, "spec": spec,
            "status": {"conditions": conditions(tree.get("Conditions")),
                       "capacity": quantities(tree.get("Capacity")),
                       "allocatable": quantities(tree.get("Allocatable"))}}


def ingress(tree: Node) -> Obj:
    rules: list[dict[str, Any]] = []
    rules_node = tree.get("Rules")
    for line in rules_node.lines if rules_node is not None else []:
        cols = SPLIT.split(line.strip())
        if not cols or cols[0] in ("Host", "----"):
            continue
        if not cols[0].startswith("/"):
            host = cols.pop(0)
            rules.append({"http": {"paths": []}, **({"host": host} if host != "*" else {})})
        if len(cols) >= 2 and rules:
            name, _, port = cols[1].split(" ")[0].partition(":")
            port_ref = {"number": int(port)} if port.isdigit() else {"name": port}
            rules[-1]["http"]["paths"].append({"path": cols[0], "pathType": "Prefix",
                                               "backend": {"service": {"name": name, "port": port_ref}}})
    spec: dict[str, Any] = {"rules": rules}
    if tree.val("Ingress Class"):
        spec["ingressClassName"] = tree.val("Ingress Class")
    return {"kind": "Ingress", "apiVersion": "networking.k8s.io/v1", "metadata": _meta(tree, "Ingress"), "spec": spec,
            "status": {"loadBalancer": {"ingress": [{"ip": a.strip()} for a in tree.val("Address").split(",") if a.strip()]}}}


DATA_HEADER = re.compile(r"^Data\n=+$", re.M)
DATA_KEY = re.compile(r"^([-._a-zA-Z0-9]+):(?:\s+(\d+) bytes)?$")


def secret_or_configmap(block: str) -> Obj | None:
    """A Secret (`KEY:  N bytes`) or ConfigMap (`KEY:` then `----` then the value) describe, keys only.

    Parsed apart from the tree: a ConfigMap's values are free text that may look like `key: value`.
    """
    match = DATA_HEADER.search(block)
    if not match:
        return None
    head = parse_tree(block[: match.start()])
    lines = block[match.end():].splitlines()
    is_secret = bool(head.val("Type"))
    keys = []
    for i, line in enumerate(lines):
        if line.startswith(("BinaryData", "Events:")):
            break
        m = DATA_KEY.match(line)
        if m and (is_secret and m.group(2) or not is_secret and i + 1 < len(lines) and lines[i + 1].startswith("----")):
            keys.append(m.group(1))
    kind = "Secret" if is_secret else "ConfigMap"
    obj: Obj = {"kind": kind, "apiVersion": "v1", "metadata": _meta(head, kind), "data": {k: "" for k in keys}}
    if is_secret:
        obj["type"] = head.val("Type")
    return obj


def parse_describe(text: str) -> tuple[list[Obj], list[str]]:
    """(objects incl. their events, blocks that were not recognised)."""
    objects: list[Obj] = []
    unknown: list[str] = []
    for block in split_blocks(text):
        data_object = secret_or_configmap(block)
        if data_object is not None:
            objects.append(data_object)
            continue
        tree = parse_tree(block)
        kind = guess_kind(tree)
        built: list[Obj]
        if kind == "Pod":
            built = [pod(tree)]
        elif kind == "Deployment":
            built = [deployment(tree)]
        elif kind == "Service":
            built = list(service(tree))
        elif kind == "PersistentVolumeClaim":
            built = [pvc(tree)]
        elif kind == "Node":
            built = [node(tree)]
        elif kind == "Ingress":
            built = [ingress(tree)]
        else:
            unknown.append(block)
            continue
        main = built[0]
        meta = main["metadata"]
        involved = {"kind": kind, "name": meta["name"], **({"namespace": meta["namespace"]} if "namespace" in meta else {})}
        objects.extend(built)
        objects.extend(events(tree.get("Events"), involved))
    return objects, unknown
