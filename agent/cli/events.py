"""Render loop events on stderr for the line-oriented surfaces (ask, chat --plain)."""

from __future__ import annotations

import click


def safe_text(text: str) -> str:
    from agent.safety.text import safe_text as safe

    return safe(text)


def stderr_event_printer(verbose: bool = True):
    def on_event(event) -> None:
        kind = type(event).__name__
        if kind == "ToolStarted" and verbose:
            click.secho(f"  -> {safe_text(event.description or event.tool)}", err=True, dim=True)
        elif kind == "ToolFinished" and verbose:
            mark = "ok" if event.status == "ok" else event.status
            click.secho(f"  <- {event.tool}: {mark} ({event.duration_ms} ms)", err=True, dim=True)
        elif kind == "FallbackEvent":
            click.secho(f"  ! {event.from_provider} failed ({event.reason}); falling back to {event.to_provider}",
                        err=True, fg="yellow")
        elif kind == "ApprovalEvent" and not event.outcome.approved:
            click.secho(f"  x refused ({event.outcome.decided_by}): {safe_text(event.outcome.request.action)}",
                        err=True, fg="red")

    return on_event
