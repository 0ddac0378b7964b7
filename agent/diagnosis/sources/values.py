"""Secret values never enter a ClusterState: sources keep a Secret's names and keys, not its data."""

from __future__ import annotations

from agent.diagnosis.state import Obj

VALUE_FIELDS = {"Secret": ("data", "stringData"), "ConfigMap": ("data", "binaryData")}
# the full manifest as last applied, values included
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


SIZE_FIELD = "_valueBytes"  # the size of the values a source stripped, kept so a size check still works


def value_bytes(obj: Obj) -> int:
    """Bytes of a Secret's or ConfigMap's keys and (decoded) values, as the API server's 1 MiB limit counts them."""
    if SIZE_FIELD in obj:
        return int(obj[SIZE_FIELD])
    total = 0
    for field in ("data", "binaryData", "stringData"):
        values = obj.get(field)
        if not isinstance(values, dict):
            continue
        base64 = field == "binaryData" or (field == "data" and obj.get("kind") == "Secret")
        for key, value in values.items():
            text = value if isinstance(value, str) else str(value or "")
            size = len(text) * 3 // 4 - text[-2:].count("=") if base64 else len(text.encode("utf-8"))
            total += len(key) + max(size, 0)
    return total


def strip_values(obj: Obj, kinds: tuple[str, ...] = ("Secret",)) -> Obj:
    """Replace the values of a Secret (or of the given kinds) with "" in place; keys stay, and their size."""
    kind = obj.get("kind", "")
    if kind not in kinds:
        return obj
    obj[SIZE_FIELD] = value_bytes(obj)
    for field in VALUE_FIELDS.get(kind, ()):
        if isinstance(obj.get(field), dict):
            obj[field] = {key: "" for key in obj[field]}
    annotations = (obj.get("metadata") or {}).get("annotations")
    if isinstance(annotations, dict):
        annotations.pop(LAST_APPLIED, None)
    return obj
