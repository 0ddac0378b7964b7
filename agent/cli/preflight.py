"""Checks a command makes before it does any work, so bad paths fail fast and nothing is lost.

An answer computed and then dropped because its PHR could not be written, or a cluster
change made with no record of it, is worse than refusing at the start.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from agent.errors import UsageError


def require_writable_dir(path: Path, flag: str, alternative: str) -> None:
    """Create `path` if needed and prove a file can be written in it; UsageError naming `flag` otherwise."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{flag} {path} is a file, not a directory",
                         hint=f"pass a directory to {flag}, {alternative}")
    try:
        path.mkdir(parents=True, exist_ok=True)
        # access(2) says yes to root even on read-only mounts: write a real file instead
        with tempfile.NamedTemporaryFile(dir=path, prefix=".agent-write-check-"):
            pass
    except OSError as exc:
        raise UsageError(f"cannot write in {flag} {path}: {exc.strerror or exc}",
                         hint=f"pass a writable directory to {flag}, {alternative}") from None


def require_phr_dir(settings: Any) -> None:
    """The PHR directory must take a record before the command runs (unless PHRs are off)."""
    if settings.phr_enabled:
        require_writable_dir(Path(settings.phr_dir), "--phr-dir",
                             "or --no-phr to skip the record (phr_dir / AGENT_PHR_DIR set it for good)")


def require_writable_file(path: Path, flag: str) -> None:
    """`path` can be created: its directory exists (click's dir_okay=False already refuses a directory)."""
    if not path.parent.is_dir():
        raise UsageError(f"{flag} {path}: directory {path.parent} does not exist",
                         hint=f"create it first (mkdir -p {path.parent}) or pass another {flag}")
