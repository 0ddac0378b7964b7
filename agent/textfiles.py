"""Text files: replace one in a single rename (never half-written), and show a change as a unified diff.

Every writer of the agent (generated files, snapshots, PHR records, the write_file tool) and every
diff it shows (generated files, `kubectl apply` previews, Helm upgrades) goes through here.
"""

from __future__ import annotations

import difflib
import os
import uuid
from pathlib import Path


def write_text_atomic(path: Path, text: str, *, mode: int | None = None, temp_suffix: str = ".tmp",
                      sync: bool = True) -> None:
    """Replace `path` with `text` (UTF-8, `\\n` line ends kept as given) in one rename.

    The file keeps its permissions unless `mode` is given; a new file gets the umask, like `open()`.
    With `sync`, the data is on disk before the rename. On any failure the temporary file is removed
    and the old file is untouched. Temporary files are `.NAME.<random><temp_suffix>` beside `path`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    keep = path.stat().st_mode & 0o7777 if mode is None and path.exists() else None
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{temp_suffix}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None or keep is not None:
            os.chmod(tmp, mode if mode is not None else keep)  # type: ignore[arg-type]
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def sync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (a power cut right after could otherwise lose it)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def unified_diff(old: str | None, new: str, fromfile: str, tofile: str) -> str:
    """A unified diff from `old` (None: did not exist, shown as `/dev/null`) to `new`; empty when equal.
    A last line without a newline is marked the way `git diff` marks it."""
    if old == new:
        return ""
    lines = []
    for line in difflib.unified_diff((old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile="/dev/null" if old is None else fromfile, tofile=tofile):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def file_diff(old: str | None, new: str, path: str) -> str:
    """`git diff`-style: `a/PATH` -> `b/PATH`."""
    return unified_diff(old, new, f"a/{path}", f"b/{path}")


def change_summary(old: str | None, new: str) -> str:
    """`new file, 12 lines`, `no change` or `+3 -1 lines`."""
    if old is None:
        return f"new file, {len(new.splitlines())} lines"
    if old == new:
        return "no change"
    body = list(difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm=""))[2:]  # no headers
    added = sum(line.startswith("+") for line in body)
    removed = sum(line.startswith("-") for line in body)
    return f"+{added} -{removed} lines"
