"""Benchmark: detection on the tests/repos corpus and on the real repositories it is modelled on.

For every case of tests/repos/manifest.yaml this scores detection (services, start command, port, health path)
on the hand-written mirror and, when a clone of the real repository is available (a bare git directory under
--mirrors, named owner+name/repo, as the `fetch` tool leaves them), on the real repository at the cited commit.
Nothing of the real repositories is written anywhere but a temporary directory.

Run: .venv/bin python bench/repos.py [--mirrors /work/.mirror] [--write]
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
from tests.generation.repos_corpus import CaseResult, load_manifest, score_case  # noqa: E402


def _export(mirror: Path, commit: str, into: Path) -> bool:
    archive = subprocess.run(["git", "-C", str(mirror), "archive", commit], capture_output=True)
    if archive.returncode != 0:
        return False
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=False, capture_output=True)
    return True


def _row(case: dict, result: CaseResult | None) -> str:
    if result is None:
        return "no complete clone here"
    right = sum(c.right for c in result.checks)
    wrong = [f"{c.service} {c.field}" + (" (flagged)" if c.flagged else "") for c in result.checks if not c.right]
    return f"{right}/{len(result.checks)}" + (f" — wrong: {', '.join(wrong)}" if wrong else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--write", action="store_true", help="replace the section of docs/BENCHMARKS.md")
    args = parser.parse_args()
    lines = ["| case | modelled on | mirror | real repository |", "|---|---|---|---|"]
    totals = {"mirror": [0, 0], "real": [0, 0]}
    for case in load_manifest():
        mirror_result = score_case(case)
        owner, name = case["url"].removeprefix("https://github.com/").split("/")[:2]
        real_result = None
        bare = args.mirrors / f"{owner}+{name}" / "repo"
        if bare.is_dir():
            with tempfile.TemporaryDirectory() as tmp:
                if _export(bare, case["commit"], Path(tmp)):
                    real_result = score_case(case, Path(tmp))
        for key, result in (("mirror", mirror_result), ("real", real_result)):
            if result is not None:
                totals[key][0] += sum(c.right for c in result.checks)
                totals[key][1] += len(result.checks)
        lines.append(f"| {case['id']} | [{owner}/{name}]({case['url']}/tree/{case['commit'][:12]}) "
                     f"| {_row(case, mirror_result)} | {_row(case, real_result)} |")
    summary = [f"- {key}: {r}/{n} values right ({r / n:.0%})" for key, (r, n) in totals.items() if n]
    body = ("Detection (services, start command, port, health path; workdir for src layouts) against the values "
            "read from each real repository (`tests/repos/manifest.yaml`). `bench/repos.py` scores the hand-written "
            "mirror and, where a clone is available, the real repository at the cited commit.\n\n"
            + "\n".join(summary) + "\n\n" + "\n".join(lines))
    print(body)
    if args.write:
        write_section("Detection on real repository layouts", body)


if __name__ == "__main__":
    main()
