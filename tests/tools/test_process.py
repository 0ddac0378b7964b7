from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from agent.errors import AgentError
from agent.tooling.process import ToolNotInstalled, run_process


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_captures_output_and_exit_code_without_raising() -> None:
    result = run_process(python("import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"), timeout=30)
    assert (result.exit_code, result.stdout, result.stderr, result.timed_out) == (3, "out\n", "err\n", False)
    assert not result.ok
    assert result.argv[0] == sys.executable


def test_input_env_and_cwd_reach_the_process(tmp_path: Path) -> None:
    code = "import os, sys; print(sys.stdin.read().upper(), os.environ['DEMO_VAR'], os.getcwd(), 'PATH' in os.environ)"
    result = run_process(python(code), timeout=30, input="hello", env={"DEMO_VAR": "42"}, cwd=tmp_path)
    assert result.ok
    assert result.stdout.split() == ["HELLO", "42", str(tmp_path.resolve()), "True"]


def test_a_slow_process_and_its_children_are_killed_at_the_timeout() -> None:
    started = time.monotonic()
    # the child shell spawns a grandchild that holds the pipes open; the whole group must die
    result = run_process(["sh", "-c", "echo started; sleep 30 & sleep 30"], timeout=0.5)
    assert result.timed_out and result.exit_code is None
    assert result.stdout == "started\n"
    assert time.monotonic() - started < 10
    assert result.duration_ms >= 500


def test_a_grandchild_that_left_the_group_cannot_hold_the_timeout_open() -> None:
    started = time.monotonic()
    # `setsid` puts the grandchild in its own session: the group kill misses it, and it keeps the pipes open
    result = run_process(["sh", "-c", "echo started; setsid sleep 30 & echo $!; sleep 30"], timeout=0.5)
    elapsed = time.monotonic() - started
    first, escaped = result.stdout.split()
    os.kill(int(escaped), signal.SIGKILL)
    assert result.timed_out and first == "started" and elapsed < 10


def test_a_missing_program_is_a_typed_error_with_an_install_hint() -> None:
    with pytest.raises(ToolNotInstalled) as caught:
        run_process(["/nonexistent/bin/kubectl", "version"], timeout=5)
    assert isinstance(caught.value, AgentError)
    assert "kubernetes.io/docs/tasks/tools" in (caught.value.hint or "")


def test_a_file_that_is_not_executable_is_reported(tmp_path: Path) -> None:
    script = tmp_path / "helm"
    script.write_text("#!/bin/sh\necho hi\n")
    with pytest.raises(ToolNotInstalled, match="not executable") as caught:
        run_process([str(script)], timeout=5)
    assert "helm.sh" in (caught.value.hint or "")


def test_no_shell_is_involved() -> None:
    result = run_process(python("import sys; print(sys.argv[1:])") + ["$(echo hi)", "a|b"], timeout=30)
    assert result.stdout.strip() == "['$(echo hi)', 'a|b']"


def test_empty_argv_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        run_process([], timeout=1)
