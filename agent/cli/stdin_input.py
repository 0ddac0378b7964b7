"""Pasted text on standard input: `agent ask -f - "why?"`, or `kubectl describe pod x | agent ask "why?"`.

The text is saved to a private temporary file named `stdin.txt`, so it takes the same path as any attached file.
Only the last MAX_BYTES are kept (the end of a log is where a failure is), and the answer is told so.
"""

from __future__ import annotations

import os
import select
import stat
import sys
import tempfile
from collections import deque
from pathlib import Path
from typing import BinaryIO

MAX_BYTES = 8 * 1024 * 1024
CHUNK = 64 * 1024
# A pipe that stays silent this long is not a paste (an IDE or a CI runner leaves stdin open): go on without it.
IMPLICIT_WAIT_SECONDS = 5.0


def stdin_is_piped() -> bool:
    """True when stdin is a pipe or a redirected file (not a terminal, not /dev/null)."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def _data_arrives(stream: BinaryIO, seconds: float) -> bool:
    try:
        ready, _, _ = select.select([stream], [], [], seconds)
    except (OSError, ValueError):
        return True
    return bool(ready)


def read_tail(stream: BinaryIO, max_bytes: int = MAX_BYTES) -> tuple[bytes, int]:
    """(the last `max_bytes` of the stream, how many bytes were dropped before them); memory stays bounded."""
    kept: deque[bytes] = deque()
    size = dropped = 0
    while chunk := stream.read(CHUNK):
        kept.append(chunk)
        size += len(chunk)
        while size - len(kept[0]) >= max_bytes:
            size -= len(kept[0])
            dropped += len(kept.popleft())
    data = b"".join(kept)
    if len(data) > max_bytes:
        dropped += len(data) - max_bytes
        data = data[-max_bytes:]
    return data, dropped


def save_stdin(explicit: bool) -> tuple[Path | None, str | None]:
    """(path of the saved paste or None, a notice for the user or None).

    `explicit` (`-f -`) waits for the paste however long it takes; otherwise piped stdin is read only when
    data arrives within IMPLICIT_WAIT_SECONDS.
    """
    stream = sys.stdin.buffer
    if not explicit and not _data_arrives(stream, IMPLICIT_WAIT_SECONDS):
        return None, f"stdin stayed empty for {IMPLICIT_WAIT_SECONDS:g} s and was not read; pass `-f -` to wait for it"
    data, dropped = read_tail(stream)
    if not data.strip():
        return None, "stdin was empty" if explicit else None
    folder = Path(tempfile.mkdtemp(prefix="agent-stdin-"))
    path = folder / "stdin.txt"
    path.write_bytes(data)
    notice = (f"stdin held {dropped + len(data):,} bytes; only the last {len(data):,} were read" if dropped else None)
    return path, notice
