"""Build the generated backend Dockerfile on the local base, run it with no network, probe it from inside."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator

import pytest

from tools import docker as d

from .conftest import TODO_APP, unique_tag

pytestmark = [pytest.mark.docker, pytest.mark.slow]

BACKEND_TAG = unique_tag("todo-backend")
MAX_BACKEND_MB = 500  # constitution II: backend image under 500 MB


@pytest.fixture(scope="module")
def backend_image(docker_client, python_base_image: str, generated_todo: Path) -> Iterator[d.BuildResult]:
    result = d.build(d.BuildRequest(
        context=TODO_APP / "backend", dockerfile=str(generated_todo / "docker" / "backend.Dockerfile"),
        tag=BACKEND_TAG, buildargs={"PYTHON_IMAGE": python_base_image}), client=docker_client)
    yield result
    d.remove_image(BACKEND_TAG, client=docker_client)


@pytest.fixture(scope="module")
def backend_container(docker_client, backend_image: d.BuildResult) -> Iterator[d.ContainerInfo]:
    container = d.run(d.RunRequest(image=backend_image.tag, network_mode="none",
                                   env={"LOG_LEVEL": "INFO", "BETTER_AUTH_SECRET": "ci-only-secret"}),
                      client=docker_client)
    yield container
    d.remove_container(container.id, client=docker_client)


def _get_inside(container_id: str, path: str, client, attempts: int = 60) -> d.ExecResult:
    """GET http://127.0.0.1:8000{path} from inside the container with python3 (no curl in the image)."""
    probe = ("import sys, urllib.request\n"
             f"r = urllib.request.urlopen('http://127.0.0.1:8000{path}', timeout=2)\n"
             "print(r.status, r.read().decode())")
    result = d.exec_in(container_id, ["python3", "-c", probe], client=client)
    for _ in range(attempts):
        if result.exit_code == 0:
            break
        time.sleep(0.5)
        result = d.exec_in(container_id, ["python3", "-c", probe], client=client)
    return result


def test_build_reports_every_step_and_the_size(backend_image: d.BuildResult) -> None:
    assert backend_image.image_id.startswith("sha256:")
    assert any("FROM ${PYTHON_IMAGE} AS runtime" in step for step in backend_image.steps)
    assert backend_image.seconds > 0


def test_backend_image_is_under_the_size_budget(backend_image: d.BuildResult) -> None:
    print(f"backend image: {backend_image.size_mb:.0f} MB, built in {backend_image.seconds:.0f}s")
    assert backend_image.size_mb < MAX_BACKEND_MB


def test_backend_runs_as_non_root(docker_client, backend_container: d.ContainerInfo) -> None:
    assert not backend_container.runs_as_root
    assert backend_container.uid == 10001
    assert d.image_user(BACKEND_TAG, client=docker_client) in ("10001", "10001:10001", "appuser")


def test_health_and_ready_answer_inside_the_container(docker_client, backend_container) -> None:
    health = _get_inside(backend_container.id, "/health", docker_client)
    assert health.exit_code == 0, d.logs(backend_container.id, client=docker_client)
    assert health.output.startswith("200") and '"healthy"' in health.output
    ready = _get_inside(backend_container.id, "/ready", docker_client, attempts=1)
    assert ready.exit_code == 0 and '"database":"ok"' in ready.output


def test_container_has_no_network(docker_client, backend_container) -> None:
    probe = "import socket; socket.create_connection(('1.1.1.1', 53), timeout=2)"
    assert d.exec_in(backend_container.id, ["python3", "-c", probe], client=docker_client).exit_code != 0


def test_logs_are_json_lines(docker_client, backend_container) -> None:
    _get_inside(backend_container.id, "/todos", docker_client)
    lines = [line for line in d.logs(backend_container.id, client=docker_client).splitlines() if line.strip()]
    assert lines and all(json.loads(line)["level"] for line in lines)


def test_build_failure_names_the_failing_step(docker_client, python_base_image: str, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        f"FROM {python_base_image}\nRUN true\nRUN python3 -c 'raise SystemExit(3)'\n")
    with pytest.raises(d.DockerOperationFailed) as failure:
        d.build(d.BuildRequest(context=tmp_path, tag=unique_tag("broken")), client=docker_client)
    assert "step 3/3" in failure.value.message
    assert "raise SystemExit(3)" in failure.value.message


def test_sigterm_shuts_down_gracefully_and_closes_the_database(docker_client, backend_container) -> None:
    """Runs last in this module: it stops the shared container."""
    docker_client.stop(backend_container.id, timeout=20)  # SIGTERM, then SIGKILL after 20 s
    state = docker_client.inspect_container(backend_container.id)["State"]
    assert state["ExitCode"] == 0, d.logs(backend_container.id, client=docker_client)
    messages = [json.loads(line)["message"] for line in d.logs(backend_container.id, client=docker_client).splitlines()
                if line.strip()]
    started = messages.count("backend started")
    assert started >= 1
    assert messages.count("backend stopped, database connections closed") == started  # every worker closed its pool
