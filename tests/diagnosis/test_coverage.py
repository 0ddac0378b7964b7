"""Coverage: every answer says what it checked and what the source did not hold; CLI scope flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.cli.diagnose import EXIT_PROBLEMS, command
from agent.diagnosis.analyzers import all_analyzers
from agent.diagnosis.engine import coverage, diagnose_report
from agent.diagnosis.sources.snapshot import load_snapshot
from agent.diagnosis.sources.writer import write_snapshot
from agent.diagnosis.state import ClusterState
from tests.diagnosis.builders import container_status, deployment, node, pod, service, write_list


def kubectl_list(path: Path, items: list[dict]) -> Path:
    """What `kubectl get a,b -o json` prints: one List whose items carry their kind."""
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}))
    return path


def _ingress(name: str = "web", backend: str = "web") -> dict:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name, "namespace": "shop"},
            "spec": {"rules": [{"host": "shop.example", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": backend, "port": {"number": 80}}}}]}}]}}


def test_a_kind_the_snapshot_lacks_is_named_with_what_went_unchecked(tmp_path: Path) -> None:
    """An Ingress pointing at a Service that may or may not exist: without Services, say so, claim nothing."""
    report = diagnose_report(load_snapshot(kubectl_list(tmp_path / "ingress.json", [_ingress(backend="no-such-service")])))
    assert not any(f.analyzer == "ingress" and "does not exist" in f.root_cause for f in report.findings)
    assert report.coverage is not None and [(c.kind, c.count) for c in report.coverage.checked] == [("Ingress", 1)]
    assert "Services were not in the snapshot, so Ingress backends were not checked" in report.coverage.not_checked
    assert any("Pods" in n and "Deployments" in n and n.endswith("so none was checked") for n in report.coverage.not_checked)


def test_no_problems_is_said_only_about_what_was_checked(tmp_path: Path) -> None:
    kubectl_list(tmp_path / "list.json", [deployment("web", "shop", ready=1)])
    result = CliRunner().invoke(command, ["--snapshot", str(tmp_path / "list.json"), "-A"])
    assert result.output.startswith("No problems found: checked 1 Deployment in all namespaces")
    assert "gap(s) in coverage" in result.output
    assert "Not checked: Pods" in result.output


def test_a_complete_snapshot_turns_absent_kinds_into_known_empty(tmp_path: Path) -> None:
    """`agent snapshot` marks its directory complete: no Service file entry means there are no Services."""
    state = ClusterState(label="live: test")
    state.add_all([_ingress(backend="no-such-service"), node()])
    for kind in ("Service", "Secret", "IngressClass", "Pod"):
        state.mark_read(kind)
    write_snapshot(state, tmp_path / "snap")
    loaded = load_snapshot(tmp_path / "snap")
    assert loaded.complete and loaded.knows("Service")
    report = diagnose_report(loaded)
    assert any(f.analyzer == "ingress" and "no-such-service, which does not exist" in f.root_cause for f in report.findings)
    assert not any("Services were not" in n for n in report.coverage.not_checked)


def test_complete_flag_declares_a_single_list_closed_world(tmp_path: Path) -> None:
    kubectl_list(tmp_path / "list.json", [_ingress(backend="no-such-service")])
    result = CliRunner().invoke(command, ["--snapshot", str(tmp_path / "list.json"), "-A", "--complete", "-o", "json"])
    data = json.loads(result.output)
    assert data["coverage"]["complete"] is True
    assert any("no-such-service" in f["root_cause"] for f in data["findings"])


@pytest.mark.parametrize("analyzer", [a.name for a in all_analyzers()])
def test_every_analyzer_names_each_kind_it_reads_when_missing(analyzer: str) -> None:
    """Run one analyzer on a source holding its subject kinds but not kind K: the coverage line names K."""
    chosen = [a for a in all_analyzers() if a.name == analyzer]
    reads = chosen[0].reads()
    assert reads, f"{analyzer} declares no kinds"
    for missing in reads:
        state = ClusterState(label="snapshot: test")
        for kind in reads:
            if kind != missing:
                state.add({"kind": kind, "apiVersion": "v1", "metadata": {"name": f"x-{kind.lower()}", "namespace": "shop"}})
        notes = " | ".join(coverage(state, None, chosen).not_checked)
        from agent.diagnosis.models import plural

        assert f"{plural(missing)}" in notes and "were not in the snapshot" in notes, (analyzer, missing, notes)


def _shop(tmp_path: Path) -> Path:
    crashing = [container_status("web", ready=False, restarts=5, waiting="CrashLoopBackOff", last_exit=("Error", 1))]
    write_list(tmp_path / "nodes.json", [node()], "NodeList")
    write_list(tmp_path / "shop" / "pods.json", [pod("web-1", "shop", app="web", statuses=crashing),
                                                 pod("api-1", "shop", app="api")], "PodList")
    write_list(tmp_path / "shop" / "services.json", [service("api", "shop", selector={"app": "nothing-has-this"})])
    return tmp_path


def test_filter_runs_only_the_named_analyzers(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--snapshot", str(_shop(tmp_path)), "-A", "--filter", "service", "-o", "json"])
    data = json.loads(result.output)
    assert {f["analyzer"] for f in data["findings"]} == {"service"}
    assert data["coverage"]["analyzers"] == ["service"]


def test_unknown_filter_is_a_usage_error_that_lists_the_analyzers(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--snapshot", str(_shop(tmp_path)), "--filter", "nope"])
    assert result.exit_code == 2 and "unknown analyzer(s): nope" in result.output and "crashloop" in result.output


def test_list_analyzers_names_each_with_the_kinds_it_reads() -> None:
    result = CliRunner().invoke(command, ["--list-analyzers"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert set(lines) == {a.name for a in all_analyzers()}
    assert "also reads IngressClass, Service, Secret" in lines["ingress"]


def test_selector_keeps_findings_about_matching_objects(tmp_path: Path) -> None:
    snap = str(_shop(tmp_path))
    everything = json.loads(CliRunner().invoke(command, ["--snapshot", snap, "-A", "-o", "json"]).output)
    assert {f["object"]["kind"] for f in everything["findings"]} >= {"Service", "Pod"}
    only_web = json.loads(CliRunner().invoke(command, ["--snapshot", snap, "-A", "-l", "app=web", "-o", "json"]).output)
    assert only_web["findings"] and all(f["object"]["name"] == "web-1" for f in only_web["findings"])


def test_fail_on_sets_the_exit_code(tmp_path: Path) -> None:
    snap = str(_shop(tmp_path))
    assert CliRunner().invoke(command, ["--snapshot", snap, "-A"]).exit_code == 0
    assert CliRunner().invoke(command, ["--snapshot", snap, "-A", "--fail-on", "critical"]).exit_code == EXIT_PROBLEMS
    healthy = CliRunner().invoke(command, ["--snapshot", snap, "-A", "-l", "app=api", "--fail-on", "warning"])
    assert healthy.exit_code == 0, healthy.output


def test_namespace_scope_keeps_the_cluster_objects_its_pods_depend_on() -> None:
    """-n shop: the node its pod runs on, the PV its claim used and every admission webhook are reported."""
    def bad_node(name: str) -> dict:
        return {"kind": "Node", "apiVersion": "v1", "metadata": {"name": name},
                "status": {"conditions": [{"type": "Ready", "status": "False", "reason": "KubeletNotReady",
                                           "message": "PLEG is not healthy"}]}}
    pvc_pv = {"kind": "PersistentVolume", "apiVersion": "v1", "metadata": {"name": "pv-shop"},
              "spec": {"claimRef": {"namespace": "shop", "name": "data"}}, "status": {"phase": "Failed"}}
    other_pv = {"kind": "PersistentVolume", "apiVersion": "v1", "metadata": {"name": "pv-other"},
                "spec": {"claimRef": {"namespace": "other", "name": "data"}}, "status": {"phase": "Failed"}}
    hook = {"kind": "ValidatingWebhookConfiguration", "apiVersion": "admissionregistration.k8s.io/v1",
            "metadata": {"name": "gatekeeper"}, "webhooks": [{"name": "check.gatekeeper.sh", "clientConfig": {
                "service": {"namespace": "gatekeeper-system", "name": "gatekeeper-webhook"}}}]}
    state = ClusterState(label="snapshot: test")
    state.add_all([bad_node("node-a"), bad_node("node-b"), pvc_pv, other_pv, hook,
                   pod("web-1", "shop", app="web", node="node-a"), pod("api-1", "other", app="api", node="node-b")])
    state.mark_read("Service")
    reported = {str(f.object) for f in diagnose_report(state, "shop").findings}
    assert {"Node/node-a", "PersistentVolume/pv-shop", "ValidatingWebhookConfiguration/gatekeeper"} <= reported
    assert not reported & {"Node/node-b", "PersistentVolume/pv-other", "Pod/other/api-1"}


def test_set_based_selector_and_a_bad_selector(tmp_path: Path) -> None:
    snap = str(_shop(tmp_path))
    web = json.loads(CliRunner().invoke(command, ["--snapshot", snap, "-A", "-l", "app in (web,cache)", "-o", "json"]).output)
    assert web["findings"] and all(f["object"]["name"] == "web-1" for f in web["findings"])
    bad = CliRunner().invoke(command, ["--snapshot", snap, "-A", "-l", "app in (web"])
    assert bad.exit_code == 2 and "unbalanced" in bad.output
