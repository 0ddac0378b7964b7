"""Helpers shared by the pod analyzers: container views, owner workloads, events, logs, quantities.

Everything here reads a `ClusterState` and plain kubectl JSON; nothing reports findings.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from agent.diagnosis.models import Evidence, ObjectRef
from agent.diagnosis.state import ClusterState, Obj, involved_object, labels_of, name_of, namespace_of
from agent.kube import owners, selectors
from agent.kube.kinds import RESTARTABLE, pod_template_path
from agent.kube.pods import is_pod_ready
from agent.kube.quantities import format_bytes, parse_quantity
from agent.redact import redact

__all__ = ["format_bytes", "is_pod_ready", "parse_quantity"]  # shared with the analyzers from agent.kube


@dataclass(frozen=True)
class ContainerView:
    """One container of one pod: its spec and its status side by side."""

    pod: Obj
    spec: Obj
    status: Obj
    init: bool = False

    @property
    def name(self) -> str:
        return self.spec.get("name") or self.status.get("name", "")

    @property
    def pod_name(self) -> str:
        return name_of(self.pod)

    @property
    def namespace(self) -> str:
        return namespace_of(self.pod) or "default"

    @property
    def restart_count(self) -> int:
        return int(self.status.get("restartCount") or 0)

    @property
    def waiting(self) -> Obj:
        return (self.status.get("state") or {}).get("waiting") or {}

    @property
    def running(self) -> Obj:
        return (self.status.get("state") or {}).get("running") or {}

    @property
    def terminated(self) -> Obj:
        return (self.status.get("state") or {}).get("terminated") or {}

    @property
    def last_terminated(self) -> Obj:
        """The most recent termination: the current state if terminated, else lastState."""
        return self.terminated or (self.status.get("lastState") or {}).get("terminated") or {}

    @property
    def image(self) -> str:
        return self.spec.get("image") or self.status.get("image", "")

    @property
    def source(self) -> str:
        return f"{self.pod_name}/{self.name}"


def containers(pod: Obj, include_init: bool = False) -> Iterator[ContainerView]:
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    groups = [(spec.get("containers") or [], status.get("containerStatuses") or [], False)]
    if include_init:
        groups.insert(0, (spec.get("initContainers") or [], status.get("initContainerStatuses") or [], True))
    for specs, statuses, init in groups:
        by_name = {s.get("name"): s for s in statuses}
        for c in specs:
            yield ContainerView(pod, c, by_name.get(c.get("name"), {}), init)


def pod_ref(pod: Obj) -> ObjectRef:
    return ObjectRef(kind="Pod", name=name_of(pod), namespace=namespace_of(pod))


def owner_of(state: ClusterState, obj: Obj) -> ObjectRef:
    """The workload a user edits for this pod (pod -> ReplicaSet -> Deployment, Job -> CronJob), else the pod."""
    kind, name, namespace = owners.workload_of(obj, state.get)
    return ObjectRef(kind=kind, name=name, namespace=namespace)


def workload_arg(ref: ObjectRef) -> str:
    """`deployment/backend`, as kubectl takes it."""
    return f"{ref.kind.lower()}/{ref.name}"


def ns_flag(namespace: str | None) -> str:
    return f"-n {namespace}" if namespace else ""


def rollout_restart(ref: ObjectRef) -> str | None:
    if ref.kind in RESTARTABLE:
        return f"kubectl rollout restart {workload_arg(ref)} {ns_flag(ref.namespace)}".strip()
    return None


# -- events -------------------------------------------------------------------------------------


def pod_events(state: ClusterState, pod: Obj) -> list[Obj]:
    return state.events_for("Pod", namespace_of(pod), name_of(pod))


def event_line(ev: Obj) -> str:
    count = ev.get("count") or ((ev.get("series") or {}).get("count"))
    times = f" (x{count})" if count and int(count) > 1 else ""
    field_path = involved_object(ev).get("fieldPath")
    where = f" [{field_path}]" if field_path else ""
    return f"{ev.get('type', 'Normal')} {ev.get('reason', '')}{times}{where}: {ev.get('message', '').strip()}"


def events_with(events: list[Obj], reasons: tuple[str, ...], contains: str = "") -> list[Obj]:
    return [e for e in events if e.get("reason") in reasons and contains.lower() in (e.get("message") or "").lower()]


def event_evidence(events: list[Obj], limit: int = 2) -> list[Evidence]:
    return [Evidence(source="events", text=event_line(e)) for e in events[-limit:]]


# -- logs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogText:
    text: str
    previous: bool
    source: str


def container_log(state: ClusterState, view: ContainerView) -> LogText | None:
    found = state.any_log(view.namespace, view.pod_name, view.name)
    if not found:
        return None
    text, previous = found
    return LogText(text, previous, log_source(view.pod_name, view.name, previous))


def log_source(pod: str, container: str, previous: bool) -> str:
    return f"logs:{pod}/{container}" + (" (previous)" if previous else "")


_ERRORISH = re.compile(r"error|exception|fatal|panic|failed|refused|denied|not found|traceback|critical", re.I)


_NOISE = (
    "Traceback (most recent call last)",
    "The above exception was the direct cause",
    "During handling of the above",
    "(Background on this error",
    'File "',
    "at ",
    "For further information visit",
)
_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)\b[^:]*: \S")


def last_error_lines(text: str, limit: int = 3) -> list[str]:
    """The lines that say what went wrong: the final exception lines, else the last error-looking lines,
    else the last lines. Traceback frames and chaining boilerplate are skipped; secrets are redacted."""
    lines = [redact(ln.strip()) for ln in text.splitlines() if ln.strip() and not ln.strip().startswith(_NOISE)]
    exceptions = [ln for ln in lines if _EXCEPTION.match(ln)]
    if exceptions:
        return list(dict.fromkeys(exceptions[-limit:]))
    errors = [ln for ln in lines if _ERRORISH.search(ln)]
    return (errors or lines)[-limit:]


def line_with(text: str, needle: str) -> str:
    """The first log line containing `needle` (case-insensitive), stripped; `needle` if none."""
    low = needle.lower()
    for ln in text.splitlines():
        if low in ln.lower():
            return redact(ln.strip())
    return redact(needle)


# -- exit codes -------------------------------------------------------------------

EXIT_CODE_MEANING = {
    0: "exited successfully (a long-running container must not exit)",
    1: "the application exited with an error",
    2: "the application exited with a usage error (bad arguments)",
    126: "the command is not executable (permission denied)",
    127: "the command was not found in the image",
    128: "the container runtime could not start the process",
    134: "the process aborted (SIGABRT)",
    137: "the process was killed (SIGKILL: out of memory or a failed liveness probe)",
    139: "the process crashed with a segmentation fault (SIGSEGV)",
    143: "the process was terminated (SIGTERM)",
}


def exit_code_meaning(code: int | None) -> str:
    if code is None:
        return "unknown exit code"
    return EXIT_CODE_MEANING.get(code, f"the process exited with code {code}")


# -- spec lookups ---------------------------------------------------------------------------------


def owner_spec_path(ref: ObjectRef) -> str:
    """Where the pod template lives in the owner's spec, for patches."""
    return pod_template_path(ref.kind)


