"""Stopping a running question for real: Ctrl+C ends the child process of the tool that is running now.

A `CancelScope` is one question's (or one fix's) cancel switch. The code that runs the question enters it
(`with scope.active():`) in its own thread; `run_process` registers every child it starts with the scope that
is active in that thread; `scope.cancel()`, called from any thread (the TUI's Ctrl+C), sets the event the loop
checks between steps and ends each registered child's whole process group: SIGTERM, then SIGKILL for a group
still there after KILL_GRACE_S.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

KILL_GRACE_S = 2.0  # after SIGTERM: how long a tool may take to exit before its group gets SIGKILL

_active: ContextVar[CancelScope | None] = ContextVar("agent_cancel_scope", default=None)


class CancelScope:
    def __init__(self) -> None:
        self.event = threading.Event()
        self._lock = threading.Lock()
        self._children: dict[int, subprocess.Popen] = {}
        self._ended: set[int] = set()
        self.stopped: list[str] = []  # the command lines this scope ended, for the user

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()

    @contextmanager
    def active(self) -> Iterator[CancelScope]:
        """Children started by `run_process` in this thread (and contexts copied from it) belong to this scope."""
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)

    def cancel(self) -> list[str]:
        """Set the event and end every running child; returns the command lines that were ended."""
        with self._lock:
            self.event.set()
            children = list(self._children.values())
        return [line for line in map(self._stop, children) if line]

    @contextmanager
    def tracking(self, proc: subprocess.Popen) -> Iterator[None]:
        """While the block runs, `cancel()` ends `proc`; a scope already cancelled ends it at once."""
        with self._lock:
            self._children[proc.pid] = proc
            cancelled = self.event.is_set()
        if cancelled:
            self._stop(proc)
        try:
            yield
        finally:
            with self._lock:
                self._children.pop(proc.pid, None)

    def ended(self, proc: subprocess.Popen) -> bool:
        """Did this scope's cancel end `proc` (rather than the program exiting on its own)?"""
        return proc.pid in self._ended

    def _stop(self, proc: subprocess.Popen) -> str | None:
        with self._lock:
            if proc.pid in self._ended:
                return None
            self._ended.add(proc.pid)  # before the signal: the runner may see the exit before we return
        if not _terminate_group(proc):
            self._ended.discard(proc.pid)  # it had exited by itself
            return None
        line = shlex.join(proc.args) if isinstance(proc.args, list) else str(proc.args)
        self.stopped.append(line)
        return line


def current_scope() -> CancelScope | None:
    return _active.get()


def _terminate_group(proc: subprocess.Popen) -> bool:
    """SIGTERM to the child's process group (run_process starts each child in its own session), SIGKILL after the
    grace period if the group leader is still there. False when the child had already exited."""
    if proc.poll() is not None:
        return False
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return False

    def kill_if_still_running() -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    timer = threading.Timer(KILL_GRACE_S, kill_if_still_running)
    timer.daemon = True
    timer.start()
    return True
