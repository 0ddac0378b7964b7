"""Build both generated Next.js Dockerfiles on the local Node base, run them with no network, probe them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import pytest

from tools import docker as d

from .conftest import TODO_APP, unique_tag

pytestmark = [pytest.mark.docker, pytest.mark.slow]

MAX_FRONTEND_MB = 300  # constitution II: frontends under 300 MB
PORTS = {"frontend-web": 3000, "frontend-chatbot": 3001}


@pytest.fixture(scope="module", params=sorted(PORTS))
def frontend(request, docker_client, node_base_image: str,
             generated_todo: Path) -> Iterator[tuple[str, d.BuildResult, d.ContainerInfo]]:
    service = request.param
    tag = unique_tag(f"todo-{service}")
    result = d.build(d.BuildRequest(
        context=TODO_APP / service, dockerfile=str(generated_todo / "docker" / f"{service}.Dockerfile"), tag=tag,
        buildargs={"NODE_IMAGE": node_base_image, "NEXT_PUBLIC_API_URL": "http://backend.test:8000"}),
        client=docker_client)
    container = d.run(d.RunRequest(image=tag, network_mode="none"), client=docker_client)
    yield service, result, container
    d.remove_container(container.id, client=docker_client)
    d.remove_image(tag, client=docker_client)


def _health(container_id: str, port: int, client, attempts: int = 60) -> d.ExecResult:
    probe = (f"require('http').get('http://127.0.0.1:{port}/api/health', r => {{ let b = ''; "
             "r.on('data', c => b += c); r.on('end', () => { console.log(r.statusCode, b); "
             "process.exit(r.statusCode < 400 ? 0 : 1); }); }).on('error', () => process.exit(1))")
    result = d.exec_in(container_id, ["node", "-e", probe], client=client)
    for _ in range(attempts):
        if result.exit_code == 0:
            break
        time.sleep(0.5)
        result = d.exec_in(container_id, ["node", "-e", probe], client=client)
    return result


def test_frontend_image_is_under_the_size_budget(frontend) -> None:
    service, build, _ = frontend
    print(f"{service} image: {build.size_mb:.0f} MB, built in {build.seconds:.0f}s")
    assert build.size_mb < MAX_FRONTEND_MB


def test_frontend_runs_as_non_root_and_answers_its_health_route(docker_client, frontend) -> None:
    service, _, container = frontend
    assert container.uid == 10001
    health = _health(container.id, PORTS[service], docker_client)
    assert health.exit_code == 0, d.logs(container.id, client=docker_client)
    assert health.output.startswith("200") and '"healthy"' in health.output


def test_standalone_output_has_no_dev_dependencies(docker_client, frontend) -> None:
    _, _, container = frontend
    listing = d.exec_in(container.id, ["node", "-e", "console.log(require('fs').readdirSync('.').join(' '))"],
                        client=docker_client)
    assert "server.js" in listing.output.split()
    assert "package-lock.json" not in listing.output.split()
