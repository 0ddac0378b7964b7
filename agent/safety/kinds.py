"""The objects a command line names (kinds and scopes themselves live in `agent.kube.kinds`)."""

from __future__ import annotations

from agent.kube.kinds import CLUSTER_SCOPED_KINDS, canonical_kind, is_cluster_scoped
from agent.safety.models import Target

__all__ = ["CLUSTER_SCOPED_KINDS", "canonical_kind", "is_cluster_scoped", "object_targets"]


def object_targets(positionals: list[str], namespace: str | None) -> list[Target]:
    """Targets from `TYPE NAME...`, `TYPE1,TYPE2 NAME` or `TYPE/NAME...` positionals."""
    if not positionals:
        return []

    def target(kind: str, name: str | None) -> Target:
        canon = canonical_kind(kind)
        return Target(kind=canon, name=name, namespace=None if is_cluster_scoped(canon) else namespace)

    if any("/" in p for p in positionals):
        return [target(*p.split("/", 1)) for p in positionals if "/" in p]
    kinds, names = positionals[0].split(","), positionals[1:]
    return [target(k, n) for k in kinds if k for n in (names or [None])]
