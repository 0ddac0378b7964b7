"""The tools a session offers to the model (and to the builtin engine)."""

from __future__ import annotations

from pathlib import Path

from agent.tooling.base import Tool


def default_tools(settings=None, workdir: Path | None = None) -> list[Tool]:
    from agent.aitools.tools import with_ai_tools
    from tools.docker import DockerBuildTool
    from tools.diagnosis import DiagnoseTool, GetEventsTool, GetObjectsTool, SearchLogsTool
    from tools.files import ReadFileTool, WriteFileTool
    from tools.generation import GenerateTool, ValidateTool
    from tools.helm import HelmReleasesTool, HelmRollbackTool, HelmUninstallTool
    from tools.k8s_ops import LogsTool, RestartTool, ScaleTool
    from tools.kubectl import KubectlTool

    builtin = [DiagnoseTool(), GetObjectsTool(), SearchLogsTool(), GetEventsTool(), KubectlTool(settings=settings),
               ReadFileTool(), WriteFileTool(workdir=workdir or Path.cwd()), GenerateTool(), ValidateTool(),
               # get_events already serves events from any source, so k8s_ops' EventsTool stays a CLI convenience
               ScaleTool(settings), RestartTool(settings), LogsTool(),
               HelmReleasesTool(), HelmRollbackTool(settings), HelmUninstallTool(settings), DockerBuildTool()]
    # diagnose goes through the analysis chain (kagent -> builtin analyzers); installed AI tools and MCP tools join
    return with_ai_tools(builtin, settings)
