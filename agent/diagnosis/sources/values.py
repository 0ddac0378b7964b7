"""Secret values never enter a ClusterState: sources keep a Secret's names and keys, not its data."""

from __future__ import annotations

from agent.diagnosis.state import Obj

VALUE_FIELDS = {"Secret": ("data", "stringData"), "ConfigMap": ("data", "binaryData")}
# the full manifest as last applied, values included
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def strip_values(obj: Obj, kinds: tuple[str, ...] = ("Secret",)) -> Obj:
    """Replace the values of a Secret (or of the given kinds) with "" in place; keys stay."""
    kind = obj.get("kind", "")
    if kind not in kinds:
        return obj
    for field in VALUE_FIELDS.get(kind, ()):
        if isinstance(obj.get(field), dict):
            obj[field] = {key: "" for key in obj[field]}
    annotations = (obj.get("metadata") or {}).get("annotations")
    if isinstance(annotations, dict):
        annotations.pop(LAST_APPLIED, None)
    return obj
