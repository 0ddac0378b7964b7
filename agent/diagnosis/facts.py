"""Facts: plain answers read straight from the cluster state.

Counts of pods by status, label or namespace; the image a workload runs; restart
counts; an object's events; recent error lines in a pod's logs; the
`kubectl port-forward` command for a service; and how a named object is doing.
"""

from __future__ import annotations

import re
from collections import Counter

from agent.diagnosis.question import Question, Ref
from agent.diagnosis.relations import pods_of, services_for
from agent.diagnosis.state import ClusterState, Obj, event_time, involved_object, labels_of, name_of, namespace_of

STATUS_WORDS = {
    "running": "Running", "pending": "Pending", "failed": "Failed", "succeeded": "Succeeded",
    "completed": "Completed", "crashloopbackoff": "CrashLoopBackOff", "crashing": "CrashLoopBackOff",
    "terminating": "Terminating", "imagepullbackoff": "ImagePullBackOff", "errimagepull": "ErrImagePull",
    "oomkilled": "OOMKilled", "evicted": "Evicted", "error": "Error",
}
ERROR_LINE = re.compile(
    r"\b(error|err|fatal|panic|exception|traceback|failed|failure|refused|denied|critical|killed|"
    r"no such|not found|cannot|can't|unable)\b", re.IGNORECASE)
MAX_LINES = 10


def pod_status(pod: Obj) -> str:
    """The STATUS column of `kubectl get pods`."""
    meta, status = pod.get("metadata") or {}, pod.get("status") or {}
    if meta.get("deletionTimestamp"):
        return "Terminating"
    for cs in status.get("initContainerStatuses") or []:
        state = cs.get("state") or {}
        reason = (state.get("waiting") or {}).get("reason")
        if reason and reason != "PodInitializing":
            return f"Init:{reason}"
        terminated = state.get("terminated") or {}
        if terminated and terminated.get("exitCode", 0) != 0:
            return f"Init:{terminated.get('reason') or 'Error'}"
    reason = status.get("reason")
    for cs in status.get("containerStatuses") or []:
        state = cs.get("state") or {}
        reason = (state.get("waiting") or {}).get("reason") or (state.get("terminated") or {}).get("reason") or reason
    return reason or status.get("phase") or "Unknown"


def ready_count(pod: Obj) -> tuple[int, int]:
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    total = len((pod.get("spec") or {}).get("containers") or []) or len(statuses)
    return sum(1 for cs in statuses if cs.get("ready")), total


def restarts(pod: Obj) -> int:
    return sum(cs.get("restartCount", 0) for cs in (pod.get("status") or {}).get("containerStatuses") or [])


def health_line(state: ClusterState, ref: Ref) -> str:
    """One line on how a named object is doing, from its status."""
    kind, ns, name = ref
    obj = state.get(kind, ns, name)
    where = f"{kind}/{ns + '/' if ns else ''}{name}"
    if obj is None:
        return f"{where} was not found"
    if kind == "Pod":
        ready, total = ready_count(obj)
        return f"{where}: {pod_status(obj)}, {ready}/{total} containers ready, {restarts(obj)} restarts"
    status = obj.get("status") or {}
    if kind in ("Deployment", "StatefulSet"):
        want = (obj.get("spec") or {}).get("replicas", 1)
        return f"{where}: {status.get('readyReplicas', 0)}/{want} replicas ready"
    if kind == "DaemonSet":
        return f"{where}: {status.get('numberReady', 0)}/{status.get('desiredNumberScheduled', 0)} pods ready"
    if kind == "Service":
        pods = pods_of(state, obj)
        ready = sum(1 for p in pods if ready_count(p)[0] == ready_count(p)[1] and ready_count(p)[1])
        return f"{where}: selects {len(pods)} pod(s), {ready} ready"
    if kind == "PersistentVolumeClaim":
        return f"{where}: {status.get('phase', 'Unknown')}"
    if kind == "Node":
        ready = next((c.get("status") for c in status.get("conditions") or [] if c.get("type") == "Ready"), "Unknown")
        return f"{where}: Ready={ready}"
    if kind == "Ingress":
        spec = obj.get("spec") or {}
        hosts = ",".join(r.get("host") or "*" for r in spec.get("rules") or []) or "*"
        addresses = [i.get("ip") or i.get("hostname") for i in ((status.get("loadBalancer") or {}).get("ingress") or [])]
        address = ",".join(a for a in addresses if a) or "none yet"
        return f"{where}: hosts {hosts}, class {spec.get('ingressClassName') or '<none>'}, address {address}"
    return f"{where}: exists, no status to check"