def secret_keys(obj: Obj | None) -> set[str]:
    """Keys of a Secret or ConfigMap (snapshots keep keys, not values)."""
    if not obj:
        return set()
    keys: set[str] = set()
    for section in ("data", "stringData", "binaryData"):
        keys.update((obj.get(section) or {}).keys())
    return keys


@dataclass
class PodIndex:
    """Per-analyze() lookups over the pods (by namespace, node, label pair, owner) and services, each built
    on first use in one pass, so analyzers stay linear in the number of objects."""

    state: ClusterState
    _services_by_ip: dict[str, Obj] | None = None
    _names_by_kind_ns: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _kind_by_name: dict[tuple[str, str], list[Obj]] = field(default_factory=dict)
    _indexed_kinds: set[str] = field(default_factory=set)
    _pods_by_owner: dict[tuple[str, str, str], list[Obj]] | None = None
    _by_label: dict[tuple[str | None, str, str], list[int]] | None = None

    @cached_property
    def pods(self) -> list[Obj]:
        return self.state.of_kind("Pod")

    @cached_property
    def by_namespace(self) -> dict[str | None, list[Obj]]:
        grouped: dict[str | None, list[Obj]] = defaultdict(list)
        for pod in self.pods:
            grouped[namespace_of(pod)].append(pod)
        return grouped

    @cached_property
    def by_node(self) -> dict[str, list[Obj]]:
        grouped: dict[str, list[Obj]] = defaultdict(list)
        for pod in self.pods:
            node = (pod.get("spec") or {}).get("nodeName")
            if node:
                grouped[node].append(pod)
        return grouped

    def select(self, namespace: str | None, selector: Obj | None) -> list[Obj]:
        """Pods in a namespace matching a LabelSelector, using the label index for matchLabels."""
        if self._by_label is None:
            self._by_label = defaultdict(list)
            for i, pod in enumerate(self.pods):
                for key, value in labels_of(pod).items():
                    self._by_label[(namespace_of(pod), key, value)].append(i)
        match_labels = (selector or {}).get("matchLabels") or {}
        if match_labels:
            candidate_ids: set[int] | None = None
            for key, value in match_labels.items():
                ids = set(self._by_label.get((namespace, key, value), ()))
                candidate_ids = ids if candidate_ids is None else candidate_ids & ids
                if not candidate_ids:
                    return []
            candidates = [self.pods[i] for i in sorted(candidate_ids or ())]
        else:
            candidates = self.by_namespace.get(namespace, [])
        return [p for p in candidates if selectors.matches(selector, labels_of(p))]

    def select_labels(self, namespace: str | None, match_labels: dict[str, str]) -> list[Obj]:
        """Pods matching a plain map selector (Service.spec.selector); an empty map selects the namespace."""
        return self.select(namespace, {"matchLabels": match_labels})

    def selector_matches(self, selector: dict[str, str], namespace: str) -> list[Obj]:
        """Pods a Service-style map selector picks; an empty map picks none (a Service without a selector)."""
        return self.select_labels(namespace, selector) if selector else []

    def service_by_ip(self, ip: str) -> Obj | None:
        if self._services_by_ip is None:
            self._services_by_ip = {}
            for svc in self.state.of_kind("Service"):
                for addr in [(svc.get("spec") or {}).get("clusterIP")] + (
                    (svc.get("spec") or {}).get("clusterIPs") or []
                ):
                    if addr and addr != "None":
                        self._services_by_ip[addr] = svc
        return self._services_by_ip.get(ip)

    def names(self, kind: str, namespace: str) -> list[str]:
        key = (kind, namespace)
        if key not in self._names_by_kind_ns:
            grouped: dict[str, list[str]] = defaultdict(list)
            for obj in self.state.of_kind(kind):
                grouped[namespace_of(obj) or ""].append(name_of(obj))
            for ns, names in grouped.items():
                self._names_by_kind_ns[(kind, ns)] = sorted(names)
            self._names_by_kind_ns.setdefault(key, [])
        return self._names_by_kind_ns[key]

    def by_name(self, kind: str, name: str) -> list[Obj]:
        """Objects of a kind with this name in any namespace."""
        if kind not in self._indexed_kinds:
            self._indexed_kinds.add(kind)
            for obj in self.state.of_kind(kind):
                self._kind_by_name.setdefault((kind, name_of(obj)), []).append(obj)
        return self._kind_by_name.get((kind, name), [])

    def pods_owned_by(self, kind: str, namespace: str, name: str) -> list[Obj]:
        if self._pods_by_owner is None:
            self._pods_by_owner = defaultdict(list)
            for pod in self.pods:
                for owner in owners.owner_references(pod):
                    self._pods_by_owner[(owner.get("kind", ""), namespace_of(pod) or "", owner.get("name", ""))].append(
                        pod
                    )
        return self._pods_by_owner.get((kind, namespace, name), [])


