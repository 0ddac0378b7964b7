"""Pasted kubectl text (`agent ask -f FILE`): describe output, get tables, events, manifests and raw logs.

Each file is cut into segments at `$ kubectl ...` command lines. A segment is a
describe, a table, JSON/YAML, or else a container log: of the pod its
`kubectl logs` command names, else of the pod the other files name (the failing
one if several), else of the only pod.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from agent.diagnosis.intake import normalize, read_texts
from agent.diagnosis.intake.partial import (PLACEHOLDER, as_describe, as_events_section, as_partial_pod,
                                            is_describe_fragment, is_event_rows, is_status_fragment, mark_partial)
from agent.diagnosis.models import SourceWarning
from agent.diagnosis.sources.describe import is_describe, parse_describe
from agent.diagnosis.sources.snapshot import add_objects, parse_objects
from agent.diagnosis.sources.tables import is_header, parse_tables
from agent.diagnosis.state import CLUSTER_SCOPED, ClusterState, LogKey, Obj, involved_object, name_of, namespace_of
from agent.errors import UsageError

COMMAND = re.compile(r"^\s*(?:[$#>]\s*)?kubectl\s+(.*)$")
OTHER_TOOL = re.compile(r"^\$ (?:helm|docker|podman|crictl|minikube|kind|nerdctl|stern)\b")
LOG_VERBS = frozenset({"logs", "exec", "run", "attach", "debug"})
MANIFEST = re.compile(r"^(apiVersion|kind|items):", re.M)


@dataclass
class Segment:
    file: Path
    text: str
    argv: list[str] = field(default_factory=list)  # the kubectl command that printed it, after `kubectl`

    def flag(self, *names: str) -> str | None:
        for i, arg in enumerate(self.argv):
            for name in names:
                if arg == name and i + 1 < len(self.argv):
                    return self.argv[i + 1]
                if arg.startswith(name + "="):
                    return arg.split("=", 1)[1]
        return None

    @property
    def verb(self) -> str:
        return self.argv[0] if self.argv else ""

    @property
    def previous(self) -> bool:
        return any(a in ("-p", "--previous", "--previous=true") for a in self.argv)

    def positional(self) -> list[str]:
        out, skip = [], False
        for arg in self.argv[1:]:
            if skip:
                skip = False
                continue
            if arg in ("-n", "--namespace", "-c", "--container", "--tail", "--since", "-l", "--selector", "--context"):
                skip = True
            elif not arg.startswith("-"):
                out.append(arg)
        return out


def segments(file: Path, text: str) -> list[Segment]:
    found = [Segment(file, "")]
    lines: list[str] = []
    for line in text.splitlines():
        m = COMMAND.match(line)
        if m:
            found[-1].text = "\n".join(lines)
            try:
                argv = shlex.split(m.group(1))
            except ValueError:
                argv = m.group(1).split()
            found.append(Segment(file, "", argv))
            lines = []
        elif OTHER_TOOL.match(line):  # another tool's output is its own segment (an error text, a log)
            found[-1].text = "\n".join(lines)
            found.append(Segment(file, "", []))
            lines = []
        else:
            lines.append(line)
    found[-1].text = "\n".join(lines)
    return [s for s in found if s.text.strip() or s.argv]


def _is_table(text: str) -> bool:
    return any(is_header(line) for line in text.splitlines())


def _is_manifest(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("{") or bool(MANIFEST.search(text))


class PastedSource:
    """A `ClusterSource` over pasted kubectl output files."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files

    def load(self, namespace: str | None = None, all_namespaces: bool = False) -> ClusterState:
        return load_pasted(self.files, namespace)


