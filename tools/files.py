"""`read_file` and `write_file`: text files in the working directory.

Relative paths resolve against the session's working directory. Reads refuse
binary and oversized files; writes are atomic (temporary file + rename), create
missing parent directories and report a unified diff.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from agent.errors import AgentError
from agent.redact import redact
from agent.textfiles import change_summary
from agent.textfiles import file_diff, write_text_atomic
from agent.tooling.base import Artifact, Modifies, Tool, ToolContext, ToolResult

MAX_READ_BYTES = 2_000_000
DEFAULT_READ_BYTES = 256_000
_SNIFF_BYTES = 8192


class NotText(ValueError):
    """The file is binary or not UTF-8."""


def resolve(workdir: Path, path: str) -> Path:
    """`path` under `workdir`, symlinks followed; raises `OutsideWorkspace` if it leaves the workspace."""
    from agent.safety.paths import confined

    return confined(workdir, path)


def read_text(path: Path) -> str:
    """The UTF-8 text of `path`; raises `NotText` for binary content."""
    data = path.read_bytes()
    if b"\0" in data[:_SNIFF_BYTES]:
        raise NotText(f"{path} is a binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotText(f"{path} is not UTF-8 text (byte {exc.start})") from None


class ReadFileArgs(BaseModel):
    path: str = Field(description="File to read; relative paths are relative to the working directory")
    max_bytes: int = Field(default=DEFAULT_READ_BYTES, gt=0, le=MAX_READ_BYTES,
                           description="Refuse files larger than this")


class ReadFileTool(Tool):
    name = "read_file"
    description = "Read a UTF-8 text file (manifests, Dockerfiles, configs, logs) from the working directory."
    Args = ReadFileArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, ReadFileArgs)
        try:
            path = resolve(ctx.workdir, args.path)
        except AgentError as exc:
            return ToolResult.error(str(exc))
        if not path.exists():
            return ToolResult.error(f"{path} does not exist")
        if path.is_dir():
            entries = sorted(p.name + ("/" if p.is_dir() else "") for p in path.iterdir())
            shown = "\n".join(entries[:100]) + (f"\n... and {len(entries) - 100} more" if len(entries) > 100 else "")
            return ToolResult.error(f"{path} is a directory; read one of its files:\n{shown}")
        if not path.is_file():  # a FIFO would block forever, a device never ends
            return ToolResult.error(f"{path} is not a regular file (a pipe, socket or device); read_file only reads "
                                    "regular text files")
        size = path.stat().st_size
        if size > args.max_bytes:
            return ToolResult.error(
                f"{path} is {size} bytes, more than max_bytes={args.max_bytes}; pass a larger max_bytes "
                f"(up to {MAX_READ_BYTES}) or read a smaller file")
        try:
            text = read_text(path)
        except NotText as exc:
            return ToolResult.error(f"{exc}; read_file only returns text")
        data = {"path": str(path), "bytes": size}
        if not text:
            return ToolResult.no_data(f"{path} is empty", data=data)
        return ToolResult.ok(redact(text), data=data).truncated_to()


class WriteFileArgs(BaseModel):
    path: str = Field(description="File to write; relative paths are relative to the working directory")
    content: str = Field(description="The complete new content of the file")


class WriteFileTool(Tool):
    name = "write_file"
    description = ("Create or overwrite a text file in the working directory with the given content "
                   "(the user sees the diff and approves it first).")
    Args = WriteFileArgs

    def __init__(self, workdir: Path | None = None) -> None:
        # describe_call has no ToolContext; this is the directory it diffs against (default: cwd).
        self.workdir = workdir

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.YES

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, WriteFileArgs)
        try:
            path = resolve(self.workdir or Path.cwd(), args.path)
        except AgentError as exc:
            return f"write_file {args.path} (refused: {exc.message})"
        try:
            old = read_text(path) if path.is_file() else None
        except NotText:
            return f"write_file {args.path} (replaces a binary file with {len(args.content)} characters of text)"
        header = f"write_file {args.path} ({change_summary(old, args.content)})"
        diff = file_diff(old, args.content, args.path)
        return redact(f"{header}\n{diff}" if diff else header)

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, WriteFileArgs)
        try:
            path = resolve(ctx.workdir, args.path)
        except AgentError as exc:
            return ToolResult.error(str(exc))
        if path.is_dir():
            return ToolResult.error(f"{path} is a directory; give a file path")
        try:
            old = read_text(path) if path.exists() else None
        except NotText as exc:
            return ToolResult.error(f"{exc}; write_file does not overwrite binary files")
        try:
            write_text_atomic(path, args.content)
        except OSError as exc:
            return ToolResult.error(f"could not write {path}: {exc.strerror or exc}")
        diff = file_diff(old, args.content, args.path)
        artifacts = [Artifact(name=f"{args.path}.diff", content=redact(diff), media_type="text/x-diff")] if diff else []
        return ToolResult.ok(f"wrote {path} ({change_summary(old, args.content)})", artifacts=artifacts,
                             data={"path": str(path), "created": old is None, "bytes": len(args.content.encode())})
