"""Does the release fit? Summed resource requests of the rendered chart against the nodes' allocatable."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel

from agent.errors import AgentError
from agent.kube.kinds import SCALABLE as WORKLOADS
from agent.kube.pods import is_node_ready
from agent.kube.quantities import parse_quantity


class BadQuantity(AgentError):
    """A request or an allocatable amount is not a Kubernetes quantity."""


def _base_units(value: Any) -> float:
    parsed = parse_quantity(value)
    if parsed is None:
        raise BadQuantity(f"not a Kubernetes quantity: {value!r}",
                          hint="write CPU as `250m` or `1`, memory as `256Mi` or `1G` in the chart's resources")
    return parsed


def cpu_millis(value: Any) -> int:
    return round(_base_units(value) * 1000)


def memory_bytes(value: Any) -> int:
    return int(_base_units(value))


class Requests(BaseModel):
    cpu_millis: int = 0
    memory_bytes: int = 0

    def __add__(self, other: Requests) -> Requests:
        return Requests(cpu_millis=self.cpu_millis + other.cpu_millis,
                        memory_bytes=self.memory_bytes + other.memory_bytes)

    def text(self) -> str:
        return f"{self.cpu_millis}m CPU, {self.memory_bytes / 2**20:.0f}Mi memory"


def release_requests(manifest: str) -> tuple[Requests, list[str]]:
    """Total requests of every workload (replicas x containers) in a rendered manifest, and per workload."""
    total, lines = Requests(), []
    for doc in yaml.safe_load_all(manifest):
        if not isinstance(doc, dict) or doc.get("kind") not in WORKLOADS:
            continue
        spec = doc.get("spec") or {}
        replicas = int(spec.get("replicas", 1))
        pod = ((spec.get("template") or {}).get("spec")) or {}
        one = Requests()
        for container in pod.get("containers") or []:
            requests = (container.get("resources") or {}).get("requests") or {}
            one = one + Requests(cpu_millis=cpu_millis(requests.get("cpu", 0)),
                                 memory_bytes=memory_bytes(requests.get("memory", 0)))
        workload = Requests(cpu_millis=one.cpu_millis * replicas, memory_bytes=one.memory_bytes * replicas)
        total = total + workload
        lines.append(f"{doc['metadata']['name']}: {replicas} x ({one.text()})")
    return total, lines


class CapacityReport(BaseModel):
    nodes_ready: list[str]
    nodes_not_ready: list[str]
    allocatable: Requests
    requested: Requests
    workloads: list[str]

    @property
    def fits(self) -> bool:
        return bool(self.nodes_ready) and self.requested.cpu_millis <= self.allocatable.cpu_millis \
            and self.requested.memory_bytes <= self.allocatable.memory_bytes

    def missing(self) -> list[str]:
        out = []
        if not self.nodes_ready:
            out.append("no node is Ready")
        if self.requested.cpu_millis > self.allocatable.cpu_millis:
            out.append(f"CPU: the release requests {self.requested.cpu_millis}m, the ready nodes allocate "
                       f"{self.allocatable.cpu_millis}m")
        if self.requested.memory_bytes > self.allocatable.memory_bytes:
            out.append(f"memory: the release requests {self.requested.memory_bytes / 2**20:.0f}Mi, the ready nodes "
                       f"allocate {self.allocatable.memory_bytes / 2**20:.0f}Mi")
        return out


def capacity(nodes: list[dict[str, Any]], manifest: str) -> CapacityReport:
    ready, not_ready, allocatable = [], [], Requests()
    for node in nodes:
        name = node["metadata"]["name"]
        if is_node_ready(node):
            ready.append(name)
            alloc = (node.get("status") or {}).get("allocatable") or {}
            allocatable = allocatable + Requests(cpu_millis=cpu_millis(alloc.get("cpu", 0)),
                                                 memory_bytes=memory_bytes(alloc.get("memory", 0)))
        else:
            not_ready.append(name)
    requested, workloads = release_requests(manifest)
    return CapacityReport(nodes_ready=ready, nodes_not_ready=not_ready, allocatable=allocatable, requested=requested,
                          workloads=workloads)
