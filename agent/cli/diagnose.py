"""`agent diagnose`: run every analyzer over a namespace or the whole cluster (like `k8sgpt analyze`)."""

from __future__ import annotations

import sys

import click

from agent.cli.options import common_options, settings_from

FAIL_ON = {"warning": ("warning", "critical"), "critical": ("critical",)}
EXIT_PROBLEMS = 3


@click.command("diagnose")
@click.option("-A", "--all-namespaces", is_flag=True, help="Every namespace (default: the context's namespace).")
@click.option("-o", "--output", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="json follows docs/diagnose-schema.json.")
@click.option("-l", "--selector", default=None,
              help="Only findings about objects with these labels, as `kubectl get -l` (app=web,tier!=cache).")
@click.option("--filter", "filters", default=None, metavar="ANALYZER[,..]",
              help="Run only these analyzers (see --list-analyzers).")
@click.option("--list-analyzers", is_flag=True, help="List the analyzers, the kinds each reads, and exit.")
@click.option("--fail-on", type=click.Choice(sorted(FAIL_ON)), default=None,
              help=f"Exit {EXIT_PROBLEMS} when a problem of this severity or worse is found (for CI).")
@click.option("--complete", is_flag=True,
              help="Treat the snapshot as complete: a kind it holds no object of has none (closed world).")
@common_options
def command(all_namespaces: bool, output: str, selector: str | None, filters: str | None, list_analyzers: bool,
            fail_on: str | None, complete: bool, **params) -> None:
    """Find every problem in a namespace, worst first, with root cause, evidence and fix.

    Every answer says which kinds were checked (with counts) and which kinds the
    source did not hold, and so what was not checked.

    Exit code 0 when it ran (problems or not), 1 when the cluster could not be read,
    3 with --fail-on when a problem of that severity or worse was found.

    \b
    Examples:
      agent diagnose -n todo
      agent diagnose -A -o json
      agent diagnose --snapshot ./dump --filter hpa,workloads
      agent diagnose -n shop -l app=web --fail-on critical
      agent diagnose --list-analyzers
    """
    from agent.diagnosis.engine import diagnose_report, select_analyzers

    if list_analyzers:
        click.echo(_analyzer_table(select_analyzers()), nl=False)
        return
    from agent.diagnosis.render import RENDERERS
    from agent.diagnosis.sources.base import open_source
    from agent.kube.kinds import KINDS

    if all_namespaces and params.get("namespace"):
        raise click.UsageError("use either -n NAMESPACE or -A, not both")
    if complete and not params.get("snapshot"):
        raise click.UsageError("--complete describes a snapshot; use it with --snapshot")
    from agent.errors import UsageError

    from agent.kube.selectors import InvalidSelector, parse

    try:
        analyzers = select_analyzers((filters or "").split(","))
        parse(selector)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except InvalidSelector as exc:
        raise click.UsageError(f"{exc}; write it as kubectl does: app=web,tier!=cache or 'env in (a,b)'") from None
    settings = settings_from(params)
    source = open_source(settings)
    state = source.load(settings.namespace, all_namespaces)
    if complete:
        state.declare_complete(k.kind for k in KINDS)
    namespace = None if all_namespaces else (settings.namespace or _loaded_namespace(source, state))
    report = diagnose_report(state, namespace, analyzers, selector)
    click.echo(RENDERERS[output](report), nl=False)
    if not report.answered:
        sys.exit(1)
    if fail_on and any(f.severity.value in FAIL_ON[fail_on] for f in report.findings):
        sys.exit(EXIT_PROBLEMS)
    sys.exit(0)


def _analyzer_table(analyzers) -> str:
    lines = []
    width = max(len(a.name) for a in analyzers)
    for a in analyzers:
        needs = f"; also reads {', '.join(a.needs)}" if a.needs else ""
        lines.append(f"{a.name:<{width}}  {a.describe()} (reports on {', '.join(a.kinds) or 'pods and logs'}{needs})")
    return "\n".join(lines) + "\n"


def _loaded_namespace(source, state) -> str | None:
    """The namespace a live source scoped to (the context's default); snapshots cover everything."""
    default = getattr(source, "default_namespace", None)
    return default() if callable(default) else None
