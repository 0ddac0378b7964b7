"""Choosing the cluster source: pasted files > --snapshot > live."""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings
from agent.diagnosis.sources.base import ClusterSource, open_source
from agent.diagnosis.sources.live import LiveSource, failing_containers, permission
from agent.kube.kinds import BY_KIND
from agent.diagnosis.sources.pasted import PastedSource
from agent.diagnosis.sources.snapshot import SnapshotSource
from tests.diagnosis.builders import container_status, pod


def test_pasted_files_win_over_snapshot_and_live(tmp_path: Path) -> None:
    settings = Settings(snapshot=tmp_path)
    source = open_source(settings, files=[tmp_path / "describe.txt"])
    assert isinstance(source, PastedSource) and isinstance(source, ClusterSource)
    assert isinstance(open_source(settings), SnapshotSource)


def test_live_source_takes_context_and_namespace_from_settings(tmp_path: Path) -> None:
    source = open_source(Settings(context="prod", namespace="shop", kubeconfig=tmp_path / "kc"))
    assert isinstance(source, LiveSource)
    assert (source.context, source.namespace, source.kubeconfig) == ("prod", "shop", str(tmp_path / "kc"))


def test_in_cluster_config_is_used_only_without_a_kubeconfig(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1")
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "absent"))
    assert LiveSource()._use_in_cluster() is True
    (tmp_path / "absent").write_text("apiVersion: v1\n")
    assert LiveSource()._use_in_cluster() is False


def test_permission_names_what_to_grant() -> None:
    assert permission(BY_KIND["PersistentVolumeClaim"], "todo") == "list persistentvolumeclaims in namespace todo"
    assert permission(BY_KIND["Pod"], None) == "list pods in all namespaces"
    assert permission(BY_KIND["Node"], "todo") == "list nodes (cluster-wide)"


def test_logs_are_wanted_only_for_failing_containers() -> None:
    statuses = [container_status("ok"), container_status("crash", ready=False, restarts=3, waiting="CrashLoopBackOff"),
                container_status("new", ready=False, waiting="ContainerCreating"),
                {"name": "unready", "ready": False, "restartCount": 0, "state": {"running": {}}}]
    containers = [{"name": s["name"]} for s in statuses]
    got = failing_containers(pod("p", containers=containers, statuses=statuses))
    assert got == [("crash", False, True), ("unready", True, False)]


def test_can_i_command_for_a_missing_permission() -> None:
    from agent.diagnosis.sources.live import can_i

    assert can_i("list persistentvolumeclaims in namespace todo") == "kubectl auth can-i list persistentvolumeclaims -n todo"
    assert can_i("list pods in all namespaces") == "kubectl auth can-i list pods -A"
    assert can_i("list nodes (cluster-wide)") == "kubectl auth can-i list nodes"
    assert can_i("get pods/log in namespace todo") == "kubectl auth can-i get pods/log -n todo"
