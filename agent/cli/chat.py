"""`agent chat` (and bare `agent`): the interactive chat."""

from __future__ import annotations

import sys

import click

from agent.cli.options import common_options, settings_from


@click.command("chat")
@click.option("--plain", is_flag=True, help="A line REPL on stdin/stdout instead of the TUI.")
@common_options
def command(plain: bool, **params) -> None:
    """Open the interactive chat."""
    from agent.cli.events import stderr_event_printer
    from agent.cli.preflight import require_phr_dir
    from agent.gate import terminal_asker
    from agent.repl import run_repl
    from agent.session import Session

    settings = settings_from(params)
    require_phr_dir(settings)
    if not plain and sys.stdin.isatty() and sys.stdout.isatty():
        from agent.tui.launch import launch_tui

        launch_tui(settings)
        return
    session = Session(settings, surface="cli", asker=terminal_asker if sys.stdin.isatty() else None)
    run_repl(session, on_event=stderr_event_printer())
