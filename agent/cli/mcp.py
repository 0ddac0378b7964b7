"""`agent mcp`: serve the agent's tools to MCP clients (Claude Code, IDEs) over stdio or streamable HTTP."""

from __future__ import annotations

import click

from agent.cli.options import settings_from


@click.command("mcp")
@click.option("--transport", type=click.Choice(["stdio", "http"]), default="stdio", show_default=True,
              help="stdio for a client that starts us; http for streamable HTTP at http://HOST:PORT/mcp.")
@click.option("--host", default="127.0.0.1", show_default=True, help="HTTP bind address.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="HTTP port.")
@click.option("--token", envvar="AGENT_MCP_TOKEN", default=None, show_envvar=True,
              help="HTTP only: require this bearer token (set it in the environment, not on the command line).")
@click.option("--read-only", is_flag=True, default=None, help="Hide tools that always modify; refuse every mutation.")
@click.option("--context", default=None, help="Kube context.")
@click.option("-n", "--namespace", default=None, help="Namespace.")
@click.option("--snapshot", type=click.Path(exists=True), default=None,
              help="Serve diagnoses of this snapshot instead of a live cluster.")
@click.option("--no-phr", is_flag=True, default=False, help="Do not write Prompt History Records.")
@click.option("--phr-dir", type=click.Path(), default=None, help="Where PHRs are written (default ./phr).")
def command(transport: str, host: str, port: int, token: str | None, **params) -> None:
    """Serve diagnose, cluster reads, generate, validate and PHR queries as MCP tools.

    Mutating calls need "confirm": true in their arguments; deleting a namespace, a
    cluster-scoped object, a PVC, a Secret or a Helm release needs "confirm": "<its name>".
    Every call writes a PHR (surface mcp).

    \b
    Claude Code: claude mcp add aiops -- agent mcp --read-only
    """
    from agent.cli.preflight import require_phr_dir
    from agent.mcp.server import serve_http, serve_stdio

    settings = settings_from(params)
    require_phr_dir(settings)
    if transport == "stdio":
        serve_stdio(settings)
    else:
        notes = [n for n, on in (("read-only", settings.read_only), ("bearer token required", token)) if on]
        click.echo(f"MCP server on http://{host}:{port}/mcp" + (f" ({', '.join(notes)})" if notes else ""), err=True)
        serve_http(settings, host, port, token=token)
