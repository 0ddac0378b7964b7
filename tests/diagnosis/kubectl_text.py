"""Render snapshot objects as kubectl prints them (describe, get -o wide, get events, logs).

Used to write the pasted variants of corpus scenarios (`tests/scenarios/<name>/*.txt`):

    .venv/bin/python -m tests.diagnosis.kubectl_text tests/scenarios/oomkilled-backend [KIND/NAME ...]

writes describe.txt (the failing pods and any extra KIND/NAME objects), get.txt
(`kubectl get pods -o wide`, `get svc`, `get deploy`), events.txt (`kubectl get events`)
and logs.txt (the failing container's crash log, when the snapshot has one).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from agent.diagnosis.facts import pod_status, ready_count, restarts
from agent.kube.kinds import BY_KIND, kind_from_word
from agent.diagnosis.sources.snapshot import load_snapshot
from agent.diagnosis.state import ClusterState, Obj, event_time, name_of

Line = tuple[int, str, str]  # indent, key, value ("" key: a raw line)


def _ts(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def age(then: str | None, now: datetime) -> str:
    t = _ts(then)
    if t is None:
        return "<unknown>"
    s = max(int((now - t).total_seconds()), 0)
    if s < 120:
        return f"{s}s"
    if s < 3 * 3600:
        return f"{s // 60}m"
    if s < 48 * 3600:
        return f"{s // 3600}h"
    return f"{s // 86400}d"


def human_time(value: str | None) -> str:
    t = _ts(value)
    return t.strftime("%a, %d %b %Y %H:%M:%S +0000") if t else "<unknown>"


def layout(lines: list[Line]) -> str:
    """Align values of consecutive `Key: value` lines at one indent, as kubectl's tabwriter does."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        indent = lines[i][0]
        j = i
        while j < len(lines) and lines[j][0] == indent and lines[j][1]:
            j += 1
        group = lines[i:j] or [lines[i]]
        if not lines[i][1]:
            out.append(" " * indent + lines[i][2])
            i += 1
            continue
        width = max(len(k) for _, k, _ in group) + 3
        for ind, key, value in group:
            if not value:
                out.append(" " * ind + f"{key}:")
                continue
            first, *rest = value.split("\n")
            out.append((" " * ind + f"{key}:".ljust(width) + first).rstrip())
            out.extend(" " * (ind + width) + more for more in rest)
        i = j
    return "\n".join(out)


def labels_lines(indent: int, key: str, labels: dict[str, str] | None) -> list[Line]:
    items = [f"{k}={v}" for k, v in sorted((labels or {}).items())]
    if not items:
        return [(indent, key, "<none>")]
    return [(indent, key, "\n".join(items))]


def state_lines(key: str, state: dict[str, Any]) -> list[Line]:
    if not state:
        return [(4, key, "Waiting" if key == "State" else "")] if key == "State" else []
    name, detail = next(iter(state.items()))
    lines: list[Line] = [(4, key, name.capitalize())]
    if name == "running":
        lines.append((6, "Started", human_time(detail.get("startedAt"))))
    elif name == "waiting":
        if detail.get("reason"):
            lines.append((6, "Reason", detail["reason"]))
    else:
        lines.append((6, "Reason", detail.get("reason", "")))
        if detail.get("message"):
            lines.append((6, "Message", detail["message"].strip().splitlines()[0]))
        lines.append((6, "Exit Code", str(detail.get("exitCode", 0))))
        lines.append((6, "Started", human_time(detail.get("startedAt"))))
        lines.append((6, "Finished", human_time(detail.get("finishedAt"))))
    return lines


def probe_text(p: dict[str, Any]) -> str:
    if "httpGet" in p:
        h = p["httpGet"]
        what = f"http-get {h.get('scheme', 'HTTP').lower()}://:{h.get('port')}{h.get('path', '/')}"
    elif "tcpSocket" in p:
        what = f"tcp-socket :{p['tcpSocket'].get('port')}"
    elif "exec" in p:
        what = f"exec [{' '.join(p['exec'].get('command') or [])}]"
    else:
        what = "unknown"
    return (f"{what} delay={p.get('initialDelaySeconds', 0)}s timeout={p.get('timeoutSeconds', 1)}s "
            f"period={p.get('periodSeconds', 10)}s #success={p.get('successThreshold', 1)} "
            f"#failure={p.get('failureThreshold', 3)}")


