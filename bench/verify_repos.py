"""`make verify-repos`: generate Dockerfiles for corpus cases, then build, start and health-probe each service with
`agent generate --verify` on the local dockerd (opt-in: every image build takes minutes on vfs storage).

With --real, the same cases are verified on the real repositories they are modelled on (bare clones under
--mirrors, exported to a temporary directory; nothing of them is kept). Results go to docs/BENCHMARKS.md with
--write.

Run: .venv/bin/python bench/verify_repos.py [--real] [--write] [CASE ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._report import write_section  # noqa: E402

# Python services build on the local base image (no registry pulls); their dependencies come from PyPI.
DEFAULT_CASES = ("fastapi-railway-flat", "flask-railway", "flask-render-hello", "flask-celery-render",
                 "flask-microblog-api", "django-djangox", "fastapi-tdd-docker", "fastapi-src-relative")
BUILD_ARGS = ("PYTHON_IMAGE=aiops-agent/bookworm-python:local", "NODE_IMAGE=aiops-agent/bookworm-node:local")


def _export(mirror: Path, commit: str, into: Path) -> bool:
    archive = subprocess.run(["git", "-C", str(mirror), "archive", commit], capture_output=True)
    if archive.returncode != 0:
        return False
    return subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, capture_output=True).returncode == 0


def _verify(app: Path, out: Path) -> list[str]:
    command = [sys.executable, "-m", "agent", "generate", str(app), "--out", str(out), "--only", "docker",
               "--no-validate", "--non-interactive", "--no-phr", "--yes", "--verify"]
    for arg in BUILD_ARGS:
        command += ["--build-arg", arg]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=3600,
                            env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(("verify ", "error"))]
    return lines or [f"error: exit {result.returncode}: {(result.stderr or result.stdout)[-300:]}"]


def main() -> None:
    from tests.generation.repos_corpus import CORPUS, load_manifest

    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*", default=list(DEFAULT_CASES))
    parser.add_argument("--real", action="store_true", help="verify the real repositories instead of the mirrors")
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    manifest = {case["id"]: case for case in load_manifest()}
    rows = ["| case | service | result | detail |", "|---|---|---|---|"]
    passed = total = 0
    for case_id in args.cases:
        case = manifest[case_id]
        with tempfile.TemporaryDirectory() as tmp:
            app = CORPUS / case_id
            if args.real:
                owner, name = case["url"].removeprefix("https://github.com/").split("/")[:2]
                app = Path(tmp) / "app"
                app.mkdir()
                if not _export(args.mirrors / f"{owner}+{name}" / "repo", case["commit"], app):
                    rows.append(f"| {case_id} | - | not fetched | |")
                    continue
            for line in _verify(app, Path(tmp) / "out"):
                print(f"{case_id}: {line}", flush=True)
                if not line.startswith("verify "):
                    rows.append(f"| {case_id} | - | error | {line[:160]} |")
                    total += 1
                    continue
                service, _, rest = line.removeprefix("verify").strip().partition(": ")
                verdict, _, detail = rest.partition(" ")
                total += 1
                passed += verdict == "PASS"
                rows.append(f"| {case_id} | {service} | {verdict} | {detail[:200].replace('|', '/')} |")
    kind = "real repositories (exported at the cited commit)" if args.real else "tests/repos mirrors"
    body = (f"`bench/verify_repos.py{' --real' if args.real else ''}` on {kind}: `agent generate --verify` built "
            f"each generated image on the local base images, started it with its generated env on the host "
            f"network and probed its health path. {passed}/{total} services healthy.\n\n" + "\n".join(rows))
    print(body)
    if args.write:
        write_section("Build, start and probe: real repositories" if args.real else "Build, start and probe: corpus",
                      body)


if __name__ == "__main__":
    main()
