"""`agent cluster up|status|down`: Minikube with the constitution's settings, and whether the release fits."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import click

from agent.cli.ops import cli_gate, finish, ops_options, ops_settings


@click.group("cluster")
def command() -> None:
    """Start, check and stop the local Minikube cluster."""


def _run_all(commands: list[list[str]]) -> str:
    from agent.errors import AgentError
    from agent.tooling.process import run_process

    done = []
    for argv in commands:
        click.echo(f"$ {shlex.join(argv)}", err=True)
        result = run_process(argv, timeout=900)
        if not result.ok:
            raise AgentError(f"`{shlex.join(argv)}` failed: {(result.stderr or result.stdout).strip()[-500:]}"
                             + (f" (done before it: {'; '.join(done)})" if done else ""),
                             hint="read minikube's message above; `minikube logs` has the details")
        done.append(shlex.join(argv))
    return "done: " + "; ".join(done)


@command.command("up")
@click.option("--profile", default=None, help="Minikube profile (default: minikube).")
@ops_options
def up_command(profile: str | None, **params: Any) -> None:
    """minikube start --cpus=4 --memory=8192 --disk-size=20g --driver=docker, plus the ingress, metrics-server and
    dashboard addons."""
    from agent.deploy import minikube
    from agent.operate.mutation import Mutation, run_mutation

    minikube.require()
    commands = minikube.start_commands(profile)
    settings = ops_settings(params)
    mutation = Mutation(tool="minikube", title="start Minikube", action="; ".join(shlex.join(c) for c in commands),
                        blast_radius="creates or starts a local VM/container with 4 CPUs and 8 GB of memory",
                        left_behind_on_failure="Minikube may be created but stopped, or running without some addons",
                        recovery="`minikube status`; re-run `agent cluster up` (it is idempotent) or "
                                 "`agent cluster down` to start over")
    finish(run_mutation(settings, cli_gate(settings), mutation, lambda: _run_all(commands)), "cluster up")


@command.command("down")
@click.option("--profile", default=None)
@click.option("--delete", is_flag=True, help="Delete the cluster (all its data), not just stop it.")
@ops_options
def down_command(profile: str | None, delete: bool, **params: Any) -> None:
    """Stop Minikube (--delete: delete it; type the profile name to confirm)."""
    from agent.deploy import minikube
    from agent.operate.mutation import Mutation, run_mutation

    minikube.require()
    name = profile or "minikube"
    argv = ["minikube", *(["-p", profile] if profile else []), "delete" if delete else "stop"]
    settings = ops_settings(params)
    mutation = Mutation(tool="minikube", title=f"{'delete' if delete else 'stop'} Minikube", action=shlex.join(argv),
                        blast_radius="every workload in the cluster" + (" and all its data" if delete else " stops"),
                        confirm_text=name if delete else None,
                        left_behind_on_failure="Minikube may be half stopped", recovery="`minikube status`, then retry")
    finish(run_mutation(settings, cli_gate(settings), mutation, lambda: _run_all([argv])), "cluster down")


@command.command("status")
@click.option("--profile", default=None)
@click.option("--app", "app_path", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Also check that this app's release fits (summed requests of its rendered chart).")
@ops_options
def status_command(profile: str | None, app_path: Path | None, **params: Any) -> None:
    """Is Minikube running, are the nodes ready, and does the release fit their capacity?"""
    from agent.deploy import minikube
    from agent.errors import AgentError

    state = minikube.status(profile)
    if not state.installed:
        click.echo("minikube: not installed")
        click.echo(f"  to install: {minikube.INSTALL_HINT}")
        click.echo("  then: agent cluster up   (" + " ; ".join(shlex.join(c) for c in minikube.start_commands(profile))
                   + ")")
    else:
        click.echo(f"minikube: host {state.host or '?'}, kubelet {state.kubelet or '?'}, "
                   f"apiserver {state.apiserver or '?'}")
    settings = ops_settings({**params, "context": params.get("context") or ("minikube" if state.installed else None)})
    try:
        report = _capacity(settings, app_path)
    except AgentError as exc:
        click.echo(f"cluster: capacity check failed ({exc.message})")
        if exc.hint:
            click.echo(f"  hint: {exc.hint}")
        raise SystemExit(1)
    click.echo(f"nodes ready: {', '.join(report.nodes_ready) or 'none'}"
               + (f"; not ready: {', '.join(report.nodes_not_ready)}" if report.nodes_not_ready else ""))
    click.echo(f"allocatable: {report.allocatable.text()}")
    if app_path is not None:
        click.echo(f"release requests: {report.requested.text()}")
        for line in report.workloads:
            click.echo(f"  {line}")
        click.echo("fits: yes" if report.fits else "fits: NO\n  " + "\n  ".join(report.missing()))
        if not report.fits:
            raise SystemExit(1)


def _capacity(settings: Any, app_path: Path | None) -> Any:
    from agent.deploy.capacity import capacity
    from agent.operate.kube import KubeApi

    api = KubeApi.from_settings(settings, timeout=10)
    nodes = api.list(api.resource("v1", "Node"), None)
    manifest = ""
    if app_path is not None:
        from agent.deploy.plan import make_plan
        from agent.operate.releases import render_manifest
        from agent.programs.helm import load_values

        plan = make_plan(app_path)
        values = load_values([plan.chart / "values.yaml", *plan.values_files], plan.sets)
        manifest = render_manifest(plan.chart, plan.release, plan.namespace, values, upgrade=False)
    return capacity(nodes, manifest)