def env_value(env: dict[str, Any]) -> str:
    vf = env.get("valueFrom")
    if not vf:
        return str(env.get("value", ""))
    if "secretKeyRef" in vf:
        r = vf["secretKeyRef"]
        return f"<set to the key '{r.get('key')}' in secret '{r.get('name')}'>  Optional: {str(r.get('optional', False)).lower()}"
    if "configMapKeyRef" in vf:
        r = vf["configMapKeyRef"]
        return f"<set to the key '{r.get('key')}' of config map '{r.get('name')}'>  Optional: {str(r.get('optional', False)).lower()}"
    if "fieldRef" in vf:
        return f" (v1:{vf['fieldRef'].get('fieldPath')})"
    return "<set>"


def container_lines(c: dict[str, Any], cs: dict[str, Any] | None, template: bool = False) -> list[Line]:
    base = 3 if template else 2
    f = base + 1 if template else 4
    lines: list[Line] = [(base, c["name"], "")]
    if cs and not template:
        lines.append((f, "Container ID", cs.get("containerID", "")))
    lines.append((f, "Image", c.get("image", "")))
    if cs and not template:
        lines.append((f, "Image ID", cs.get("imageID", "")))
    ports = ", ".join(f"{p['containerPort']}/{p.get('protocol', 'TCP')}" for p in c.get("ports") or [])
    lines.append((f, "Port", ports or "<none>"))
    lines.append((f, "Host Port", ", ".join("0/TCP" for _ in c.get("ports") or []) or "<none>"))
    for key, field in (("Command", "command"), ("Args", "args")):
        if c.get(field):
            lines.append((f, key, ""))
            lines.extend((f + 2, "", part) for part in c[field])
    if cs and not template:
        lines.extend((ind - 4 + f, k, v) for ind, k, v in state_lines("State", cs.get("state") or {}))
        lines.extend((ind - 4 + f, k, v) for ind, k, v in state_lines("Last State", cs.get("lastState") or {}))
        lines.append((f, "Ready", str(bool(cs.get("ready")))))
        lines.append((f, "Restart Count", str(cs.get("restartCount", 0))))
    res = c.get("resources") or {}
    for key, field in (("Limits", "limits"), ("Requests", "requests")):
        if res.get(field):
            lines.append((f, key, ""))
            lines.extend((f + 2, k, str(v)) for k, v in res[field].items())
    for key, field in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"), ("Startup", "startupProbe")):
        if c.get(field):
            lines.append((f, key, probe_text(c[field])))
    if c.get("envFrom"):
        lines.append((f, "Environment Variables from", ""))
        for src in c["envFrom"]:
            kind, ref = ("ConfigMap", src["configMapRef"]) if "configMapRef" in src else ("Secret", src.get("secretRef") or {})
            lines.append((f + 2, "", f"{ref.get('name')}  {kind}  Optional: {str(ref.get('optional', False)).lower()}"))
    if c.get("env"):
        lines.append((f, "Environment", ""))
        lines.extend((f + 2, e["name"], env_value(e)) for e in c["env"])
    else:
        lines.append((f, "Environment", "<none>"))
    mounts = c.get("volumeMounts") or []
    lines.append((f, "Mounts", "" if mounts else "<none>"))
    for m in mounts:
        sub = f",path = \"{m['subPath']}\"" if m.get("subPath") else ""
        lines.append((f + 2, "", f"{m['mountPath']} from {m['name']} ({'ro' if m.get('readOnly') else 'rw'}{sub})"))
    return lines


