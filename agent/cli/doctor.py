"""`agent doctor`: providers, external tools and cluster access, with versions and fixes."""

from __future__ import annotations

import click

from agent.cli.options import common_options, settings_from

MARKS = {"ok": ("ok", "green"), "missing": ("--", "yellow"), "error": ("!!", "red"), "info": ("..", None)}


@click.command("doctor")
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Seconds per check.")
@common_options
def command(output: str, timeout: float, **params) -> None:
    """Check which providers, external tools and cluster access are usable."""
    from agent.doctor import run_doctor

    report = run_doctor(settings_from(params), timeout=timeout)
    if output == "json":
        click.echo(report.model_dump_json(indent=2))
        return
    category = None
    for check in report.checks:
        if check.category != category:
            category = check.category
            click.secho(f"\n{category}", bold=True)
        mark, colour = MARKS[check.status]
        line = f"  [{mark}] {check.name:<11} {check.version:<28} {check.detail}"
        click.secho(line, fg=colour)
        if check.fix and check.status != "ok":
            click.echo(f"       fix: {check.fix}")
