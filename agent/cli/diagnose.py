"""`agent diagnose`: run every analyzer over a namespace or the whole cluster (like `k8sgpt analyze`)."""

from __future__ import annotations

import sys

import click

from agent.cli.options import common_options, settings_from


@click.command("diagnose")
@click.option("-A", "--all-namespaces", is_flag=True, help="Every namespace (default: the context's namespace).")
@click.option("-o", "--output", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@common_options
def command(all_namespaces: bool, output: str, **params) -> None:
    """Find every problem in a namespace, worst first, with root cause, evidence and fix.

    Exit code 0 when it ran (problems or not), 1 when the cluster could not be read.

    \b
    Examples:
      agent diagnose -n todo
      agent diagnose -A -o json
      agent diagnose --snapshot ./dump
    """
    from agent.diagnosis.engine import diagnose_report
    from agent.diagnosis.render import RENDERERS
    from agent.diagnosis.sources.base import open_source

    if all_namespaces and params.get("namespace"):
        raise click.UsageError("use either -n NAMESPACE or -A, not both")
    settings = settings_from(params)
    source = open_source(settings)
    state = source.load(settings.namespace, all_namespaces)
    namespace = None if all_namespaces else (settings.namespace or _loaded_namespace(source, state))
    report = diagnose_report(state, namespace)
    click.echo(RENDERERS[output](report), nl=False)
    sys.exit(0 if report.answered else 1)


def _loaded_namespace(source, state) -> str | None:
    """The namespace a live source scoped to (the context's default); snapshots cover everything."""
    default = getattr(source, "default_namespace", None)
    return default() if callable(default) else None
