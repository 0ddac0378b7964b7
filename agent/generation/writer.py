"""Write artifacts without clobbering a person's edits.

The output root holds `.aiops-generated.json`: the sha256 of every file as the agent last wrote it. A file
whose content still matches its recorded hash is the agent's and is rewritten freely; a file that differs
(edited since, or never written by the agent) is only overwritten after the approval gate says yes.
"""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from agent.errors import AgentError
from agent.gate import ApprovalGate, ApprovalRequest
from agent.textfiles import file_diff, write_text_atomic
from agent.tooling.base import Modifies

MANIFEST = ".aiops-generated.json"


class ChangeKind(str, Enum):
    NEW = "new"
    UPDATED = "updated"  # the agent's own file, changed because the input changed
    UNCHANGED = "unchanged"
    USER_EDITED = "user-edited"  # differs from what the agent last wrote: needs approval


class FileChange(BaseModel):
    path: str  # relative to the output root, POSIX
    kind: ChangeKind
    diff: str = ""  # unified diff from what is on disk to what the agent would write


class WriteResult(BaseModel):
    out_root: str
    written: list[FileChange]
    kept: list[FileChange]  # user-edited files the gate refused to overwrite
    unchanged: int


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_manifest(out_root: Path) -> dict[str, str]:
    path = out_root / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # not JSON, or not UTF-8: every file on disk then counts as the user's
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def plan_changes(out_root: Path, files: dict[str, str]) -> list[FileChange]:
    manifest = load_manifest(out_root)
    changes = []
    for path, content in files.items():
        target = out_root / path
        if not target.is_file():
            changes.append(FileChange(path=path, kind=ChangeKind.NEW, diff=file_diff(None, content, path)))
            continue
        current = target.read_text(encoding="utf-8", errors="replace")
        if current == content:
            changes.append(FileChange(path=path, kind=ChangeKind.UNCHANGED))
        elif manifest.get(path) == sha256(current):
            changes.append(FileChange(path=path, kind=ChangeKind.UPDATED, diff=file_diff(current, content, path)))
        else:
            changes.append(FileChange(path=path, kind=ChangeKind.USER_EDITED,
                                      diff=file_diff(current, content, path)))
    return changes


def _write_atomic(target: Path, content: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, content, mode=0o755 if target.suffix == ".sh" else 0o644, sync=False)
    except OSError as exc:
        raise _cannot_write(target, exc) from None


def _cannot_write(target: Path, error: OSError) -> AgentError:
    return AgentError(f"cannot write {target}: {error.strerror or error}",
                      hint="check that the output directory is writable and that no directory stands where the file "
                           "goes, or pass another --out")


def write_files(out_root: Path, files: dict[str, str], gate: ApprovalGate) -> WriteResult:
    """Write every new or updated file; a user-edited one only when the gate approves its diff."""
    changes = plan_changes(out_root, files)
    manifest = load_manifest(out_root)
    written, kept = [], []
    for change in changes:
        if change.kind is ChangeKind.UNCHANGED:
            manifest[change.path] = sha256(files[change.path])
            continue
        if change.kind is ChangeKind.USER_EDITED:
            outcome = gate.check(ApprovalRequest(
                tool="generate", modifies=Modifies.YES, blast_radius=str(out_root / change.path),
                action=f"overwrite {change.path}, edited since the agent wrote it:\n{change.diff}"))
            if not outcome.approved:
                kept.append(change)
                continue
        _write_atomic(out_root / change.path, files[change.path])
        manifest[change.path] = sha256(files[change.path])
        written.append(change)
    if written or not (out_root / MANIFEST).is_file():
        body = json.dumps({"generator": "aiops-agent", "files": dict(sorted(manifest.items()))}, indent=2)
        _write_atomic(out_root / MANIFEST, body + "\n")
    unchanged = sum(1 for c in changes if c.kind is ChangeKind.UNCHANGED)
    return WriteResult(out_root=str(out_root), written=written, kept=kept, unchanged=unchanged)
