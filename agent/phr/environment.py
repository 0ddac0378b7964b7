"""Who and where: the git branch (read from .git/HEAD, no subprocess) and the user."""

from __future__ import annotations

import getpass
import os
from pathlib import Path


def _git_dir(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        candidate = directory / ".git"
        if candidate.is_dir():
            return candidate
        if candidate.is_file():  # worktrees and submodules: "gitdir: <path>"
            content = candidate.read_text(encoding="utf-8", errors="replace").strip()
            if content.startswith("gitdir:"):
                target = Path(content[len("gitdir:"):].strip())
                return target if target.is_absolute() else (directory / target).resolve()
    return None


def git_branch(start: Path | None = None) -> str | None:
    """The current branch, a short commit id when detached, None outside a repository."""
    try:
        git_dir = _git_dir((start or Path.cwd()).resolve())
        if git_dir is None:
            return None
        head = (git_dir / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if head.startswith("ref:"):
        ref = head[len("ref:"):].strip()
        return ref.removeprefix("refs/heads/")
    return head[:12] or None


def current_user() -> str | None:
    for name in ("USER", "LOGNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