def volume_lines(volumes: list[dict[str, Any]]) -> list[Line]:
    if not volumes:
        return [(0, "Volumes", "<none>")]
    lines: list[Line] = [(0, "Volumes", "")]
    for v in volumes:
        lines.append((2, v["name"], ""))
        if "persistentVolumeClaim" in v:
            lines += [(4, "Type", "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)"),
                      (4, "ClaimName", v["persistentVolumeClaim"].get("claimName", "")),
                      (4, "ReadOnly", str(v["persistentVolumeClaim"].get("readOnly", False)).lower())]
        elif "configMap" in v:
            lines += [(4, "Type", "ConfigMap (a volume populated by a ConfigMap)"), (4, "Name", v["configMap"].get("name", "")),
                      (4, "Optional", str(v["configMap"].get("optional", False)).lower())]
        elif "secret" in v:
            lines += [(4, "Type", "Secret (a volume populated by a Secret)"),
                      (4, "SecretName", v["secret"].get("secretName", "")),
                      (4, "Optional", str(v["secret"].get("optional", False)).lower())]
        elif "emptyDir" in v:
            lines += [(4, "Type", "EmptyDir (a temporary directory that shares a pod's lifetime)"),
                      (4, "Medium", v["emptyDir"].get("medium", "")), (4, "SizeLimit", v["emptyDir"].get("sizeLimit", "<unset>"))]
        elif "projected" in v:
            lines += [(4, "Type", "Projected (a volume that contains injected data from multiple sources)"),
                      (4, "TokenExpirationSeconds", "3607"), (4, "ConfigMapName", "kube-root-ca.crt"),
                      (4, "ConfigMapOptional", "<nil>"), (4, "DownwardAPI", "true")]
    return lines


def event_table(state: ClusterState, kind: str, ns: str | None, name: str, now: datetime) -> list[Line]:
    events = state.events_for(kind, ns, name)
    if not events:
        return [(0, "Events", "<none>")]
    rows = [("Type", "Reason", "Age", "From", "Message"), ("----", "------", "----", "----", "-------")]
    for ev in events:
        count = ev.get("count") or 1
        last = age(event_time(ev), now)
        when = f"{last} (x{count} over {age(ev.get('firstTimestamp'), now)})" if count > 1 else last
        rows.append((ev.get("type", "Normal"), ev.get("reason", ""), when,
                     (ev.get("source") or {}).get("component", "") or ev.get("reportingComponent", ""),
                     (ev.get("message") or "").strip().splitlines()[0] if ev.get("message") else ""))
    return [(0, "Events", "")] + [(2, "", line) for line in table(rows, gap=2).splitlines()]


def table(rows: list[tuple[str, ...]], gap: int = 3) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join((" " * gap).join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows)


def describe_pod(state: ClusterState, pod: Obj, now: datetime) -> str:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    node = spec.get("nodeName")
    lines: list[Line] = [
        (0, "Name", meta["name"]), (0, "Namespace", meta.get("namespace", "default")), (0, "Priority", "0"),
        (0, "Service Account", spec.get("serviceAccountName", "default")),
        (0, "Node", f"{node}/{status.get('hostIP', '')}" if node else "<none>"),
        (0, "Start Time", human_time(status.get("startTime") or meta.get("creationTimestamp"))),
        *labels_lines(0, "Labels", meta.get("labels")), (0, "Annotations", "<none>"),
        (0, "Status", status.get("phase", "Unknown")),
    ]
    if status.get("reason"):
        lines.append((0, "Reason", status["reason"]))
    if status.get("message"):
        lines.append((0, "Message", status["message"]))
    lines.append((0, "IP", status.get("podIP", "")))
    lines.append((0, "IPs", "" if status.get("podIP") else "<none>"))
    if status.get("podIP"):
        lines.append((2, "IP", status["podIP"]))
    owner = next(iter(meta.get("ownerReferences") or []), None)
    if owner:
        lines.append((0, "Controlled By", f"{owner['kind']}/{owner['name']}"))
    for section, cfield, sfield in (("Init Containers", "initContainers", "initContainerStatuses"),
                                    ("Containers", "containers", "containerStatuses")):
        if spec.get(cfield):
            statuses = {s["name"]: s for s in status.get(sfield) or []}
            lines.append((0, section, ""))
            for c in spec[cfield]:
                lines.extend(container_lines(c, statuses.get(c["name"], {})))
    conds = status.get("conditions") or []
    if conds:
        lines.append((0, "Conditions", ""))
        rows = [("Type", "Status")] + [(c["type"], c["status"]) for c in conds]
        lines.extend((2, "", r) for r in table(rows, gap=2).splitlines())
    lines.extend(volume_lines(spec.get("volumes") or []))
    lines.append((0, "QoS Class", status.get("qosClass", "BestEffort")))
    selector = ",".join(f"{k}={v}" for k, v in (spec.get("nodeSelector") or {}).items())
    lines.append((0, "Node-Selectors", selector or "<none>"))
    tolerations = [f"{t.get('key', '')}{'=' + t['value'] if t.get('value') else ''}:{t.get('effect', '')} op={t.get('operator', 'Equal')}"
                   + (f" for {t['tolerationSeconds']}s" if t.get("tolerationSeconds") else "")
                   for t in spec.get("tolerations") or []]
    lines.append((0, "Tolerations", "\n".join(tolerations) or "<none>"))
    lines.extend(event_table(state, "Pod", meta.get("namespace"), meta["name"], now))
    return layout(lines)


