"""Partial objects: a describe excerpt without `Name:`, an `Events:` section alone, a `status:` YAML/JSON
fragment. Each becomes a Pod the analyzers can read, named after the subject (or a placeholder renamed
once the question names it) and marked partial, so nobody reads a missing field as a fact.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from agent.diagnosis.intake.evidence import workload_of
from agent.diagnosis.state import LogKey, Obj

PARTIAL = "aiops-agent/partial"  # annotation: the object was rebuilt from a fragment; absent fields are unknown
PLACEHOLDER = "workload-in-question"
DESCRIBE_KEYS = re.compile(
    r"^\s*(State|Last State|Reason|Exit Code|Restart Count|Containers|Init Containers|Conditions|Events|Image|"
    r"Image ID|Ready|Started|Finished|Limits|Requests|Mounts|Volumes|Node|Status|Controlled By|QoS Class|"
    r"Tolerations|Node-Selectors|Liveness|Readiness|Startup|Port|Host Port|Environment|Container ID|Message|"
    r"Signal|Command|Args|IP|IPs|Priority|Service Account|Start Time):(\s|$)", re.M)
CONTAINER_KEYS = re.compile(r"^(State|Last State|Restart Count|Image|Image ID|Ready|Limits|Requests|Mounts|"
                            r"Liveness|Readiness|Startup|Container ID|Environment|Port|Command|Args):", re.M)
EVENT_ROW = re.compile(r"^\s*(Warning|Normal)\s{2,}\S+\s{2,}", re.M)
ANY_EVENT_ROW = re.compile(r"^\s*(?:\S+\s+)?(Warning|Normal)\s+[A-Z][A-Za-z]+\s")


def is_partial(obj: Obj) -> bool:
    return bool(((obj.get("metadata") or {}).get("annotations") or {}).get(PARTIAL))


def is_event_rows(text: str) -> bool:
    """Event rows without a header (copied out of `Events:` or `kubectl get events`): most lines are events."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return bool(lines) and sum(1 for ln in lines if ANY_EVENT_ROW.match(ln)) * 2 >= len(lines)


def as_events_section(text: str) -> str:
    """Header-less event rows as an `Events:` section (age column first in `get events` rows is dropped)."""
    rows = []
    for ln in text.splitlines():
        m = ANY_EVENT_ROW.match(ln)
        if m:
            rows.append("  " + re.sub(r"\s+", "  ", ln[m.start(1):].strip(), count=2))
    return "Events:\n" + "\n".join(rows)


def is_describe_fragment(text: str) -> bool:
    """Describe output without its `Name:` line: container state lines, or an Events: section."""
    keys = {m.group(1) for m in DESCRIBE_KEYS.finditer(text)}
    return len(keys) >= 2 or ("Events" in keys and bool(EVENT_ROW.search(text)))


def as_describe(text: str, name: str, namespace: str | None, container: str | None = None) -> str:
    """The excerpt as a describe block: a header added, container lines put under `Containers:`."""
    lines = text.splitlines()
    events_at = next((i for i, ln in enumerate(lines) if re.match(r"^Events:", ln)), len(lines))
    body, events = "\n".join(lines[:events_at]), "\n".join(lines[events_at:])
    body = textwrap.dedent(body)
    if CONTAINER_KEYS.search(body) and not re.search(r"^(Init )?Containers:", body, re.M):
        body = "Containers:\n  " + (container or workload_of(name)) + ":\n" + textwrap.indent(body, "    ")
    if events and not re.search(r"^\s*Type\s+Reason", events, re.M):
        head, _, rows = events.partition("\n")
        events = head + "\n  Type  Reason  Age  From  Message\n" + rows
    header = f"Name:         {name}\nNamespace:    {namespace or 'default'}\n"
    if not re.search(r"^(Containers|Controlled By|QoS Class):", body, re.M):
        header += "Containers:\n"
    return header + body + ("\n" + events if events else "")


STATUS_KEYS = ("containerStatuses", "initContainerStatuses", "phase", "conditions")


def _load(text: str) -> Any:
    stripped = text.strip()
    try:
        if stripped.startswith(("{", "[")):
            return json.loads(stripped)
        import yaml

        return yaml.safe_load(stripped)
    except Exception:  # not a fragment we can read; its lines are still evidence
        return None


def _fragment(text: str) -> dict[str, Any] | None:
    doc = _load(text)
    if not isinstance(doc, dict) or "kind" in doc or "apiVersion" in doc:
        return None
    if "status" in doc or "spec" in doc:
        return doc if isinstance(doc.get("status", {}), dict) and isinstance(doc.get("spec", {}), dict) else None
    if any(k in doc for k in STATUS_KEYS):
        return {"status": doc}
    return None


def is_status_fragment(text: str) -> bool:
    """A `status:`/`spec:` YAML or JSON fragment of a pod, without `kind:`."""
    if not re.search(r"^\s*\"?(status|spec|containerStatuses|initContainerStatuses)\"?\s*:", text, re.M):
        return False
    return _fragment(text) is not None


def as_partial_pod(text: str, name: str, namespace: str | None) -> list[Obj]:
    doc = _fragment(text)
    if doc is None:
        return []
    meta = dict(doc.get("metadata") or {}) if isinstance(doc.get("metadata"), dict) else {}
    meta.setdefault("name", name)
    if namespace:
        meta.setdefault("namespace", namespace)
    meta.setdefault("annotations", {})[PARTIAL] = "status-fragment"
    return [{"kind": "Pod", "apiVersion": "v1", "metadata": meta, "spec": doc.get("spec") or {},
             "status": doc.get("status") or {}}]


def mark_partial(objs: list[Obj], how: str) -> list[Obj]:
    for obj in objs:
        if obj.get("kind") != "Event":
            (obj.setdefault("metadata", {}).setdefault("annotations", {}))[PARTIAL] = how
    return objs


def rename_placeholder(state, name: str) -> bool:
    """Give partial objects named PLACEHOLDER the name the question used; True if any was renamed."""
    renamed = False
    for objs in state.objects.values():
        for obj in objs:
            meta = obj.get("metadata") or {}
            if meta.get("name") == PLACEHOLDER:
                meta["name"] = name
                renamed = True
            inv = obj.get("involvedObject") or {}
            if inv.get("name") == PLACEHOLDER:
                inv["name"] = name
                renamed = True
    for key in [k for k in state.logs if k.pod == PLACEHOLDER]:
        state.logs[LogKey(key.namespace, name, key.container, key.previous)] = state.logs.pop(key)
        renamed = True
    if renamed:
        state.reindex()
    return renamed
