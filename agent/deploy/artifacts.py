"""Where an app's deployment artifacts are: the generated Dockerfiles and Helm chart.

`agent generate APP --out ROOT` writes `ROOT/docker/<service>.Dockerfile` and
`ROOT/<chart dir>/<app>/` and a manifest `ROOT/.aiops-generated.json`. The
artifacts root is the app directory itself or the nearest parent holding that
manifest (the repo keeps the Todo app's artifacts at its root).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from agent.generation.layout import Layout

MANIFEST = ".aiops-generated.json"
CHART_DIRS = ("charts", Layout().chart_dir)


class Artifacts(BaseModel):
    root: Path
    chart: Path | None
    dockerfiles: dict[str, Path]  # service -> Dockerfile
    missing: list[str]  # what generation must still produce

    @property
    def complete(self) -> bool:
        return not self.missing


def artifacts_root(app_path: Path) -> Path:
    app_path = app_path.resolve()
    for candidate in (app_path, *app_path.parents):
        if (candidate / MANIFEST).is_file():
            return candidate
    return app_path


def _generated_files(root: Path) -> set[str]:
    try:
        return set(json.loads((root / MANIFEST).read_text(encoding="utf-8")).get("files", {}))
    except (OSError, ValueError):
        return set()


def find_artifacts(app_path: Path, app_name: str, services: list[str], layout: Layout | None = None) -> Artifacts:
    layout = layout or Layout()
    root = artifacts_root(app_path)
    chart = next((root / d / app_name for d in (layout.chart_dir, *CHART_DIRS)
                  if (root / d / app_name / "Chart.yaml").is_file()), None)
    dockerfiles = {s: root / layout.docker_dir / f"{s}.Dockerfile" for s in services}
    missing = [f"{layout.docker_dir}/{s}.Dockerfile" for s, p in dockerfiles.items() if not p.is_file()]
    if chart is None:
        missing.append(f"{layout.chart_dir}/{app_name}/Chart.yaml")
    generated = _generated_files(root)
    if generated and chart is not None:
        rel = chart.relative_to(root).as_posix()
        missing += [f for f in (f"{rel}/values-dev.yaml",) if f in generated and not (root / f).is_file()]
    return Artifacts(root=root, chart=chart, dockerfiles={s: p for s, p in dockerfiles.items() if p.is_file()},
                     missing=missing)
