from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from agent.tooling.base import Modifies, ToolContext, ToolStatus
from agent.textfiles import file_diff as unified_diff
from tools.files import ReadFileArgs, ReadFileTool, WriteFileArgs, WriteFileTool

DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n"


@pytest.fixture
def ctx(tmp_path: Path) -> ToolContext:
    return ToolContext(workdir=tmp_path)


def write(ctx: ToolContext, path: str, content: str):
    return WriteFileTool(workdir=ctx.workdir).run(WriteFileArgs(path=path, content=content), ctx)


def read(ctx: ToolContext, path: str, **kw: int):
    return ReadFileTool().run(ReadFileArgs(path=path, **kw), ctx)


def test_new_file_round_trip_with_parent_dirs_and_diff(ctx: ToolContext, tmp_path: Path) -> None:
    result = write(ctx, "k8s/base/deployment.yaml", DEPLOYMENT)
    assert result.status is ToolStatus.OK
    assert "new file, 6 lines" in result.output
    assert (tmp_path / "k8s/base/deployment.yaml").read_text() == DEPLOYMENT
    [artifact] = result.artifacts
    assert artifact.media_type == "text/x-diff"
    assert artifact.content.startswith("--- /dev/null\n+++ b/k8s/base/deployment.yaml\n")
    assert "+  replicas: 1\n" in artifact.content
    assert result.data == {"path": str(tmp_path / "k8s/base/deployment.yaml"), "created": True,
                           "bytes": len(DEPLOYMENT)}
    assert read(ctx, "k8s/base/deployment.yaml").output == DEPLOYMENT


def test_describe_call_shows_the_diff_against_the_current_file(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT)
    tool = WriteFileTool(workdir=tmp_path)
    new = DEPLOYMENT.replace("replicas: 1", "replicas: 3")
    description = tool.describe_call(WriteFileArgs(path="deployment.yaml", content=new))
    assert description.splitlines()[:3] == [
        "write_file deployment.yaml (+1 -1 lines)", "--- a/deployment.yaml", "+++ b/deployment.yaml"]
    assert "-  replicas: 1" in description and "+  replicas: 3" in description
    assert tool.describe_call(WriteFileArgs(path="new.yaml", content="a: 1\n")).startswith(
        "write_file new.yaml (new file, 1 lines)\n--- /dev/null")
    assert tool.describe_call(WriteFileArgs(path="deployment.yaml", content=DEPLOYMENT)) == (
        "write_file deployment.yaml (no change)")
    assert tool.modifies(WriteFileArgs(path="deployment.yaml", content=DEPLOYMENT)) is Modifies.YES


def test_overwrite_is_atomic_keeps_permissions_and_leaves_no_temp_files(ctx: ToolContext, tmp_path: Path) -> None:
    script = tmp_path / "deploy.sh"
    script.write_text("#!/bin/sh\necho v1\n")
    script.chmod(0o750)
    result = write(ctx, "deploy.sh", "#!/bin/sh\necho v2\n")
    assert "+1 -1 lines" in result.output
    assert stat.S_IMODE(script.stat().st_mode) == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deploy.sh"]


def test_a_failed_write_leaves_the_old_file_untouched(ctx: ToolContext, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "values.yaml"
    target.write_text("replicas: 1\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = write(ctx, "values.yaml", "replicas: 2\n")
    assert result.status is ToolStatus.ERROR and "No space left on device" in result.output
    assert target.read_text() == "replicas: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["values.yaml"]


def test_write_refuses_directories_and_binary_files(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "charts").mkdir()
    assert "is a directory" in write(ctx, "charts", "x").output
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    result = write(ctx, "logo.png", "text")
    assert result.status is ToolStatus.ERROR and "binary" in result.output
    assert (tmp_path / "logo.png").read_bytes().startswith(b"\x89PNG")


def test_read_refuses_binary_huge_missing_and_directories(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "app.bin").write_bytes(b"ELF\0\1\2")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "big.log").write_text("x" * 5000)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "svc.yaml").write_text("kind: Service\n")
    assert "binary file" in read(ctx, "app.bin").output
    assert "not UTF-8" in read(ctx, "latin1.txt").output
    huge = read(ctx, "big.log", max_bytes=1000)
    assert huge.status is ToolStatus.ERROR and "5000 bytes, more than max_bytes=1000" in huge.output
    assert read(ctx, "big.log", max_bytes=10_000).status is ToolStatus.OK
    assert "does not exist" in read(ctx, "nope.yaml").output
    listing = read(ctx, "k8s")
    assert "is a directory" in listing.output and "svc.yaml" in listing.output


def test_read_resolves_relative_to_workdir_and_accepts_absolute_paths(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\n")
    assert read(ctx, "Dockerfile").output == "FROM python:3.12-slim\n"
    assert read(ctx, str(tmp_path / "Dockerfile")).data == {"path": str(tmp_path / "Dockerfile"), "bytes": 22}
    (tmp_path / "empty.txt").write_text("")
    assert read(ctx, "empty.txt").status is ToolStatus.NO_DATA


def test_read_redacts_secrets(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DATABASE_PASSWORD=correct-horse-battery-staple\nLOG_LEVEL=debug\n")
    output = read(ctx, ".env").output
    assert "correct-horse-battery-staple" not in output and "LOG_LEVEL=debug" in output


def test_unified_diff_marks_missing_final_newlines_and_is_empty_when_equal() -> None:
    assert unified_diff("a\n", "a\n", "x.txt") == ""
    diff = unified_diff("a\nb", "a\nc\n", "x.txt")
    assert diff.splitlines() == ["--- a/x.txt", "+++ b/x.txt", "@@ -1,2 +1,2 @@", " a", "-b",
                                 "\\ No newline at end of file", "+c"]
    assert unified_diff(None, "new\n", "n.txt").splitlines()[:2] == ["--- /dev/null", "+++ b/n.txt"]
