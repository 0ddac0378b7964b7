"""ClusterState: a read-only, indexed view of cluster objects as plain Kubernetes JSON.

Every source (live API, snapshot directory, pasted kubectl text) produces one of
these; every analyzer reads only this. Objects are the dicts `kubectl get -o json`
prints (camelCase keys), so snapshots, the API and the analyzers agree on one shape.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from agent.diagnosis.models import SourceWarning
from agent.kube.kinds import CLUSTER_SCOPED

Obj = dict[str, Any]



@dataclass(frozen=True)
class LogKey:
    namespace: str
    pod: str
    container: str
    previous: bool = False


@dataclass
class ClusterState:
    label: str = ""
    objects: dict[str, list[Obj]] = field(default_factory=lambda: defaultdict(list))
    logs: dict[LogKey, str] = field(default_factory=dict)
    warnings: list[SourceWarning] = field(default_factory=list)
    # kinds the source could read at all (absent kinds are "unknown", not "empty")
    kinds_read: set[str] = field(default_factory=set)
    # pasted sources: every evidence line the attachments held (agent.diagnosis.intake.Intake), objects or not
    intake: Any = None
    # the source declared itself complete (closed world): a kind it lists and holds no object of has none
    complete: bool = False
    _by_name: dict[tuple[str, str | None, str], Obj] = field(default_factory=dict, repr=False)
    _events_by_obj: dict[tuple[str, str | None, str], list[Obj]] | None = field(default=None, repr=False)

    def add(self, obj: Obj) -> None:
        kind = obj.get("kind") or ""
        self.objects[kind].append(obj)
        self.kinds_read.add(kind)
        self._by_name[(kind, namespace_of(obj), name_of(obj))] = obj
        self._events_by_obj = None

    def reindex(self) -> None:
        """Rebuild the name index after objects were renamed in place (a partial object named late)."""
        self._by_name = {(o.get("kind") or "", namespace_of(o), name_of(o)): o
                         for items in self.objects.values() for o in items}
        self._events_by_obj = None

    def add_all(self, objs: Iterable[Obj]) -> None:
        for obj in objs:
            self.add(obj)

    def mark_read(self, kind: str) -> None:
        self.kinds_read.add(kind)

    def declare_complete(self, kinds: Iterable[str]) -> None:
        """Closed world: every one of these kinds was read in full, so an absent object does not exist."""
        self.complete = True
        self.kinds_read.update(kinds)

    def knows(self, kind: str) -> bool:
        """Whether an absent object of this kind means it does not exist (the kind was read), not "unknown"."""
        return kind in self.kinds_read

    def of_kind(self, kind: str, namespace: str | None = None) -> list[Obj]:
        items = self.objects.get(kind, [])
        if namespace is None:
            return list(items)
        return [o for o in items if namespace_of(o) == namespace]

    def get(self, kind: str, namespace: str | None, name: str) -> Obj | None:
        if kind in CLUSTER_SCOPED:
            namespace = None
        return self._by_name.get((kind, namespace, name))

    def namespaces(self) -> list[str]:
        names = {namespace_of(o) for items in self.objects.values() for o in items}
        names.update(name_of(o) for o in self.objects.get("Namespace", []))
        return sorted(n for n in names if n)

    def events_for(self, kind: str, namespace: str | None, name: str) -> list[Obj]:
        """Events whose involvedObject is this object, oldest first."""
        if self._events_by_obj is None:
            index: dict[tuple[str, str | None, str], list[Obj]] = defaultdict(list)
            for ev in self.objects.get("Event", []):
                inv = involved_object(ev)
                ns = inv.get("namespace") or namespace_of(ev)
                index[(inv.get("kind", ""), ns, inv.get("name", ""))].append(ev)
            for evs in index.values():
                evs.sort(key=event_time)
            self._events_by_obj = index
        if kind in CLUSTER_SCOPED:
            return self._events_by_obj.get((kind, None, name), []) + self._events_by_obj.get((kind, "default", name), [])
        return self._events_by_obj.get((kind, namespace, name), [])

    def log(self, namespace: str, pod: str, container: str, previous: bool = False) -> str | None:
        return self.logs.get(LogKey(namespace, pod, container, previous))

    def any_log(self, namespace: str, pod: str, container: str) -> tuple[str, bool] | None:
        """The previous container's log if there is one (that is where a crash is), else the current one."""
        for previous in (True, False):
            text = self.log(namespace, pod, container, previous)
            if text:
                return text, previous
        return None


def name_of(obj: Obj) -> str:
    return (obj.get("metadata") or {}).get("name", "")


def namespace_of(obj: Obj) -> str | None:
    return (obj.get("metadata") or {}).get("namespace")


def labels_of(obj: Obj) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("labels") or {}


def involved_object(ev: Obj) -> Obj:
    """What an event is about: `involvedObject` (core/v1) or `regarding` (events.k8s.io/v1)."""
    return ev.get("involvedObject") or ev.get("regarding") or {}


def event_time(ev: Obj) -> str:
    return ev.get("lastTimestamp") or ev.get("eventTime") or ev.get("firstTimestamp") or (
        (ev.get("metadata") or {}).get("creationTimestamp") or ""
    )
