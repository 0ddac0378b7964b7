"""Cancelling a running tool (Ctrl+C in the TUI) ends its child process group, from another thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from agent.cancel import CancelScope
from agent.tooling.process import ProcessResult, run_process

WAIT_S = 60.0  # upper bound for a thread or a file to appear: only a failing test waits this long


def _run_in_thread(scope: CancelScope, argv: list[str]) -> tuple[threading.Thread, dict[str, ProcessResult]]:
    box: dict[str, ProcessResult] = {}

    def target() -> None:
        with scope.active():
            box["result"] = run_process(argv, timeout=300)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, box


def _wait_for_file(path: Path, thread: threading.Thread) -> None:
    """Until the child has written `path` (it is running), polling the thread's join with a short timeout."""
    for _ in range(int(WAIT_S / 0.05)):
        if path.exists() and path.read_text().strip():
            return
        thread.join(0.05)
    raise AssertionError(f"the child never wrote {path}")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_cancel_ends_the_running_child_and_its_group(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    scope = CancelScope()
    # a shell with a grandchild: both hold the pipes; only ending the whole group lets run_process return
    thread, box = _run_in_thread(scope, ["sh", "-c", f"sleep 300 & echo $$ $! > {pids}; echo started; wait"])
    _wait_for_file(pids, thread)
    stopped = scope.cancel()
    thread.join(WAIT_S)
    assert not thread.is_alive(), "run_process did not return after the cancel"
    result = box["result"]
    assert result.cancelled and not result.ok and not result.timed_out
    assert result.stdout == "started\n"
    assert stopped == [f"sh -c 'sleep 300 & echo $$ $! > {pids}; echo started; wait'"]
    shell, grandchild = map(int, pids.read_text().split())
    assert _gone(shell)
    for _ in range(int(WAIT_S / 0.05)):  # the grandchild is not ours to reap: init does, soon after the signal
        if _gone(grandchild) or _zombie(grandchild):
            break
        thread.join(0.05)
    assert _gone(grandchild) or _zombie(grandchild)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return True


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace(tmp_path: Path, monkeypatch) -> None:
    import agent.cancel

    monkeypatch.setattr(agent.cancel, "KILL_GRACE_S", 0.2)
    ready = tmp_path / "ready"
    scope = CancelScope()
    thread, box = _run_in_thread(scope, ["sh", "-c", f"trap '' TERM; echo $$ > {ready}; while :; do sleep 1; done"])
    _wait_for_file(ready, thread)
    scope.cancel()
    thread.join(WAIT_S)
    assert not thread.is_alive() and box["result"].cancelled and box["result"].exit_code == -9


def test_a_scope_cancelled_before_the_child_starts_ends_it_at_once() -> None:
    scope = CancelScope()
    scope.cancel()
    thread, box = _run_in_thread(scope, ["sleep", "300"])
    thread.join(WAIT_S)
    assert not thread.is_alive() and box["result"].cancelled


def test_a_child_that_finished_is_not_reported_as_stopped() -> None:
    scope = CancelScope()
    with scope.active():
        result = run_process(["true"], timeout=30)
    assert scope.cancel() == [] and result.ok and not result.cancelled


def test_without_a_scope_nothing_changes() -> None:
    result = run_process(["sh", "-c", "echo hi"], timeout=30)
    assert result.ok and not result.cancelled
