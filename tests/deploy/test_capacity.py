"""Capacity: the rendered chart's summed requests against the ready nodes' allocatable."""

from __future__ import annotations

from pathlib import Path

from agent.deploy.capacity import capacity, cpu_millis, memory_bytes
from agent.operate.releases import render_manifest
from agent.programs.helm import load_values

CHART = Path(__file__).resolve().parents[2] / "charts" / "todo-app"


def _node(name: str, cpu: str, memory: str, ready: bool = True) -> dict:
    return {"metadata": {"name": name}, "status": {"allocatable": {"cpu": cpu, "memory": memory},
                                                    "conditions": [{"type": "Ready", "status": str(ready)}]}}


def test_quantities() -> None:
    assert cpu_millis("250m") == 250 and cpu_millis("2") == 2000 and cpu_millis(1.5) == 1500
    assert memory_bytes("256Mi") == 256 * 2**20 and memory_bytes("1G") == 10**9 and memory_bytes("8048412Ki") > 0


def test_the_dev_release_fits_minikube_and_not_a_tiny_node() -> None:
    values = load_values([CHART / "values.yaml", CHART / "values-dev.yaml"])
    manifest = render_manifest(CHART, "todo-app", "todo", values, upgrade=False)
    fits = capacity([_node("minikube", "4", "8148412Ki")], manifest)
    assert fits.fits and fits.requested.cpu_millis == 450 and fits.requested.memory_bytes == 512 * 2**20
    assert len(fits.workloads) == 3
    tiny = capacity([_node("small", "400m", "256Mi"), _node("broken", "8", "32Gi", ready=False)], manifest)
    assert not tiny.fits and tiny.nodes_not_ready == ["broken"]
    assert tiny.missing() == ["CPU: the release requests 450m, the ready nodes allocate 400m",
                              "memory: the release requests 512Mi, the ready nodes allocate 256Mi"]


def test_a_bad_quantity_is_an_agent_error_with_a_hint() -> None:
    import pytest

    from agent.errors import AgentError

    manifest = ("kind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n"
                "        - resources: {requests: {cpu: lots}}\n")
    with pytest.raises(AgentError, match="not a Kubernetes quantity: 'lots'") as raised:
        capacity([_node("minikube", "4", "8Gi")], manifest)
    assert raised.value.hint
    assert cpu_millis("1e3m") == 1000 and memory_bytes("1K") == 1000
