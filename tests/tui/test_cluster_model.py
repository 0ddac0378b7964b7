"""Workload rows for the cluster pane: pods are tied to workloads by the workload's full label selector."""

from __future__ import annotations

from agent.diagnosis.state import ClusterState
from agent.tui.cluster_model import workload_rows


def _pod(name: str, labels: dict, reason: str | None = None) -> dict:
    state = {"waiting": {"reason": reason}} if reason else {"running": {}}
    return {"kind": "Pod", "metadata": {"name": name, "namespace": "todo", "labels": labels},
            "status": {"phase": "Running", "containerStatuses": [{"name": "c", "ready": reason is None, "state": state}]}}


def _deployment(name: str, selector: dict) -> dict:
    return {"kind": "Deployment", "metadata": {"name": name, "namespace": "todo"},
            "spec": {"replicas": 1, "selector": selector}}


def test_match_expressions_select_pods_like_match_labels():
    state = ClusterState()
    state.add_all([
        _deployment("api", {"matchExpressions": [{"key": "app", "operator": "In", "values": ["api"]}]}),
        _deployment("web", {"matchLabels": {"app": "web"}}),
        _pod("api-1", {"app": "api"}, "CrashLoopBackOff"),
        _pod("web-1", {"app": "web"}),
    ])
    rows = {r.name: r for r in workload_rows(state)}
    assert (rows["api"].status, rows["api"].ready) == ("CrashLoopBackOff", "0/1")
    assert (rows["web"].status, rows["web"].ready) == ("Running", "1/1")


def test_an_empty_selector_selects_no_pods():
    state = ClusterState()
    state.add_all([_deployment("odd", {}), _pod("web-1", {"app": "web"})])
    [row] = workload_rows(state)
    assert row.ready == "0/0"
