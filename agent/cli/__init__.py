"""The `agent` command. A thin layer over library functions.

Subcommands live in their own modules and are imported only when invoked, so
`agent --help` and `agent --version` never pay for LLM SDKs, kubernetes or docker.
To add one: write `agent/cli/<module>.py` exposing `command`, and add a line to COMMANDS.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from agent import __version__
from agent.errors import AgentError

# name -> (module, one-line help shown by `agent --help` without importing the module)
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("agent.cli.ask", "Answer one question and exit."),
    "chat": ("agent.cli.chat", "Open the interactive chat (the TUI; --plain for a line REPL)."),
    "config": ("agent.cli.config_cmd", "Show the effective configuration."),
    "diagnose": ("agent.cli.diagnose", "Find every problem in a namespace or cluster (root cause, evidence, fix)."),
    "generate": ("agent.cli.generate", "Detect a repo's services and generate Dockerfiles, k8s, Helm, scripts, docs."),
    "doctor": ("agent.cli.doctor", "Check providers, external tools and cluster access."),
    "mcp": ("agent.cli.mcp", "Serve the agent's tools to MCP clients (stdio or streamable HTTP)."),
    "phr": ("agent.cli.phr_cmd", "List, show, verify and export Prompt History Records."),
    "snapshot": ("agent.cli.snapshot", "Save the live cluster as a snapshot directory for offline diagnosis."),
    "validate": ("agent.cli.validate", "Lint and validate generated Dockerfiles, manifests, charts and scripts."),
    "deploy": ("agent.cli.deploy", "Build, install with Helm, smoke-test and report URLs (--dry-run: print the plan)."),
    "cluster": ("agent.cli.cluster", "Start, check and stop the local Minikube cluster."),
    "apply": ("agent.cli.apply", "Apply manifests: server-side dry run and diff first, then ask."),
    "release": ("agent.cli.release", "Helm releases: list, status, history, upgrade, rollback, uninstall."),
    "scale": ("agent.cli.ops:scale_command", "Set a deployment's or statefulset's replica count."),
    "restart": ("agent.cli.ops:restart_command", "Rollout-restart a deployment, statefulset or daemonset."),
    "logs": ("agent.cli.ops:logs_command", "Show a pod's or workload's logs (follow, previous, tail), redacted."),
    "port-forward": ("agent.cli.ops:port_forward_command", "Forward local ports to a service or pod until Ctrl-C."),
    "events": ("agent.cli.ops:events_command", "List a namespace's events, oldest first."),
    "completion": ("agent.cli.completion", "Print the shell completion script (bash, zsh or fish)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name in COMMANDS or name.startswith("-"):
            return super().resolve_command(ctx, args)
        import difflib

        close = difflib.get_close_matches(name, list(COMMANDS), n=3, cutoff=0.6)
        suggestion = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        ctx.fail(f"No such command {name!r}.{suggestion} (`agent --help` lists the commands)")

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        # "package.module" exposes `command`; "package.module:attr" names another attribute
        module_name, _, attribute = COMMANDS[name][0].partition(":")
        module = importlib.import_module(module_name)
        return getattr(module, attribute or "command")

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="agent")
@click.option("--debug", is_flag=True, envvar="AGENT_DEBUG", help="Log what happens on stderr, with tracebacks of errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """aiops-agent: deploy and troubleshoot applications on Kubernetes through conversation.

    Bare `agent` opens the chat. Works offline on its own engine; an LLM key makes it smarter.

    \b
    Exit codes: 0 done (no problem found), 1 a problem was found or an operation failed,
    2 a usage or configuration error, 130 interrupted.
    NO_COLOR=1 turns colour off.
    """
    if debug:
        _enable_debug_logging()
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.get_command(ctx, "chat"))


def main() -> None:
    try:
        # standalone_mode=False so AgentError reaches us; ctx.exit(n) then comes back as a return value
        # NO_COLOR (https://no-color.org): any non-empty value turns Click's styling off; Rich reads it itself
        no_color = bool(os.environ.get("NO_COLOR"))
        code = cli.main(prog_name="agent", complete_var="_AGENT_COMPLETE", standalone_mode=False,
                        color=False if no_color else None)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except AgentError as exc:
        click.echo(f"error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"  hint: {exc.hint}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback reaches a user
        _report_unexpected(exc)
        sys.exit(1)


def _enable_debug_logging() -> None:
    import logging
    import os

    os.environ["AGENT_DEBUG"] = "1"  # also read by _report_unexpected, in this process and its children
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # the HTTP clients log headers at DEBUG; keep them at INFO so no API key reaches the terminal
    for noisy in ("httpcore", "httpx", "urllib3", "openai", "anthropic", "hpack", "asyncio", "markdown_it"):
        logging.getLogger(noisy).setLevel(logging.INFO)
    logging.getLogger("agent").debug("debug logging on")


def _report_unexpected(exc: Exception) -> None:
    """An error no module turned into an AgentError: one line, and the traceback only on request."""
    import os
    import traceback

    if os.environ.get("AGENT_DEBUG"):
        traceback.print_exception(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"error: {exc.strerror}{where}", err=True)
        click.echo("  hint: check the path and its permissions, then run the command again", err=True)
        return
    click.echo(f"error: unexpected {type(exc).__name__}: {exc}", err=True)
    click.echo("  hint: this is a bug in agent; rerun with AGENT_DEBUG=1 for the traceback and report it", err=True)
