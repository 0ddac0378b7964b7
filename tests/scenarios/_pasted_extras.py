"""Pasted kubectl text that `tests.diagnosis.kubectl_text` does not print: `get -o yaml` and `describe ingress`.

Some causes are not in `kubectl describe pod` output (pod anti-affinity, the requests
of pods in other namespaces, TLS sections, storage and ingress classes); a user
pastes `kubectl get ... -o yaml` for those. Written from the scenario's snapshot:

    .venv/bin/python -m tests.scenarios._pasted_extras tests/scenarios/NAME OUT.txt ITEM [ITEM ...]

ITEM is `KIND/NAME` (`kubectl get KIND NAME -o yaml`), `KIND/-A` (every object of
that kind, as a List), `describe:ingress/NAME` or `describe:pod/NAME` (`kubectl
describe`), or `logs:pod/NAME` (`kubectl logs`, one block per container with a
log). A NAME outside the scenario's namespace (an ingress controller) is found in
any namespace.
"""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from agent.kube.kinds import BY_KIND, kind_from_word
from agent.diagnosis.sources.snapshot import load_snapshot
from agent.diagnosis.state import CLUSTER_SCOPED, ClusterState, Obj, event_time, name_of, namespace_of
from tests.diagnosis.kubectl_text import Line, _ts, describe_pod, event_table, labels_lines, layout

# what `kubectl get -o yaml` prints but nobody needs to read in a paste
NOISY_METADATA = ("managedFields", "resourceVersion", "uid", "generation", "selfLink")


def as_pasted_yaml(obj: Obj) -> Obj:
    obj = copy.deepcopy(obj)
    meta = obj.setdefault("metadata", {})
    for key in NOISY_METADATA:
        meta.pop(key, None)
    annotations = meta.get("annotations") or {}
    annotations.pop("kubectl.kubernetes.io/last-applied-configuration", None)
    if not annotations:
        meta.pop("annotations", None)
    return obj


def _kind(item: str) -> tuple[str, str, str]:
    word, _, name = item.partition("/")
    kind = kind_from_word(word)
    if kind is None:
        raise SystemExit(f"unknown kind {word!r} in {item}")
    return word, kind, name


def find(state: ClusterState, kind: str, namespace: str, name: str) -> Obj:
    """The object in the scenario's namespace, else the only one of that name in any namespace."""
    obj = state.get(kind, None if kind in CLUSTER_SCOPED else namespace, name)
    elsewhere = [o for o in state.of_kind(kind) if name_of(o) == name]
    if obj is None and len(elsewhere) == 1:
        obj = elsewhere[0]
    if obj is None:
        raise SystemExit(f"{kind}/{name} is not in the snapshot")
    return obj


def _in(obj: Obj) -> str:
    return f" -n {namespace_of(obj)}" if namespace_of(obj) else ""


def get_yaml(state: ClusterState, namespace: str, item: str) -> str:
    word, kind, name = _kind(item)
    if name == "-A":
        doc: Obj = {"apiVersion": "v1", "kind": "List", "items": [as_pasted_yaml(o) for o in state.of_kind(kind)]}
        command = f"kubectl get {word}" + ("" if kind in CLUSTER_SCOPED else " -A") + " -o yaml"
    else:
        obj = find(state, kind, namespace, name)
        doc = {"apiVersion": BY_KIND[kind].api_version, "kind": kind, **as_pasted_yaml(obj)}
        command = f"kubectl get {word} {name}{_in(obj)} -o yaml"
    return f"$ {command}\n" + yaml.safe_dump(doc, sort_keys=False)


def logs(state: ClusterState, pod: Obj) -> str:
    ns, name = namespace_of(pod) or "", name_of(pod)
    blocks = []
    for c in (pod.get("spec") or {}).get("containers") or []:
        found = state.any_log(ns, name, c.get("name", ""))
        if found:
            text, previous = found
            blocks.append(f"$ kubectl logs -n {ns} {name} -c {c['name']}{' --previous' if previous else ''}\n{text}")
    if not blocks:
        raise SystemExit(f"the snapshot has no log of pod {ns}/{name}")
    return "\n".join(blocks)


def describe_ingress(state: ClusterState, ing: Obj, now: datetime) -> str:
    meta, spec = ing["metadata"], ing.get("spec") or {}
    addresses = [a.get("ip") or a.get("hostname") or "" for a in
                 ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []]
    lines: list[Line] = [(0, "Name", meta["name"]), *labels_lines(0, "Labels", meta.get("labels")),
                         (0, "Namespace", meta.get("namespace", "default")), (0, "Address", ",".join(addresses)),
                         (0, "Ingress Class", spec.get("ingressClassName") or "<none>"),
                         (0, "Default backend", "<default>")]
    for tls in spec.get("tls") or []:
        lines.append((0, "TLS", ""))
        lines.append((2, "", f"{tls.get('secretName', '')} terminates {','.join(tls.get('hosts') or [])}"))
    rows = [("Host", "Path", "Backends"), ("----", "----", "--------")]
    for rule in spec.get("rules") or []:
        rows.append((rule.get("host") or "*", "", ""))
        for path in (rule.get("http") or {}).get("paths") or []:
            svc = (path.get("backend") or {}).get("service") or {}
            port = (svc.get("port") or {}).get("number") or (svc.get("port") or {}).get("name", "")
            rows.append(("", path.get("path", "/"), f"{svc.get('name', '')}:{port} ({_endpoints(state, meta, svc)})"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines.append((0, "Rules", ""))
    lines.extend((2, "", "  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip()) for r in rows)
    lines.append((0, "Annotations", "<none>"))
    lines.extend(event_table(state, "Ingress", meta.get("namespace"), meta["name"], now))
    return layout(lines)


def _endpoints(state: ClusterState, meta: dict, svc: dict) -> str:
    ep = state.get("Endpoints", meta.get("namespace"), svc.get("name", ""))
    if ep is None:
        return f'<error: endpoints "{svc.get("name", "")}" not found>'
    found = [f"{a['ip']}:{p['port']}" for s in ep.get("subsets") or [] for a in s.get("addresses") or []
             for p in s.get("ports") or []]
    return ",".join(found) or "<none>"


def write_extras(scenario: Path, out: str, items: list[str]) -> Path:
    spec = yaml.safe_load((scenario / "expected.yaml").read_text()) or {}
    namespace = spec.get("namespace") or "default"
    state = load_snapshot(scenario)
    times = [t for ev in state.of_kind("Event") if (t := _ts(event_time(ev)))]
    now = max(times) + timedelta(seconds=90) if times else datetime.now(UTC)
    blocks = []
    for item in items:
        verb, _, ref = item.rpartition(":")
        if verb == "describe":
            word, kind, name = _kind(ref)
            obj = find(state, kind, namespace, name)
            describer = {"Ingress": describe_ingress, "Pod": describe_pod}.get(kind)
            if describer is None:
                raise SystemExit(f"{item}: use tests.diagnosis.kubectl_text to describe a {kind}")
            blocks.append(f"$ kubectl describe {word} {name}{_in(obj)}\n" + describer(state, obj, now))
        elif verb == "logs":
            blocks.append(logs(state, find(state, "Pod", namespace, _kind(ref)[2])))
        else:
            blocks.append(get_yaml(state, namespace, item))
    path = scenario / out
    path.write_text("\n".join(b.rstrip("\n") + "\n" for b in blocks))
    return path


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    print(write_extras(Path(sys.argv[1]), sys.argv[2], sys.argv[3:]))
