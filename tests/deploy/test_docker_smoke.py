"""For real: `agent deploy`'s build step builds the backend with the local dockerd, the container runs on the
host network on a free port, and both the generated scripts/health-check.sh and the deploy smoke-test step pass
against it (and fail once it is stopped)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.deploy.plan import DeployPlan, make_plan
from agent.deploy.progress import Progress
from agent.deploy.smoke import run_smoke
from agent.deploy.workflow import Dependencies, DeployRun
from agent.gate import ApprovalGate
from tests.docker.conftest import unique_tag
from tools import docker as d

pytestmark = [pytest.mark.docker, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
TAG = unique_tag("deploy-backend")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def backend_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Todo backend as a one-service app, generated the way a user would (`agent generate`)."""
    root = tmp_path_factory.mktemp("backend-app")
    app = root / "todo-backend"
    shutil.copytree(REPO / "examples" / "todo-app" / "backend", app / "backend",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (app / "agent.toml").write_text((REPO / "examples" / "todo-app" / "agent.toml").read_text())
    result = subprocess.run([sys.executable, "-m", "agent", "generate", str(app), "--non-interactive",
                             "--no-validate", "--no-phr"], capture_output=True, text=True, timeout=300, cwd=root,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (app / "scripts" / "health-check.sh").is_file() and (app / "docker" / "backend.Dockerfile").is_file()
    return app


@pytest.fixture(scope="module")
def plan(backend_app: Path, python_base_image: str) -> DeployPlan:
    plan = make_plan(backend_app, target="current", tag=TAG.split(":")[1], build_args={"PYTHON_IMAGE": python_base_image})
    plan.images = [i.model_copy(update={"repository": TAG.split(":")[0]}) for i in plan.images]
    return plan


@pytest.fixture(scope="module")
def built(plan: DeployPlan, docker_client, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from agent.config import Settings

    settings = Settings(phr_dir=tmp_path_factory.mktemp("phr"), phr_enabled=True)
    build_only = plan.model_copy(update={"steps": [s for s in plan.steps if s.name == "build"]})
    deps = Dependencies(kube_api=lambda: pytest.fail("building needs no cluster"),
                        helm_client=lambda ns: pytest.fail("building needs no helm"),
                        docker_client=lambda _plan: docker_client,
                        validate=lambda path: pytest.fail("not validating here"),
                        diagnose=lambda ns: pytest.fail("nothing to diagnose"))
    result = DeployRun(settings, ApprovalGate(assume_yes=True), build_only, deps, progress=Progress(1)).run()
    assert result.ok, result.failed_step
    assert f"built {TAG}" in result.steps[0].detail
    yield TAG
    d.remove_image(TAG, client=docker_client)


@pytest.fixture(scope="module")
def backend_url(built: str, docker_client) -> Iterator[str]:
    port = _free_port()
    container = d.run(d.RunRequest(
        image=built, network_mode="host", env={"LOG_LEVEL": "INFO", "BETTER_AUTH_SECRET": "ci-only-secret"},
        command=["/opt/venv/bin/uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)]),
        client=docker_client)
    yield f"http://127.0.0.1:{port}"
    d.remove_container(container.id, client=docker_client)


def test_the_generated_health_check_script_passes(backend_app: Path, backend_url: str) -> None:
    env = {**os.environ, "BACKEND_URL": backend_url}
    result = subprocess.run(["bash", str(backend_app / "scripts" / "health-check.sh")], capture_output=True,
                            text=True, timeout=120, env=env, cwd=backend_app, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok    backend {backend_url}/health" in result.stdout and "all services healthy" in result.stdout


def test_the_deploy_smoke_step_passes(plan: DeployPlan, backend_url: str) -> None:
    report = run_smoke(plan, base_urls={"backend": backend_url}, attempts=30, delay=0.5)
    assert report.ok, report.summary()
    [check] = report.checks
    assert (check.service, check.url, check.status) == ("backend", f"{backend_url}/health", 200)


def test_the_smoke_step_fails_when_nothing_answers(plan: DeployPlan) -> None:
    report = run_smoke(plan, base_urls={"backend": f"http://127.0.0.1:{_free_port()}"}, attempts=2, delay=0.1)
    assert not report.ok and report.checks[0].status is None and report.checks[0].detail
