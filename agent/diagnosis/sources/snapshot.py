"""Load a snapshot: a `kubectl cluster-info dump` style directory or one `kubectl get -o json|yaml` file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from agent.diagnosis.models import SourceWarning
from agent.kube.kinds import BY_PLURAL
from agent.diagnosis.sources.values import strip_values
from agent.diagnosis.sources.writer import MARKER
from agent.diagnosis.state import ClusterState, LogKey, Obj
from agent.errors import UsageError

EXPECTED = (
    "a snapshot directory (kubectl cluster-info dump --output-directory=DIR, or `agent snapshot DIR`) "
    "or a file with `kubectl get ... -o json` / `-o yaml` output"
)


class SnapshotSource:
    """A `ClusterSource` over a snapshot on disk."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def load(self, namespace: str | None = None, all_namespaces: bool = False) -> ClusterState:
        # a snapshot is small; the namespace scope is applied by the engine, not here
        return load_snapshot(self.path)


def load_snapshot(path: str | Path) -> ClusterState:
    path = Path(path)
    if path.is_dir():
        return _load_directory(path)
    if path.is_file():
        state = ClusterState(label=f"snapshot: {path}")
        add_objects(state, parse_objects(_read_text(path), str(path)))
        if not state.kinds_read:
            raise UsageError(f"{path} holds no Kubernetes objects", hint=f"expected {EXPECTED}")
        return state
    raise UsageError(f"snapshot {path} does not exist", hint=f"expected {EXPECTED}")


def parse_objects(text: str, origin: str) -> list[Obj]:
    """Objects in `kubectl get -o json|yaml` output: a List, one object, or several YAML documents.

    Items of a typed list (`PodList`) without `kind` get it from the list; kinds of
    empty typed lists are returned as `{"kind": K, "_empty": True}` markers so callers
    can record that the kind was read.
    """
    text = text.strip()
    if not text:
        return []
    try:
        docs = [json.loads(text)] if text[0] in "{[" else [d for d in yaml.safe_load_all(text) if d is not None]
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"{origin} is neither JSON nor YAML: {str(exc).splitlines()[0]}",
                         hint=f"expected {EXPECTED}") from None
    objects: list[Obj] = []
    for doc in docs:
        objects.extend(_flatten(doc, origin))
    return objects


def _flatten(doc: Any, origin: str, default_kind: str = "") -> list[Obj]:
    if isinstance(doc, list):
        return [o for item in doc for o in _flatten(item, origin, default_kind)]
    if not isinstance(doc, dict):
        raise UsageError(f"{origin} holds a {type(doc).__name__}, not a Kubernetes object",
                         hint=f"expected {EXPECTED}")
    kind = doc.get("kind") or default_kind
    if "items" in doc and (kind.endswith("List") or not kind):
        item_kind = kind[: -len("List")] if kind.endswith("List") and kind != "List" else default_kind
        items = doc.get("items") or []
        if not items and item_kind:
            return [{"kind": item_kind, "_empty": True}]
        return [o for item in items for o in _flatten(item, origin, item_kind)]
    if not kind or not isinstance(doc.get("metadata"), dict):
        raise UsageError(f"{origin}: an object without kind or metadata", hint=f"expected {EXPECTED}")
    if not doc.get("kind"):
        doc = {"kind": kind, **doc}
    return [doc]


def add_objects(state: ClusterState, objects: list[Obj]) -> None:
    for obj in objects:
        if obj.get("_empty"):
            state.mark_read(obj["kind"])
        else:
            state.add(strip_values(obj))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}", hint=f"expected {EXPECTED}") from None


def _load_kind_file(state: ClusterState, file: Path, namespace: str | None) -> None:
    info = BY_PLURAL.get(file.stem)
    kind = info.kind if info else ""
    text = _read_text(file).strip()
    try:
        doc = (json.loads(text) if text[0] in "{[" else yaml.safe_load(text)) if text else None
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        # unreadable is "unknown", not "empty": the kind is not marked read
        state.warnings.append(SourceWarning(kind=kind or None, namespace=namespace,
                                            message=f"{file}: not valid JSON ({str(exc).splitlines()[0]})"))
        return
    if kind:
        state.mark_read(kind)
    if doc is None:
        return
    for obj in _flatten(doc, str(file), kind):
        if obj.get("_empty"):
            state.mark_read(obj["kind"])
            continue
        if namespace and info and info.namespaced:
            obj.setdefault("metadata", {}).setdefault("namespace", namespace)
        state.add(strip_values(obj))




def _load_marker(state: ClusterState, file: Path) -> None:
    """A complete snapshot lists the kinds it read in full: for those, an absent object does not exist."""
    try:
        marker = json.loads(_read_text(file))
    except json.JSONDecodeError as exc:
        state.warnings.append(SourceWarning(message=f"{file}: not valid JSON ({exc}); the snapshot is treated as "
                                                    "partial (an absent kind is unknown, not empty)"))
        return
    if isinstance(marker, dict) and marker.get("complete") is True:
        state.declare_complete(k for k in marker.get("kinds") or [] if isinstance(k, str))


def _load_directory(root: Path) -> ClusterState:
    state = ClusterState(label=f"snapshot: {root}")
    found_any = False
    for file in sorted(root.glob("*.json")):
        if file.name == MARKER:
            _load_marker(state, file)
            continue
        found_any = True
        _load_kind_file(state, file, None)
    log_dirs: list[tuple[str, Path]] = []
    for ns_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for file in sorted(ns_dir.glob("*.json")):
            found_any = True
            _load_kind_file(state, file, ns_dir.name)
        log_dirs.extend((ns_dir.name, pod_dir) for pod_dir in sorted(p for p in ns_dir.iterdir() if p.is_dir()))
    if not found_any:
        raise UsageError(f"{root} has no snapshot files (nodes.json, <namespace>/pods.json, ...)",
                         hint=f"expected {EXPECTED}")
    for namespace, pod_dir in log_dirs:
        _load_logs(state, namespace, pod_dir)
    return state


def _first_container(state: ClusterState, namespace: str, pod: str) -> str:
    obj = state.get("Pod", namespace, pod)
    containers = ((obj or {}).get("spec") or {}).get("containers") or []
    return containers[0].get("name", pod) if containers else pod


def _load_logs(state: ClusterState, namespace: str, pod_dir: Path) -> None:
    pod = pod_dir.name
    for file in sorted(pod_dir.iterdir()):
        if not file.is_file():
            continue
        if file.name == "logs.txt":
            key = LogKey(namespace, pod, _first_container(state, namespace, pod), False)
        elif file.name.endswith(".previous.log"):
            key = LogKey(namespace, pod, file.name[: -len(".previous.log")], True)
        elif file.suffix == ".log":
            key = LogKey(namespace, pod, file.stem, False)
        else:
            continue
        # a per-container file is more precise than logs.txt for the same container
        if file.name == "logs.txt" and key in state.logs:
            continue
        state.logs[key] = _read_text(file)

