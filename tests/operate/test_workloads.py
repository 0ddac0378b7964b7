"""Scale, restart, logs and events against the emulated API server, through the gate and as tools."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.errors import UsageError
from agent.gate import ApprovalGate, Decision
from agent.operate import workloads
from agent.operate.kube import KubeApi
from agent.tooling.base import ToolContext
from tools.k8s_ops import EventsTool, LogsTool, RestartTool, ScaleTool

DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "backend", "namespace": "todo"},
              "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "backend"}},
                       "template": {"metadata": {"labels": {"app": "backend"}}, "spec": {"containers": []}}}}


def _pod(name: str, app: str = "backend") -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "todo", "labels": {"app": app}},
            "status": {"phase": "Running"}}


@pytest.fixture
def api(api_server, ops_settings) -> KubeApi:
    api_server.put(DEPLOYMENT)
    return KubeApi.from_settings(ops_settings())


def test_scale_asks_then_patches_replicas_and_records_the_way_back(api_server, ops_settings, api) -> None:
    settings = ops_settings()
    asked = []
    result = workloads.scale(settings, ApprovalGate(asker=lambda r: asked.append(r) or Decision.YES), api,
                             workloads.parse_target("deploy/backend", "todo"), 3)
    assert asked[0].action == "kubectl scale deployment/backend --replicas=3 -n todo"
    assert result.ok and api_server.get("Deployment", "todo", "backend")["spec"]["replicas"] == 3
    phr = next(Path(settings.phr_dir).rglob("*.md")).read_text()
    assert "-  replicas: 1" in phr and "+  replicas: 3" in phr and "approved by user" in phr


def test_refused_and_read_only_scale_change_nothing(api_server, ops_settings, api) -> None:
    target = workloads.parse_target("deploy/backend", "todo")
    assert workloads.scale(ops_settings(), ApprovalGate(asker=lambda r: Decision.NO), api, target, 0).status \
        == "refused"
    assert workloads.scale(ops_settings(), ApprovalGate(read_only=True), api, target, 0).decided_by == "read-only"
    assert api_server.writes() == [] and api_server.get("Deployment", "todo", "backend")["spec"]["replicas"] == 1


def test_restart_sets_the_restarted_at_annotation(api_server, ops_settings, api) -> None:
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    result = workloads.restart(ops_settings(), ApprovalGate(assume_yes=True), api,
                               workloads.parse_target("deployment/backend", "todo"), now=now)
    assert result.ok
    annotations = api_server.get("Deployment", "todo", "backend")["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"kubectl.kubernetes.io/restartedAt": "2026-01-02T03:04:05Z"}


def test_a_failed_restart_says_what_it_left_behind(api_server, ops_settings, api) -> None:
    api_server.fail("PATCH", "/deployments/backend", status=500)
    result = workloads.restart(ops_settings(), ApprovalGate(assume_yes=True), api,
                               workloads.parse_target("deploy/backend", "todo"))
    assert result.status == "failed" and "HTTP 500" in result.error
    assert "no restart was triggered" in result.left_behind and "rollout status" in result.recovery


def test_logs_of_a_deployment_read_each_pod_and_are_redacted(api_server, api) -> None:
    api_server.put(_pod("backend-1"))
    api_server.put(_pod("backend-2"))
    api_server.put(_pod("web-1", app="web"))
    api_server.logs[("todo", "backend-1", "")] = "started\npassword=hunter2-very-secret\n"
    api_server.logs[("todo", "backend-2", "")] = "ready\n"
    text = workloads.logs(api, workloads.parse_target("deploy/backend", "todo"), tail=50)
    assert "==> pod/backend-1 <==" in text and "==> pod/backend-2 <==" in text and "web-1" not in text
    assert "hunter2" not in text and "REDACTED" in text
    log_reads = [s for s in api_server.served if s.path.endswith("/log")]
    assert {s.params["tailLines"] for s in log_reads} == {"50"}


def test_pods_of_a_workload_selected_by_match_expressions_only(api_server, api) -> None:
    api_server.put({**DEPLOYMENT, "metadata": {"name": "worker", "namespace": "todo"},
                    "spec": {**DEPLOYMENT["spec"], "selector": {"matchExpressions": [
                        {"key": "app", "operator": "In", "values": ["worker"]}]}}})
    api_server.put(_pod("worker-1", app="worker"))
    api_server.put(_pod("backend-1"))
    assert workloads.pods_of(api, workloads.parse_target("deploy/worker", "todo")) == ["worker-1"]


def test_events_of_one_object_oldest_first(api_server, api) -> None:
    for i, (name, reason) in enumerate([("backend", "ScalingReplicaSet"), ("web", "Pulled"), ("backend", "Unhealthy")]):
        api_server.put({"apiVersion": "v1", "kind": "Event", "metadata": {"name": f"e{i}", "namespace": "todo"},
                        "involvedObject": {"kind": "Deployment", "name": name}, "reason": reason, "type": "Normal",
                        "message": f"m{i}", "lastTimestamp": f"2026-01-01T00:00:0{3 - i}Z"})
    rows = workloads.events(api, "todo", "deploy/backend")
    assert [r.reason for r in rows] == ["Unhealthy", "ScalingReplicaSet"]
    assert "Unhealthy" in workloads.render_events(rows)


def test_targets_are_checked() -> None:
    with pytest.raises(UsageError):
        workloads.parse_target("configmap/x", "todo")
    assert workloads.parse_target("backend", "todo").label == "deployment/backend -n todo"


def test_tools_report_modifies_and_run(api_server, ops_settings) -> None:
    api_server.put(DEPLOYMENT)
    api_server.put(_pod("backend-1"))
    api_server.logs[("todo", "backend-1", "")] = "hello\n"
    settings = ops_settings()
    ctx = ToolContext(settings=settings)
    scale = ScaleTool(settings)
    args = scale.parse_args({"target": "deploy/backend", "replicas": 2})
    assert scale.modifies(args).value == "yes"
    assert scale.describe_call(args) == "kubectl scale deploy/backend --replicas=2 -n todo"
    assert scale.run(args, ctx).status.value == "ok"
    assert RestartTool(settings).modifies(RestartTool.Args(target="deploy/backend")).value == "yes"
    assert LogsTool().run(LogsTool.Args(target="pod/backend-1"), ctx).output == "hello\n"
    assert LogsTool().modifies(LogsTool.Args(target="pod/backend-1")).value == "no"
    assert EventsTool().run(EventsTool.Args(), ctx).status.value == "no_data"
