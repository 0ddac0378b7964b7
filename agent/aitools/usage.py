"""`kubectl top pods --containers` from the metrics API, and resource advice from comparing it with the specs.

The analysis chain's builtin step adds this to optimisation questions when the
source is a live cluster that serves `metrics.k8s.io` (metrics-server); a
snapshot or a cluster without metrics-server yields None, and the answer says so.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from agent.kube.quantities import cpu_millicores, memory_bytes

OPTIMISATION_WORDS = re.compile(r"optimi[sz]|resource|usage|\bcpu\b|memory|\btop\b|capacity|right-?siz|cost|"
                                r"over-?provision|requests?|limits?|scal", re.I)
NEAR_LIMIT = 0.9
IDLE_REQUEST = 0.1
MIN_IDLE_REQUEST_M = 100


class ContainerUsage(BaseModel):
    namespace: str
    pod: str
    container: str
    cpu_m: float  # millicores
    memory_bytes: int


def wants_usage(question: str) -> bool:
    return bool(OPTIMISATION_WORDS.search(question))


def read_pod_metrics(source: Any, namespace: str | None) -> list[ContainerUsage] | None:
    """Current usage per container, or None when there is no live cluster or no metrics API."""
    api_client = getattr(source, "api_client", None)
    if not callable(api_client):
        return None
    from kubernetes import client  # heavy: only for a live cluster
    from kubernetes.client.exceptions import ApiException

    api = client.CustomObjectsApi(api_client())
    try:
        if namespace:
            listed = api.list_namespaced_custom_object("metrics.k8s.io", "v1beta1", namespace, "pods",
                                                       _request_timeout=10)
        else:
            listed = api.list_cluster_custom_object("metrics.k8s.io", "v1beta1", "pods", _request_timeout=10)
    except ApiException as exc:
        if exc.status in (403, 404, 503):
            return None
        raise
    usage = []
    for item in listed.get("items", []):
        meta = item.get("metadata", {})
        for container in item.get("containers", []):
            use = container.get("usage", {})
            usage.append(ContainerUsage(namespace=meta.get("namespace", ""), pod=meta.get("name", ""),
                                        container=container.get("name", ""), cpu_m=cpu_millicores(use.get("cpu", "0")),
                                        memory_bytes=memory_bytes(use.get("memory", "0"))))
    return usage


def usage_report(state: Any, usage: list[ContainerUsage]) -> str:
    """A `kubectl top`-style table and one advice line per container whose use and spec disagree."""
    specs = _container_specs(state)
    rows = [f"{'NAMESPACE/POD':<48} {'CONTAINER':<20} {'CPU':>8} {'MEMORY':>10}"]
    advice = []
    for use in sorted(usage, key=lambda u: (-u.memory_bytes, u.namespace, u.pod)):
        rows.append(f"{use.namespace + '/' + use.pod:<48} {use.container:<20} {use.cpu_m:>7.0f}m "
                    f"{use.memory_bytes / 2**20:>8.0f}Mi")
        advice.extend(_advice(use, specs.get((use.namespace, use.pod, use.container), {})))
    return "\n".join(rows + ([""] + advice if advice else ["", "requests and limits match current use."]))


def _container_specs(state: Any) -> dict[tuple[str, str, str], dict]:
    specs = {}
    for pod in state.of_kind("Pod", None):
        meta = pod.get("metadata", {})
        for container in pod.get("spec", {}).get("containers", []):
            specs[(meta.get("namespace", ""), meta.get("name", ""), container.get("name", ""))] = \
                container.get("resources") or {}
    return specs


def _advice(use: ContainerUsage, resources: dict) -> list[str]:
    where = f"{use.namespace}/{use.pod} ({use.container})"
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    lines = []
    if not requests:
        lines.append(f"- {where}: no resource requests; set requests near current use "
                     f"(cpu {max(use.cpu_m, 10):.0f}m, memory {use.memory_bytes / 2**20:.0f}Mi) so the scheduler "
                     "and the HPA can work")
    if "memory" in limits and use.memory_bytes >= NEAR_LIMIT * memory_bytes(limits["memory"]):
        lines.append(f"- {where}: uses {use.memory_bytes / 2**20:.0f}Mi of its {limits['memory']} memory limit; "
                     "raise limits.memory or look for a leak before it is OOMKilled")
    if "cpu" in limits and use.cpu_m >= NEAR_LIMIT * cpu_millicores(limits["cpu"]):
        lines.append(f"- {where}: uses {use.cpu_m:.0f}m of its {limits['cpu']} CPU limit and is being throttled; "
                     "raise limits.cpu or scale out")
    if "cpu" in requests:
        requested = cpu_millicores(requests["cpu"])
        if requested >= MIN_IDLE_REQUEST_M and use.cpu_m < IDLE_REQUEST * requested:
            lines.append(f"- {where}: requests {requests['cpu']} CPU but uses {use.cpu_m:.0f}m; lower requests.cpu "
                         "to free schedulable capacity")
    return lines
