"""Start-up time of `agent --version`, `agent --help` and each subcommand's --help, as whole processes.

Median of N runs each (default 15). Target: under 150 ms median. Writes the `Start-up` section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402

TARGET_MS = 150.0


def agent_argv() -> list[str]:
    script = Path(sys.executable).parent / "agent"
    return [str(script)] if script.exists() else [sys.executable, "-m", "agent"]


def time_command(argv: list[str], runs: int) -> list[float]:
    subprocess.run(argv, capture_output=True, check=True)  # warm the page cache once
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from agent.cli import COMMANDS

    base = agent_argv()
    cases = [["--version"], ["--help"]] + [[name, "--help"] for name in sorted(COMMANDS)]
    rows = []
    worst = 0.0
    for case in cases:
        samples = time_command(base + case, args.runs)
        median = statistics.median(samples)
        worst = max(worst, median) if case[0] in ("--version", "--help") else worst
        rows.append((" ".join(["agent", *case]), median, min(samples), max(samples)))
        print(f"{rows[-1][0]:<28} median {median:7.1f} ms  min {min(samples):7.1f}  max {max(samples):7.1f}")
    python = f"Python {platform.python_version()} on {platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores"
    table = ["| command | median ms | min ms | max ms |", "| --- | ---: | ---: | ---: |"]
    table += [f"| `{name}` | {median:.1f} | {low:.1f} | {high:.1f} |" for name, median, low, high in rows]
    verdict = "meets" if worst < TARGET_MS else "MISSES"
    body = (f"`bench/startup.py`: each command as a whole process, median of {args.runs} runs after one warm-up; "
            f"{python}. Target: `agent --version` and `agent --help` under {TARGET_MS:.0f} ms median "
            f"(this run {verdict} it: worst median {worst:.1f} ms).\n\n" + "\n".join(table))
    if not args.no_write:
        write_section("Start-up", body)
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
