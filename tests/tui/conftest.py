from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from agent.config import Settings
from agent.tui.app import AgentApp

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"


@pytest.fixture
def isolated_env(offline_env):
    return offline_env


@pytest.fixture
def make_app(isolated_env):
    def make(scenario: str | Path = "crashloop-missing-env", **updates) -> AgentApp:
        snapshot = scenario if isinstance(scenario, Path) else SCENARIOS / scenario
        settings = Settings(snapshot=snapshot, phr_dir=isolated_env / "phr", **updates)
        return AgentApp(settings, source_label=f"snapshot: {snapshot.name}", deterministic=True)

    return make


@pytest.fixture
def fake_kubectl(tmp_path, monkeypatch):
    """A kubectl on PATH that logs its argv and sleeps AGENT_FAKE_KUBECTL_SLEEP seconds."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "kubectl.log"
    script = bin_dir / "kubectl"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> {log}\n'
        'sleep "${AGENT_FAKE_KUBECTL_SLEEP:-0}"\n'
        'echo "pod \\"$3\\" deleted"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    return log


async def wait_idle(pilot, app: AgentApp, timeout: float = 20.0) -> None:
    """Until the running question is answered (workers run in threads)."""
    waited = 0.0
    await pilot.pause()
    while app._busy and waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_and_send(pilot, text: str) -> None:
    prompt = pilot.app.query_one("#prompt")
    prompt.text = text
    await pilot.press("enter")


async def wait_for_approval(pilot, timeout: float = 5.0):
    """Until the approval modal is on screen (the question runs in a worker thread); returns it."""
    from agent.tui.screens.approval import ApprovalScreen

    waited = 0.0
    while not isinstance(pilot.app.screen, ApprovalScreen) and waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
    assert isinstance(pilot.app.screen, ApprovalScreen), "the approval modal did not open"
    return pilot.app.screen