def describe_pvc(state: ClusterState, pvc: Obj, now: datetime) -> str:
    meta, spec, status = pvc["metadata"], pvc.get("spec") or {}, pvc.get("status") or {}
    users = [name_of(p) for p in state.of_kind("Pod", meta.get("namespace"))
             if any((v.get("persistentVolumeClaim") or {}).get("claimName") == meta["name"]
                    for v in (p.get("spec") or {}).get("volumes") or [])]
    modes = {"ReadWriteOnce": "RWO", "ReadWriteMany": "RWX", "ReadOnlyMany": "ROX"}
    bound = status.get("phase") == "Bound"
    lines: list[Line] = [
        (0, "Name", meta["name"]), (0, "Namespace", meta.get("namespace", "default")),
        (0, "StorageClass", spec.get("storageClassName", "")), (0, "Status", status.get("phase", "Pending")),
        (0, "Volume", spec.get("volumeName", "")), *labels_lines(0, "Labels", meta.get("labels")),
        (0, "Annotations", "<none>"), (0, "Finalizers", "[kubernetes.io/pvc-protection]"),
        (0, "Capacity", (status.get("capacity") or {}).get("storage", "") if bound else ""),
        (0, "Access Modes", ",".join(modes.get(m, m) for m in spec.get("accessModes") or []) if bound else ""),
        (0, "VolumeMode", spec.get("volumeMode", "Filesystem")), (0, "Used By", ", ".join(users) or "<none>"),
    ]
    lines.extend(event_table(state, "PersistentVolumeClaim", meta.get("namespace"), meta["name"], now))
    return layout(lines)


def describe_node(state: ClusterState, node: Obj, now: datetime) -> str:
    meta, spec, status = node["metadata"], node.get("spec") or {}, node.get("status") or {}
    taints = [f"{t['key']}{'=' + t['value'] if t.get('value') else ''}:{t['effect']}" for t in spec.get("taints") or []]
    lines: list[Line] = [(0, "Name", meta["name"]), (0, "Roles", "control-plane"),
                         *labels_lines(0, "Labels", meta.get("labels")),
                         (0, "CreationTimestamp", human_time(meta.get("creationTimestamp"))),
                         (0, "Taints", "\n".join(taints) or "<none>"),
                         (0, "Unschedulable", str(bool(spec.get("unschedulable"))).lower()), (0, "Conditions", "")]
    rows = [("Type", "Status", "LastHeartbeatTime", "LastTransitionTime", "Reason", "Message"),
            ("----", "------", "-----------------", "------------------", "------", "-------")]
    rows += [(c["type"], c["status"], human_time(c.get("lastHeartbeatTime")), human_time(c.get("lastTransitionTime")),
              c.get("reason", ""), c.get("message", "")) for c in status.get("conditions") or []]
    lines.extend((2, "", r) for r in table(rows).splitlines())
    for key, field in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        lines.append((0, key, ""))
        lines.extend((2, k, str(v)) for k, v in (status.get(field) or {}).items())
    lines.extend(event_table(state, "Node", None, meta["name"], now))
    return layout(lines)


