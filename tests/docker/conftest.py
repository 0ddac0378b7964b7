"""Docker fixtures: a running dockerd, the local base image, and the generated Todo artifacts.

Everything here fails loudly: `make test` starts dockerd and makes the base image, so a
missing daemon is a broken environment, not a reason to skip.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TODO_APP = REPO / "examples" / "todo-app"
PYTHON_BASE_IMAGE = "aiops-agent/bookworm-python:local"
NODE_BASE_IMAGE = "aiops-agent/bookworm-node:local"
# The daemon is shared with every other checkout's test run: images this run builds carry its own tag suffix.
RUN_TAG = f"ci-{uuid.uuid4().hex[:8]}"


def unique_tag(name: str) -> str:
    """`aiops-agent-test/NAME:ci-<run>`: a tag no other test run on this daemon builds or removes."""
    return f"aiops-agent-test/{name}:{RUN_TAG}"


def _script(*argv: str, timeout: float) -> None:
    result = subprocess.run(["bash", *argv], capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        pytest.fail(f"`{' '.join(argv)}` failed (exit {result.returncode}):\n{result.stdout[-3000:]}\n"
                    f"{result.stderr[-3000:]}", pytrace=False)


@pytest.fixture(scope="session")
def docker_client():
    _script(str(REPO / "scripts/ci/start-dockerd.sh"), timeout=300)
    from tools.docker import api_client, prune_dangling_images

    client = api_client()
    yield client
    # With the vfs driver every stage the legacy builder leaves behind is a full copy: gigabytes per run.
    prune_dangling_images(client=client)


@pytest.fixture(scope="session")
def python_base_image(docker_client) -> str:
    _script(str(REPO / "scripts/ci/make-base-image.sh"), PYTHON_BASE_IMAGE, timeout=1200)
    return PYTHON_BASE_IMAGE


@pytest.fixture(scope="session")
def node_base_image(docker_client) -> str:
    _script(str(REPO / "scripts/ci/make-base-image.sh"), "--node", NODE_BASE_IMAGE, timeout=1200)
    return NODE_BASE_IMAGE


@pytest.fixture(scope="session")
def generated_todo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`agent generate examples/todo-app --out DIR`, as a user would run it."""
    out = tmp_path_factory.mktemp("todo-generated")
    result = subprocess.run(
        [sys.executable, "-m", "agent", "generate", str(TODO_APP), "--out", str(out), "--non-interactive",
         "--no-validate", "--no-phr"],
        capture_output=True, text=True, timeout=300, check=False, cwd=out)
    if result.returncode != 0:
        pytest.fail(f"agent generate failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    assert (out / "docker" / "backend.Dockerfile").is_file(), sorted(p.name for p in out.rglob("*"))
    return out
