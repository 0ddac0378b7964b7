"""Diagnosis benchmarks.

1. Accuracy over the scenario corpus (tests/scenarios): share of scenarios whose answer contains every
   `must_contain` fact and none of the `must_not_contain` claims.
2. Median latency of `agent ask --snapshot <scenario> "<question>"` as a whole process (target < 1 s).
3. Offline accuracy over the real-world cases in tests/wild (pastes from public threads), per family.
4. Median latency of `agent ask -f FRAGMENT "<question>"` as a whole process on a ~300-byte pasted fragment
   (an `Events:` excerpt, the median size of a real paste; target < 1 s).
5. Time and peak memory to load and run every analyzer on a generated 10,000-pod / 500-namespace snapshot
   (target < 3 s and < 500 MB), measured in a fresh process.

Writes the `Diagnosis` section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from _report import write_section  # noqa: E402

SCENARIOS = ROOT / "tests" / "scenarios"


def corpus_accuracy() -> tuple[int, int, list[str]]:
    import yaml

    from agent.diagnosis.engine import answer
    from agent.diagnosis.render import render_text
    from agent.diagnosis.sources.snapshot import load_snapshot

    passed, failed = 0, []
    dirs = sorted(p.parent for p in SCENARIOS.glob("*/expected.yaml"))
    for directory in dirs:
        expected = yaml.safe_load((directory / "expected.yaml").read_text())
        text = render_text(answer(load_snapshot(directory), expected["question"],
                                  namespace=expected.get("namespace"))).lower()
        ok = all(s.lower() in text for s in expected.get("must_contain", [])) and not any(
            s.lower() in text for s in expected.get("must_not_contain", []))
        passed += ok
        if not ok:
            failed.append(directory.name)
    return passed, len(dirs), failed


def ask_latency(runs: int) -> tuple[float, str]:
    scenario = next(iter(sorted(SCENARIOS.glob("crashloop*/expected.yaml"))), None) or next(
        iter(sorted(SCENARIOS.glob("*/expected.yaml"))))
    import yaml

    question = yaml.safe_load(scenario.read_text())["question"]
    agent = Path(sys.executable).parent / "agent"
    argv = [str(agent), "ask", "--snapshot", str(scenario.parent), "--no-phr", "-q", question]
    subprocess.run(argv, capture_output=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), scenario.parent.name


# a ~300-byte excerpt as people paste it into an issue: Markdown-quoted, no Name:, one event that says it all
FRAGMENT = """> Events:
>   Type     Reason   Age                From     Message
>   ----     ------   ----               ----     -------
>   Warning  Failed   2m (x4 over 3m)    kubelet  Failed to pull image "nginx:1.999": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999": not found
"""


def wild_accuracy() -> tuple[int, int, dict[str, tuple[int, int]]]:
    sys.path.insert(0, str(ROOT))
    from tests.wild.score import score_all

    passed, total, results = score_all()
    families: dict[str, tuple[int, int]] = {}
    for r in results:
        ok, n = families.get(r.family, (0, 0))
        families[r.family] = (ok + r.passed, n + 1)
    return passed, total, dict(sorted(families.items()))


def fragment_latency(runs: int) -> tuple[float, int]:
    agent = Path(sys.executable).parent / "agent"
    with tempfile.TemporaryDirectory() as tmp:
        paste = Path(tmp) / "events.txt"
        paste.write_text(FRAGMENT)
        argv = [str(agent), "ask", "--provider", "builtin", "-f", str(paste), "--no-phr", "-q",
                "why is web-5d8f7b9c4-x2k4q not starting?"]
        subprocess.run(argv, capture_output=True)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True)
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), len(FRAGMENT.encode())


def write_scale_snapshot(root: Path, namespaces: int = 500, pods_per_namespace: int = 20) -> None:
    """A cluster-info-dump style snapshot: 10,000 pods, most healthy, every 7th crash-looping, every 11th pending."""
    node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-1", "labels": {"kubernetes.io/hostname": "node-1"}},
            "status": {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "20000"},
                       "capacity": {"cpu": "64", "memory": "256Gi", "pods": "20000"},
                       "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady"}]}}
    (root / "nodes.json").write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": [node]}))
    for n in range(namespaces):
        ns = f"team-{n:03d}"
        directory = root / ns
        directory.mkdir(parents=True)
        pods, events, deployments, services = [], [], [], []
        for d in range(pods_per_namespace // 2):
            app = f"svc-{d}"
            deployments.append({"apiVersion": "apps/v1", "kind": "Deployment",
                                "metadata": {"name": app, "namespace": ns, "uid": f"{ns}-{app}"},
                                "spec": {"replicas": 2, "selector": {"matchLabels": {"app": app}},
                                         "template": {"metadata": {"labels": {"app": app}}, "spec": {"containers": [
                                             {"name": "main", "image": f"registry.local/{app}:1.0",
                                              "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}}},
                                "status": {"replicas": 2, "readyReplicas": 2, "availableReplicas": 2}})
            services.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": app, "namespace": ns},
                             "spec": {"selector": {"app": app}, "ports": [{"port": 80, "targetPort": 8080}]}})
            for r in range(2):
                index = n * pods_per_namespace + d * 2 + r
                name = f"{app}-6d4b9c7f5-{r:05d}"
                container = {"name": "main", "ready": True, "restartCount": 0, "image": f"registry.local/{app}:1.0",
                             "state": {"running": {"startedAt": "2026-11-20T10:00:00Z"}}}
                phase = "Running"
                if index % 7 == 0:
                    container.update(ready=False, restartCount=9, state={"waiting": {"reason": "CrashLoopBackOff",
                                     "message": "back-off 5m0s restarting failed container"}},
                                     lastState={"terminated": {"exitCode": 1, "reason": "Error"}})
                    (directory / name).mkdir()
                    (directory / name / "main.previous.log").write_text(
                        "Traceback (most recent call last):\nKeyError: 'DATABASE_URL'\n")
                elif index % 11 == 0:
                    phase, container = "Pending", None
                    events.append({"apiVersion": "v1", "kind": "Event", "type": "Warning", "reason": "FailedScheduling",
                                   "metadata": {"name": f"{name}.1", "namespace": ns},
                                   "involvedObject": {"kind": "Pod", "name": name, "namespace": ns},
                                   "message": "0/1 nodes are available: 1 Insufficient memory.",
                                   "lastTimestamp": "2026-11-20T10:00:00Z", "count": 3})
                pod = {"apiVersion": "v1", "kind": "Pod",
                       "metadata": {"name": name, "namespace": ns, "labels": {"app": app},
                                    "ownerReferences": [{"kind": "ReplicaSet", "name": f"{app}-6d4b9c7f5"}]},
                       "spec": {"nodeName": None if phase == "Pending" else "node-1", "containers": [
                           {"name": "main", "image": f"registry.local/{app}:1.0",
                            "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"memory": "64Mi"}}}]},
                       "status": {"phase": phase, "containerStatuses": [container] if container else []}}
                pods.append(pod)
        # one of each kind the controller/spec analyzers read, so the scale run exercises every analyzer
        hpas = [{"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                 "metadata": {"name": "svc-0", "namespace": ns},
                 "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "svc-0"},
                          "minReplicas": 2, "maxReplicas": 4}}]
        cronjobs = [{"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "report", "namespace": ns},
                     "spec": {"schedule": "0 3 * * *" if n % 9 else "0 3 30 2 *", "suspend": n % 13 == 0,
                              "jobTemplate": {"spec": {"template": {"spec": {"containers": []}}}}}}]
        pdbs = [{"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "svc-1", "namespace": ns},
                 "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "svc-1"}}},
                 "status": {"expectedPods": 2, "currentHealthy": 2, "desiredHealthy": 1, "disruptionsAllowed": 1}}]
        statefulsets = [{"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": ns},
                         "spec": {"replicas": 1, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                                  "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": []}}},
                         "status": {"replicas": 1, "readyReplicas": 1 if n % 5 else 0}}]
        configmaps = [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": ns},
                       "data": {"app.yaml": "x" * 2000}}]
        for kind, items in (("pods", pods), ("events", events), ("deployments", deployments), ("services", services),
                            ("replicasets", []), ("daemonsets", []), ("horizontalpodautoscalers", hpas),
                            ("cronjobs", cronjobs), ("poddisruptionbudgets", pdbs), ("statefulsets", statefulsets),
                            ("configmaps", configmaps)):
            (directory / f"{kind}.json").write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))


def scale_worker(path: Path) -> None:
    """Runs in a fresh process: load + analyze, print timings and peak RSS as JSON."""
    start = time.perf_counter()
    from agent.diagnosis.engine import diagnose
    from agent.diagnosis.sources.snapshot import load_snapshot

    state = load_snapshot(path)
    loaded = time.perf_counter()
    findings = diagnose(state)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pods": len(state.of_kind("Pod")), "findings": len(findings), "load_s": loaded - start,
                      "analyze_s": done - loaded, "peak_mb": peak_mb}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--scale-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_worker:
        scale_worker(args.scale_worker)
        return 0

    passed, total, failed = corpus_accuracy()
    print(f"corpus accuracy: {passed}/{total}" + (f" (failed: {', '.join(failed)})" if failed else ""))
    latency, scenario = ask_latency(args.runs)
    print(f"agent ask median: {latency:.0f} ms on {scenario}")
    wild_passed, wild_total, families = wild_accuracy()
    print(f"wild accuracy: {wild_passed}/{wild_total}")
    fragment_ms, fragment_bytes = fragment_latency(args.runs)
    print(f"agent ask -f fragment median: {fragment_ms:.0f} ms ({fragment_bytes} bytes)")
    with tempfile.TemporaryDirectory() as tmp:
        write_scale_snapshot(Path(tmp))
        proc = subprocess.run([sys.executable, __file__, "--scale-worker", tmp], capture_output=True, text=True,
                              check=True)
    scale = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"scale: {scale}")
    analyze_total = scale["load_s"] + scale["analyze_s"]
    load = os.getloadavg()[0]
    body = "\n".join([
        f"`bench/diagnose.py`, offline, no LLM; load average {load:.1f} on {os.cpu_count()} cores while measured "
        "(the machine is shared: timings rise with load).",
        "",
        "| measure | result | target |",
        "| --- | ---: | ---: |",
        f"| corpus accuracy (`tests/scenarios`) | {passed}/{total} | all |",
        f"| `agent ask` median, whole process, {args.runs} runs (`{scenario}`) | {latency:.0f} ms | < 1000 ms |",
        f"| wild accuracy (`tests/wild`, real pastes from public threads, offline) | {wild_passed}/{wild_total} "
        f"({wild_passed / max(1, wild_total):.0%}) | >= 85% |",
        f"| `agent ask -f` median, whole process, {args.runs} runs, {fragment_bytes}-byte `Events:` fragment "
        f"| {fragment_ms:.0f} ms | < 1000 ms |",
        f"| {scale['pods']:,} pods / 500 namespaces: load snapshot | {scale['load_s']:.2f} s | |",
        f"| {scale['pods']:,} pods / 500 namespaces: run every analyzer | {scale['analyze_s']:.2f} s | |",
        f"| {scale['pods']:,} pods: load + analyze | {analyze_total:.2f} s | < 3 s |",
        f"| {scale['pods']:,} pods: peak memory (RSS, fresh process) | {scale['peak_mb']:.0f} MB | < 500 MB |",
        f"| findings on the generated snapshot | {scale['findings']:,} | |",
    ] + ([f"", f"Scenarios not answered correctly: {', '.join(failed)}"] if failed else []) + [
        "", "Wild accuracy per family:", "", "| family | passed | cases |", "| --- | ---: | ---: |",
        *(f"| {family} | {ok} | {n} |" for family, (ok, n) in families.items()),
    ])
    if not args.no_write:
        write_section("Diagnosis", body)
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