def load_pasted(files: list[str | Path], namespace: str | None = None) -> ClusterState:
    """The objects, logs and evidence in pasted files; objects the paste puts in no namespace go in `namespace`."""
    paths = [Path(f) for f in files]
    state = ClusterState(label="pasted: " + ", ".join(p.name for p in paths))
    segs: list[Segment] = []
    texts: dict[str, str] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}",
                             hint="pass files with kubectl describe/get/events output or container logs") from None
        if b"\x00" in data[:8192]:
            raise UsageError(f"{path} is a binary file, not kubectl output or a log",
                             hint="pass the text kubectl printed, e.g. `kubectl describe pod NAME > describe.txt`")
        raw = data.decode("utf-8", errors="replace")
        texts[_unique_name(texts, path.name)] = raw
        segs.extend(segments(path, normalize(raw)))
    state.intake = read_texts(texts)
    placeholder = state.intake.subject.name or PLACEHOLDER
    subject_ns = state.intake.subject.namespace or namespace
    described: list[Obj] = []
    manifests: list[Obj] = []
    tables: list[Segment] = []
    logs: list[Segment] = []
    for seg in segs:
        if seg.verb == "logs":
            logs.append(seg)
        elif is_describe(seg.text):
            objs, unknown = parse_describe(seg.text)
            described.extend(objs)
            state.warnings.extend(SourceWarning(message=f"{seg.file.name}: could not tell what this describe output is: "
                                                        f"{block.splitlines()[0][:80]}") for block in unknown)
        elif is_describe_fragment(seg.text):
            objs, _ = parse_describe(as_describe(seg.text, placeholder, seg.flag("-n", "--namespace") or subject_ns,
                                                 seg.flag("-c", "--container") or state.intake.subject.container))
            described.extend(mark_partial(objs, "describe-excerpt"))
        elif is_event_rows(seg.text) and not _is_table(seg.text):
            objs, _ = parse_describe(as_describe(as_events_section(seg.text), placeholder,
                                                 seg.flag("-n", "--namespace") or subject_ns))
            described.extend(o for o in objs if o["kind"] == "Event")
        elif is_status_fragment(seg.text):
            manifests.extend(as_partial_pod(seg.text, placeholder, seg.flag("-n", "--namespace") or subject_ns))
        elif _is_table(seg.text):
            tables.append(seg)
        elif seg.text.strip() and _is_manifest(seg.text):
            manifests.extend(parse_objects(seg.text, str(seg.file)))
        elif seg.text.strip() and (not seg.verb or seg.verb in LOG_VERBS):
            logs.append(seg)  # another command's output (`get pv`, `version`) is evidence, not a container log
    default_ns = _default_namespace(segs, described + manifests, namespace)
    for obj in manifests:  # a manifest without a namespace lands where `kubectl apply -n` would put it
        meta = obj.setdefault("metadata", {})
        if not meta.get("namespace") and obj.get("kind") not in CLUSTER_SCOPED and obj.get("kind") != "List":
            meta["namespace"] = default_ns
    add_objects(state, manifests)
    # a listing (table, manifest) shows every object of its kind; a describe shows only the one described
    listed = {o["kind"] for o in manifests}
    _add_unique(state, described)
    if any(o["kind"] in ("Pod", "Deployment", "Service", "PersistentVolumeClaim", "Node", "Ingress") for o in described):
        listed.add("Event")  # a describe always shows the object's events, even `<none>`
    for seg in tables:
        objs, kinds, _ = parse_tables(seg.text, seg.flag("-n", "--namespace") or default_ns)
        listed |= kinds
        _add_unique(state, objs)
    described_pods = [state.get("Pod", namespace_of(o), name_of(o)) for o in described if o["kind"] == "Pod"]
    for seg in logs:
        _add_log(state, seg, default_ns, [p for p in described_pods if p is not None])
    # described-only kinds stay "unknown": one described Secret does not mean no other Secret exists
    state.kinds_read = listed
    if not state.kinds_read and not state.logs and not any(state.objects.values()) and not state.intake.lines:
        raise UsageError("nothing in the pasted files looks like kubectl output or a container log",
                         hint="paste `kubectl describe pod NAME`, `kubectl get pods`, `kubectl get events` "
                              "or `kubectl logs NAME` output")
    return state


def _unique_name(taken: dict[str, str], name: str) -> str:
    out, n = name, 1
    while out in taken:
        n += 1
        out = f"{name} ({n})"
    return out


def _default_namespace(segs: list[Segment], objs: list[Obj], namespace: str | None = None) -> str:
    for seg in segs:
        ns = seg.flag("-n", "--namespace")
        if ns:
            return ns
    counts = Counter(ns for o in objs if (ns := namespace_of(o)))
    return counts.most_common(1)[0][0] if counts else (namespace or "default")


def _event_key(ev: Obj) -> tuple:
    inv = involved_object(ev)
    return (inv.get("kind"), inv.get("namespace"), inv.get("name"), ev.get("reason"), ev.get("message"))


