"""`agent mcp`: our tools (analyzers, cluster reads, generators, validators, PHR queries) for any MCP client.

The same gate as every other surface: in --read-only mode tools that always
modify are not listed and mixed tools (kubectl) refuse their mutating calls;
otherwise a mutating call runs only with `confirm: true` (or, for deletes that
need it, the name typed back). Every call writes a PHR with surface `mcp`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agent.config import Settings
from agent.mcp.gate import CONFIRM, ConfirmGate, always_mutating, input_schema
from agent.tooling.invoke import Wording
from agent.tooling.base import Tool, ToolContext, ToolResult, ToolStatus

# what an MCP client reads when a call did not run: which `confirm` to send is in the refusal's reason
MCP_WORDING = Wording(
    unknown_tool=lambda name, names: f"there is no tool named {name!r}; available: {', '.join(names)}",
    bad_arguments=lambda name, exc: f"invalid arguments for {name}: {exc.errors()[0]['msg']}",
    refused=lambda call, outcome: f"not run: {call.description}: {outcome.reason}",
)

SERVER_NAME = "aiops-agent"


def served_tools(settings: Settings) -> list[Tool]:
    from agent.mcp.phr_tools import PhrListTool, PhrShowTool
    from tools.registry import default_tools

    tools = [*default_tools(settings, Path.cwd()), PhrListTool(), PhrShowTool()]
    return [t for t in tools if not (settings.read_only and always_mutating(t))]


class ToolHost:
    """Runs our tools for MCP calls: argument checks, the confirm gate, the PHR."""

    def __init__(self, settings: Settings, tools: list[Tool] | None = None) -> None:
        self.settings = settings
        self.tools = {t.name: t for t in (tools if tools is not None else served_tools(settings))}
        self._cluster: Any = None

    def _context(self, confirmed: bool) -> ToolContext:
        from agent.diagnosis.sources.base import open_source
        from agent.gate import ApprovalGate

        if self._cluster is None:
            self._cluster = open_source(self.settings)
        gate = ApprovalGate(read_only=self.settings.read_only, assume_yes=confirmed)
        return ToolContext(settings=self.settings, workdir=Path.cwd(), cluster=self._cluster, extras={"gate": gate})

    def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        from agent.phr.recorder import PhrRecorder
        from agent.redact import redact_obj
        from agent.tooling.invoke import invoke

        arguments = dict(arguments or {})
        confirm = arguments.pop(CONFIRM, False)
        recorder = PhrRecorder(self.settings, title=f"mcp {name}", stage=_stage(name), surface="mcp",
                               command=f"mcp tools/call {name}",
                               prompt=json.dumps(redact_obj(arguments), sort_keys=True), labels=["mcp"])
        with recorder:
            tool = self.tools.get(name)
            done = invoke(tool, arguments, self._context(confirm is True) if tool is not None else ToolContext(),
                          gate=ConfirmGate(read_only=self.settings.read_only, confirm=confirm), recorder=recorder,
                          name=name, available=list(self.tools), wording=MCP_WORDING)
            recorder.set_response(done.result.output)
            if tool is not None and done.call.args is not None:
                recorder.set_outcome(impact=f"{name}: {done.result.status.value}")
        # the client hands this to its model: truncated and redacted like the loop's tool messages
        return done.result


def _stage(name: str) -> str:
    return {"generate": "generate", "validate": "generate", "phr_list": "general", "phr_show": "general"}.get(
        name, "troubleshoot")


def build_server(settings: Settings, host: ToolHost | None = None):
    """The MCP low-level server over a ToolHost."""
    import anyio
    import mcp_types as types
    from mcp.server import Server

    tool_host = host or ToolHost(settings)

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=[
            types.Tool(name=t.name, description=t.description, input_schema=input_schema(t))
            for t in tool_host.tools.values()])

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        result = await anyio.to_thread.run_sync(tool_host.call, params.name, dict(params.arguments or {}))
        structured = {"status": result.status.value, "data": result.data} if result.data else None
        return types.CallToolResult(content=[types.TextContent(type="text", text=result.output or "(no output)")],
                                    structured_content=structured, is_error=result.status is not ToolStatus.OK)

    from agent import __version__

    return Server(SERVER_NAME, version=__version__, on_list_tools=list_tools, on_call_tool=call_tool)


def serve_stdio(settings: Settings) -> None:
    import anyio
    from mcp.server.stdio import stdio_server

    server = build_server(settings)

    async def main() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    anyio.run(main)


class BearerGuard:
    """ASGI wrapper: every HTTP request needs `Authorization: Bearer <token>` (compared in constant time)."""

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        import hmac

        if scope["type"] == "http":
            given = dict(scope.get("headers") or []).get(b"authorization", b"")
            if not hmac.compare_digest(given, self.expected):
                await send({"type": "http.response.start", "status": 401,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"www-authenticate", b'Bearer realm="aiops-agent"')]})
                await send({"type": "http.response.body", "body": b'{"error":"invalid or missing bearer token"}'})
                return
        await self.app(scope, receive, send)


def serve_http(settings: Settings, host: str, port: int, token: str | None = None) -> None:
    """Streamable HTTP at http://HOST:PORT/mcp; with `token`, only clients sending it as a bearer token get in."""
    import uvicorn

    app: Any = build_server(settings).streamable_http_app(host=host)
    uvicorn.run(BearerGuard(app, token) if token else app, host=host, port=port, log_level="warning")
