"""Generated artifacts on every fixture: real hadolint and shellcheck, helm lint and render, determinism."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from agent.generation.artifacts import render_artifacts
from agent.generation.detect import detect_app
from agent.generation.layout import Layout

from .conftest import ALL_FIXTURES, FIXTURES, run_generate

HADOLINT = str(Path(sys.executable).parent / "hadolint")
SHELLCHECK = shutil.which("shellcheck") or "/usr/bin/shellcheck"


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_dockerfiles_pass_hadolint_and_follow_the_contract(generated: dict[str, Path], name: str) -> None:
    dockerfiles = sorted((generated[name] / "docker").glob("*.Dockerfile"))
    assert dockerfiles
    result = subprocess.run([HADOLINT, *map(str, dockerfiles)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for dockerfile in dockerfiles:
        text = dockerfile.read_text()
        stages = [line for line in text.splitlines() if line.startswith("FROM ")]
        assert [s.rsplit(" AS ", 1)[1] for s in stages] == ["deps", "build", "runtime"]
        healthcheck = text[text.index("HEALTHCHECK"):]
        assert "curl" not in healthcheck
        assert "\nUSER 10001" in text
        assert (dockerfile.parent / f"{dockerfile.name}.dockerignore").is_file()


def test_python_dockerfile_contract(generated: dict[str, Path]) -> None:
    text = (generated["monorepo"] / "docker" / "backend.Dockerfile").read_text()
    assert "ARG PYTHON_IMAGE=python:3.13-slim" in text
    assert text.count("FROM ${PYTHON_IMAGE}") == 2  # deps and runtime; build extends deps
    assert "python3 -m venv /opt/venv" in text and "/opt/venv/bin/pip install --no-cache-dir -r requirements.txt" in text
    assert "useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin appuser" in text
    assert text.index("COPY requirements.txt") < text.index("COPY . .")
    assert "urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)" in text
    assert "apt-get" not in text and "adduser" not in text


def test_node_dockerfile_contract(generated: dict[str, Path]) -> None:
    text = (generated["monorepo"] / "docker" / "frontend-web.Dockerfile").read_text()
    assert "ARG NODE_IMAGE=node:20-alpine" in text and "npm ci" in text
    assert text.index("COPY package.json package-lock.json") < text.index("COPY . .")
    assert "/app/.next/standalone" in text and text.rstrip().endswith('CMD ["node", "server.js"]')
    assert "http://127.0.0.1:3000/api/health" in text


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_scripts_pass_shellcheck(generated: dict[str, Path], name: str) -> None:
    scripts = sorted((generated[name] / "scripts").glob("*.sh"))
    assert [s.name for s in scripts] == ["build-images.sh", "cleanup.sh", "deploy-minikube.sh", "health-check.sh",
                                         "rollback.sh"]
    result = subprocess.run([SHELLCHECK, *map(str, scripts)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    for script in scripts:
        assert "set -euo pipefail" in script.read_text()
        assert script.stat().st_mode & 0o111


def test_health_check_runs_against_a_local_server_without_a_cluster(tmp_path: Path) -> None:
    import http.server
    import threading

    class Ok(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/healthz" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = tmp_path / "out"
        run_generate(FIXTURES / "go-api", out, families=["scripts"])
        env = {"PATH": "/usr/bin:/bin", "GO_API_URL": f"http://127.0.0.1:{server.server_port}"}
        ok = subprocess.run(["bash", str(out / "scripts" / "health-check.sh")], env=env, capture_output=True, text=True)
        assert ok.returncode == 0, ok.stderr
        assert "all services healthy" in ok.stdout
    finally:
        server.shutdown()


def test_monorepo_chart_lints_and_renders_with_each_values_file(generated: dict[str, Path]) -> None:
    import helm_python

    chart = generated["monorepo"] / "helm-charts" / "monorepo"
    lint = helm_python.lint(chart, strict=True)
    assert [m for m in lint["messages"] if m["severity"] >= 2] == []
    loaded = helm_python.Chart.load(chart)
    for values_file in ("values.yaml", "values-dev.yaml", "values-prod.yaml"):
        values = yaml.safe_load((chart / values_file).read_text()) if values_file != "values.yaml" else {}
        rendered = loaded.render(values, name="todo", namespace="todo")
        docs = [d for name, text in rendered.items() if name.endswith(".yaml") for d in yaml.safe_load_all(text) if d]
        kinds = sorted({d["kind"] for d in docs})
        assert {"ConfigMap", "Deployment", "Service"} <= set(kinds)
        deployments = [d for d in docs if d["kind"] == "Deployment"]
        assert len(deployments) == 3
        for dep in deployments:
            pod = dep["spec"]["template"]["spec"]
            container = pod["containers"][0]
            assert pod["automountServiceAccountToken"] is False
            assert pod["securityContext"]["runAsUser"] == 10001
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
            assert dep["spec"]["strategy"]["rollingUpdate"] == {"maxUnavailable": 0, "maxSurge": 1}
            assert "checksum/config" in dep["spec"]["template"]["metadata"]["annotations"]
            assert not container["image"].endswith(":latest")
        if values_file == "values-prod.yaml":
            assert {"HorizontalPodAutoscaler", "NetworkPolicy", "Ingress"} <= set(kinds)
        web_config = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "todo-frontend-web-config")
        assert web_config["data"]["NEXT_PUBLIC_API_URL"] == "http://todo-backend:8000"


def test_secret_renders_only_when_a_value_is_set(generated: dict[str, Path]) -> None:
    import helm_python

    loaded = helm_python.Chart.load(generated["monorepo"] / "helm-charts" / "monorepo")
    assert loaded.render({}, name="t")["monorepo/templates/secret.yaml"].strip() == ""
    with_value = loaded.render({"secrets": {"databaseUrl": "postgres://u:p@db/x"}}, name="t")
    assert "DATABASE_URL:" in with_value["monorepo/templates/secret.yaml"]
    existing = loaded.render({"secrets": {"databaseUrl": "x"}, "existingSecret": "mine"}, name="t")
    assert existing["monorepo/templates/secret.yaml"].strip() == ""
    assert "name: mine" in existing["monorepo/templates/backend-deployment.yaml"]


def test_k8s_manifests_are_valid_yaml_with_the_constitution_settings(generated: dict[str, Path]) -> None:
    k8s = generated["monorepo"] / "k8s"
    deployment = yaml.safe_load((k8s / "backend-deployment.yaml").read_text())
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["resources"] == {"requests": {"cpu": "250m", "memory": "256Mi"},
                                      "limits": {"cpu": "500m", "memory": "512Mi"}}
    assert yaml.safe_load((k8s / "frontend-web-service.yaml").read_text())["spec"]["type"] == "NodePort"
    assert yaml.safe_load((k8s / "backend-service.yaml").read_text())["spec"]["type"] == "ClusterIP"
    secrets = list(yaml.safe_load_all((k8s / "secret.yaml.example").read_text()))
    assert all(value == "" for doc in secrets if doc for value in doc["stringData"].values())
    for path in k8s.glob("*.yaml"):
        assert all(doc is None or "kind" in doc for doc in yaml.safe_load_all(path.read_text()))


def test_docs_have_the_topology_and_failure_modes(generated: dict[str, Path]) -> None:
    docs = generated["monorepo"] / "docs"
    assert "```mermaid" in (docs / "ARCHITECTURE.md").read_text()
    assert "frontendWeb -->|NEXT_PUBLIC_API_URL| backend" in (docs / "ARCHITECTURE.md").read_text()
    troubleshooting = (docs / "TROUBLESHOOTING.md").read_text()
    for failure in ("ImagePullBackOff", "CrashLoopBackOff", "Pending", "OOMKilled", "probe"):
        assert failure in troubleshooting
    assert (docs / "DEPLOYMENT.md").is_file() and (docs / "SCRIPTS.md").is_file()


def test_rendering_is_deterministic() -> None:
    plan = detect_app(FIXTURES / "monorepo")
    first = render_artifacts(plan, Layout())
    second = render_artifacts(detect_app(FIXTURES / "monorepo"), Layout())
    assert first == second


def test_regeneration_is_byte_identical_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_generate(FIXTURES / "monorepo", out)
    assert first.write.written
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = run_generate(FIXTURES / "monorepo", out)
    assert again.write.written == [] and again.write.unchanged == len(first.write.written)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_layout_is_configurable(tmp_path: Path) -> None:
    plan = detect_app(FIXTURES / "monorepo")
    files = render_artifacts(plan, Layout(chart_dir="charts", scripts_dir="ops/scripts"), ["helm", "scripts"])
    assert "charts/monorepo/Chart.yaml" in files
    assert 'ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"' in files["ops/scripts/build-images.sh"]


def test_families_may_be_given_as_a_one_shot_iterable() -> None:
    plan = detect_app(FIXTURES / "go-api")
    files = render_artifacts(plan, Layout(), (family for family in ("scripts", "docker")))
    assert {path.split("/")[0] for path in files} == {"scripts", "docker"}
