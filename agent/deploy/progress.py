"""Plain progress lines on stderr (`[3/8] build: ...`), so pipes and CI logs stay readable."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, verbose: bool = False) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.current = 0

    def step(self, name: str, title: str) -> None:
        self.current += 1
        self._write(f"[{self.current}/{self.total}] {name}: {title}")

    def ok(self, text: str) -> None:
        self._write(f"      ok: {text}")

    def fail(self, text: str) -> None:
        self._write(f"      FAILED: {text}")

    def info(self, text: str) -> None:
        self._write(f"      {text}")

    def detail(self, text: str) -> None:
        if self.verbose:
            self._write(f"        | {text}")

    def _write(self, line: str) -> None:
        print(line, file=self.stream, flush=True)