def describe_service(state: ClusterState, svc: Obj, now: datetime) -> str:
    meta, spec = svc["metadata"], svc.get("spec") or {}
    ep = state.get("Endpoints", meta.get("namespace"), meta["name"]) or {}
    addresses = [f"{a['ip']}:{p['port']}" for s in ep.get("subsets") or [] for a in s.get("addresses") or []
                 for p in s.get("ports") or []]
    lines: list[Line] = [(0, "Name", meta["name"]), (0, "Namespace", meta.get("namespace", "default")),
                         *labels_lines(0, "Labels", meta.get("labels")), (0, "Annotations", "<none>"),
                         (0, "Selector", ",".join(f"{k}={v}" for k, v in (spec.get("selector") or {}).items()) or "<none>"),
                         (0, "Type", spec.get("type", "ClusterIP")), (0, "IP Family Policy", "SingleStack"),
                         (0, "IP Families", "IPv4"), (0, "IP", spec.get("clusterIP", "")),
                         (0, "IPs", spec.get("clusterIP", ""))]
    for p in spec.get("ports") or []:
        lines.append((0, "Port", f"{p.get('name', '<unset>')}  {p['port']}/{p.get('protocol', 'TCP')}"))
        lines.append((0, "TargetPort", f"{p.get('targetPort', p['port'])}/{p.get('protocol', 'TCP')}"))
        lines.append((0, "Endpoints", ",".join(addresses) or "<none>"))
    lines.append((0, "Session Affinity", "None"))
    lines.extend(event_table(state, "Service", meta.get("namespace"), meta["name"], now))
    return layout(lines)


def describe_secret(state: ClusterState, secret: Obj, now: datetime) -> str:
    meta = secret["metadata"]
    head = layout([(0, "Name", meta["name"]), (0, "Namespace", meta.get("namespace", "default")),
                   *labels_lines(0, "Labels", meta.get("labels")), (0, "Annotations", "<none>")])
    # snapshots keep keys only; a real describe prints sizes, which do not matter here
    data = [(0, k, f"{len(v) if v else 16} bytes") for k, v in (secret.get("data") or {}).items()]
    return f"{head}\n\nType:  {secret.get('type', 'Opaque')}\n\nData\n====\n" + layout(data)


def describe_configmap(state: ClusterState, cm: Obj, now: datetime) -> str:
    meta = cm["metadata"]
    head = layout([(0, "Name", meta["name"]), (0, "Namespace", meta.get("namespace", "default")),
                   *labels_lines(0, "Labels", meta.get("labels")), (0, "Annotations", "<none>")])
    data = "".join(f"{k}:\n----\n{v}\n\n" for k, v in (cm.get("data") or {}).items())
    return f"{head}\n\nData\n====\n{data}\nBinaryData\n====\n\nEvents:  <none>"


DESCRIBERS = {"Secret": describe_secret, "ConfigMap": describe_configmap, "Pod": describe_pod, "PersistentVolumeClaim": describe_pvc, "Node": describe_node,
              "Service": describe_service}


def get_pods(pods: list[Obj], now: datetime) -> str:
    rows = [("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES", "LABELS")]
    for p in pods:
        ready, total = ready_count(p)
        n = restarts(p)
        last = max((((cs.get("lastState") or {}).get("terminated") or {}).get("finishedAt") or ""
                    for cs in (p.get("status") or {}).get("containerStatuses") or []), default="")
        rows.append((name_of(p), f"{ready}/{total}", pod_status(p), f"{n} ({age(last, now)} ago)" if n and last else str(n),
                     age((p.get("metadata") or {}).get("creationTimestamp"), now), (p.get("status") or {}).get("podIP", "<none>"),
                     (p.get("spec") or {}).get("nodeName", "<none>"), "<none>", "<none>",
                     ",".join(f"{k}={v}" for k, v in sorted(((p.get("metadata") or {}).get("labels") or {}).items()))
                     or "<none>"))
    return table(rows)


def get_services(svcs: list[Obj], now: datetime) -> str:
    rows = [("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR")]
    for s in svcs:
        spec = s.get("spec") or {}
        ports = ",".join(f"{p['port']}{':' + str(p['nodePort']) if p.get('nodePort') else ''}/{p.get('protocol', 'TCP')}"
                         for p in spec.get("ports") or [])
        rows.append((name_of(s), spec.get("type", "ClusterIP"), spec.get("clusterIP", "None"), "<none>", ports,
                     age(s["metadata"].get("creationTimestamp"), now),
                     ",".join(f"{k}={v}" for k, v in (spec.get("selector") or {}).items()) or "<none>"))
    return table(rows)


