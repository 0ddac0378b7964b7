"""tools/docker.py without a daemon: connection errors carry a hint; the agent tool declares a mutation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import docker as d
from agent.tooling.base import Modifies, ToolContext, ToolStatus


def test_unreachable_daemon_is_an_agent_error_with_a_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'no-such.sock'}")
    with pytest.raises(d.DockerUnavailable) as failure:
        d.api_client()
    assert "start-dockerd.sh" in (failure.value.hint or "")
    assert "DOCKER_HOST" in (failure.value.hint or "")


def test_build_tool_modifies_and_describes_the_command() -> None:
    tool = d.DockerBuildTool()
    args = tool.parse_args({"context": "examples/todo-app/backend", "dockerfile": "/out/docker/backend.Dockerfile",
                            "tag": "todo-backend:dev", "build_args": {"PYTHON_IMAGE": "base:1"}})
    assert tool.modifies(args) is Modifies.YES
    assert tool.describe_call(args) == ("docker build -f /out/docker/backend.Dockerfile -t todo-backend:dev "
                                        "--build-arg PYTHON_IMAGE=base:1 examples/todo-app/backend")


def test_build_tool_reports_a_missing_daemon_as_a_tool_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'no-such.sock'}")
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    tool = d.DockerBuildTool()
    args = tool.parse_args({"context": str(tmp_path), "dockerfile": "Dockerfile", "tag": "x:1"})
    result = tool.run(args, ToolContext(workdir=tmp_path))
    assert result.status is ToolStatus.ERROR
    assert "hint" in result.output


def test_missing_dockerfile_is_reported_before_any_build(tmp_path: Path) -> None:
    with pytest.raises(d.DockerOperationFailed) as failure:
        d.build(d.BuildRequest(context=tmp_path, dockerfile="nope.Dockerfile", tag="x:1"), client=object())
    assert "nope.Dockerfile" in failure.value.message
