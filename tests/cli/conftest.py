from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"


@pytest.fixture
def clean_env(tmp_path, monkeypatch):
    """A private cwd and config home, and no provider keys: the offline path."""
    for name in list(os.environ):
        if name.startswith("AGENT_") or name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run_agent(clean_env):
    """Run `agent ...` as a whole process (what users run), in the clean environment."""
    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "agent", *args], capture_output=True, text=True,
                              input=stdin, cwd=clean_env, env=dict(os.environ), timeout=120)

    return run
