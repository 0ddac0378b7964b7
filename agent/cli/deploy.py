"""`agent deploy PATH`: from source to a healthy Helm release, step by step through the approval gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from agent.cli.ops import cli_gate, ops_options, ops_settings
from agent.cli.options import parse_build_args


@click.command("deploy")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--target", type=click.Choice(["minikube", "kind", "current"]), default="minikube", show_default=True,
              help="Where to deploy: Minikube (images built in its Docker daemon), kind, or the current context.")
@click.option("--dry-run", is_flag=True, help="Print the complete plan and change nothing.")
@click.option("-o", "--output", "fmt", type=click.Choice(["text", "json"]), default="text", help="Plan format.")
@click.option("--release", default=None, help="Helm release name (default: the app name).")
@click.option("-f", "--values", "values", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra values files (e.g. a git-ignored secrets.yaml), after values-dev.yaml.")
@click.option("--tag", default=None, help="Image tag (default: the app version).")
@click.option("--build-arg", "build_args", multiple=True, metavar="KEY=VALUE", help="Extra docker build args.")
@click.option("--set", "sets", multiple=True, metavar="SERVICE.KEY=VALUE",
              help="What detection cannot tell, as `agent generate --set` and agent.toml [services.<name>] take it.")
@click.option("--atomic", is_flag=True, help="Let Helm roll a failed install/upgrade back by itself.")
@click.option("--timeout", type=int, default=300, show_default=True, help="Seconds to wait for the rollout.")
@click.option("--skip-validate", is_flag=True, help="Skip hadolint, helm lint, schema, checkov and shellcheck.")
@click.option("--no-rollback", is_flag=True, help="On failure, diagnose but do not offer a rollback.")
@click.option("-v", "--verbose", is_flag=True, help="Show the build output.")
@ops_options
def command(path: Path, target: str, dry_run: bool, fmt: str, release: str | None, values: tuple[Path, ...],
            tag: str | None, build_args: tuple[str, ...], sets: tuple[str, ...], atomic: bool, timeout: int,
            skip_validate: bool,
            no_rollback: bool, verbose: bool, **params: Any) -> None:
    """Detect and generate if needed, validate, build, helm upgrade --install, wait, smoke-test, report URLs."""
    from agent.deploy.plan import make_plan, render_plan

    plan = make_plan(path, target=target, namespace=params.get("namespace"), release=release,  # type: ignore[arg-type]
                     kube_context=params.get("context"), extra_values=list(values), tag=tag,
                     build_args=parse_build_args(build_args), atomic=atomic, wait_timeout=timeout,
                     detect_sets=list(sets))
    if dry_run:
        click.echo(plan.model_dump_json(indent=2) if fmt == "json" else render_plan(plan))
        return
    from agent.deploy.progress import Progress
    from agent.deploy.workflow import DeployRun, default_dependencies

    settings = ops_settings({**params, "context": plan.kube_context, "namespace": plan.namespace})
    run = DeployRun(settings, cli_gate(settings), plan, default_dependencies(settings),
                    progress=Progress(total=len(plan.steps), verbose=verbose), skip_validate=skip_validate,
                    offer_rollback=not no_rollback)
    result = run.run()
    if fmt == "json":
        click.echo(json.dumps(result.model_dump(mode="json"), indent=2))
    _report(result)


def _report(result: Any) -> None:
    from agent.errors import AgentError

    if result.ok:
        click.echo(f"{result.plan.app} is deployed and healthy (release {result.plan.release}, "
                   f"namespace {result.plan.namespace}):")
        for service, url in result.plan.urls.items():
            click.echo(f"  {service}: {url}")
        return
    failed = result.failed_step
    if result.diagnosis:
        click.echo("\nDiagnosis:\n" + result.diagnosis, err=True)
    if result.rollback is not None:
        click.echo(f"\nrollback: {result.rollback.status}: {result.rollback.error or result.rollback.output}",
                   err=True)
    raise AgentError(f"deploy stopped at `{failed.name}`: {failed.detail}",
                     hint="nothing after that step ran; fix the cause above and run `agent deploy` again "
                          "(it upgrades the release in place)")
