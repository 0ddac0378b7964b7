"""The live source over real HTTP against a Kubernetes API emulator.

Scenario snapshots are loaded into the emulator (status as a controller left it);
the live source must read them back, fetch only the failing containers' logs, and
lead the engine to the same findings as the snapshot does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.diagnosis.engine import answer, diagnose
from agent.diagnosis.render import render_text
from agent.diagnosis.sources.errors import Unreachable
from agent.diagnosis.sources.live import LiveSource
from agent.diagnosis.sources.snapshot import load_snapshot

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
LIVE_SCENARIOS = ["crashloop-missing-env", "crashloop-db-refused", "crashloop-dns"]


def _findings(state, namespace):
    return sorted((f.analyzer, str(f.object), f.root_cause) for f in diagnose(state, namespace))


@pytest.mark.parametrize("name", LIVE_SCENARIOS)
def test_live_source_finds_what_the_snapshot_finds(fake_cluster, name: str) -> None:
    spec = yaml.safe_load((SCENARIOS / name / "expected.yaml").read_text())
    namespace = spec.get("namespace") or "todo"
    snapshot = load_snapshot(SCENARIOS / name)
    fake_cluster.put_state(snapshot)

    live = LiveSource(kubeconfig=fake_cluster.kubeconfig).load(namespace)

    assert live.label == f"live: kmock (namespace {namespace})"
    assert _findings(live, namespace) == _findings(snapshot, namespace)
    text = render_text(answer(live, spec["question"], namespace))
    assert all(s.lower() in text.lower() for s in spec["must_contain"]), text


def test_one_list_call_per_kind_and_logs_only_for_failing_containers(fake_cluster) -> None:
    snapshot = load_snapshot(SCENARIOS / "crashloop-missing-env")
    fake_cluster.put_state(snapshot)

    live = LiveSource(kubeconfig=fake_cluster.kubeconfig).load("todo")

    list_paths = [r.url.path for r in list(fake_cluster.emulator) if r.subresource is None]
    assert len(list_paths) == len(set(list_paths)), "a kind was listed more than once"
    assert all(r.name is None for r in list(fake_cluster.emulator) if r.subresource is None), "an object was fetched one by one"
    failing = {(p["metadata"]["name"]) for p in snapshot.of_kind("Pod", "todo")
               if any(cs.get("restartCount", 0) or "waiting" in (cs.get("state") or {})
                      for cs in p["status"].get("containerStatuses") or [])}
    assert {r["pod"] for r in fake_cluster.log_requests} == failing
    assert all(r["tailLines"] == "300" and r["limitBytes"] == "256000" for r in fake_cluster.log_requests)
    assert any(r["previous"].lower() == "true" for r in fake_cluster.log_requests)
    assert any(key.previous for key in live.logs)


def test_items_get_kind_and_api_version(fake_cluster) -> None:
    fake_cluster.put_state(load_snapshot(SCENARIOS / "crashloop-missing-env"))
    live = LiveSource(kubeconfig=fake_cluster.kubeconfig).load(None, all_namespaces=True)
    deployments = live.of_kind("Deployment")
    assert deployments and all(d["apiVersion"] == "apps/v1" for d in deployments)
    assert live.label == "live: kmock (all namespaces)"


def test_secret_values_never_leave_the_cluster(fake_cluster) -> None:
    fake_cluster.put({"kind": "Secret", "apiVersion": "v1", "metadata": {"name": "db", "namespace": "todo"},
                      "data": {"password": "c3VwZXJzZWNyZXQ="}})
    live = LiveSource(kubeconfig=fake_cluster.kubeconfig).load("todo")
    assert live.get("Secret", "todo", "db")["data"] == {"password": ""}


def test_forbidden_kind_degrades_to_a_warning_naming_the_permission(fake_cluster) -> None:
    fake_cluster.put_state(load_snapshot(SCENARIOS / "crashloop-missing-env"))
    fake_cluster.forbid("", "v1", "persistentvolumeclaims")

    live = LiveSource(kubeconfig=fake_cluster.kubeconfig).load("todo")

    assert "PersistentVolumeClaim" not in live.kinds_read
    assert "Pod" in live.kinds_read
    messages = [w.message for w in live.warnings]
    assert any("list persistentvolumeclaims in namespace todo" in m for m in messages), messages
    result = answer(live, "why is the backend pod crashing?", "todo")
    assert result.answered and "list persistentvolumeclaims in namespace todo" in render_text(result)


def test_context_default_namespace_is_used(fake_cluster) -> None:
    source = LiveSource(kubeconfig=fake_cluster.kubeconfig)
    assert source.default_namespace() == "todo"
    assert LiveSource(kubeconfig=fake_cluster.kubeconfig, namespace="shop").default_namespace() == "shop"


def test_unknown_context_lists_the_known_ones(fake_cluster) -> None:
    from agent.diagnosis.sources.errors import NotFound

    with pytest.raises(NotFound) as err:
        LiveSource(kubeconfig=fake_cluster.kubeconfig, context="prod").load("todo")
    assert "kmock" in err.value.hint


def test_unreachable_cluster_is_a_clear_error(tmp_path: Path) -> None:
    from tests.kmock_support import write_kubeconfig

    kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", "http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(Unreachable) as err:
        LiveSource(kubeconfig=kubeconfig, request_timeout=2).load("todo")
    assert "cannot reach the Kubernetes API server http://127.0.0.1:9" in err.value.message
    assert "--snapshot DIR" in err.value.hint and "kubeconfig" in err.value.hint


def test_missing_kubeconfig_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    with pytest.raises(Unreachable) as err:
        LiveSource(kubeconfig=tmp_path / "nope").load("todo")
    assert "no Kubernetes cluster is configured: no usable kubeconfig" in err.value.message


def test_snapshot_written_from_live_loads_back_to_the_same_state(fake_cluster, tmp_path: Path) -> None:
    from agent.diagnosis.sources.writer import write_snapshot

    fake_cluster.put_state(load_snapshot(SCENARIOS / "crashloop-missing-env"))
    fake_cluster.put({"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "cfg", "namespace": "todo"},
                      "data": {"LOG_LEVEL": "debug"}})
    live = LiveSource(kubeconfig=fake_cluster.kubeconfig).load("todo")

    summary = write_snapshot(live, tmp_path / "dump", namespaces=["todo"])
    loaded = load_snapshot(tmp_path / "dump")

    assert summary.logs == len(live.logs) > 0
    assert loaded.kinds_read == live.kinds_read
    assert loaded.logs == live.logs
    assert loaded.get("ConfigMap", "todo", "cfg")["data"] == {"LOG_LEVEL": ""}
    assert "debug" not in (tmp_path / "dump" / "todo" / "configmaps.json").read_text()
    for kind, objs in live.objects.items():
        if kind not in ("ConfigMap", "Secret"):
            assert sorted(map(str, loaded.objects[kind])) == sorted(map(str, objs)), kind
    assert _findings(loaded, "todo") == _findings(live, "todo")


def test_agent_snapshot_command_writes_a_loadable_snapshot(fake_cluster, tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from agent.cli.snapshot import command

    monkeypatch.setenv("KUBECONFIG", str(fake_cluster.kubeconfig))
    monkeypatch.setenv("AGENT_KUBECONFIG", str(fake_cluster.kubeconfig))
    fake_cluster.put_state(load_snapshot(SCENARIOS / "crashloop-missing-env"))
    result = CliRunner().invoke(command, [str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "logs to" in result.output
    assert (tmp_path / "out" / "todo" / "pods.json").exists()
    assert load_snapshot(tmp_path / "out").of_kind("Pod", "todo")


def test_forbidden_logs_degrade_to_one_warning_and_the_answer_says_logs_were_missing(fake_cluster) -> None:
    fake_cluster.put_state(load_snapshot(SCENARIOS / "crashloop-missing-env"))
    fake_cluster.logs_forbidden = True

    live = LiveSource(kubeconfig=fake_cluster.kubeconfig).load("todo")

    assert not live.logs
    assert [w.message for w in live.warnings if "pods/log" in w.message] == [
        "forbidden: get pods/log in namespace todo (the credentials of context 'kmock' lack this permission)"]
    assert len(fake_cluster.log_requests) == 1, "after a 403 no more logs of that namespace are requested"
    text = render_text(answer(live, "why is the backend pod crashing?", "todo"))
    assert "no logs were available for container backend" in text
