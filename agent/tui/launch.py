"""Start the TUI on the right cluster source: --snapshot, else the live cluster if it answers, else the demo snapshot."""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings

DEMO_SNAPSHOT = Path(__file__).resolve().parent.parent / "data" / "demo-snapshot"
DEMO_LABEL = "DEMO snapshot (Todo app)"


def choose_source(settings: Settings, probe_timeout: float = 2.0) -> tuple[Settings, str, bool]:
    """(settings to use, header label, live?)."""
    if settings.snapshot:
        return settings, f"snapshot: {settings.snapshot}", False
    from agent.doctor import cluster_check

    check = cluster_check(settings, timeout=probe_timeout)
    if check.status == "ok":
        return settings, f"live: {settings.context or 'current context'}", True
    return settings.model_copy(update={"snapshot": DEMO_SNAPSHOT}), DEMO_LABEL, False


def launch_tui(settings: Settings) -> None:
    from agent.tui.app import (
        AgentApp,  # textual costs ~150 ms: only when the TUI really starts
    )

    settings, label, live = choose_source(settings)
    app = AgentApp(settings, source_label=label, live=live)
    app.run()
    if app.return_code:  # Textual printed the traceback; a crash must not read as success to a shell
        raise SystemExit(app.return_code)
