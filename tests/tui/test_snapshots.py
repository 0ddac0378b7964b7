"""Snapshot tests of the main screens at 80x24 and 120x40 (update with `pytest tests/tui --snapshot-update`)."""

from __future__ import annotations

import pytest

from agent.tui.launch import DEMO_SNAPSHOT

from .conftest import settle, type_and_send, wait_for_approval, wait_idle, wait_until

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot) -> None:
    await wait_idle(pilot, pilot.app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start_screen(make_app, snap_compare, size):
    assert snap_compare(make_app("crashloop-missing-env"), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_answer_with_finding(make_app, snap_compare, size):
    async def ask(pilot):
        await type_and_send(pilot, "why is the backend crashing?")
        await _settle(pilot)

    assert snap_compare(make_app("crashloop-missing-env"), terminal_size=size, run_before=ask)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_approval_modal(make_app, fake_kubectl, snap_compare, size):
    async def ask(pilot):
        await type_and_send(pilot, "run `kubectl delete pod backend-8f71d6468-799p2 -n todo`")
        await wait_for_approval(pilot)

    assert snap_compare(make_app("crashloop-missing-env"), terminal_size=size, run_before=ask)


def test_cluster_pane(make_app, snap_compare):
    async def show(pilot):
        await _settle(pilot)
        pilot.app.query_one("#side").active = "tab-cluster"
        tree = pilot.app.query_one("#cluster")
        await wait_until(pilot, lambda: tree.display and tree.region.height, "the cluster tab to show")
        await settle(pilot)

    assert snap_compare(make_app(DEMO_SNAPSHOT), terminal_size=(120, 40), run_before=show)


# The README's screenshots (docs/screenshots, copied there by `make screenshots`): the demo snapshot as `agent`
# opens it without a cluster, the cluster pane on start, the tool activity beside an answer.
README_SHOTS = {"start": "test_readme_start", "answer": "test_readme_answer"}


def _demo_app(isolated_env):
    from agent.config import Settings
    from agent.tui.app import AgentApp
    from agent.tui.launch import DEMO_LABEL

    settings = Settings(snapshot=DEMO_SNAPSHOT, phr_dir=isolated_env / "phr")
    return AgentApp(settings, source_label=DEMO_LABEL, deterministic=True)


async def _show_tab(pilot, tab: str) -> None:
    pilot.app.query_one("#side").active = tab
    await wait_until(pilot, lambda: pilot.app.query_one("#side").active == tab, f"the {tab} tab")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_readme_start(isolated_env, snap_compare, size):
    async def start(pilot):
        await _settle(pilot)
        await _show_tab(pilot, "tab-cluster")

    assert snap_compare(_demo_app(isolated_env), terminal_size=size, run_before=start)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_readme_answer(isolated_env, snap_compare, size):
    async def ask(pilot):
        await type_and_send(pilot, "why is the backend crashing?")
        await _settle(pilot)
        await _show_tab(pilot, "tab-activity")

    assert snap_compare(_demo_app(isolated_env), terminal_size=size, run_before=ask)


def test_readme_screenshots_are_the_snapshots():
    """docs/screenshots are copies of the snapshot tests' SVGs: `make screenshots` after `--snapshot-update`."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for name, test in README_SHOTS.items():
        for width, height in SIZES:
            shot = root / "docs" / "screenshots" / f"{name}-{width}x{height}.svg"
            snapshot = Path(__file__).parent / "__snapshots__" / "test_snapshots" / f"{test}[{width}x{height}].svg"
            assert shot.read_bytes() == snapshot.read_bytes(), f"{shot} is stale: run `make screenshots`"
