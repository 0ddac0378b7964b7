"""The tools a session offers to the model (and to the builtin engine)."""

from __future__ import annotations

from pathlib import Path

from tools.base import Tool


def default_tools(settings=None, workdir: Path | None = None) -> list[Tool]:
    from tools.diagnosis import DiagnoseTool, GetEventsTool, GetObjectsTool, SearchLogsTool
    from tools.files import ReadFileTool, WriteFileTool
    from tools.generation import GenerateTool, ValidateTool
    from tools.kubectl import KubectlTool

    return [DiagnoseTool(), GetObjectsTool(), SearchLogsTool(), GetEventsTool(), KubectlTool(settings=settings),
            ReadFileTool(), WriteFileTool(workdir=workdir or Path.cwd()), GenerateTool(), ValidateTool()]
