"""Loading snapshots: cluster-info dump directories and single kubectl -o json|yaml files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from agent.diagnosis.sources.snapshot import SnapshotSource, load_snapshot
from agent.errors import UsageError
from tests.diagnosis.builders import deployment, event, node, pod, service, write_list


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    write_list(tmp_path / "nodes.json", [node()], "NodeList")
    write_list(tmp_path / "todo" / "pods.json", [pod("backend-1", app="backend")], "PodList")
    write_list(tmp_path / "todo" / "deployments.json", [deployment("backend")], "DeploymentList")
    write_list(tmp_path / "todo" / "events.json", [event("Pod", "backend-1", "BackOff", "Back-off")], "EventList")
    (tmp_path / "todo" / "persistentvolumeclaims.json").write_text("")
    write_list(tmp_path / "todo" / "services.json", [], "ServiceList")
    (tmp_path / "todo" / "backend-1").mkdir()
    (tmp_path / "todo" / "backend-1" / "logs.txt").write_text("starting\n")
    (tmp_path / "todo" / "backend-1" / "backend.previous.log").write_text("KeyError: DATABASE_URL\n")
    return tmp_path


def test_directory_loads_every_kind_and_sets_kind_and_namespace(dump: Path) -> None:
    state = load_snapshot(dump)
    backend = state.get("Pod", "todo", "backend-1")
    assert backend is not None and backend["kind"] == "Pod"
    assert state.get("Deployment", "todo", "backend")["kind"] == "Deployment"
    assert state.get("Node", None, "node-1") is not None
    assert [e["reason"] for e in state.events_for("Pod", "todo", "backend-1")] == ["BackOff"]
    assert state.label == f"snapshot: {dump}"


def test_empty_and_missing_files_are_told_apart(dump: Path) -> None:
    state = load_snapshot(dump)
    assert {"PersistentVolumeClaim", "Service"} <= state.kinds_read
    assert "Ingress" not in state.kinds_read
    assert state.of_kind("Service") == []


def test_logs_txt_is_the_first_containers_current_log(dump: Path) -> None:
    state = load_snapshot(dump)
    assert state.log("todo", "backend-1", "backend") == "starting\n"
    assert state.log("todo", "backend-1", "backend", previous=True) == "KeyError: DATABASE_URL\n"
    assert state.any_log("todo", "backend-1", "backend") == ("KeyError: DATABASE_URL\n", True)


def test_per_container_log_wins_over_logs_txt(dump: Path) -> None:
    (dump / "todo" / "backend-1" / "backend.log").write_text("from container file\n")
    assert load_snapshot(dump).log("todo", "backend-1", "backend") == "from container file\n"


def test_single_json_list_file(tmp_path: Path) -> None:
    f = tmp_path / "get.json"
    f.write_text(json.dumps({"kind": "List", "apiVersion": "v1",
                             "items": [pod("web-1", app="web"), service("web")]}))
    state = load_snapshot(f)
    assert state.get("Pod", "todo", "web-1") and state.get("Service", "todo", "web")


def test_single_object_and_multi_document_yaml(tmp_path: Path) -> None:
    one = tmp_path / "pod.yaml"
    one.write_text(yaml.safe_dump(pod("web-1")))
    assert load_snapshot(one).get("Pod", "todo", "web-1") is not None
    many = tmp_path / "all.yaml"
    many.write_text(yaml.safe_dump(deployment("web")) + "---\n" + yaml.safe_dump(service("web")) + "---\n")
    state = load_snapshot(many)
    assert state.kinds_read == {"Deployment", "Service"}


def test_empty_typed_list_marks_kind_read(tmp_path: Path) -> None:
    f = tmp_path / "pvc.json"
    f.write_text(json.dumps({"kind": "PersistentVolumeClaimList", "apiVersion": "v1", "items": []}))
    state = load_snapshot(f)
    assert state.kinds_read == {"PersistentVolumeClaim"} and state.of_kind("PersistentVolumeClaim") == []


@pytest.mark.parametrize("content, message", [
    ("this is: [not valid", "neither JSON nor YAML"),
    ("- 1\n- 2\n", "not a Kubernetes object"),
    ('{"apiVersion": "v1"}', "without kind"),
    ("", "no Kubernetes objects"),
])
def test_bad_file_says_what_was_expected(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(content)
    with pytest.raises(UsageError) as err:
        load_snapshot(f)
    assert message in err.value.message
    assert "kubectl get" in err.value.hint


def test_directory_without_snapshot_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    with pytest.raises(UsageError, match="no snapshot files"):
        load_snapshot(tmp_path)


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        SnapshotSource(tmp_path / "nope").load(None, False)


def test_corrupt_kind_file_degrades_to_a_warning(dump: Path) -> None:
    (dump / "todo" / "ingresses.json").write_text("{broken")
    state = load_snapshot(dump)
    assert "Ingress" not in state.kinds_read
    assert any("ingresses.json" in w.message for w in state.warnings)


def test_secret_values_are_dropped_on_load_keys_kept(tmp_path: Path) -> None:
    f = tmp_path / "secret.yaml"
    f.write_text(yaml.safe_dump({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                                 "metadata": {"name": "db", "namespace": "todo", "annotations": {
                                     "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"x"}}'}},
                                 "data": {"password": "c3VwZXJzZWNyZXQ="}, "stringData": {"user": "admin"}}))
    secret = load_snapshot(f).get("Secret", "todo", "db")
    assert secret["data"] == {"password": ""} and secret["stringData"] == {"user": ""}
    assert "supersecret" not in str(secret) and "c3VwZXJzZWNyZXQ" not in str(secret)
    assert secret["metadata"]["annotations"] == {}


def test_an_unwritable_snapshot_directory_is_a_usage_error(tmp_path: Path) -> None:
    from agent.diagnosis.sources.writer import write_snapshot

    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    source = tmp_path / "src"
    write_list(source / "todo" / "pods.json", [pod("backend-1")], "PodList")
    state = load_snapshot(source)
    with pytest.raises(UsageError) as err:
        write_snapshot(state, blocker / "snap")
    assert "cannot write the snapshot" in err.value.message and err.value.hint
