from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"


@pytest.fixture
def clean_env(offline_env):
    return offline_env


@pytest.fixture
def run_agent(clean_env):
    """Run `agent ...` as a whole process (what users run), in the clean environment."""
    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "agent", *args], capture_output=True, text=True,
                              input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                              cwd=clean_env, env=dict(os.environ), timeout=120)

    return run
