"""Optimisation advice from the metrics API (`kubectl top` equivalent) against a kmock Kubernetes API."""

from __future__ import annotations

import pytest

from agent.aitools.analysis import analyze
from agent.aitools.usage import cpu_millicores, memory_bytes, read_pod_metrics, wants_usage
from agent.diagnosis.sources.live import LiveSource
from agent.diagnosis.sources.snapshot import SnapshotSource
from agent.gate import ApprovalGate
from tests.aitools.conftest import PROJECTS
from tests.live.conftest import fake_cluster  # noqa: F401  (the kmock API server fixture)

HEALTHY = PROJECTS.parents[1] / "scenarios" / "healthy-todo"
QUESTION = "how can I optimise cpu and memory in namespace todo?"


def _metrics(pods: dict[str, tuple[str, str, str]]) -> dict:
    return {"kind": "PodMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "items": [
        {"metadata": {"name": pod, "namespace": "todo"}, "timestamp": "2025-11-26T05:00:00Z", "window": "15s",
         "containers": [{"name": container, "usage": {"cpu": cpu, "memory": memory}}]}
        for pod, (container, cpu, memory) in pods.items()]}


@pytest.mark.parametrize(("quantity", "millicores"), [("250m", 250), ("1", 1000), ("1500000n", 1.5), ("0.5", 500)])
def test_cpu_quantities(quantity, millicores):
    assert cpu_millicores(quantity) == pytest.approx(millicores)


def test_memory_quantities():
    assert memory_bytes("512Mi") == 512 * 2**20 and memory_bytes("1G") == 10**9 and memory_bytes("2048Ki") == 2**21


def test_usage_is_added_to_optimisation_questions_with_advice(fake_cluster, no_ai_tools,  # noqa: F811
                                                              offline_settings):
    from kmock import resource

    fake_cluster.put_state(SnapshotSource(HEALTHY).load(None, True))
    fake_cluster.emulator["list", resource("metrics.k8s.io", "v1beta1", "pods")] << _metrics({
        "backend-cw74ccshm4-nw94j": ("backend", "480m", "500Mi"),
        "frontend-web-pzfg5c9dk-7f6qz": ("frontend-web", "2m", "90Mi"),
    })
    source = LiveSource(kubeconfig=fake_cluster.kubeconfig)
    result = analyze(QUESTION, namespace="todo", settings=offline_settings(), load_state=lambda: source.load("todo"),
                     gate=ApprovalGate(), source=source)
    assert result.accepted == "builtin"
    text = result.text
    assert "Resource usage (metrics.k8s.io, like `kubectl top pods --containers`)" in text
    assert "todo/backend-cw74ccshm4-nw94j (backend): uses 500Mi of its 512Mi memory limit" in text
    assert "todo/backend-cw74ccshm4-nw94j (backend): uses 480m of its 500m CPU limit" in text
    assert "todo/frontend-web-pzfg5c9dk-7f6qz (frontend-web): requests 100m CPU but uses 2m" in text
    assert result.step("builtin").changes == ["added usage of 2 container(s) from metrics.k8s.io"]


def test_without_metrics_server_the_answer_says_so(fake_cluster, no_ai_tools, offline_settings):  # noqa: F811
    from kmock import resource

    fake_cluster.put_state(SnapshotSource(HEALTHY).load(None, True))
    # the API server answers 404 for metrics.k8s.io when metrics-server is not installed
    fake_cluster.emulator["list", resource("metrics.k8s.io", "v1beta1", "pods")] << 404
    source = LiveSource(kubeconfig=fake_cluster.kubeconfig)
    assert read_pod_metrics(source, "todo") is None
    result = analyze(QUESTION, namespace="todo", settings=offline_settings(), load_state=lambda: source.load("todo"),
                     source=source)
    assert "minikube addons enable metrics-server" in result.text


def test_snapshots_and_diagnosis_questions_skip_usage():
    assert read_pod_metrics(SnapshotSource(HEALTHY), "todo") is None
    assert wants_usage(QUESTION) and not wants_usage("why is the backend pod crashing?")
