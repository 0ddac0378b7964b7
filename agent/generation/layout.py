"""Where each family of artifacts goes, relative to the output root."""

from __future__ import annotations

from pydantic import BaseModel

from agent.generation.families import DEFAULT_DIRS, FAMILIES

__all__ = ["FAMILIES", "Layout"]


class Layout(BaseModel):
    """Defaults follow the constitution (section VII); every directory can be moved by a flag."""

    docker_dir: str = DEFAULT_DIRS["docker_dir"]
    k8s_dir: str = DEFAULT_DIRS["k8s_dir"]
    chart_dir: str = DEFAULT_DIRS["chart_dir"]
    scripts_dir: str = DEFAULT_DIRS["scripts_dir"]
    docs_dir: str = DEFAULT_DIRS["docs_dir"]
    specify_dir: str = DEFAULT_DIRS["specify_dir"]