def answer_facts(state: ClusterState, q: Question) -> list[str]:
    text = q.text.lower()
    words = set(q.words)
    facts: list[str] = []
    about_restarts = bool(words & {"restart", "restarts", "restarted", "times"})
    if ("how many" in text or words & {"count", "number"}) and not about_restarts:
        facts.extend(_counts(state, q))
    if "image" in words and words & {"what", "which", "version", "tag", "run", "runs", "running", "use", "uses", "using"}:
        facts.extend(_images(state, q))
    if about_restarts and ("how many" in text or words & {"count", "times", "number"}):
        facts.extend(_restarts(state, q))
    if words & {"event", "events"}:
        facts.extend(_events(state, q))
    if words & {"log", "logs"} and words & {"error", "errors", "exception", "exceptions", "fail", "failed",
                                           "failing", "warn", "warning", "recent", "last", "show", "latest"}:
        facts.extend(_log_errors(state, q))
    if "port-forward" in words or ("port" in words and "forward" in words) or words & {"localhost", "locally"}:
        facts.extend(_port_forwards(state, q))
    from agent.diagnosis.intake.lookups import lookups

    extra = lookups(state, q)
    if any(f.startswith(("log ", "no error lines")) for f in facts):  # the pods' own logs were already read
        extra = [e for e in extra if not e.startswith(("error line", "no errors:"))]
    if extra:  # logs searched directly (also logs that came without their pod)
        facts = [f for f in facts if not f.startswith("no logs were available")]
        facts.extend(f for f in extra if f not in facts)
    return facts


def _scoped(state: ClusterState, q: Question, kind: str) -> list[Obj]:
    """Objects of `kind` the question is about: the named ones (or their pods), else all in the namespace."""
    named = [state.get(k, ns, n) for k, ns, n in q.mentioned]
    named = [o for o in named if o is not None]
    if named:
        if kind == "Pod":
            found: list[Obj] = []
            for o in named:
                found.extend(p for p in pods_of(state, o) if p not in found)
            return found
        return [o for o in named if o.get("kind") == kind]
    return state.of_kind(kind, q.namespace)


def _where(q: Question) -> str:
    return f" in namespace {q.namespace}" if q.namespace else " in all namespaces"


def _counts(state: ClusterState, q: Question) -> list[str]:
    kind = next(iter(sorted(q.kinds - {"Namespace", "Event"})), "Pod")
    objs = _scoped(state, q, kind) if q.mentioned else state.of_kind(kind, q.namespace)
    if q.label_selector:
        objs = [o for o in objs if all(labels_of(o).get(k) == v for k, v in q.label_selector.items())]
    selector = ",".join(f"{k}={v}" for k, v in q.label_selector.items())
    label = f" with label {selector}" if selector else ""
    if kind != "Pod":
        return [f"{len(objs)} {kind} object(s){label}{_where(q)}"]
    by_status = Counter(pod_status(p) for p in objs)
    breakdown = ", ".join(f"{n} {s}" for s, n in by_status.most_common()) or "none"
    wanted = [STATUS_WORDS[w] for w in q.words if w in STATUS_WORDS]
    if "ready" in q.words:
        ready = sum(1 for p in objs if ready_count(p)[0] == ready_count(p)[1] and ready_count(p)[1])
        return [f"{ready} of {len(objs)} pods{label} are ready{_where(q)} ({breakdown})"]
    if wanted:
        n = sum(by_status.get(s, 0) for s in wanted)
        return [f"{n} of {len(objs)} pods{label} are {'/'.join(wanted)}{_where(q)} ({breakdown})"]
    facts = [f"{len(objs)} pod{'s' if len(objs) != 1 else ''}{label}{_where(q)}: {breakdown}"]
    if not q.namespace and not q.mentioned:
        per_ns = Counter(namespace_of(p) or "" for p in objs)
        facts.append("by namespace: " + ", ".join(f"{ns} {n}" for ns, n in sorted(per_ns.items())))
    return facts


def _images(state: ClusterState, q: Question) -> list[str]:
    facts = []
    kinds = [k for k, _, _ in q.mentioned] or ["Deployment", "StatefulSet", "DaemonSet", "CronJob"]
    for kind in dict.fromkeys(kinds):
        for obj in _scoped(state, q, kind):
            spec = obj.get("spec") or {}
            if kind == "CronJob":
                spec = ((spec.get("jobTemplate") or {}).get("spec") or {})
            pod_spec = spec if kind == "Pod" else ((spec.get("template") or {}).get("spec") or {})
            for c in pod_spec.get("containers") or []:
                facts.append(f"{kind}/{namespace_of(obj)}/{name_of(obj)} container {c.get('name')} runs image {c.get('image')}")
    return facts


def _restarts(state: ClusterState, q: Question) -> list[str]:
    facts = []
    for pod in _scoped(state, q, "Pod"):
        for cs in (pod.get("status") or {}).get("containerStatuses") or []:
            count = cs.get("restartCount", 0)
            if not count and not q.mentioned:
                continue
            last = (cs.get("lastState") or {}).get("terminated") or {}
            detail = f" (last exit: {last.get('reason', 'Error')}, code {last.get('exitCode')})" if last else ""
            facts.append(f"pod {namespace_of(pod)}/{name_of(pod)} container {cs.get('name')} restarted {count} times{detail}")
    if not facts:
        facts.append(f"no container has restarted{_where(q)}")
    return facts


def event_line(ev: Obj) -> str:
    inv = involved_object(ev)
    count = ev.get("count") or ((ev.get("series") or {}).get("count"))
    times = f" (x{count})" if count and count > 1 else ""
    return f"{ev.get('type', 'Normal')} {ev.get('reason', '')} {inv.get('kind', '')}/{inv.get('name', '')}: " \
           f"{(ev.get('message') or ev.get('note') or '').strip()}{times}"


