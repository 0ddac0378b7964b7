"""File tools stay in the workspace (issue 12, item 3): MCP read_file returned /etc/shadow; write_file wrote
through a symlink inside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent.safety.paths import OutsideWorkspace, confined
from agent.tooling.base import ToolContext, ToolStatus
from tools.files import ReadFileArgs, ReadFileTool, WriteFileArgs, WriteFileTool


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "k8s").mkdir(parents=True)
    (root / "k8s" / "deploy.yaml").write_text("kind: Deployment\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n")
    (root / "link-out").symlink_to(outside, target_is_directory=True)
    (root / "shadow").symlink_to("/etc/shadow")
    return root


@pytest.mark.parametrize("path", ["/etc/shadow", "/etc/passwd", "../outside/id_rsa", "k8s/../../outside/id_rsa",
                                  "link-out/id_rsa", "shadow", "~/.ssh/id_rsa", "/proc/self/environ"])
def test_reads_outside_the_workspace_are_refused(workspace: Path, path: str) -> None:
    result = ReadFileTool().run(ReadFileArgs(path=path), ToolContext(workdir=workspace))
    assert result.status is ToolStatus.ERROR
    assert "outside the workspace" in result.output and "BEGIN" not in result.output


@pytest.mark.parametrize("path", ["../outside/new.txt", "link-out/authorized_keys", "/tmp/x.txt", "shadow"])
def test_writes_outside_the_workspace_are_refused(workspace: Path, path: str) -> None:
    before = sorted(p.name for p in (workspace.parent / "outside").iterdir())
    result = WriteFileTool(workspace).run(WriteFileArgs(path=path, content="x"), ToolContext(workdir=workspace))
    assert result.status is ToolStatus.ERROR and "outside the workspace" in result.output
    assert sorted(p.name for p in (workspace.parent / "outside").iterdir()) == before
    assert "refused" in WriteFileTool(workspace).describe_call(WriteFileArgs(path=path, content="x"))


def test_paths_inside_the_workspace_still_work(workspace: Path) -> None:
    ctx = ToolContext(workdir=workspace)
    assert "Deployment" in ReadFileTool().run(ReadFileArgs(path="k8s/deploy.yaml"), ctx).output
    assert "Deployment" in ReadFileTool().run(ReadFileArgs(path=str(workspace / "k8s/deploy.yaml")), ctx).output
    assert WriteFileTool(workspace).run(WriteFileArgs(path="k8s/new.yaml", content="a: 1\n"), ctx).status \
        is ToolStatus.OK
    assert confined(workspace, "k8s/./deploy.yaml") == (workspace / "k8s" / "deploy.yaml").resolve()
    with pytest.raises(OutsideWorkspace):
        confined(workspace, "..")


def test_a_fifo_is_refused_instead_of_blocking(workspace: Path) -> None:
    os.mkfifo(workspace / "pipe")
    result = ReadFileTool().run(ReadFileArgs(path="pipe"), ToolContext(workdir=workspace))
    assert result.status is ToolStatus.ERROR and "not a regular file" in result.output


def test_mcp_read_file_refuses_etc_shadow(tmp_path: Path, monkeypatch) -> None:
    from agent.config import load_settings
    from agent.mcp.server import ToolHost

    monkeypatch.chdir(tmp_path)
    host = ToolHost(load_settings(phr_dir=tmp_path / "phr", read_only=True), tools=[ReadFileTool()])
    result = host.call("read_file", {"path": "/etc/shadow"})
    assert result.status is ToolStatus.ERROR and "outside the workspace" in result.output
