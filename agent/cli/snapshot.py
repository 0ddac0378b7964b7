"""`agent snapshot DIR`: save the cluster (or a namespace) as a snapshot directory for offline diagnosis."""

from __future__ import annotations

import click

from agent.cli.options import common_options, settings_from


@click.command("snapshot")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("-A", "--all-namespaces", is_flag=True, help="Every namespace (default: the context's namespace).")
@common_options
def command(directory: str, all_namespaces: bool, **params) -> None:
    """Write a snapshot of the live cluster to DIRECTORY (cluster-info dump layout plus the kinds it leaves out).

    Secrets and ConfigMaps are saved with names and keys only, never values.
    Diagnose it later, anywhere: `agent diagnose --snapshot DIRECTORY`.

    \b
    Examples:
      agent snapshot ./todo-dump -n todo
      agent snapshot ./cluster -A --context prod
    """
    from agent.diagnosis.sources.live import LiveSource
    from agent.diagnosis.sources.writer import write_snapshot

    if all_namespaces and params.get("namespace"):
        raise click.UsageError("use either -n NAMESPACE or -A, not both")
    if params.get("snapshot"):
        raise click.UsageError("`agent snapshot` reads a live cluster; --snapshot makes no sense here")
    settings = settings_from(params)
    from agent.cli.progress import StepProgress

    progress = StepProgress()
    source = LiveSource.from_settings(settings)
    scope = None if all_namespaces else (settings.namespace or source.default_namespace())
    with progress.step(f"reading {'every namespace' if scope is None else f'namespace {scope}'} from the cluster"):
        state = source.load(scope, all_namespaces)
    with progress.step(f"writing {directory}"):
        summary = write_snapshot(state, directory, namespaces=None if scope is None else [scope])
    click.echo(f"wrote {summary.objects} objects of {summary.kinds} kinds and {summary.logs} logs to {directory}")
    for warning in state.warnings:
        click.echo(f"warning: {warning.message}", err=True)