def _events(state: ClusterState, q: Question) -> list[str]:
    if q.mentioned:
        refs = list(q.mentioned)
        for k, ns, n in q.mentioned:
            obj = state.get(k, ns, n)
            if obj is not None and k != "Pod":
                refs.extend(("Pod", namespace_of(p), name_of(p)) for p in pods_of(state, obj))
        events = [ev for ref in dict.fromkeys(refs) for ev in state.events_for(*ref)]
    else:
        events = [ev for ev in state.of_kind("Event", q.namespace) if ev.get("type") == "Warning"]
    events.sort(key=event_time)
    if not events:
        return [f"no events recorded for {', '.join(f'{k}/{n}' for k, _, n in q.mentioned) or 'warnings' + _where(q)}"]
    return ["event: " + event_line(ev) for ev in events[-MAX_LINES:]]


def _log_errors(state: ClusterState, q: Question) -> list[str]:
    facts = []
    read = 0
    pods = _scoped(state, q, "Pod")
    for pod in pods:
        ns, name = namespace_of(pod) or "", name_of(pod)
        for c in (pod.get("spec") or {}).get("containers") or []:
            found = state.any_log(ns, name, c.get("name", ""))
            if not found:
                continue
            text, previous = found
            read += 1
            lines = [ln.strip() for ln in text.splitlines() if ERROR_LINE.search(ln)]
            which = "previous" if previous else "current"
            facts.extend(f"log {ns}/{name}/{c.get('name')} ({which}): {ln}" for ln in lines[-MAX_LINES:])
    what = ", ".join(name_of(p) for p in pods[:5]) + ("..." if len(pods) > 5 else "") if q.mentioned else _where(q).strip()
    if not read:
        facts.append(f"no logs were available for {what or 'any pod'} (logs are kept only for failing containers)")
    elif not facts:
        facts.append(f"no error lines in the {read} available log(s) of {what}")
    return facts


def port_forward_command(svc: Obj) -> list[str]:
    commands = []
    for port in (svc.get("spec") or {}).get("ports") or []:
        remote = port.get("port")
        if not remote:
            continue
        local = remote if remote >= 1024 else remote + 8000
        commands.append(f"kubectl port-forward -n {namespace_of(svc)} svc/{name_of(svc)} {local}:{remote}")
    return commands


def _port_forwards(state: ClusterState, q: Question) -> list[str]:
    services = _scoped(state, q, "Service")
    if q.mentioned and not services:
        for k, ns, n in q.mentioned:
            obj = state.get(k, ns, n)
            for pod in pods_of(state, obj) if obj else []:
                services.extend(s for s in services_for(state, pod) if s not in services)
    facts = []
    for svc in services:
        facts.extend(f"to reach service {namespace_of(svc)}/{name_of(svc)} locally: {cmd}" for cmd in port_forward_command(svc))
    return facts


def object_summary(state: ClusterState, obj: Obj) -> str:
    """One compact line per object, like a wide `kubectl get` row."""
    kind, ns, name = obj.get("kind", ""), namespace_of(obj), name_of(obj)
    where = f"{kind}/{ns + '/' if ns else ''}{name}"
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    if kind == "Pod":
        ready, total = ready_count(obj)
        images = ",".join(c.get("image", "") for c in spec.get("containers") or [])
        return f"{where} {pod_status(obj)} ready {ready}/{total} restarts {restarts(obj)} node {spec.get('nodeName', '-')} image {images}"
    if kind in ("Deployment", "StatefulSet", "ReplicaSet"):
        images = ",".join(c.get("image", "") for c in ((spec.get("template") or {}).get("spec") or {}).get("containers") or [])
        return f"{where} ready {status.get('readyReplicas', 0)}/{spec.get('replicas', 1)} image {images}"
    if kind == "Service":
        ports = ",".join(f"{p.get('port')}->{p.get('targetPort', p.get('port'))}" for p in spec.get("ports") or [])
        selector = ",".join(f"{k}={v}" for k, v in (spec.get("selector") or {}).items()) or "none"
        return f"{where} {spec.get('type', 'ClusterIP')} ports {ports} selector {selector} pods {len(pods_of(state, obj))}"
    if kind == "PersistentVolumeClaim":
        size = ((spec.get("resources") or {}).get("requests") or {}).get("storage", "?")
        return f"{where} {status.get('phase', 'Unknown')} class {spec.get('storageClassName', '-')} size {size}"
    if kind == "Node":
        ready = next((c.get("status") for c in status.get("conditions") or [] if c.get("type") == "Ready"), "Unknown")
        taints = ",".join(f"{t.get('key')}:{t.get('effect')}" for t in spec.get("taints") or []) or "none"
        return f"{where} Ready={ready} taints {taints}"
    if kind == "Event":
        return event_line(obj)
    if kind in ("ConfigMap", "Secret"):
        return f"{where} keys {','.join(sorted((obj.get('data') or {}).keys())) or 'none'}"
    return where