def _add_unique(state: ClusterState, objs: list[Obj]) -> None:
    """Add objects not seen yet: a describe (richer) wins over a table row; events are kept once."""
    seen_events = {_event_key(e) for e in state.of_kind("Event")}
    for obj in objs:
        if obj["kind"] == "Event":
            key = _event_key(obj)
            if key in seen_events:
                continue
            seen_events.add(key)
            obj["metadata"]["name"] = f"{obj['metadata']['name']}.{len(seen_events)}"
        elif state.get(obj["kind"], namespace_of(obj), name_of(obj)) is not None:
            continue
        state.add(obj)


def _container_failing(status: Obj) -> bool:
    st = status.get("state") or {}
    return bool(status.get("restartCount") or "waiting" in st or (st.get("terminated") or {}).get("exitCode"))


def _failing(pod: Obj) -> bool:
    return any(_container_failing(cs) for cs in (pod.get("status") or {}).get("containerStatuses") or [])


def _failing_container(pod: Obj) -> str:
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    for cs in statuses:
        if _container_failing(cs):
            return cs.get("name", "")
    containers = (pod.get("spec") or {}).get("containers") or []
    return containers[0].get("name", "") if containers else (statuses[0].get("name", "") if statuses else "")


def _one_workload(pods: list[Obj]) -> Obj | None:
    """The first pod if all belong to one workload (replicas crash alike, their logs are interchangeable)."""
    owners = {_owner_name(p) for p in pods}
    return pods[0] if len(pods) == 1 or (pods and len(owners) == 1 and None not in owners) else None


def _pod_for_log(state: ClusterState, seg: Segment, described: list[Obj]) -> Obj | None:
    pods = state.of_kind("Pod")
    names = [a.split("/", 1)[-1] for a in seg.positional()]
    for name in names:
        match = [p for p in pods if name_of(p) == name or name_of(p).startswith(name + "-")]
        if match:
            return match[0]
    stem = seg.file.stem.lower()
    by_file = [p for p in pods if name_of(p) in stem or stem.startswith(name_of(p).split("-")[0] + "-")]
    if len(by_file) == 1:
        return by_file[0]
    if len(pods) == 1:
        return pods[0]
    # the pod the user described is the one they are asking about; else the one failing right now
    for candidates in ([p for p in described if _failing(p)], [p for p in pods if _failing_now(p)],
                       [p for p in pods if _failing(p)]):
        pod = _one_workload(candidates)
        if pod is not None:
            return pod
    return None


def _failing_now(pod: Obj) -> bool:
    return any(set(cs.get("state") or {}) & {"waiting", "terminated"} or not cs.get("ready")
               for cs in (pod.get("status") or {}).get("containerStatuses") or [])


def _owner_name(pod: Obj) -> str | None:
    refs = (pod.get("metadata") or {}).get("ownerReferences") or []
    return refs[0].get("name") if refs else None


def _add_log(state: ClusterState, seg: Segment, default_ns: str, described: list[Obj]) -> None:
    pod = _pod_for_log(state, seg, described)
    if pod is not None:
        ns, name = namespace_of(pod) or default_ns, name_of(pod)
        container = seg.flag("-c", "--container") or _failing_container(pod)
    else:
        names = [a.split("/", 1)[-1] for a in seg.positional()]
        ns = seg.flag("-n", "--namespace") or default_ns
        name = names[0] if names else (state.intake.subject.name or PLACEHOLDER if state.intake else seg.file.stem)
        container = seg.flag("-c", "--container") or name
        if not names and not state.of_kind("Pod"):
            # logs alone: they are about the workload in question (named once the question names it)
            key = LogKey(ns, name, container, seg.previous)
            state.logs[key] = (state.logs.get(key, "") + "\n" + seg.text).strip("\n") + "\n"
            return
        state.warnings.append(SourceWarning(
            kind="Pod", namespace=ns,
            message=f"{seg.file.name}: could not tell which pod this log belongs to; kept as the log of '{name}' "
                    "(add the `kubectl describe pod` output or paste the `kubectl logs POD` command line)"))
    key = LogKey(ns, name, container, seg.previous)
    state.logs[key] = (state.logs.get(key, "") + "\n" + seg.text).strip("\n") + "\n"
