"""The chains as agent tools: `diagnose` through kagent -> analyzers, and the AI tools that are installed.

For `tools/registry.py`: `chained_diagnose()` replaces `DiagnoseTool` (same name and
arguments), `installed_ai_tools()` adds kubectl-ai, kagent and Gordon when they are on PATH.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from agent.tooling.base import Tool, ToolContext, ToolResult
from tools.diagnosis import DiagnoseArgs, DiagnoseTool, cluster_state


class ChainedDiagnoseTool(DiagnoseTool):
    """`diagnose`, answered by kagent when it is installed and approved, else by the builtin analyzers."""

    name: ClassVar[str] = "diagnose"

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from agent.aitools.analysis import analyze
        from agent.redact import redact, redact_obj

        assert isinstance(args, DiagnoseArgs)
        namespace = args.namespace or getattr(ctx.settings, "namespace", None)
        result = analyze(args.question, namespace=namespace, settings=ctx.settings,
                         load_state=lambda: cluster_state(ctx, namespace), gate=ctx.extras.get("gate"),
                         recorder=ctx.extras.get("recorder"),
                         source=None if _is_state(ctx.cluster) else ctx.cluster)
        if result.accepted is None:
            reasons = "; ".join(f"{s.step}: {s.reason}" for s in result.steps)
            return ToolResult.error(redact(f"no analysis step could answer: {reasons}"))
        trail = " -> ".join(f"{s.step} {s.status}" + (f" ({s.reason})" if s.reason and s.status != "accepted" else "")
                            for s in result.steps)
        output = f"{result.text}\n\n[analysis chain: {trail}]"
        make = ToolResult.no_data if result.data and result.data.get("answered") is False else ToolResult.ok
        return make(redact(output), data=redact_obj(result.data) if result.data else None)


def _is_state(cluster: object) -> bool:
    from agent.diagnosis.state import ClusterState

    return isinstance(cluster, ClusterState)


def chained_diagnose() -> Tool:
    return ChainedDiagnoseTool()


def installed_ai_tools() -> list[Tool]:
    from agent.aitools.external import which
    from tools.gordon import GordonTool
    from tools.kagent import KagentTool
    from tools.kubectl_ai import KubectlAiTool

    found: list[Tool] = []
    if which("kubectl-ai"):
        found.append(KubectlAiTool())
    if which("kagent"):
        found.append(KagentTool())
    if which("docker"):
        from tools import gordon

        if gordon.detect(timeout=5.0).installed:
            found.append(GordonTool())
    return found


def with_ai_tools(tools: list[Tool], settings: object = None) -> list[Tool]:
    """For `tools/registry.py`: `diagnose` through the analysis chain, plus the installed AI tools and the tools
    of the MCP servers in `settings.mcp_servers`."""
    extended = [chained_diagnose() if t.name == "diagnose" else t for t in tools] + installed_ai_tools()
    if getattr(settings, "mcp_servers", None):
        from agent.mcp.client import mcp_tools

        extended += mcp_tools(settings)  # type: ignore[arg-type]
    return extended
