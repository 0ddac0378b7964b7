"""Wait until every Deployment of a release has rolled out (what `kubectl rollout status` checks)."""

from __future__ import annotations

import time
from typing import Any


def not_rolled_out(deployment: dict[str, Any]) -> str | None:
    """Why `deployment` is not rolled out yet, or None when it is."""
    spec, status = deployment.get("spec") or {}, deployment.get("status") or {}
    name = deployment["metadata"]["name"]
    wanted = int(spec.get("replicas", 1))
    if int(status.get("observedGeneration", 0)) < int(deployment["metadata"].get("generation", 0)):
        return f"{name}: the controller has not seen the new spec yet"
    updated, available = int(status.get("updatedReplicas", 0)), int(status.get("availableReplicas", 0))
    if updated < wanted:
        return f"{name}: {updated} of {wanted} replicas updated"
    if available < wanted:
        return f"{name}: {available} of {wanted} updated replicas available"
    return None


def wait_rollout(api: Any, namespace: str, release: str, timeout: float, interval: float = 2.0) -> list[str]:
    """Problems left when the wait ends ([] means every deployment of the release is rolled out)."""
    ref = api.resource("apps/v1", "Deployment")
    selector = f"app.kubernetes.io/instance={release}"
    deadline = time.monotonic() + timeout
    while True:
        deployments = api.list(ref, namespace, label_selector=selector)
        problems = [p for p in (not_rolled_out(d) for d in deployments) if p] if deployments else [
            f"no deployments labelled {selector} in namespace {namespace}"]
        if not problems or time.monotonic() >= deadline:
            return problems
        time.sleep(interval)
