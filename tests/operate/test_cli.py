"""The operations commands end to end (CliRunner) against the emulated API server; Helm reads and uninstall run
through the real Helm SDK against release records stored the way Helm stores them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from agent.cli import cli
from agent.errors import ApprovalRequired, UsageError
from agent.operate.errors import NotApproved
from tests.operate.helm_storage import release_secret

CONFIGMAP = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config", "namespace": "todo"},
             "data": {"LOG_LEVEL": "INFO"}}
DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "backend", "namespace": "todo"},
              "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "backend"}},
                       "template": {"metadata": {"labels": {"app": "backend"}}, "spec": {"containers": []}}}}


@pytest.fixture
def run(api_server, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(cli, [*args, "--kubeconfig", str(api_server.kubeconfig), "-n", "todo",
                                        "--phr-dir", str(tmp_path / "phr")])

    return invoke


@pytest.fixture
def manifest(tmp_path) -> Path:
    path = tmp_path / "cm.yaml"
    path.write_text(yaml.safe_dump(CONFIGMAP))
    return path


def test_apply_with_yes_shows_the_diff_and_applies(run, api_server, manifest) -> None:
    result = run("apply", str(manifest), "--yes")
    assert result.exit_code == 0, result.output
    assert "create     configmap/app-config -n todo" in result.output and "+  LOG_LEVEL: INFO" in result.output
    assert api_server.get("ConfigMap", "todo", "app-config")["data"] == {"LOG_LEVEL": "INFO"}
    assert "no changes" in run("apply", str(manifest), "--yes").output


def test_apply_without_a_terminal_or_yes_changes_nothing(run, api_server, manifest) -> None:
    result = run("apply", str(manifest))
    assert isinstance(result.exception, ApprovalRequired) and "--yes" in result.exception.hint
    assert api_server.writes() == []


def test_apply_read_only_and_diff_only(run, api_server, manifest) -> None:
    refused = run("apply", str(manifest), "--read-only")
    assert isinstance(refused.exception, NotApproved) and "nothing was changed" in refused.exception.hint
    diff = run("apply", str(manifest), "--diff-only")
    assert diff.exit_code == 0 and "+++ merged/configmap/app-config -n todo" in diff.output
    assert api_server.writes() == []


def test_prune_requires_a_selector(run, manifest) -> None:
    assert isinstance(run("apply", str(manifest), "--prune", "--yes").exception, UsageError)


def test_scale_events_and_logs(run, api_server) -> None:
    api_server.put(DEPLOYMENT)
    api_server.put({"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": "backend-1", "namespace": "todo", "labels": {"app": "backend"}}})
    api_server.logs[("todo", "backend-1", "")] = "ready on :8000\n"
    api_server.put({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e1", "namespace": "todo"},
                    "involvedObject": {"kind": "Pod", "name": "backend-1"}, "reason": "Started", "type": "Normal",
                    "message": "Started container backend", "lastTimestamp": "2026-01-01T00:00:00Z"})
    scaled = run("scale", "deploy/backend", "--replicas", "2", "--yes")
    assert scaled.exit_code == 0 and "scaled from 1 to 2" in scaled.output
    assert "Started container backend" in run("events", "--for", "pod/backend-1").output
    assert run("logs", "deploy/backend").output == "ready on :8000\n"
    refused = run("restart", "deploy/backend", "--read-only")
    assert isinstance(refused.exception, NotApproved)


def test_release_reads_and_uninstall_through_the_real_helm_sdk(run, api_server) -> None:
    for revision, status in enumerate(["superseded", "failed", "deployed"], 1):
        api_server.put(release_secret("todo-app", revision, status))
    listed = run("release", "list")
    assert listed.exit_code == 0 and "todo-app" in listed.output and "deployed" in listed.output
    history = run("release", "history", "todo-app").output.splitlines()
    assert [line.split()[2] for line in history[1:]] == ["superseded", "failed", "deployed"]
    refused = run("release", "uninstall", "todo-app", "--read-only")
    assert isinstance(refused.exception, NotApproved) and api_server.writes() == []
    yes_alone = run("release", "uninstall", "todo-app", "--yes")  # --yes never approves a destructive call
    assert yes_alone.exit_code != 0 and "--confirm todo-app" in str(yes_alone.exception.hint)
    assert api_server.writes() == []
    removed = run("release", "uninstall", "todo-app", "--yes", "--confirm", "todo-app")
    assert removed.exit_code == 0, removed.output
    assert api_server.get("Secret", "todo", "sh.helm.release.v1.todo-app.v3") is None
    assert "no releases" in run("release", "list").output
