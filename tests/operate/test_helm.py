"""Helm: the real Helm v4 engine for lint/template/package, and the exact SDK calls of release operations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.gate import ApprovalGate, Decision
from agent.operate import releases
from tests.operate.fake_helm import FakeHelmConfig
from agent.tooling.base import ToolContext
from agent.programs.helm import (
    HelmClient,
    ReleaseInfo,
    helm_upgrade_command,
    load_values,
    previous_good_revision,
)
from tools.helm import HelmReleasesTool, HelmRollbackTool, HelmUninstallTool

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "todo-app"


@pytest.fixture
def helm_settings(tmp_path, monkeypatch):
    from agent.config import Settings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return Settings(namespace="todo", phr_dir=tmp_path / "phr", phr_enabled=True, context="minikube")


@pytest.fixture
def fake() -> FakeHelmConfig:
    return FakeHelmConfig()


def _client(settings, fake: FakeHelmConfig) -> HelmClient:
    def factory(**connection):
        fake.connection = connection
        return fake

    return HelmClient(settings, "todo", config_factory=factory)


def test_the_real_engine_lints_renders_and_packages_the_chart(tmp_path) -> None:
    import helm_python as helm

    values = load_values([CHART / "values.yaml", CHART / "values-dev.yaml"])
    assert values["backend"]["replicaCount"] == 1 and values["backend"]["image"]["repository"] == "todo-app-backend"
    lint = helm.lint(str(CHART), values, strict=True)
    assert not [m for m in lint["messages"] if m["severity"] >= 2], lint
    manifest = releases.render_manifest(CHART, "todo-app", "todo", values, upgrade=False)
    kinds = [d["kind"] for d in yaml.safe_load_all(manifest) if d]
    assert kinds.count("Deployment") == 3 and "Service" in kinds
    archive = helm.package(str(CHART), destination=str(tmp_path))
    assert Path(archive).name == "todo-app-1.0.0.tgz" and Path(archive).stat().st_size > 0


def test_upgrade_install_installs_first_then_upgrades_with_wait(helm_settings, fake) -> None:
    client = _client(helm_settings, fake)
    values_files = [CHART / "values-dev.yaml"]
    first = releases.upgrade(helm_settings, ApprovalGate(assume_yes=True), client, CHART, "todo-app", values_files)
    assert first.ok and fake.writes() == ["install"]
    _, args, kwargs = next(c for c in fake.calls if c[0] == "install")
    assert args[:2] == (str(CHART), "todo-app") and args[2]["backend"]["replicaCount"] == 1
    assert kwargs == {"namespace": "todo", "timeout": 300, "wait": "watcher", "rollback_on_failure": False,
                      "create_namespace": True}
    assert fake.connection == {"kubeconfig_path": None, "kube_context": "minikube", "namespace": "todo"}
    second = releases.upgrade(helm_settings, ApprovalGate(assume_yes=True), client, CHART, "todo-app", values_files,
                              atomic=True)
    assert second.ok and fake.writes() == ["install", "upgrade"]
    assert next(c for c in fake.calls if c[0] == "upgrade")[2]["rollback_on_failure"] is True
    phr = max(Path(helm_settings.phr_dir).rglob("*.md")).read_text()
    assert "helm upgrade --install todo-app" in phr and "--rollback-on-failure" in phr and "--yes" in phr
    assert "+# Source: todo-app/templates/backend-deployment.yaml" in phr  # the manifest diff


def test_failed_atomic_upgrade_is_rolled_back_and_says_so(helm_settings, fake) -> None:
    fake.seed("todo-app", ["superseded", "deployed"])
    fake.fail_next = "upgrade"
    result = releases.upgrade(helm_settings, ApprovalGate(assume_yes=True), _client(helm_settings, fake), CHART,
                              "todo-app", [CHART / "values-dev.yaml"], atomic=True)
    assert result.status == "failed" and "UPGRADE FAILED" in result.error
    assert "rolled the release back" in result.left_behind
    assert result.recovery == "agent release rollback todo-app 2 -n todo"
    assert [r["status"] for r in fake.releases["todo-app"]] == ["superseded", "superseded", "failed", "deployed"]


def test_rollback_defaults_to_the_previous_successful_revision(helm_settings, fake) -> None:
    fake.seed("todo-app", ["superseded", "superseded", "failed"])
    asked = []
    result = releases.rollback(helm_settings, ApprovalGate(asker=lambda r: asked.append(r) or Decision.YES),
                               _client(helm_settings, fake), "todo-app")
    assert result.ok and asked[0].action == "helm rollback todo-app 2 -n todo --kube-context minikube --wait"
    assert ("rollback", ("todo-app",), {"version": 2, "wait": "watcher", "timeout": 300}) in fake.calls
    assert previous_good_revision([ReleaseInfo(name="a", namespace="n", revision=1, status="failed", chart="c")]) \
        is None


def test_refused_rollback_and_read_only_uninstall_change_nothing(helm_settings, fake) -> None:
    fake.seed("todo-app", ["superseded", "deployed"])
    client = _client(helm_settings, fake)
    refused = releases.rollback(helm_settings, ApprovalGate(asker=lambda r: Decision.NO), client, "todo-app")
    read_only = releases.uninstall(helm_settings, ApprovalGate(read_only=True), client, "todo-app")
    assert refused.status == read_only.status == "refused" and fake.writes() == []


def test_uninstall_needs_the_release_name_typed_back(helm_settings, fake) -> None:
    fake.seed("todo-app", ["deployed"])
    asked = []
    result = releases.uninstall(helm_settings, ApprovalGate(asker=lambda r: asked.append(r) or Decision.YES),
                                _client(helm_settings, fake), "todo-app")
    assert asked[0].confirm_text == "todo-app" and result.ok and "todo-app" not in fake.releases


def test_tools_read_and_roll_back(helm_settings, fake) -> None:
    fake.seed("todo-app", ["superseded", "failed"])
    factory = lambda **_: fake
    ctx = ToolContext(settings=helm_settings)
    history = HelmReleasesTool(factory).run(HelmReleasesTool.Args(action="history", release="todo-app"), ctx)
    assert "failed" in history.output and len(history.data["history"]) == 2
    tool = HelmRollbackTool(helm_settings, factory)
    args = tool.parse_args({"release": "todo-app"})
    assert tool.modifies(args).value == "yes" and tool.describe_call(args).startswith("helm rollback todo-app")
    assert tool.run(args, ctx).output == "todo-app rolled back to revision 1"
    uninstall = HelmUninstallTool(helm_settings, factory)
    assert uninstall.classification(uninstall.parse_args({"release": "todo-app"})).confirm_text == "todo-app"


def test_upgrade_command_is_what_helm_would_run() -> None:
    assert helm_upgrade_command("todo-app", "charts/todo-app", "todo", [Path("charts/todo-app/values-dev.yaml")],
                                timeout=300, atomic=True) == (
        "helm upgrade --install todo-app charts/todo-app -n todo --create-namespace "
        "-f charts/todo-app/values-dev.yaml --wait --timeout 300s --rollback-on-failure")


def test_rollback_tool_refuses_a_revision_the_release_does_not_have(helm_settings, fake) -> None:
    fake.seed("todo-app", ["superseded", "deployed"])
    tool = HelmRollbackTool(helm_settings, lambda **_: fake)

    result = tool.run(tool.parse_args({"release": "todo-app", "revision": 7}), ToolContext(settings=helm_settings))

    assert result.status.value == "error" and "has no revision 7" in result.output and "choose one of: 1, 2" in \
        result.output
    assert fake.writes() == []


def test_a_values_file_that_is_not_a_mapping_is_an_agent_error(tmp_path: Path) -> None:
    from agent.programs.helm import HelmFailed

    listed = tmp_path / "values.yaml"
    listed.write_text("- replicaCount: 2\n")
    with pytest.raises(HelmFailed, match="is a YAML list, not a mapping") as raised:
        load_values([listed])
    assert raised.value.hint
