"""Things in a repository that deploy cleanly and then fail: found while detecting, warned about in the plan."""

from __future__ import annotations

import re
from pathlib import Path

from agent.generation.draft import Draft
from agent.generation.sourcefiles import source_files

_ALLOWED_HOSTS = re.compile(r"^ALLOWED_HOSTS\s*=\s*\[([^\]]*)\]", re.MULTILINE)
_DEBUG_TRUE = re.compile(r"^DEBUG\s*=\s*True\b", re.MULTILINE)
_LOCAL = re.compile(r"\b(localhost|127\.0\.0\.1)\b")
_ASSET_BASE = re.compile(r"""\b(base|assetPrefix|basePath)\s*:\s*['"]((?:https?://|/)[^'"]+)['"]""")


def _django(directory: Path) -> list[str]:
    warnings = []
    for settings in source_files(directory, ("settings.py",)):
        text = settings.read_text(encoding="utf-8", errors="replace")
        rel = settings.relative_to(directory).as_posix()
        hosts = _ALLOWED_HOSTS.search(text)
        if hosts and "*" not in hosts.group(1) and "environ" not in text[max(0, hosts.start() - 200):hosts.end()]:
            warnings.append(f"{rel}: ALLOWED_HOSTS is hard-coded ({hosts.group(1).strip()[:60]}); requests with the "
                            "Ingress host or the probe's Host header get 400 - read it from the environment")
        if _DEBUG_TRUE.search(text):
            warnings.append(f"{rel}: DEBUG = True is hard-coded; production must not run with it")
    return warnings


def _dev_defaults(draft: Draft) -> list[str]:
    warnings = []
    for var in draft.values.get("env", []):
        if var.default and _LOCAL.search(var.default):
            where = "the browser bundle" if var.build_time else "the ConfigMap"
            warnings.append(f"{var.name} defaults to {var.default!r} ({var.source}): a development default; "
                            f"it is not copied into {where} - set the deployed value")
    return warnings


def _gitignored_sources(directory: Path, root: Path) -> list[str]:
    patterns: list[str] = []
    for ignore in {root / ".gitignore", directory / ".gitignore"}:
        if ignore.is_file():
            patterns += [line.strip().strip("/") for line in ignore.read_text(encoding="utf-8", errors="replace").splitlines()
                         if line.strip() and not line.startswith(("#", "!")) and "*" not in line]
    warnings = []
    for pattern in patterns:
        candidate = directory / pattern
        if pattern and candidate.is_dir() and pattern not in ("build", "dist", "node_modules", ".next", "out", "venv",
                                                              ".venv", "env", "coverage", "tmp", "logs"):
            if any(source_files(candidate, (".py", ".js", ".ts", ".tsx", ".go"))):
                warnings.append(f"{pattern}/ holds source files but is git-ignored: a fresh clone (and CI) "
                                "builds without it")
    return warnings


def _asset_bases(directory: Path) -> list[str]:
    warnings = []
    for config in sorted([*directory.glob("vite.config.*"), *directory.glob("next.config.*")]):
        match = _ASSET_BASE.search(config.read_text(encoding="utf-8", errors="replace"))
        if match:
            warnings.append(f"{config.name}: {match.group(1)} {match.group(2)!r} is an absolute asset base; "
                            "the Ingress must serve the app under that path")
    return warnings


def find_traps(draft: Draft, root: Path) -> list[str]:
    directory = draft.directory
    found = _dev_defaults(draft) + _gitignored_sources(directory, root) + _asset_bases(directory)
    if draft.values.get("framework") is not None and draft.values["framework"].value == "django":
        found += _django(directory)
    return found
