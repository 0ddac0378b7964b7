"""Run an external AI tool (kubectl-ai, kagent, `docker ai`): find it, ask its version, bound its time.

The wrappers in `tools/` build the argument vectors and read the output; this
module only starts programs and turns "not there" and "too slow" into errors
that say what to do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from agent.aitools.errors import AiToolFailed, AiToolMissing, AiToolTimeout
from agent.aitools.models import ToolPresence
from agent.tooling.process import ProcessResult, ToolNotInstalled, run_process

VERSION_TIMEOUT_S = 10.0


def which(program: str) -> str | None:
    return shutil.which(program)


def presence(name: str, version_argv: list[str], fix: str, *, timeout: float = VERSION_TIMEOUT_S) -> ToolPresence:
    """Is `name` usable: its program on PATH, and `version_argv` exits 0 (its first line is the version)."""
    path = which(version_argv[0])
    if path is None:
        return ToolPresence(name=name, installed=False, problem=f"`{version_argv[0]}` is not on PATH", fix=fix)
    try:
        result = run_process([path, *version_argv[1:]], timeout=timeout)
    except ToolNotInstalled as exc:
        return ToolPresence(name=name, installed=False, path=path, problem=exc.message, fix=fix)
    lines = [line.strip() for line in (result.stdout or result.stderr).splitlines() if line.strip()]
    if not result.ok:
        why = "timed out" if result.timed_out else (lines[0] if lines else f"exit code {result.exit_code}")
        return ToolPresence(name=name, installed=False, path=path,
                            problem=f"`{' '.join(version_argv)}` failed: {why}"[:300], fix=fix)
    return ToolPresence(name=name, installed=True, path=path, version=version_line(lines))


def version_line(lines: list[str]) -> str:
    """The line that names the version ("version: 0.0.12", "kagent version 0.5.1"), else the first one."""
    for line in lines:
        if "version" in line.lower():
            return line[:120]
    return lines[0][:120] if lines else ""


def run_tool(tool: str, argv: list[str], *, timeout: float, cwd: str | Path | None = None) -> ProcessResult:
    """Run `argv`; a missing program raises ToolNotInstalled, a timeout AiToolTimeout."""
    result = run_process(argv, timeout=timeout, cwd=cwd)
    if result.timed_out:
        raise AiToolTimeout(tool, f"`{argv[0]}` did not finish within {timeout:.0f}s and was stopped",
                            hint="raise AGENT_TOOL_TIMEOUT, or force another step with --via llm / --via builtin")
    return result


def last_line(result: ProcessResult) -> str:
    text = (result.stderr.strip() or result.stdout.strip()).splitlines()
    return text[-1][:300] if text else f"exit code {result.exit_code}"


def generic_failure(tool: str, result: ProcessResult, hint: str) -> AiToolFailed:
    return AiToolFailed(tool, f"exited with code {result.exit_code}: {last_line(result)}", hint=hint)


def require(found: ToolPresence) -> ToolPresence:
    """`found` when usable; AiToolMissing (with the fix as hint) otherwise."""
    if not found.installed:
        raise AiToolMissing(found.name, found.problem, hint=found.fix)
    return found
