"""Where each family of artifacts goes, relative to the output root."""

from __future__ import annotations

from pydantic import BaseModel

FAMILIES = ("docker", "k8s", "helm", "scripts", "docs", "specify")


class Layout(BaseModel):
    """Defaults follow the constitution (section VII); every directory can be moved by a flag."""

    docker_dir: str = "docker"
    k8s_dir: str = "k8s"
    chart_dir: str = "helm-charts"
    scripts_dir: str = "scripts"
    docs_dir: str = "docs"
    specify_dir: str = ".specify"
