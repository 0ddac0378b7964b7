"""The diff an approval shows before files are written: `write_file` carries it, `generate` is rendered here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.generation.writer import ChangeKind, FileChange


class GeneratedFilesPreview(BaseModel):
    """What `generate` would write under `out_root`, without writing anything."""

    out_root: str
    changes: list[FileChange]

    def summary(self) -> str:
        counts = {kind: sum(1 for c in self.changes if c.kind is kind) for kind in ChangeKind}
        parts = [f"{counts[kind]} {kind.value}" for kind in ChangeKind if counts[kind]]
        return f"{self.out_root}: " + (", ".join(parts) if parts else "no files")

    def diff(self) -> str:
        return "".join(c.diff for c in self.changes if c.kind is not ChangeKind.UNCHANGED)


def preview_generate(workdir: Path, arguments: dict[str, Any]) -> GeneratedFilesPreview:
    """Detect the app and render its artifacts as `generate` would, then diff them against the disk."""
    from agent.gate import ApprovalGate
    from agent.generation.service import GenerationRequest, GenerationService
    from tools.generation import GenerateArgs

    args = GenerateArgs.model_validate(arguments)
    root = (workdir / args.path).resolve()
    out = (workdir / (args.out or args.path)).resolve()
    service = GenerationService(ApprovalGate(read_only=True))
    changes = service.preview(GenerationRequest(app_root=root, out_root=out))
    return GeneratedFilesPreview(out_root=str(out), changes=changes)


def diff_in(action: str) -> str:
    """The unified diff inside an approval's action text (`write_file`, an overwrite by `generate`), or ''."""
    lines = action.splitlines(keepends=True)
    for index, line in enumerate(lines[:-1]):
        if line.startswith("--- ") and lines[index + 1].startswith("+++ "):
            return "".join(lines[index:])
    return ""


def approval_diff(tool: str, action: str, arguments: dict[str, Any] | None, workdir: Path) -> str:
    """The diff to show with an approval request: the one in its action, or the files `generate` would write."""
    found = diff_in(action)
    if found or tool != "generate" or not arguments or arguments.get("plan_only", True):
        return found
    from agent.errors import AgentError

    try:
        preview = preview_generate(workdir, arguments)
    except (AgentError, OSError, ValueError) as exc:
        return f"# could not render the files for a preview: {exc}\n"
    return f"# {preview.summary()}\n{preview.diff()}"
