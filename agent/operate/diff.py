"""What `kubectl diff` shows: the live object against the server's dry-run result, as a unified diff.

Both sides are cleaned the same way (managedFields, resourceVersion, generation
and other server bookkeeping dropped) and Secret values are masked, so the diff
shows only what the apply would change, and never a secret.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml

from agent.textfiles import unified_diff

BOOKKEEPING = ("managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink")
MASK = "***"


def clean(obj: dict[str, Any] | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    out = copy.deepcopy(obj)
    meta = out.get("metadata") or {}
    for key in BOOKKEEPING:
        meta.pop(key, None)
    annotations = meta.get("annotations") or {}
    annotations.pop("kubectl.kubernetes.io/last-applied-configuration", None)
    if not annotations:
        meta.pop("annotations", None)
    out.pop("status", None)
    return out


def _mask_secrets(live: dict[str, Any] | None, merged: dict[str, Any] | None) -> None:
    """Masks Secret values; a changed value shows as a changed mask so the diff still reports the change."""
    for key in ("data", "stringData"):
        before = (live or {}).get(key) or {}
        after = (merged or {}).get(key) or {}
        if live is not None and key in live:
            live[key] = {k: MASK for k in before}
        if merged is not None and key in merged:
            merged[key] = {k: MASK if before.get(k) == v else f"{MASK} (changed)" for k, v in after.items()}


def object_diff(live: dict[str, Any] | None, merged: dict[str, Any], label: str) -> str:
    """Unified diff from `live` (None when the object is new) to `merged` (the dry-run result)."""
    before, after = clean(live), clean(merged)
    if merged.get("kind") == "Secret":
        _mask_secrets(before, after)
    old = yaml.safe_dump(before, sort_keys=True) if before is not None else ""
    return unified_diff(old, yaml.safe_dump(after, sort_keys=True), f"live/{label}", f"merged/{label}")
