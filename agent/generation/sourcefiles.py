"""Walk a project's own source files, skipping dependencies, build output and VCS data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

SKIPPED_DIRS = frozenset({
    ".git", ".hg", ".venv", "venv", "env", "node_modules", "__pycache__", ".next", "dist", "build", "out",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", "coverage", ".turbo", "vendor", "tests", "test",
    "__tests__", "site-packages",
})
MAX_FILE_BYTES = 512_000


def source_files(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files under root ending in one of suffixes, in a stable (sorted) order."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if filename.endswith(suffixes) and _size(path) <= MAX_FILE_BYTES:
                yield path


def _size(path: Path) -> int:
    """The file's size; a dangling symlink or an unreadable entry counts as too big to read."""
    try:
        return path.stat().st_size
    except OSError:
        return MAX_FILE_BYTES + 1
