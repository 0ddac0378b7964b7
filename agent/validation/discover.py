"""Find the artifacts to validate under a directory (the layout `agent generate` writes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

IGNORED_DIRS = {".git", "node_modules", ".venv", ".venv-checkov", "__pycache__", ".next", "dist", "build"}
VALUES_FILES = ("values.yaml", "values-dev.yaml", "values-prod.yaml")


@dataclass
class HelmChart:
    path: Path
    values_files: list[Path] = field(default_factory=list)


@dataclass
class Artifacts:
    root: Path
    dockerfiles: list[Path] = field(default_factory=list)
    manifests: list[Path] = field(default_factory=list)
    charts: list[HelmChart] = field(default_factory=list)
    scripts: list[Path] = field(default_factory=list)

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def _walk(root: Path, above: frozenset[Path] = frozenset()) -> list[Path]:
    """Files under root; a symlink back to a directory being walked (a loop) is not followed."""
    above = above | {root.resolve()}
    found: list[Path] = []
    for path in sorted(root.iterdir()):
        if path.is_dir():
            if path.name not in IGNORED_DIRS and path.resolve() not in above:
                found.extend(_walk(path, above))
        elif path.is_file():
            found.append(path)
    return found


def is_dockerfile(path: Path) -> bool:
    name = path.name
    return name == "Dockerfile" or name.endswith(".Dockerfile") or name.startswith("Dockerfile.")


def _head(path: Path, size: int) -> bytes:
    """The first `size` bytes of a file; nothing when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


KUBERNETES_OBJECT = re.compile(rb"^apiVersion:\s*\S", re.MULTILINE), re.compile(rb"^kind:\s*\S", re.MULTILINE)


def is_kubernetes_manifest(path: Path) -> bool:
    """A YAML file under a k8s/ directory, or one whose top level names an apiVersion and a kind."""
    if path.suffix not in (".yaml", ".yml"):
        return False
    head = _head(path, 65536)
    return all(pattern.search(head) for pattern in KUBERNETES_OBJECT)


def is_shell_script(path: Path) -> bool:
    if path.suffix in (".sh", ".bash"):
        return True
    if path.suffix:
        return False
    first = _head(path, 100).split(b"\n", 1)[0]
    return first.startswith(b"#!") and (b"sh" in first.split(b"/")[-1])


def chart_values_files(chart: Path) -> list[Path]:
    """values.yaml, values-dev.yaml, values-prod.yaml and any other values-*.yaml, in that order."""
    named = [chart / name for name in VALUES_FILES if (chart / name).is_file()]
    extra = sorted(p for p in chart.glob("values-*.yaml") if p not in named)
    return named + extra


def discover(root: Path, only: list[Path] | None = None) -> Artifacts:
    """Artifacts under the directory `root`, or the single file `root` (a YAML file counts as a manifest).

    `only` limits the search to these directories under `root` (what `agent generate` wrote), so generating
    into a repository's root does not validate the rest of the repository.
    """
    root = root.resolve()
    if root.is_file():
        single = Artifacts(root=root.parent)
        if is_dockerfile(root):
            single.dockerfiles.append(root)
        elif root.suffix in (".yaml", ".yml"):
            single.manifests.append(root)
        elif is_shell_script(root):
            single.scripts.append(root)
        return single
    artifacts = Artifacts(root=root)
    files = _walk(root) if only is None else [f for sub in only if sub.resolve().is_dir() for f in _walk(sub.resolve())]
    chart_dirs = sorted({p.parent for p in files if p.name == "Chart.yaml"})
    for path in files:
        in_chart = any(chart in path.parents for chart in chart_dirs)
        if is_dockerfile(path):
            artifacts.dockerfiles.append(path)
        elif not in_chart and path.suffix in (".yaml", ".yml") and (
                "k8s" in path.relative_to(root).parts[:-1] or is_kubernetes_manifest(path)):
            artifacts.manifests.append(path)
        elif not in_chart and is_shell_script(path):
            artifacts.scripts.append(path)
    artifacts.charts = [HelmChart(path=chart, values_files=chart_values_files(chart)) for chart in chart_dirs]
    return artifacts
