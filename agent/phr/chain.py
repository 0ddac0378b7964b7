"""What a record's hashes cover.

A record's `sha256` is the SHA-256 (hex) of the record file's UTF-8 bytes in
which the value of the front-matter line `sha256: "<hex>"` is blanked to
`sha256: ""`. Every other byte counts, `prev_sha256` included, so each record
seals the one before it: record N's `prev_sha256` equals record N-1's
`sha256`, and record 1's is 64 zeros (GENESIS).
"""

from __future__ import annotations

import hashlib
import re

GENESIS = "0" * 64
_SHA_LINE = re.compile(r'^sha256: "(?P<hex>[0-9a-f]{64})?"$', re.MULTILINE)
_PREV_LINE = re.compile(r'^prev_sha256: "(?P<hex>[0-9a-f]{64})"$', re.MULTILINE)
BLANK_SHA_LINE = 'sha256: ""'


def _in_front_matter(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    end = text.find("\n---\n", 4)
    return pattern.search(text, 0, len(text) if end < 0 else end)


def _digest(text: str, line: re.Match[str]) -> str:
    blanked = text[: line.start()] + BLANK_SHA_LINE + text[line.end():]
    return hashlib.sha256(blanked.encode("utf-8")).hexdigest()


def content_sha256(text: str) -> str | None:
    """The hash of `text` as defined above; None when it has no `sha256:` front-matter line."""
    line = _in_front_matter(_SHA_LINE, text)
    return _digest(text, line) if line else None


def recorded_sha256(text: str) -> str | None:
    line = _in_front_matter(_SHA_LINE, text)
    return line.group("hex") if line else None


def recorded_prev_sha256(text: str) -> str | None:
    line = _in_front_matter(_PREV_LINE, text)
    return line.group("hex") if line else None


def seal(text: str) -> tuple[str, str]:
    """Fill the blank `sha256: ""` line of a rendered record; returns (sealed text, its sha256)."""
    line = _in_front_matter(_SHA_LINE, text)
    if line is None:
        raise ValueError("record has no sha256 line to seal")
    digest = _digest(text, line)
    return text[: line.start()] + f'sha256: "{digest}"' + text[line.end():], digest
