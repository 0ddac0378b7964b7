"""`tools.docker.build` against a stand-in APIClient: failures are DockerOperationFailed, not tracebacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docker.errors import ImageNotFound

from tools.docker import BuildRequest, DockerOperationFailed, build


class BuiltButGoneClient:
    """The build stream succeeds; the image is gone when it is inspected (pruned, or the daemon restarted)."""

    def build(self, **kwargs: Any):
        yield {"stream": "Step 1/1 : FROM scratch\n"}
        yield {"aux": {"ID": "sha256:abc"}}

    def inspect_image(self, tag: str) -> dict:
        raise ImageNotFound(f"No such image: {tag}")


def test_an_image_that_cannot_be_inspected_after_the_build_is_an_agent_error(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")

    with pytest.raises(DockerOperationFailed, match="cannot be inspected") as raised:
        build(BuildRequest(context=tmp_path, tag="todo-backend:dev"), client=BuiltButGoneClient())

    assert "docker image inspect todo-backend:dev" in raised.value.hint
