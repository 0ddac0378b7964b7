"""Tools of configured MCP servers (`Settings.mcp_servers`) as `agent.tooling.base.Tool`s for the agent.

This is how kubectl-ai (`kubectl-ai --mcp-server`), k8sgpt (`k8sgpt serve --mcp`),
kagent's tool server and Gordon (`docker ai mcpserver`) plug in. We cannot see what
a remote tool does, so every call's `modifies` is `unknown` and passes the approval gate.
`mcp_tools(settings)` is what `tools/registry.py` appends.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from agent.config import McpServerConfig, Settings
from agent.errors import AgentError
from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult

CALL_TIMEOUT_S = 120.0
CANCEL_GRACE_S = 5.0  # how long a cancelled exchange may take to close its transport


class McpUnavailable(AgentError):
    """A configured MCP server could not be started or reached."""


class RemoteTool(BaseModel):
    server: str
    name: str
    description: str = ""
    input_schema: dict[str, Any] = Field(default_factory=dict)


class Discovery(BaseModel):
    tools: list[RemoteTool] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)  # one line per server that could not be listed


class _AnyArgs(BaseModel):
    """Arguments are checked by the remote server against its own schema."""

    model_config = ConfigDict(extra="allow")


def _transport(server: McpServerConfig) -> Any:
    from mcp.client.stdio import StdioServerParameters

    if server.command:
        return StdioServerParameters(command=server.command[0], args=list(server.command[1:]))
    if server.url:
        return server.url
    raise McpUnavailable(f"MCP server {server.name!r} has neither a command nor a url",
                         hint="set `command = [...]` (stdio) or `url = \"http://.../mcp\"` in [[mcp_servers]]")


async def _with_client(server: McpServerConfig, action: Any) -> Any:
    from mcp import Client

    target = _transport(server)
    if isinstance(target, str) and server.bearer_token is not None:
        import httpx2
        from mcp.client.streamable_http import streamable_http_client

        headers = {"Authorization": f"Bearer {server.bearer_token.get_secret_value()}"}
        async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30.0, read=300.0)) as http:
            async with Client(streamable_http_client(target, http_client=http), mode="legacy") as client:
                return await action(client)
    async with Client(target, mode="legacy") as client:
        return await action(client)


def _run_async(server: McpServerConfig, coro_factory: Any, timeout: float) -> Any:
    """Run an async MCP exchange from sync code, in its own thread (the caller may already run an event loop).

    The deadline is enforced inside the exchange (`fail_after` cancels it and the stdio transport stops the
    server process); the pool is not waited for, so a server that ignores cancellation cannot hold us either.
    """
    import anyio

    async def bounded() -> Any:
        with anyio.fail_after(timeout):
            return await coro_factory()

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(anyio.run, bounded).result(timeout=timeout + CANCEL_GRACE_S)
    except McpUnavailable:
        raise
    except Exception as exc:  # transport and protocol errors arrive wrapped in task-group exception groups
        where = server.url or " ".join(server.command or [])
        leaf = _leaf(exc)
        why = f"no answer within {timeout:g}s" if isinstance(leaf, TimeoutError) else _leaf_message(leaf)
        raise McpUnavailable(f"MCP server {server.name} ({where}) failed: {why}",
                             hint="check that the server runs and answers MCP, its command or URL, and its "
                                  "bearer token (mcp_servers in agent.toml); raise AGENT_TOOL_TIMEOUT for slow "
                                  "tools") from exc
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _leaf(exc: BaseException) -> BaseException:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _leaf_message(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def list_remote_tools(server: McpServerConfig, timeout: float = 30.0) -> list[RemoteTool]:
    async def action(client: Any) -> list[RemoteTool]:
        listed = await client.list_tools()
        return [RemoteTool(server=server.name, name=t.name, description=t.description or "",
                           input_schema=dict(t.input_schema or {})) for t in listed.tools]

    return _run_async(server, lambda: _with_client(server, action), timeout)


def call_remote_tool(server: McpServerConfig, name: str, arguments: dict[str, Any],
                     timeout: float = CALL_TIMEOUT_S) -> ToolResult:
    async def action(client: Any) -> ToolResult:
        result = await client.call_tool(name, arguments)
        text = "\n".join(getattr(part, "text", "") for part in result.content if getattr(part, "text", None))
        data = result.structured_content if isinstance(result.structured_content, dict) else None
        if result.is_error:
            return ToolResult.error(text or f"{name} failed on MCP server {server.name}", data=data)
        return ToolResult.ok(text, data=data)

    return _run_async(server, lambda: _with_client(server, action), timeout)


def discover(settings: Settings) -> Discovery:
    found = Discovery()
    for server in settings.mcp_servers:
        try:
            found.tools.extend(list_remote_tools(server, timeout=settings.tool_timeout))
        except McpUnavailable as exc:  # one broken server must not take the others (or the session) down
            found.problems.append(exc.message)
    return found


def tool_name(server: str, name: str) -> str:
    """`<server>_<tool>`, limited to the characters and length LLM APIs accept for function names."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", f"{server}_{name}")[:64]


def adapter(server: McpServerConfig, remote: RemoteTool, timeout: float = CALL_TIMEOUT_S) -> Tool:
    schema = remote.input_schema or {"type": "object", "properties": {}}

    class McpTool(Tool):
        name: ClassVar[str] = tool_name(server.name, remote.name)
        description: ClassVar[str] = f"[MCP {server.name}] {remote.description}".strip()
        Args: ClassVar[type[BaseModel]] = _AnyArgs

        @classmethod
        def json_schema(cls) -> dict[str, Any]:
            return schema

        def modifies(self, args: BaseModel) -> Modifies:
            return Modifies.UNKNOWN  # we cannot see what a remote tool does

        def describe_call(self, args: BaseModel) -> str:
            return f"MCP {server.name}: {remote.name}({args.model_dump_json()})"

        def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
            return call_remote_tool(server, remote.name, args.model_dump(mode="json"), timeout=timeout)

    return McpTool()


def mcp_tools(settings: Settings) -> list[Tool]:
    """Adapters for every tool of every configured MCP server (servers that fail are left out)."""
    servers = {s.name: s for s in settings.mcp_servers}
    return [adapter(servers[r.server], r, timeout=settings.tool_timeout) for r in discover(settings).tools]