class Groups:
    """Collects pods under (owner, cause key) so one workload with one cause gives one finding."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], list[Any]] = {}
        self._owners: dict[tuple[str, str], ObjectRef] = {}

    def add(self, owner: ObjectRef, key: str, item: Any) -> None:
        gk = (str(owner), key)
        self._owners.setdefault(gk, owner)
        self._groups.setdefault(gk, []).append(item)

    def __bool__(self) -> bool:
        return bool(self._groups)

    def items(self) -> Iterator[tuple[ObjectRef, list[Any]]]:
        for gk, members in self._groups.items():
            yield self._owners[gk], members


def related_pods(owner: ObjectRef, pods: list[Obj]) -> list[ObjectRef]:
    refs = [pod_ref(p) for p in pods]
    return [r for r in refs if not (owner.kind == "Pod" and r.name == owner.name)]


def pod_names(pods: list[Obj], limit: int = 3) -> str:
    names = [name_of(p) for p in pods]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def status_line(view: ContainerView) -> str:
    """What `kubectl describe pod` shows for a container: state, restarts, last termination."""
    parts = [f"{view.pod_name}: {'init ' if view.init else ''}container {view.name}"]
    if view.waiting:
        message = view.waiting.get("message")
        parts.append(f"waiting {view.waiting.get('reason', '')}" + (f" ({message})" if message else ""))
    elif view.running:
        parts.append(f"running since {view.running.get('startedAt', '?')}")
    elif view.terminated:
        parts.append(f"terminated {view.terminated.get('reason', '')}")
    parts.append(f"restartCount {view.restart_count}")
    last = view.last_terminated
    if last:
        parts.append(
            f"last terminated: exit code {last.get('exitCode')} ({last.get('reason', '')})"
            + (f" at {last['finishedAt']}" if last.get("finishedAt") else "")
        )
    return ", ".join(parts)


def container_events(events: list[Obj], container: str) -> list[Obj]:
    """Events about one container (by fieldPath), plus pod-level events without a fieldPath."""
    out = []
    for ev in events:
        path = involved_object(ev).get("fieldPath") or ""
        if not path or path.endswith("{" + container + "}"):
            out.append(ev)
    return out


def killed_by_liveness(events: list[Obj], container: str, kill_only: bool = False) -> bool:
    """Whether the kubelet restarts this container for failed liveness probes.

    `kill_only` asks for the Killing event itself; otherwise Unhealthy liveness events count too
    (callers pair them with a SIGKILL/SIGTERM exit code).
    """
    for ev in container_events(events, container):
        message = (ev.get("message") or "").lower()
        if ev.get("reason") == "Killing" and "liveness probe" in message:
            return True
        if not kill_only and ev.get("reason") == "Unhealthy" and message.startswith("liveness probe failed"):
            return True
    return False


def container_json_path(owner: ObjectRef, view: ContainerView) -> str:
    """JSON-patch path of a container in the owner's spec, e.g. `/spec/template/spec/containers/0`."""
    key = "initContainers" if view.init else "containers"
    names = [c.get("name") for c in (view.pod.get("spec") or {}).get(key) or []]
    position = names.index(view.name) if view.name in names else 0
    return "/" + owner_spec_path(owner).replace(".", "/") + f"/{key}/{position}"


def container_patch(
    owner: ObjectRef,
    container: str,
    fields: dict[str, Any],
    init: bool = False,
    pod_fields: dict[str, Any] | None = None,
) -> str:
    """A strategic-merge patch (JSON) setting fields on one container (merged by name) in the owner's pod template."""
    spec: dict[str, Any] = {("initContainers" if init else "containers"): [{"name": container, **fields}]}
    spec.update(pod_fields or {})
    out: dict[str, Any] = spec
    for part in reversed(owner_spec_path(owner).split(".")):
        out = {part: out}
    return json.dumps(out)


def patch_command(owner: ObjectRef, patch: str) -> str:
    return f"kubectl patch {workload_arg(owner)} {ns_flag(owner.namespace)} -p '{patch}'"