def get_deployments(deps: list[Obj], now: datetime) -> str:
    rows = [("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE")]
    for d in deps:
        st = d.get("status") or {}
        rows.append((name_of(d), f"{st.get('readyReplicas', 0)}/{(d.get('spec') or {}).get('replicas', 1)}",
                     str(st.get("updatedReplicas", 0)), str(st.get("availableReplicas", 0)),
                     age(d["metadata"].get("creationTimestamp"), now)))
    return table(rows)


def get_events(events: list[Obj], now: datetime) -> str:
    rows = [("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE")]
    for ev in sorted(events, key=event_time):
        inv = ev.get("involvedObject") or {}
        rows.append((age(event_time(ev), now), ev.get("type", "Normal"), ev.get("reason", ""),
                     f"{BY_KIND[inv['kind']].kind.lower() if inv.get('kind') in BY_KIND else inv.get('kind', '').lower()}/{inv.get('name', '')}",
                     (ev.get("message") or "").strip().splitlines()[0] if ev.get("message") else ""))
    return table(rows)


def failing_pods(state: ClusterState, namespace: str) -> list[Obj]:
    """The pods a user would describe: not running and ready, or restarting again and again."""
    return [p for p in state.of_kind("Pod", namespace)
            if pod_status(p) not in ("Running", "Completed") or ready_count(p)[0] < ready_count(p)[1] or restarts(p) >= 3]


def write_pasted(scenario: Path, extra: list[str]) -> list[str]:
    import yaml

    spec = yaml.safe_load((scenario / "expected.yaml").read_text())
    ns = spec.get("namespace") or "default"
    state = load_snapshot(scenario)
    times = [t for ev in state.of_kind("Event") if (t := _ts(event_time(ev)))]
    # the moment the user ran kubectl: shortly after the last event
    now = max(times) + timedelta(seconds=90) if times else datetime.now(timezone.utc)
    written = []
    blocks = [describe_pod(state, p, now) for p in failing_pods(state, ns)]
    for ref in extra:
        kind_word, _, name = ref.partition("/")
        kind = kind_from_word(kind_word) or kind_word
        obj = state.get(kind, ns, name)
        if obj is None:
            raise SystemExit(f"{ref} is not in {scenario}")
        blocks.append(DESCRIBERS[kind](state, obj, now))
    if blocks:
        (scenario / "describe.txt").write_text("\n\n\n".join(blocks) + "\n")
        written.append("describe.txt")
    sections = [f"$ kubectl get pods -n {ns} -o wide --show-labels\n" + get_pods(state.of_kind("Pod", ns), now)]
    if state.of_kind("Service", ns):
        sections.append(f"$ kubectl get svc -n {ns} -o wide\n" + get_services(state.of_kind("Service", ns), now))
    if state.of_kind("Deployment", ns):
        sections.append(f"$ kubectl get deploy -n {ns}\n" + get_deployments(state.of_kind("Deployment", ns), now))
    (scenario / "get.txt").write_text("\n\n".join(sections) + "\n")
    written.append("get.txt")
    if state.of_kind("Event", ns):
        (scenario / "events.txt").write_text(get_events(state.of_kind("Event", ns), now) + "\n")
        written.append("events.txt")
    for pod in failing_pods(state, ns):
        spec_ = pod.get("spec") or {}
        for c, init in [(c, True) for c in spec_.get("initContainers") or []] + [(c, False) for c in spec_.get("containers") or []]:
            found = state.any_log(ns, name_of(pod), c["name"])
            if found and "logs.txt" not in written:
                text = found[0] if found[0].endswith("\n") else found[0] + "\n"
                if init:  # which container a log is from is not obvious for an init container: say it
                    text = f"$ kubectl logs -n {ns} {name_of(pod)} -c {c['name']}{' --previous' if found[1] else ''}\n" + text
                (scenario / "logs.txt").write_text(text)
                written.append("logs.txt")
    return written


if __name__ == "__main__":
    print(write_pasted(Path(sys.argv[1]), sys.argv[2:]))
