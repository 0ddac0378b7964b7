"""A stand-in for `helm_python.Config` that keeps releases in memory and records every call.

Helm's SDK cannot install into the kmock emulator (it needs the OpenAPI schema,
which kmock does not serve), so release operations are tested on the exact
calls we make, with the SDK's own argument names and result shapes.
"""

from __future__ import annotations

from typing import Any


class HelmNotFoundError(Exception):
    """Named like the SDK's: HelmClient maps errors by class name."""


class HelmReleaseError(Exception):
    pass


class FakeHelmConfig:
    def __init__(self, **connection: Any) -> None:
        self.connection = connection
        self.calls: list[tuple[str, tuple, dict]] = []
        self.releases: dict[str, list[dict[str, Any]]] = {}
        self.fail_next: str | None = None  # "upgrade" or "install": that action raises HelmReleaseError

    def seed(self, name: str, statuses: list[str], namespace: str = "todo") -> None:
        self.releases[name] = [self._summary(name, i + 1, s, namespace) for i, s in enumerate(statuses)]

    @staticmethod
    def _summary(name: str, revision: int, status: str, namespace: str = "todo") -> dict[str, Any]:
        return {"name": name, "namespace": namespace, "revision": revision, "status": status,
                "chart_name": "todo-app", "chart_version": "1.0.0", "app_version": "1.0.0",
                "deployed_at": f"2026-01-0{revision}T00:00:00Z", "manifest": f"# revision {revision}\n"}

    def _record(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.calls.append((name, args, kwargs))

    def writes(self) -> list[str]:
        return [c[0] for c in self.calls if c[0] in ("install", "upgrade", "rollback", "uninstall")]

    def history(self, name: str, **kw: Any) -> list[dict[str, Any]]:
        self._record("history", name, **kw)
        if name not in self.releases:
            raise HelmNotFoundError("release: not found")
        return list(self.releases[name])

    def status(self, name: str, **kw: Any) -> dict[str, Any]:
        self._record("status", name, **kw)
        if name not in self.releases:
            raise HelmNotFoundError("release: not found")
        return self.releases[name][-1]

    def list(self, **kw: Any) -> list[dict[str, Any]]:
        self._record("list", **kw)
        return [revisions[-1] for revisions in self.releases.values()]

    def install(self, chart: str, name: str, values: dict | None = None, **kw: Any) -> dict[str, Any]:
        self._record("install", chart, name, values, **kw)
        if self.fail_next == "install":
            self.fail_next = None
            raise HelmReleaseError("context deadline exceeded: resources not ready")
        self.releases[name] = [self._summary(name, 1, "deployed", kw.get("namespace", "todo"))]
        return self.releases[name][-1]

    def upgrade(self, chart: str, name: str, values: dict | None = None, **kw: Any) -> dict[str, Any]:
        self._record("upgrade", chart, name, values, **kw)
        revisions = self.releases[name]
        if self.fail_next == "upgrade":
            self.fail_next = None
            revisions.append(self._summary(name, len(revisions) + 1, "failed"))
            if kw.get("rollback_on_failure"):
                good = [r for r in revisions if r["status"] == "deployed"][-1]
                good["status"] = "superseded"
                revisions.append({**good, "revision": len(revisions) + 1, "status": "deployed"})
            raise HelmReleaseError("UPGRADE FAILED: context deadline exceeded")
        for r in revisions:
            if r["status"] == "deployed":
                r["status"] = "superseded"
        revisions.append(self._summary(name, len(revisions) + 1, "deployed"))
        return revisions[-1]

    def rollback(self, name: str, **kw: Any) -> None:
        self._record("rollback", name, **kw)
        revisions = self.releases[name]
        for r in revisions:
            if r["status"] == "deployed":
                r["status"] = "superseded"
        revisions.append({**revisions[kw["version"] - 1], "revision": len(revisions) + 1, "status": "deployed"})

    def uninstall(self, name: str, **kw: Any) -> dict[str, Any]:
        self._record("uninstall", name, **kw)
        self.releases.pop(name)
        return {"info": f"release \"{name}\" uninstalled"}
