"""`agent scale`, `agent restart`, `agent logs`, `agent port-forward`, `agent events`, and the options and
approval gate every operations command shares (deploy, cluster, apply and release import them from here)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from agent.errors import AgentError


def ops_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--context, -n, --kubeconfig, --read-only, --yes, --no-phr, --phr-dir."""
    decorators = [
        click.option("--context", default=None, help="Kube context."),
        click.option("-n", "--namespace", default=None, help="Namespace."),
        click.option("--kubeconfig", type=click.Path(dir_okay=False), default=None, help="Kubeconfig file."),
        click.option("--read-only", is_flag=True, default=None, help="Refuse every mutation."),
        click.option("--yes", "-y", "assume_yes", is_flag=True, default=None,
                     help="Approve mutations without asking (not destructive ones: see --confirm)."),
        click.option("--confirm", "confirm", multiple=True, metavar="NAME",
                     help="Approve a destructive change to this object (repeatable): the name you would type back."),
        click.option("--no-phr", is_flag=True, default=False, help="Do not write Prompt History Records."),
        click.option("--phr-dir", type=click.Path(), default=None, help="Where PHRs are written (default ./phr)."),
    ]
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


def ops_settings(params: dict[str, Any]) -> Any:
    from agent.config import load_settings

    return load_settings(context=params.get("context"), namespace=params.get("namespace"),
                         kubeconfig=params.get("kubeconfig"), read_only=params.get("read_only"),
                         assume_yes=params.get("assume_yes"), phr_dir=params.get("phr_dir"),
                         confirm=list(params.get("confirm") or []) or None,
                         phr_enabled=False if params.get("no_phr") else None)


def cli_gate(settings: Any) -> Any:
    """The gate for a terminal: asks on a TTY, otherwise only --yes approves.

    Every gated change writes a PHR, so the PHR directory is checked here, before anything changes."""
    from agent.cli.preflight import require_phr_dir
    from agent.gate import ApprovalGate, terminal_asker

    require_phr_dir(settings)

    return ApprovalGate(read_only=settings.read_only, assume_yes=settings.assume_yes,
                        asker=terminal_asker if sys.stdin.isatty() else None, confirm_names=settings.confirm)


def namespace_of(settings: Any, api: Any = None) -> str:
    return settings.namespace or (api.default_namespace if api is not None else "default")


def finish(result: Any, what: str) -> None:
    """Print a mutation's outcome; refused or failed ones become errors (exit 1) naming the way back."""
    from agent.operate.mutation import raise_for

    if result.ok:
        click.echo(result.output)
    raise_for(result, what)


@click.command("scale")
@click.argument("target")
@click.option("--replicas", type=int, required=True, help="The new replica count.")
@ops_options
def scale_command(target: str, replicas: int, **params: Any) -> None:
    """Set the replica count of TARGET (deploy/NAME, sts/NAME)."""
    from agent.operate.kube import KubeApi
    from agent.operate.workloads import parse_target, scale

    parse_target(target, "default")  # a malformed TARGET is reported before any connection is tried
    settings = ops_settings(params)
    api = KubeApi.from_settings(settings)
    finish(scale(settings, cli_gate(settings), api, parse_target(target, namespace_of(settings, api)), replicas),
           f"scale {target}")


@click.command("restart")
@click.argument("target")
@ops_options
def restart_command(target: str, **params: Any) -> None:
    """Rollout-restart TARGET (deploy/NAME, sts/NAME, ds/NAME): every pod is replaced, rolling."""
    from agent.operate.kube import KubeApi
    from agent.operate.workloads import parse_target, restart

    parse_target(target, "default")  # a malformed TARGET is reported before any connection is tried
    settings = ops_settings(params)
    api = KubeApi.from_settings(settings)
    finish(restart(settings, cli_gate(settings), api, parse_target(target, namespace_of(settings, api))),
           f"restart {target}")


@click.command("logs")
@click.argument("target")
@click.option("-c", "--container", default=None, help="Container name.")
@click.option("-p", "--previous", is_flag=True, help="The previous (crashed) container's logs.")
@click.option("--tail", type=int, default=200, show_default=True, help="Lines from the end (-1: all).")
@click.option("-f", "--follow", is_flag=True, help="Stream new lines until Ctrl-C (through kubectl).")
@ops_options
def logs_command(target: str, container: str | None, previous: bool, tail: int, follow: bool, **params: Any) -> None:
    """Show the logs of TARGET (pod/NAME, or deploy/NAME for all of its pods), secrets redacted."""
    from agent.operate.kube import KubeApi
    from agent.operate.workloads import logs, parse_target

    settings = ops_settings(params)
    if follow:
        _stream(["kubectl", "logs", "-f", target, f"--tail={tail}", *(["-c", container] if container else []),
                 *(["--previous"] if previous else [])], settings)
        return
    api = KubeApi.from_settings(settings)
    click.echo(logs(api, parse_target(target, namespace_of(settings, api)), container=container, previous=previous,
                    tail=None if tail < 0 else tail), nl=False)


def _stream(argv: list[str], settings: Any) -> None:
    """Run a kubectl command that streams until interrupted, printing its output redacted."""
    import shlex
    import signal
    import subprocess

    from agent.redact import redact
    from tools.kubectl import with_connection_flags

    argv = with_connection_flags(argv, settings)
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except FileNotFoundError:
        raise AgentError("kubectl is not installed", hint="install kubectl, or drop -f to read through the API")
    assert proc.stdout is not None
    interrupted = False
    try:
        for line in proc.stdout:
            click.echo(redact(line), nl=False)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        proc.terminate()
        proc.wait(5)
    # kubectl gave up by itself (no cluster, no such target): that is a failure, not a finished stream
    if not interrupted and proc.returncode not in (0, -signal.SIGTERM):
        raise AgentError(f"`{shlex.join(argv[:3])} ...` failed (kubectl exited with {proc.returncode})",
                         hint="read kubectl's message above; check `agent cluster status`, --context, -n "
                              "and the target's name (`kubectl get svc,pods`)")


@click.command("port-forward")
@click.argument("target")
@click.argument("ports", nargs=-1, required=True)
@ops_options
def port_forward_command(target: str, ports: tuple[str, ...], **params: Any) -> None:
    """Forward local ports to TARGET (svc/NAME, deploy/NAME, pod/NAME) until Ctrl-C: `8000:8000`."""
    settings = ops_settings(params)
    _stream(["kubectl", "port-forward", target, *ports], settings)


@click.command("events")
@click.option("--for", "for_object", default=None, help="Only events of this object: KIND/NAME or NAME.")
@click.option("-o", "--output", "fmt", type=click.Choice(["text", "json"]), default="text")
@ops_options
def events_command(for_object: str | None, fmt: str, **params: Any) -> None:
    """List a namespace's events, oldest first (messages redacted)."""
    import json

    from agent.operate.kube import KubeApi
    from agent.operate.workloads import events, render_events

    settings = ops_settings(params)
    api = KubeApi.from_settings(settings)
    rows = events(api, namespace_of(settings, api), for_object)
    click.echo(json.dumps([r.model_dump() for r in rows], indent=2) if fmt == "json" else render_events(rows))
