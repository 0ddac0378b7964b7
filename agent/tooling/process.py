"""Run an external program with a time limit and capture what it printed.

Never through a shell: callers pass argv. A non-zero exit is a result, not an
exception; only a program that cannot be started raises (`ToolNotInstalled`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import nullcontext
from pathlib import Path

from pydantic import BaseModel

from agent.errors import AgentError

DRAIN_TIMEOUT_S = 2.0  # after the kill: how long to wait for output still in the pipes
INSTALL_HINTS = {
    "kubectl": "install kubectl (https://kubernetes.io/docs/tasks/tools/) and make sure it is on PATH",
    "helm": "install helm (https://helm.sh/docs/intro/install/) and make sure it is on PATH",
    "docker": "install Docker (https://docs.docker.com/get-docker/) and make sure `docker` is on PATH",
}


class ToolNotInstalled(AgentError):
    """The program a tool needs is missing or cannot be executed."""

    def __init__(self, program: str, problem: str = "was not found") -> None:
        name = os.path.basename(program)
        super().__init__(f"`{program}` {problem}",
                         hint=INSTALL_HINTS.get(name, f"install {name} or put it on PATH, then retry"))
        self.program = program


class ProcessResult(BaseModel):
    argv: list[str]
    exit_code: int | None  # None when the process was killed after the timeout
    stdout: str
    stderr: str
    duration_ms: int
    timed_out: bool = False
    cancelled: bool = False  # ended by the user (Ctrl+C in the TUI) through the active CancelScope

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


def run_process(argv: list[str], *, timeout: float, input: str | None = None,
                env: dict[str, str] | None = None, cwd: str | Path | None = None) -> ProcessResult:
    """Run `argv`, wait at most `timeout` seconds, and return its exit code and output.

    `env` is layered over the current environment. On timeout the whole process
    group is killed, so children holding the pipes cannot keep us waiting. The child
    belongs to the CancelScope active in this thread, if any: cancelling it ends the child.
    """
    from agent.cancel import current_scope

    if not argv:
        raise ValueError("run_process needs a program to run")
    full_env = {**os.environ, **env} if env else None
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env, cwd=cwd,
            text=True, encoding="utf-8", errors="replace", start_new_session=True)
    except FileNotFoundError:
        raise ToolNotInstalled(argv[0]) from None
    except PermissionError:
        raise ToolNotInstalled(argv[0], "is not executable") from None
    scope = current_scope()
    with scope.tracking(proc) if scope is not None else nullcontext():
        try:
            stdout, stderr = proc.communicate(input=input, timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            stdout, stderr = _drain(proc)
            timed_out = True
    return ProcessResult(
        argv=list(argv), exit_code=None if timed_out else proc.returncode, stdout=stdout or "",
        stderr=stderr or "", duration_ms=int((time.monotonic() - started) * 1000), timed_out=timed_out,
        cancelled=scope is not None and scope.ended(proc))


def _drain(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """What the killed group printed. A grandchild that left the group (setsid, a daemon) can hold the pipes
    open for ever, so the wait is short and the pipes are then closed on it."""
    try:
        return proc.communicate(timeout=DRAIN_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
        proc.wait()  # the direct child is in the killed group: this returns at once
        return _text(exc.output), _text(exc.stderr)


def _text(data: bytes | str | None) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else (data or "")


def _kill_group(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:  # already gone
        pass
