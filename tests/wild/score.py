"""Score the offline agent on the wild corpus the way a user runs it: `agent ask -f FILE [-n NS] "question"`.

    PYTHONPATH=. python -m tests.wild.score            # a table per family and the overall accuracy
    PYTHONPATH=. python -m tests.wild.score -v         # also the failing cases and their answers

Each case runs in-process through the real click command with the builtin provider forced, no PHR written,
no kubeconfig (so nothing can reach a cluster) and a private temporary working directory and config home.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel

from tests.wild.cases import Case, load_cases


class CaseResult(BaseModel):
    id: str
    family: str
    passed: bool
    matched: list[bool]
    expect: list[str]
    answer: str
    exit_code: int


@contextmanager
def _isolated(workdir: Path) -> Iterator[dict[str, str | None]]:
    """A private cwd, config home and empty kubeconfig; no provider keys or AGENT_* settings from the caller."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith(("AGENT_", "OPENAI_", "ANTHROPIC_"))}
    env.update({"XDG_CONFIG_HOME": str(workdir / "xdg"), "KUBECONFIG": str(workdir / "no-kubeconfig"),
                "HOME": str(workdir / "home")})
    previous = Path.cwd()
    os.chdir(workdir)
    try:
        yield env
    finally:
        os.chdir(previous)


def run_case(case: Case) -> CaseResult:
    from click.testing import CliRunner

    from agent.cli import cli

    with tempfile.TemporaryDirectory(prefix="wild-") as tmp:
        workdir = Path(tmp)
        attached = workdir / "attached"
        attached.mkdir()
        args = ["ask", "--provider", "builtin", "--no-phr", "-q"]
        for f in case.files:
            (attached / f.name).write_text(f.text, encoding="utf-8")
            args += ["-f", str(attached / f.name)]
        if case.namespace:
            args += ["-n", case.namespace]
        args.append(case.question)
        with _isolated(workdir) as env:
            result = CliRunner().invoke(cli, args, env=env, catch_exceptions=True)
    answer = result.stdout
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        answer += f"\n[exception] {type(result.exception).__name__}: {result.exception}"
    matched = case.matches(answer)
    return CaseResult(id=case.id, family=case.family, passed=all(matched), matched=matched, expect=case.expect,
                      answer=answer, exit_code=result.exit_code)


def score_all(cases: list[Case] | None = None) -> tuple[int, int, list[CaseResult]]:
    results = [run_case(c) for c in (cases if cases is not None else load_cases())]
    return sum(r.passed for r in results), len(results), results


def _table(results: list[CaseResult]) -> str:
    by_family: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        by_family[r.family].append(r)
    lines = [f"{'family':<18} {'passed':>6} {'total':>5} {'accuracy':>8}"]
    for family in sorted(by_family):
        rs = by_family[family]
        ok = sum(r.passed for r in rs)
        lines.append(f"{family:<18} {ok:>6} {len(rs):>5} {ok / len(rs):>8.0%}")
    ok, total = sum(r.passed for r in results), len(results)
    lines.append(f"{'ALL':<18} {ok:>6} {total:>5} {(ok / total if total else 0):>8.0%}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    only = [a for a in argv if not a.startswith("-")]
    cases = [c for c in load_cases() if not only or any(c.id.startswith(o) for o in only)]
    passed, total, results = score_all(cases)
    if verbose:
        for r in results:
            if not r.passed:
                missing = [p for p, m in zip(r.expect, r.matched) if not m]
                print(f"--- FAIL {r.id} (exit {r.exit_code}) missing {missing}\n{r.answer.strip()[:1200]}\n")
    print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
