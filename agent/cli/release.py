"""`agent release list|status|history|upgrade|rollback|uninstall`: Helm releases through the Helm v4 SDK."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from agent.cli.ops import cli_gate, finish, ops_options, ops_settings


def _client(settings: Any) -> Any:
    from agent.programs.helm import HelmClient

    return HelmClient(settings, settings.namespace or "default")


@click.group("release")
def command() -> None:
    """Helm releases: read them, upgrade, roll back (default: the previous successful revision), uninstall."""


@command.command("list")
@click.option("-A", "--all-namespaces", is_flag=True)
@click.option("-o", "--output", "fmt", type=click.Choice(["text", "json"]), default="text")
@ops_options
def list_command(all_namespaces: bool, fmt: str, **params: Any) -> None:
    from agent.programs.helm import render_releases

    rows = _client(ops_settings(params)).list(all_namespaces=all_namespaces)
    click.echo(json.dumps([r.model_dump() for r in rows], indent=2) if fmt == "json" else render_releases(rows))


@command.command("status")
@click.argument("release")
@ops_options
def status_command(release: str, **params: Any) -> None:
    from agent.programs.helm import render_releases

    info = _client(ops_settings(params)).status(release)
    click.echo(render_releases([info]) + (f"\n\n{info.notes}" if info.notes else ""))


@command.command("history")
@click.argument("release")
@ops_options
def history_command(release: str, **params: Any) -> None:
    from agent.programs.helm import render_releases

    click.echo(render_releases(_client(ops_settings(params)).history(release), history=True))


@command.command("upgrade")
@click.argument("release")
@click.argument("chart", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-f", "--values", "values", multiple=True, type=click.Path(exists=True, path_type=Path))
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE")
@click.option("--atomic", is_flag=True, help="Roll back automatically when the upgrade fails.")
@click.option("--timeout", type=int, default=300, show_default=True, help="Seconds to wait for readiness.")
@click.option("--no-wait", is_flag=True, help="Do not wait for the objects to become ready.")
@ops_options
def upgrade_command(release: str, chart: Path, values: tuple[Path, ...], sets: tuple[str, ...], atomic: bool,
                    timeout: int, no_wait: bool, **params: Any) -> None:
    """`helm upgrade --install RELEASE CHART`, showing the manifest diff before asking."""
    from agent.operate.releases import upgrade

    settings = ops_settings(params)
    client = _client(settings)
    finish(upgrade(settings, cli_gate(settings), client, chart, release, list(values), sets=list(sets),
                   atomic=atomic, wait=not no_wait, timeout=timeout), f"upgrade {release}")


@command.command("rollback")
@click.argument("release")
@click.argument("revision", type=int, required=False)
@ops_options
def rollback_command(release: str, revision: int | None, **params: Any) -> None:
    """Roll RELEASE back to REVISION (default: the previous successful revision)."""
    from agent.operate.releases import rollback

    settings = ops_settings(params)
    finish(rollback(settings, cli_gate(settings), _client(settings), release, revision), f"rollback {release}")


@command.command("uninstall")
@click.argument("release")
@ops_options
def uninstall_command(release: str, **params: Any) -> None:
    """Uninstall RELEASE and every object it created (type the release name to confirm)."""
    from agent.operate.releases import uninstall

    settings = ops_settings(params)
    finish(uninstall(settings, cli_gate(settings), _client(settings), release), f"uninstall {release}")
