"""Benchmark: build the Todo app's generated images from scratch and measure their size and build time.

Generates the artifacts into a temporary directory, builds each image through
tools/docker.py (the Docker SDK) on the local Debian bases that
scripts/ci/make-base-image.sh makes, without the layer cache, and replaces the
`## Images` section of docs/BENCHMARKS.md.

Run: .venv/bin/python bench/images.py [--frontends]
  (needs dockerd: `bash scripts/ci/start-dockerd.sh`)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from _report import write_section

from agent.gate import ApprovalGate
from agent.generation.pipeline import build_plan, generate
from tools import docker as d

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "examples" / "todo-app"
PYTHON_BASE = "aiops-agent/bookworm-python:local"
NODE_BASE = "aiops-agent/bookworm-node:local"


@dataclass
class ImageSpec:
    service: str
    base_arg: str
    base_image: str
    budget_mb: int  # constitution II: backend < 500 MB, frontends < 300 MB
    extra_args: dict[str, str]


BACKEND = ImageSpec("backend", "PYTHON_IMAGE", PYTHON_BASE, 500, {})
FRONTENDS = [ImageSpec(name, "NODE_IMAGE", NODE_BASE, 300, {"NEXT_PUBLIC_API_URL": "http://localhost:8000"})
             for name in ("frontend-web", "frontend-chatbot")]


def make_base(name: str, node: bool) -> None:
    argv = ["bash", str(REPO / "scripts/ci/make-base-image.sh"), *(["--node"] if node else []), name]
    subprocess.run(argv, check=True)


def measure(spec: ImageSpec, artifacts: Path) -> d.BuildResult:
    tag = f"aiops-agent-bench/todo-{spec.service}:bench"
    result = d.build(d.BuildRequest(
        context=APP / spec.service, dockerfile=str(artifacts / "docker" / f"{spec.service}.Dockerfile"), tag=tag,
        buildargs={spec.base_arg: spec.base_image, **spec.extra_args}, nocache=True))
    d.remove_image(tag)
    d.prune_dangling_images()  # uncached builds leave only dead stage images behind
    return result


def section(rows: list[tuple[ImageSpec, d.BuildResult]], base_sizes: dict[str, float]) -> str:
    lines = [
        "`bench/images.py`: `agent generate examples/todo-app`, then each generated Dockerfile built through "
        "`tools/docker.py` (Docker SDK, legacy builder, `--network host`, no layer cache) on the local Debian "
        "bookworm bases from `scripts/ci/make-base-image.sh` (CI cannot pull `python:3.13-slim` or "
        "`node:20-alpine`). Build time includes downloading the dependencies from the package registries.",
        "",
        "| image | base (size) | image size | budget | build time |",
        "| --- | --- | --- | --- | --- |",
    ]
    for spec, result in rows:
        verdict = "ok" if result.size_mb < spec.budget_mb else "OVER"
        lines.append(f"| {spec.service} | `{spec.base_image}` ({base_sizes[spec.base_image]:.0f} MB) | "
                     f"{result.size_mb:.0f} MB | < {spec.budget_mb} MB ({verdict}) | {result.seconds:.0f} s |")
    lines += ["", "Sizes are the uncompressed size the daemon reports, base layers included. Times were measured "
              "on a shared 2-core machine (vfs storage driver, so every layer is a full copy) and vary with its load."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frontends", action="store_true",
                        help="also build the two Next.js images on a Node base (slow: npm ci + next build)")
    args = parser.parse_args()

    specs = [BACKEND, *(FRONTENDS if args.frontends else [])]
    make_base(PYTHON_BASE, node=False)
    if args.frontends:
        make_base(NODE_BASE, node=True)
    base_sizes = {spec.base_image: d.image_size(spec.base_image) / 1_000_000 for spec in specs}

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(build_plan(APP, out), out, ApprovalGate(assume_yes=True))
        for spec in specs:
            result = measure(spec, out)
            print(f"{spec.service}: {result.size_mb:.0f} MB in {result.seconds:.0f} s", flush=True)
            rows.append((spec, result))
    write_section("Images", section(rows, base_sizes))
    return 0 if all(result.size_mb < spec.budget_mb for spec, result in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
