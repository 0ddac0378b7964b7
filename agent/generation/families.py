"""Artifact families and their default directories (constitution section VII).

Plain constants, importable by `agent generate --help` without pydantic.
"""

FAMILIES = ("docker", "k8s", "helm", "scripts", "docs", "specify")

DEFAULT_DIRS = {
    "docker_dir": "docker",
    "k8s_dir": "k8s",
    "chart_dir": "helm-charts",
    "scripts_dir": "scripts",
    "docs_dir": "docs",
    "specify_dir": ".specify",
}
