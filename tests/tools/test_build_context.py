"""The agent's own builds filter the context like BuildKit and never send .env files (issue 14 item 5).

Modelled on the failure seen on a real repository: a committed `frontend/.env.production` went into the image
because the legacy builder ignored `docker/<service>.Dockerfile.dockerignore`.
"""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path
from typing import Any

from agent.generation.build_context import DOCKERFILE_NAME, context_tar, ignore_file
from tools.docker import BuildRequest, build


def _names(archive: Any) -> set[str]:
    archive.seek(0)
    data = archive.read()
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data)), mode="r:") as tar:
        return set(tar.getnames())


def _app(tmp_path: Path) -> tuple[Path, Path]:
    app = tmp_path / "frontend"
    (app / "src").mkdir(parents=True)
    (app / "package.json").write_text("{}")
    (app / "src" / "index.js").write_text("console.log(1)")
    (app / ".env.production").write_text("STRIPE_SECRET_KEY=sk_live_x\n")
    (app / ".env.example").write_text("STRIPE_SECRET_KEY=\n")
    (app / "node_modules" / "left-pad").mkdir(parents=True)
    (app / "node_modules" / "left-pad" / "index.js").write_text("")
    docker_dir = tmp_path / "docker"
    docker_dir.mkdir()
    dockerfile = docker_dir / "frontend.Dockerfile"
    dockerfile.write_text("FROM scratch\nCOPY . /app\n")
    (docker_dir / "frontend.Dockerfile.dockerignore").write_text("**/node_modules\n")
    return app, dockerfile


def test_the_dockerfile_s_own_ignore_file_wins_and_env_files_never_enter_the_context(tmp_path: Path) -> None:
    app, dockerfile = _app(tmp_path)
    assert ignore_file(app, dockerfile) == dockerfile.parent / "frontend.Dockerfile.dockerignore"

    names = _names(context_tar(app, dockerfile))

    assert ".env.production" not in names
    assert not any(n.startswith("node_modules") for n in names)
    assert {"package.json", "src/index.js", ".env.example", DOCKERFILE_NAME} <= names


def test_env_files_stay_out_even_without_any_ignore_file(tmp_path: Path) -> None:
    app, dockerfile = _app(tmp_path)
    (dockerfile.parent / "frontend.Dockerfile.dockerignore").unlink()

    names = _names(context_tar(app, dockerfile))

    assert ".env.production" not in names and "src/index.js" in names


class RecordingClient:
    def __init__(self) -> None:
        self.kwargs: dict[str, Any] = {}

    def build(self, **kwargs: Any):
        self.kwargs = kwargs
        yield {"aux": {"ID": "sha256:abc"}}

    def inspect_image(self, tag: str) -> dict:
        return {"Id": "sha256:abc", "Size": 1}


def test_build_sends_the_filtered_context_not_the_directory(tmp_path: Path) -> None:
    app, dockerfile = _app(tmp_path)
    client = RecordingClient()

    build(BuildRequest(context=app, dockerfile=str(dockerfile), tag="shop-frontend:dev"), client=client)

    assert client.kwargs["custom_context"] is True and client.kwargs["dockerfile"] == DOCKERFILE_NAME
    assert ".env.production" not in _names(client.kwargs["fileobj"])
