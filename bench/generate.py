"""Benchmark: time to plan and write every artifact for the Todo app (no validators).

Prints the figures and replaces the `## Generation` section of docs/BENCHMARKS.md.
Run: .venv/bin/python bench/generate.py [--runs N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from agent.gate import ApprovalGate
from agent.generation.pipeline import build_plan, generate

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "examples" / "todo-app"
BENCHMARKS = REPO / "docs" / "BENCHMARKS.md"
TARGET_S = 1.0


def _run_once(out: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    plan = build_plan(APP, out)
    planned = time.perf_counter()
    result = generate(plan, out, ApprovalGate(assume_yes=True))
    done = time.perf_counter()
    return planned - start, done - start, len(result.write.written)


def measure(runs: int) -> dict[str, float]:
    plans, totals, files = [], [], 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            plan_s, total_s, files = _run_once(Path(tmp))
        plans.append(plan_s)
        totals.append(total_s)
    return {"runs": runs, "files": files, "plan_ms": statistics.median(plans) * 1000,
            "total_ms": statistics.median(totals) * 1000, "max_ms": max(totals) * 1000}


def section(figures: dict[str, float]) -> str:
    verdict = "meets" if figures["total_ms"] < TARGET_S * 1000 else "misses"
    services = len(build_plan(APP, APP).services)
    return (
        "## Generation\n\n"
        f"`bench/generate.py`: `agent generate` on `examples/todo-app` ({services} service(s)), detection plus "
        f"rendering and writing all {int(figures['files'])} artifacts into an empty directory, validators off; "
        f"median of {int(figures['runs'])} runs.\n\n"
        "| step | median | max |\n| --- | --- | --- |\n"
        f"| detect (plan) | {figures['plan_ms']:.0f} ms | |\n"
        f"| plan + write all artifacts | {figures['total_ms']:.0f} ms | {figures['max_ms']:.0f} ms |\n\n"
        f"Target: under {TARGET_S:.0f} s; this {verdict} it.\n"
    )


def write_section(text: str) -> None:
    current = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.is_file() else "# Benchmarks\n"
    pattern = re.compile(r"^## Generation\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    BENCHMARKS.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    figures = measure(args.runs)
    text = section(figures)
    print(text)
    write_section(text)


if __name__ == "__main__":
    main()
