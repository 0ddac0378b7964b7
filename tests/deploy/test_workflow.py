"""The deploy workflow against the emulated API server: install -> rollout -> smoke, failures mid-deploy,
diagnosis, the rollback offer, refusal and read-only. Helm is the recording stand-in (see fake_helm.py);
the build step is covered for real by test_docker_smoke.py."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from agent.deploy.plan import make_plan
from agent.deploy.progress import Progress
from agent.deploy.workflow import Dependencies, DeployRun
from agent.gate import ApprovalGate, Decision
from agent.operate.kube import KubeApi
from tests.operate.fake_helm import FakeHelmConfig
from agent.programs.helm import HelmClient

REPO = Path(__file__).resolve().parents[2]
SERVICES = ("backend", "frontend-chatbot", "frontend-web")


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path.endswith("health") else 404)
        self.end_headers()
        self.wfile.write(b'{"status":"healthy"}')

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class ControllerHelm(FakeHelmConfig):
    """Helm that, like Helm plus the controllers, leaves the release's Deployments and Pods in the cluster."""

    def __init__(self, api_server, healthy: bool = True) -> None:
        super().__init__()
        self.api_server, self.healthy = api_server, healthy

    def _materialise(self, name: str, namespace: str) -> None:
        for service in SERVICES:
            labels = {"app.kubernetes.io/instance": name, "app.kubernetes.io/component": service}
            available = 1 if self.healthy else 0
            self.api_server.put({"apiVersion": "apps/v1", "kind": "Deployment",
                                 "metadata": {"name": f"{name}-{service}", "namespace": namespace, "labels": labels,
                                              "generation": 1},
                                 "spec": {"replicas": 1, "selector": {"matchLabels": labels}},
                                 "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1,
                                            "availableReplicas": available}})
            state = ({"running": {"startedAt": "2026-01-01T00:00:00Z"}} if self.healthy else
                     {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off restarting failed container"}})
            self.api_server.put({"apiVersion": "v1", "kind": "Pod",
                                 "metadata": {"name": f"{name}-{service}-abc", "namespace": namespace,
                                              "labels": labels},
                                 "spec": {"containers": [{"name": service, "image": f"todo-app-{service}:1.0.0"}]},
                                 "status": {"phase": "Running", "conditions": [
                                     {"type": "Ready", "status": "True" if self.healthy else "False"}],
                                     "containerStatuses": [{"name": service, "ready": self.healthy,
                                                            "restartCount": 0 if self.healthy else 4,
                                                            "state": state}]}})

    def install(self, chart, name, values=None, **kw):
        result = super().install(chart, name, values, **kw)
        self._materialise(name, kw["namespace"])
        return result

    def upgrade(self, chart, name, values=None, **kw):
        result = super().upgrade(chart, name, values, **kw)
        self._materialise(name, kw["namespace"])
        return result


def _plan(**kw):
    plan = make_plan(REPO / "examples" / "todo-app", target="current", namespace="todo", wait_timeout=1, **kw)
    plan.steps = [s for s in plan.steps if s.name != "build"]  # built for real in test_docker_smoke.py
    return plan


def _run(settings, gate, plan, helm, health_url, diagnosed=None, kube_timeout=30.0, **kw) -> DeployRun:
    def diagnose(namespace: str) -> str:
        from agent.diagnosis.engine import diagnose_report
        from agent.diagnosis.render import render_text
        from agent.diagnosis.sources.live import LiveSource

        text = render_text(diagnose_report(LiveSource.from_settings(settings).load(namespace), namespace))
        if diagnosed is not None:
            diagnosed.append(text)
        return text

    deps = Dependencies(kube_api=lambda: KubeApi.from_settings(settings, timeout=kube_timeout),
                        helm_client=lambda ns: HelmClient(settings, ns, config_factory=lambda **_: helm),
                        docker_client=lambda plan: pytest.fail("the build step is not part of these plans"),
                        validate=lambda path: pytest.fail("validation is skipped here"), diagnose=diagnose)
    return DeployRun(settings, gate, plan, deps, progress=Progress(len(plan.steps)), skip_validate=True,
                     smoke_options={"base_urls": {s: health_url for s in SERVICES}, "ready_timeout": 0.5,
                                    "attempts": 2, "delay": 0.1}, rollout_interval=0.1, **kw)


def test_a_healthy_deploy_installs_rolls_out_smoke_tests_and_reports_urls(
        api_server, ops_settings, health_server, capsys) -> None:
    settings = ops_settings()
    helm = ControllerHelm(api_server)
    result = _run(settings, ApprovalGate(assume_yes=True), _plan(), helm, health_server).run()
    assert result.ok, result.failed_step
    assert [s.name for s in result.steps] == ["detect", "validate", "install", "rollout", "smoke", "report"]
    assert helm.writes() == ["install"] and result.smoke.ok and len(result.smoke.checks) == 3
    assert all(c.ready for c in result.smoke.checks)
    progress = capsys.readouterr().err
    assert "[3/6] install:" in progress and "[6/6] report" in progress
    phrs = list(Path(settings.phr_dir).rglob("*.md"))
    assert len(phrs) == 4  # detect, install (the mutation), rollout, smoke; skipped steps and the report write none
    assert any("helm upgrade --install todo-app" in p.read_text() for p in phrs)


def test_failing_rollout_is_diagnosed_and_a_rollback_is_offered(api_server, ops_settings, health_server) -> None:
    settings = ops_settings()
    helm = ControllerHelm(api_server, healthy=False)
    helm.seed("todo-app", ["deployed"])
    asked = []
    diagnosed: list[str] = []
    result = _run(settings, ApprovalGate(asker=lambda r: asked.append(r) or Decision.YES), _plan(), helm,
                  health_server, diagnosed).run()
    assert not result.ok and result.failed_step.name == "rollout"
    assert "0 of 1 updated replicas available" in result.failed_step.detail
    assert diagnosed and "crash" in result.diagnosis.lower()
    assert [r.tool for r in asked] == ["helm_upgrade", "helm_rollback"]
    assert asked[1].action == "helm rollback todo-app 1 -n todo --wait"
    assert result.rollback.ok and helm.writes() == ["upgrade", "rollback"]


def test_refused_install_stops_without_changes_or_rollback(api_server, ops_settings, health_server) -> None:
    helm = ControllerHelm(api_server)
    helm.seed("todo-app", ["superseded", "deployed"])
    result = _run(ops_settings(), ApprovalGate(asker=lambda r: Decision.NO), _plan(), helm, health_server).run()
    assert result.failed_step.name == "install" and result.failed_step.status == "refused"
    assert helm.writes() == [] and result.rollback is None and result.diagnosis is None


def test_read_only_deploy_changes_nothing(api_server, ops_settings, health_server) -> None:
    helm = ControllerHelm(api_server)
    result = _run(ops_settings(), ApprovalGate(read_only=True), _plan(), helm, health_server).run()
    assert result.failed_step.status == "refused" and helm.writes() == [] and api_server.writes() == []


@pytest.mark.parametrize("status, hang, expected", [
    (403, 0, "forbidden"), (500, 0, "HTTP 500"), (500, 3, "did not answer"),
])
def test_server_error_mid_deploy_then_recovery(api_server, ops_settings, health_server, status, hang,
                                               expected) -> None:
    settings = ops_settings()
    helm = ControllerHelm(api_server)
    # a hang is injected twice: the client retries an idempotent GET once
    api_server.fail("GET", "/namespaces/todo/deployments", status=status, message="injected",
                    times=2 if hang else 1, hang_seconds=hang)
    first = _run(settings, ApprovalGate(assume_yes=True), _plan(), helm, health_server, offer_rollback=False,
                 kube_timeout=1).run()
    assert first.failed_step.name == "rollout" and expected in first.failed_step.detail
    assert first.rollback is None
    again = _run(settings, ApprovalGate(assume_yes=True), _plan(), helm, health_server).run()
    assert again.ok and helm.writes() == ["install", "upgrade"]


def test_unhealthy_endpoint_fails_the_smoke_test(api_server, ops_settings, health_server, monkeypatch) -> None:
    monkeypatch.setattr(_Health, "status", 503)
    helm = ControllerHelm(api_server)
    result = _run(ops_settings(), ApprovalGate(assume_yes=True), _plan(), helm, health_server,
                  offer_rollback=False).run()
    assert result.failed_step.name == "smoke" and "HTTP 503" in result.failed_step.detail
    assert result.diagnosis is not None


def test_without_minikube_the_deploy_stops_at_the_cluster_step(api_server, ops_settings, health_server,
                                                               monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    helm = ControllerHelm(api_server)
    plan = make_plan(REPO / "examples" / "todo-app", target="minikube", namespace="todo")
    plan.steps = [s for s in plan.steps if s.name in ("cluster", "install")]
    result = _run(ops_settings(), ApprovalGate(assume_yes=True), plan, helm, health_server).run()
    assert result.failed_step.name == "cluster" and "minikube is not installed" in result.failed_step.detail
    assert [s.name for s in result.steps] == ["cluster"] and helm.writes() == [] and result.rollback is None


class HelmKubeError(Exception):
    """Named like the SDK's: HelmClient maps errors by class name."""


def test_an_unreachable_cluster_at_install_keeps_the_hint(api_server, ops_settings, health_server) -> None:
    class Unreachable(ControllerHelm):
        def history(self, *args, **kw):
            raise HelmKubeError("dial tcp 127.0.0.1:6443: connect: connection refused")

    result = _run(ops_settings(), ApprovalGate(assume_yes=True), _plan(), Unreachable(api_server),
                  health_server, offer_rollback=False).run()
    assert result.failed_step.name == "install" and "cannot be reached" in result.failed_step.detail
    assert "hint: check `agent cluster status`" in result.failed_step.detail
