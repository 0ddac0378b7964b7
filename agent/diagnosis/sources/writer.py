"""Write a `ClusterState` as a snapshot directory (the layout `load_snapshot` reads).

`kubectl cluster-info dump` layout plus the kinds it leaves out and per-container
logs. ConfigMaps and Secrets keep names and keys only: values are written as "".
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Iterable

from pydantic import BaseModel

from agent.kube.kinds import CLUSTER_WIDE, NAMESPACED, KindInfo
from agent.diagnosis.sources.values import strip_values
from agent.diagnosis.state import ClusterState, Obj, namespace_of
from agent.errors import UsageError
from agent.textfiles import write_text_atomic


MARKER = "agent-snapshot.json"  # says the snapshot is complete: a kind it lists and holds no object of has none


class WriteSummary(BaseModel):
    directory: str
    objects: int
    kinds: int
    logs: int


def without_values(obj: Obj) -> Obj:
    return strip_values(copy.deepcopy(obj), kinds=("Secret", "ConfigMap"))


def _write_json(path: Path, data: object) -> None:
    write_text_atomic(path, json.dumps(data, indent=1, sort_keys=False) + "\n", sync=False)


def _write_list(path: Path, info: KindInfo, items: Iterable[Obj]) -> int:
    cleaned = [without_values(o) for o in items]
    _write_json(path, {"kind": f"{info.kind}List", "apiVersion": info.api_version, "metadata": {}, "items": cleaned})
    return len(cleaned)


def write_snapshot(state: ClusterState, directory: str | Path, namespaces: Iterable[str] | None = None) -> WriteSummary:
    """Write every kind the state read; namespaced kinds once per namespace (default: those holding objects)."""
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a directory", hint="choose a new directory for the snapshot")
    try:
        return _write_all(state, root, namespaces)
    except OSError as exc:
        raise UsageError(f"cannot write the snapshot to {root}: {exc.strerror or exc}",
                         hint="choose a directory you can write to, on a disk with free space") from None


def _write_all(state: ClusterState, root: Path, namespaces: Iterable[str] | None) -> WriteSummary:
    root.mkdir(parents=True, exist_ok=True)
    scopes = sorted(set(namespaces) if namespaces is not None else
                    {ns for info in NAMESPACED for o in state.of_kind(info.kind) if (ns := namespace_of(o))})
    objects = kinds = 0
    for info in CLUSTER_WIDE:
        if info.kind in state.kinds_read:
            objects += _write_list(root / f"{info.plural}.json", info, state.of_kind(info.kind))
            kinds += 1
    for info in NAMESPACED:
        if info.kind not in state.kinds_read:
            continue
        kinds += 1
        for ns in scopes:
            objects += _write_list(root / ns / f"{info.plural}.json", info, state.of_kind(info.kind, ns))
    _write_json(root / MARKER, {"format": "aiops-agent snapshot", "version": 1, "complete": True,
                                "kinds": sorted(k for k in state.kinds_read if k), "namespaces": scopes})
    for key, text in state.logs.items():
        name = f"{key.container}.previous.log" if key.previous else f"{key.container}.log"
        path = root / key.namespace / key.pod / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return WriteSummary(directory=str(root), objects=objects, kinds=kinds, logs=len(state.logs))
