from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from agent.aitools.validate import validate_files
from tests.stand_ins import install, recorded, venv_bin

PROJECTS = Path(__file__).resolve().parents[1] / "fixtures" / "projects"
# checkov costs ~9 s per run; the chains are tested with the other validators, checkov is the same code path
QUICK_VALIDATOR = partial(validate_files, checkov=False)


@dataclass
class StandIns:
    bin_dir: Path
    log: Path
    monkeypatch: pytest.MonkeyPatch

    def mode(self, variable: str, value: str) -> None:
        self.monkeypatch.setenv(variable, value)

    @property
    def calls(self) -> list[list[str]]:
        return recorded(self.log)


@pytest.fixture
def stand_ins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StandIns:
    """kubectl-ai, kagent and docker (ai) stand-ins first on PATH; their argv is logged."""
    bin_dir = install(tmp_path / "stand-in-bin")
    log = tmp_path / "argv.jsonl"
    monkeypatch.setenv("PATH", os.pathsep.join([str(bin_dir), venv_bin()]))
    monkeypatch.setenv("STANDIN_ARGV_LOG", str(log))
    for variable in ("KUBECTL_AI_STANDIN_MODE", "KAGENT_STANDIN_MODE", "DOCKER_AI_STANDIN_MODE"):
        monkeypatch.delenv(variable, raising=False)
    return StandIns(bin_dir=bin_dir, log=log, monkeypatch=monkeypatch)


@pytest.fixture
def no_ai_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH without kubectl-ai, kagent or docker (the venv's bin stays: hadolint lives there)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", os.pathsep.join([str(empty), venv_bin()]))


@pytest.fixture
def offline_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Settings with no LLM key (providers: builtin only), PHRs under tmp_path, a short tool timeout."""
    from agent.config import Settings

    for name in list(os.environ):
        if name.startswith(("AGENT_", "OPENAI_", "ANTHROPIC_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)

    def make(**overrides):
        values = {"phr_dir": tmp_path / "phr", "tool_timeout": 5.0, **overrides}
        return Settings(**values)

    return make
