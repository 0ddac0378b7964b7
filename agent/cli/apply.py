"""`agent apply FILE|DIR`: server-side dry run, the diff against the live objects, approval, server-side apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from agent.cli.ops import cli_gate, finish, ops_options, ops_settings


@click.command("apply")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--prune", is_flag=True, help="Also delete objects matching --selector that the manifests do not list.")
@click.option("-l", "--selector", default=None, help="Label selector for --prune (required with it).")
@click.option("--force-conflicts", is_flag=True, help="Take ownership of fields another manager owns.")
@click.option("--diff-only", is_flag=True, help="Show the dry run and the diff, change nothing.")
@ops_options
def command(path: Path, prune: bool, selector: str | None, force_conflicts: bool, diff_only: bool,
            **params: Any) -> None:
    """Apply manifests the safe way (field manager `aiops-agent`): dry run and diff first, then ask."""
    from agent.errors import UsageError
    from agent.operate.apply import apply, preview
    from agent.operate.kube import KubeApi
    from agent.operate.manifests import load_objects

    if prune and not selector:
        raise UsageError("--prune needs an explicit label selector", hint="add -l app.kubernetes.io/instance=NAME")
    if selector and not prune:
        raise UsageError("--selector only applies with --prune", hint="add --prune, or drop -l")
    from agent.validation.pss import warnings_for

    objects = load_objects(path)  # a bad manifest is reported before any connection is tried
    for obj in objects:  # Pod Security Standards, with or without checkov
        meta = obj.get("metadata") or {} if isinstance(obj, dict) else {}
        for finding in warnings_for(obj):
            click.secho(f"warning: {obj.get('kind')}/{meta.get('name', '?')}: {finding.message} "
                        f"({finding.rule}; {finding.fix_hint})", err=True, fg="yellow")
    settings = ops_settings(params)
    api = KubeApi.from_settings(settings)
    if diff_only:
        plan, _, _ = preview(api, path, namespace=settings.namespace, prune_selector=selector if prune else None,
                             force_conflicts=force_conflicts)
        click.echo(plan.diff or "no changes")
        return
    result = apply(settings, cli_gate(settings), path, namespace=settings.namespace,
                   prune_selector=selector if prune else None, force_conflicts=force_conflicts, api=api)
    for change in result.plan.changes:
        click.echo(f"{change.action:<10} {change.object}", err=True)
    if result.plan.diff and (settings.assume_yes or settings.read_only):
        click.echo(result.plan.diff, err=True)  # nobody was asked, so the diff was not shown before
    if result.mutation is None:
        click.echo("no changes: the cluster already matches the manifests")
        return
    finish(result.mutation, f"apply {path}")
