"""The `ClusterSource` protocol and the one place a source is chosen: pasted files > --snapshot > live."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, Sequence, runtime_checkable

from agent.diagnosis.state import ClusterState


@runtime_checkable
class ClusterSource(Protocol):
    def load(self, namespace: str | None, all_namespaces: bool) -> ClusterState: ...


def open_source(settings: Any, files: Sequence[str | Path] | None = None) -> ClusterSource:
    """Pasted kubectl text if files are given, else the snapshot in settings, else the live cluster."""
    if files:
        from agent.diagnosis.sources.pasted import PastedSource

        return PastedSource([Path(f) for f in files])
    if getattr(settings, "snapshot", None):
        from agent.diagnosis.sources.snapshot import SnapshotSource

        return SnapshotSource(settings.snapshot)
    from agent.diagnosis.sources.live import LiveSource

    return LiveSource.from_settings(settings)
