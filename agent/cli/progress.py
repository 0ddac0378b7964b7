"""What a long operation is doing, on stderr: a live Rich status line on a terminal, plain lines otherwise.

Plain lines (`... hadolint`, `    done in 2.1 s`) keep pipes and CI logs readable; the live line redraws in place.
Used by every command that can take over a second (validate, snapshot, generate with validators).
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Iterator, TextIO


class StepProgress:
    def __init__(self, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live

    @contextmanager
    def step(self, text: str) -> Iterator[None]:
        started = time.monotonic()
        if self.live:
            from rich.console import Console  # only on a terminal; Rich honours NO_COLOR itself

            with Console(file=self.stream).status(text):
                yield
            return
        print(f"... {text}", file=self.stream, flush=True)
        yield
        print(f"    done in {time.monotonic() - started:.1f} s", file=self.stream, flush=True)
