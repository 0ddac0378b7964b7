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
    """A kubectl on PATH that logs its argv (and its pid to kubectl.pids beside the returned log); with
    `kubectl_hold` it then waits until the test releases it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "kubectl.log"
    script = bin_dir / "kubectl"
    script.write_text(
        "#!/bin/sh\n"
        f'echo $$ >> {log.with_suffix(".pids")}\n'
        f'echo "$@" >> {log}\n'
        'if [ -n "$AGENT_FAKE_KUBECTL_HOLD" ]; then\n'
        '  n=0\n'
        '  while [ ! -e "$AGENT_FAKE_KUBECTL_HOLD" ] && [ $n -lt 6000 ]; do sleep 0.05; n=$((n+1)); done\n'
        'fi\n'
        'echo "pod \\"$3\\" deleted"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    return log


@pytest.fixture
def kubectl_hold(tmp_path, monkeypatch):
    """Holds every fake kubectl call after it has logged its argv, until the test creates the returned file:
    the test decides when the command ends, instead of racing a fixed sleep."""
    release = tmp_path / "kubectl.release"
    monkeypatch.setenv("AGENT_FAKE_KUBECTL_HOLD", str(release))
    return release


# Waits poll a condition every POLL_S seconds, at most POLL_TRIES times: a minute and more on an idle machine, so a
# loaded one (2 cores shared by many test processes) only makes a test slower, never wrong. Only a failing test
# waits that long, and it then says what it waited for.
POLL_S = 0.05
POLL_TRIES = 1200


async def wait_until(pilot, condition, what: str, tries: int = POLL_TRIES) -> None:
    """Until `condition()` is true (checked after each pause); fails naming `what` when it never is."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(POLL_S)
    if not condition():
        raise AssertionError(f"timed out waiting for {what}")


async def wait_idle(pilot, app: AgentApp) -> None:
    """Until the running question is answered and every worker (question, apply, write, refresh) has finished."""
    await pilot.pause()
    await wait_until(pilot, lambda: not app._busy, "the question to be answered")
    await app.workers.wait_for_complete()
    await settle(pilot)


async def settle(pilot) -> None:
    """Until what was mounted or updated is laid out: pending messages handled, animations done, a repaint."""
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def type_and_send(pilot, text: str) -> None:
    prompt = pilot.app.query_one("#prompt")
    prompt.text = text
    await pilot.press("enter")


def _ready(screen) -> bool:
    """Composed and mounted, with the focus inside it (a modal focuses its default control on mount)."""
    return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)


async def wait_for_screen(pilot, kind):
    """Until a `kind` screen is on top and ready for keys and queries; returns it.

    `app.screen` changes as soon as a screen is pushed, before its widgets are composed, so waiting for the type
    alone races the query that follows (`NoMatches: '#yes'` under load).
    """
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind) and _ready(pilot.app.screen),
                     f"the {kind.__name__} screen to open")
    await settle(pilot)
    return pilot.app.screen


async def wait_for_approval(pilot):
    """Until the approval modal is on screen (the question runs in a worker thread); returns it."""
    from agent.tui.screens.approval import ApprovalScreen

    return await wait_for_screen(pilot, ApprovalScreen)
