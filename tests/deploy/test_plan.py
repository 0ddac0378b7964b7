"""`agent deploy --dry-run`: a complete, correct plan that changes nothing (no Minikube on this machine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.deploy.artifacts import find_artifacts
from agent.deploy.minikube import parse_docker_env, start_commands
from agent.deploy.plan import make_plan

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def test_dry_run_prints_every_step_with_exact_commands(tmp_path: Path) -> None:
    before = sorted(p.name for p in (REPO / "phr").glob("*")) if (REPO / "phr").is_dir() else []
    result = CliRunner().invoke(cli, ["deploy", "examples/todo-app", "--target", "minikube", "--dry-run",
                                      "--phr-dir", str(tmp_path / "phr")])
    assert result.exit_code == 0, result.output
    text = result.output
    steps = [line.split(":", 1)[0].split(". ", 1)[1] for line in text.splitlines()
             if line[:1].isdigit() and ". " in line]
    assert steps == ["cluster", "detect", "validate", "build", "install", "rollout", "smoke", "report"]
    for expected in [
        "namespace:    todo-app", "release:      todo-app", "values:       charts/todo-app/values-dev.yaml",
        ("eval $(minikube docker-env) && docker build -f docker/backend.Dockerfile -t todo-app-backend:1.0.0 "
         "examples/todo-app/backend"),
        "--build-arg NEXT_PUBLIC_API_URL=http://localhost:8000 examples/todo-app/frontend-web",
        ("helm upgrade --install todo-app charts/todo-app -n todo-app --kube-context minikube --create-namespace "
         "-f charts/todo-app/values-dev.yaml --set backend.image.repository=todo-app-backend "
         "--set backend.image.tag=1.0.0"),
        "kubectl rollout status deployment/todo-app-backend -n todo-app --context minikube --timeout=300s",
        ("kubectl wait --for=condition=ready pod -l app.kubernetes.io/instance=todo-app,"
         "app.kubernetes.io/component=backend"),
        ("kubectl port-forward svc/todo-app-backend 18000:8000 -n todo-app --context minikube & "
         "GET http://127.0.0.1:18000/health"),
        "frontend-web: http://$(minikube ip):30000", "frontend-chatbot: http://$(minikube ip):30001",
        "backend: http://127.0.0.1:18000", "todo-app-secrets", "nothing was built, installed or changed",
    ]:
        assert expected in text, expected
    assert not (tmp_path / "phr").exists()
    after = sorted(p.name for p in (REPO / "phr").glob("*")) if (REPO / "phr").is_dir() else []
    assert after == before


def test_dry_run_json_is_the_plan_model() -> None:
    result = CliRunner().invoke(cli, ["deploy", "examples/todo-app", "--dry-run", "-o", "json", "--target", "kind",
                                      "-n", "todo", "--tag", "dev"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["namespace"] == "todo" and plan["kube_context"] == "kind-kind"
    assert [s["name"] for s in plan["steps"]][:4] == ["detect", "validate", "build", "load"]
    assert {i["repository"] + ":" + i["tag"] for i in plan["images"]} == {
        "todo-app-backend:dev", "todo-app-frontend-chatbot:dev", "todo-app-frontend-web:dev"}


def test_current_target_uses_chart_defaults_and_the_local_daemon() -> None:
    plan = make_plan(Path("examples/todo-app"), target="current")
    assert plan.values_files == [] and plan.kube_context is None and "local Docker daemon" in plan.docker_daemon
    assert all(url.startswith("http://127.0.0.1:") for url in plan.urls.values())


def test_missing_artifacts_plan_a_generate_step(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "backend").mkdir(parents=True)
    (app / "backend" / "requirements.txt").write_text("fastapi==0.115.0\nuvicorn==0.30.0\n")
    (app / "backend" / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n\n"
                                             "@app.get('/health')\ndef health():\n    return {}\n")
    found = find_artifacts(app, "app", ["backend"])
    assert not found.complete and "docker/backend.Dockerfile" in found.missing
    plan = make_plan(app, target="current")
    generate = next(s for s in plan.steps if s.name == "generate")
    assert generate.mutates and generate.commands == [f"agent generate {app} --out {plan.artifacts.root}"]


def test_minikube_helpers() -> None:
    assert start_commands()[0] == ["minikube", "start", "--cpus=4", "--memory=8192", "--disk-size=20g",
                                   "--driver=docker"]
    assert [c[-1] for c in start_commands()[1:]] == ["ingress", "metrics-server", "dashboard"]
    env = parse_docker_env('export DOCKER_TLS_VERIFY="1"\nexport DOCKER_HOST="tcp://192.168.49.2:2376"\n'
                           'export DOCKER_CERT_PATH="/home/u/.minikube/certs"\n# To point your shell ...\n')
    assert env == {"DOCKER_TLS_VERIFY": "1", "DOCKER_HOST": "tcp://192.168.49.2:2376",
                   "DOCKER_CERT_PATH": "/home/u/.minikube/certs"}


def test_cluster_commands_say_what_is_missing_without_minikube(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    runner = CliRunner()
    up = runner.invoke(cli, ["cluster", "up", "--yes"])
    assert up.exit_code != 0 and "minikube is not installed" in str(up.exception or up.output)
    status = runner.invoke(cli, ["cluster", "status"])
    assert "minikube: not installed" in status.output and "minikube start --cpus=4 --memory=8192" in status.output


def test_minikube_status_of_a_multi_node_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.deploy.minikube import status

    nodes = ('[{"Name":"minikube","Host":"Running","Kubelet":"Running","APIServer":"Running"},'
             '{"Name":"minikube-m02","Host":"Running","Kubelet":"Running","APIServer":"Irrelevant"}]')
    fake = tmp_path / "minikube"
    fake.write_text(f"#!/bin/sh\necho '{nodes}'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))

    found = status()

    assert found.installed and found.running and (found.host, found.apiserver) == ("Running", "Running")
