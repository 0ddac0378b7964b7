"""Score detection against tests/repos/manifest.yaml (shared by the corpus test and bench/repos.py)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agent.generation.detect import detect_app
from agent.generation.models import AppPlan, Framework, ServicePlan

CORPUS = Path(__file__).resolve().parents[1] / "repos"


@dataclass
class Check:
    case: str
    service: str
    field: str
    expected: Any
    detected: Any
    right: bool
    flagged: bool  # detection marked the value as guessed / unknown


@dataclass
class CaseResult:
    case: str
    checks: list[Check] = field(default_factory=list)
    error: str | None = None


def load_manifest() -> list[dict[str, Any]]:
    return yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))["cases"]


def _tokens(svc: ServicePlan) -> list[str]:
    out = []
    for token in svc.start_command:
        if token.startswith("/opt/venv/bin/"):
            token = token.removeprefix("/opt/venv/bin/")
        if token.endswith("node_modules/next/dist/bin/next"):
            out = [t for t in out if t != "node"]
            token = "next"
        out.append(token)
    return out


def start_matches(svc: ServicePlan, expected: str) -> bool:
    if expected.startswith("static:"):
        return svc.framework is Framework.VITE and svc.build_output == expected.removeprefix("static:")
    if expected.startswith("go:"):
        return svc.framework is Framework.GO and svc.build_output == expected.removeprefix("go:")
    want = shlex.split(expected)
    have = iter(_tokens(svc))
    return all(any(token == got for got in have) for token in want)  # want is a subsequence of have


def score_case(case: dict[str, Any], root: Path | None = None) -> CaseResult:
    """Score detection on the case's mirror under tests/repos (or on root, e.g. a checkout of the real repo)."""
    result = CaseResult(case["id"])
    root = root or CORPUS / case["id"]
    try:
        plan: AppPlan = detect_app(root, partial=True)
    except Exception as exc:  # a crash is a wrong answer for every value of the case
        result.error = f"{type(exc).__name__}: {exc}"
        for svc in case["services"]:
            for name in ("service", "start", "port", "health"):
                result.checks.append(Check(case["id"], svc["path"], name, svc.get(name), None, False, False))
        return result
    found = {svc.path: svc for svc in plan.services}
    for expected in case["services"]:
        path = expected["path"]
        svc = found.get(path)
        result.checks.append(Check(case["id"], path, "service", path, path if svc else None, svc is not None, False))
        if svc is None:
            for name in ("start", "port", "health"):
                result.checks.append(Check(case["id"], path, name, expected.get(name), None, False, False))
            continue
        level = svc.confidence
        flagged = lambda key: level.get(key) in ("guessed", "unknown")  # noqa: E731
        result.checks.append(Check(case["id"], path, "start", expected["start"], " ".join(svc.start_command),
                                   start_matches(svc, expected["start"]), flagged("start_command")))
        port_right = expected["port"] == "any" or svc.port == expected["port"]
        result.checks.append(Check(case["id"], path, "port", expected["port"], svc.port, port_right, flagged("port")))
        want_health = expected["health"]
        health_right = svc.health_path == want_health if want_health is not None else flagged("health_path")
        result.checks.append(Check(case["id"], path, "health", want_health, svc.health_path, health_right,
                                   flagged("health_path")))
        if "workdir" in expected:
            result.checks.append(Check(case["id"], path, "workdir", expected["workdir"], svc.workdir,
                                       svc.workdir == expected["workdir"], False))
    extra = sorted(set(found) - {s["path"] for s in case["services"]})
    for path in extra:
        result.checks.append(Check(case["id"], path, "service", None, path, False, False))
    return result


def score_all() -> list[CaseResult]:
    return [score_case(case) for case in load_manifest()]
