"""`agent apply` against the emulated API server: dry run + diff, approval, read-only, server errors, recovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from agent.gate import ApprovalGate, Decision
from agent.operate.apply import apply
from agent.operate.kube import KubeApi

DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "backend", "namespace": "todo", "labels": {"app.kubernetes.io/instance": "todo"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "backend"}},
             "template": {"metadata": {"labels": {"app": "backend"}},
                          "spec": {"containers": [{"name": "backend", "image": "todo-app-backend:1.0.0"}]}}},
}
CONFIGMAP = {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "backend-config", "namespace": "todo",
                          "labels": {"app.kubernetes.io/instance": "todo"}},
             "data": {"LOG_LEVEL": "INFO"}}


def _write(tmp_path: Path, *objects: dict) -> Path:
    path = tmp_path / "manifests"
    path.mkdir(parents=True, exist_ok=True)
    for obj in objects:
        (path / f"{obj['kind'].lower()}-{obj['metadata']['name']}.yaml").write_text(yaml.safe_dump(obj))
    return path


def _phr_texts(settings) -> list[str]:
    return [p.read_text() for p in sorted(Path(settings.phr_dir).rglob("*.md"))]


def test_dry_run_and_diff_come_before_the_question_and_then_apply(api_server, ops_settings, tmp_path) -> None:
    live = api_server.put({**CONFIGMAP, "data": {"LOG_LEVEL": "DEBUG"}})
    seen: list = []

    def asker(request):
        # when asked, the server has seen only reads and dry runs
        seen.append((request, list(api_server.writes())))
        return Decision.YES

    settings = ops_settings()
    result = apply(settings, ApprovalGate(asker=asker), _write(tmp_path, CONFIGMAP, DEPLOYMENT))

    (request, writes_before), = seen
    assert writes_before == []
    assert "kubectl apply --server-side --field-manager=aiops-agent" in request.action
    assert {c.object: c.action for c in result.plan.changes} == {
        "configmap/backend-config -n todo": "configure", "deployment/backend -n todo": "create"}
    assert "-  LOG_LEVEL: DEBUG\n+  LOG_LEVEL: INFO" in result.plan.diff
    dry_runs = [s for s in api_server.served if s.params.get("dryRun") == "All"]
    assert len(dry_runs) == 2 and all(s.content_type.startswith("application/apply-patch+yaml") for s in dry_runs)
    assert result.mutation.ok and result.mutation.decided_by == "user"
    applies = api_server.writes()
    assert [s.params["fieldManager"] for s in applies] == ["aiops-agent", "aiops-agent"]
    assert api_server.get("ConfigMap", "todo", "backend-config")["data"] == {"LOG_LEVEL": "INFO"}
    assert api_server.get("Deployment", "todo", "backend")["spec"]["replicas"] == 2
    assert live["metadata"]["uid"] == api_server.get("ConfigMap", "todo", "backend-config")["metadata"]["uid"]
    phr, = _phr_texts(settings)
    assert "LOG_LEVEL: DEBUG" in phr and "aiops-agent" in phr and "user" in phr and "applied:" in phr


def test_nothing_to_change_asks_nothing(api_server, ops_settings, tmp_path) -> None:
    api_server.put(CONFIGMAP)
    result = apply(ops_settings(), ApprovalGate(), _write(tmp_path, CONFIGMAP))
    assert result.mutation is None and result.plan.pending == [] and api_server.writes() == []


def test_refused_approval_changes_nothing_and_is_recorded(api_server, ops_settings, tmp_path) -> None:
    settings = ops_settings()
    result = apply(settings, ApprovalGate(asker=lambda r: Decision.NO), _write(tmp_path, DEPLOYMENT))
    assert result.mutation.status == "refused" and api_server.writes() == []
    assert api_server.get("Deployment", "todo", "backend") is None
    phr, = _phr_texts(settings)
    assert "refused" in phr and "deployment/backend" in phr


def test_read_only_refuses_without_asking(api_server, ops_settings, tmp_path) -> None:
    def asker(_request):
        raise AssertionError("read-only must not ask")

    result = apply(ops_settings(), ApprovalGate(read_only=True, asker=asker), _write(tmp_path, DEPLOYMENT))
    assert result.mutation.status == "refused" and result.mutation.decided_by == "read-only"
    assert api_server.writes() == []


@pytest.mark.parametrize("status, reason, expected", [
    (409, "Conflict", "--force-conflicts"),
    (403, "Forbidden", "RBAC"),
    (500, "InternalError", "retry"),
])
def test_server_error_mid_apply_says_what_was_applied_and_how_to_recover(
        api_server, ops_settings, tmp_path, status, reason, expected) -> None:
    # the dry runs pass; the second real apply fails
    api_server.fail("PATCH", "/deployments/backend", status=status, reason=reason, message="injected",
                    times=2)
    api_server.failures[0].times = 0
    manifests = _write(tmp_path, CONFIGMAP, DEPLOYMENT)
    plan_calls = {"n": 0}

    def asker(_request):
        plan_calls["n"] += 1
        api_server.failures[0].times = 1  # fail the real apply, not the dry run
        return Decision.YES

    settings = ops_settings()
    result = apply(settings, ApprovalGate(asker=asker), manifests)
    mutation = result.mutation
    assert mutation.status == "failed"
    assert "applied: configmap/backend-config -n todo; failed at deployment/backend -n todo" in mutation.error
    assert expected in mutation.error and mutation.left_behind and "agent apply" in mutation.recovery
    assert api_server.get("Deployment", "todo", "backend") is None
    phr, = _phr_texts(settings)
    assert "State left behind" in phr and "How to recover" in phr

    # recovery: the failure is gone, re-running applies only what still differs
    again = apply(settings, ApprovalGate(assume_yes=True), manifests)
    assert {c.object: c.action for c in again.plan.pending} == {"deployment/backend -n todo": "create"}
    assert again.mutation.ok and api_server.get("Deployment", "todo", "backend") is not None


def test_a_hanging_server_times_out_with_a_hint(api_server, ops_settings, tmp_path) -> None:
    api_server.fail("PATCH", "/configmaps/backend-config", hang_seconds=3)
    api = KubeApi.from_settings(ops_settings(), timeout=1)
    from agent.operate.errors import ApiTimeout

    with pytest.raises(ApiTimeout) as caught:
        apply(ops_settings(), ApprovalGate(assume_yes=True), _write(tmp_path, CONFIGMAP), api=api)
    assert "did not answer" in caught.value.message and caught.value.hint
    assert api_server.writes() == []


def test_prune_needs_a_selector_and_deleting_a_secret_needs_its_name(api_server, ops_settings, tmp_path) -> None:
    from agent.errors import UsageError

    with pytest.raises(UsageError):
        apply(ops_settings(), ApprovalGate(assume_yes=True), _write(tmp_path, CONFIGMAP), prune_selector=" ")
    api_server.put(CONFIGMAP)
    api_server.put({"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": "old", "namespace": "todo", "labels": {"app.kubernetes.io/instance": "todo"}},
                    "data": {}})
    api_server.put({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "unrelated", "namespace": "todo"}})
    asked = []
    result = apply(ops_settings(), ApprovalGate(asker=lambda r: asked.append(r) or Decision.NO),
                   _write(tmp_path, CONFIGMAP), prune_selector="app.kubernetes.io/instance=todo")
    assert [c.object for c in result.plan.pending] == ["configmap/old -n todo"]
    assert asked[0].confirm_text is None and "--prune -l app.kubernetes.io/instance=todo" in asked[0].action
    assert api_server.get("ConfigMap", "todo", "old") is not None

    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": "todo",
                                                               "labels": {"tier": "db"}}, "data": {"p": "eA=="}}
    api_server.put(secret)
    asked.clear()
    keep = {**secret, "metadata": {**secret["metadata"], "name": "keep"}}
    result = apply(ops_settings(), ApprovalGate(asker=lambda r: asked.append(r) or Decision.YES),
                   _write(tmp_path / "s", keep), prune_selector="tier=db")
    assert asked[0].confirm_text == "db"
    assert result.mutation.ok and api_server.get("Secret", "todo", "db") is None


def test_a_failed_prune_says_what_was_applied_before_it(api_server, ops_settings, tmp_path) -> None:
    api_server.put({"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": "old", "namespace": "todo", "labels": {"app.kubernetes.io/instance": "todo"}},
                    "data": {}})
    api_server.fail("DELETE", "/configmaps/old", status=500, reason="InternalError", message="injected")
    result = apply(ops_settings(), ApprovalGate(assume_yes=True), _write(tmp_path, CONFIGMAP),
                   prune_selector="app.kubernetes.io/instance=todo")
    assert result.mutation.status == "failed"
    assert "applied: configmap/backend-config -n todo; failed at configmap/old -n todo" in result.mutation.error
    assert api_server.get("ConfigMap", "todo", "old") is not None


def test_secret_values_never_reach_the_diff(api_server, ops_settings, tmp_path) -> None:
    api_server.put({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "todo"},
                    "data": {"password": "b2xkLXNlY3JldA=="}})
    new = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "todo"},
           "data": {"password": "bmV3LXNlY3JldA=="}}
    result = apply(ops_settings(), ApprovalGate(asker=lambda r: Decision.NO), _write(tmp_path, new))
    assert "b2xk" not in result.plan.diff and "bmV3" not in result.plan.diff
    assert "*** (changed)" in result.plan.diff
    assert json.dumps(result.model_dump()).count("bmV3") == 0
