"""A service as detection sees it: values found so far and where each came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.generation.sourcefiles import source_files

HEALTH_PATHS = ("/health", "/healthz", "/api/health", "/livez", "/health/live", "/healthcheck", "/health-check",
                "/api/healthz", "/api/v1/health", "/ping", "/api/ping", "/status")
READY_PATHS = ("/ready", "/readyz", "/api/ready", "/health/ready")


@dataclass
class Draft:
    """Detector output. `values` feeds ServicePlan; a None value is one detection could not find."""

    directory: Path
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    # field -> "declared" (the repo states it), "inferred" (read from code), "guessed" (a default)
    confidence: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # traps found while detecting

    def set(self, key: str, value: Any, source: str, confidence: str = "inferred") -> None:
        self.values[key] = value
        if value is not None:
            self.sources[key] = source
            self.confidence[key] = confidence
        else:
            self.confidence.pop(key, None)

    def guess(self, key: str, value: Any, source: str) -> None:
        """A default nothing in the repository confirms."""
        self.set(key, value, source, "guessed")


def first_match(directory: Path, suffixes: tuple[str, ...], pattern: re.Pattern[str],
                extra_files: tuple[str, ...] = ()) -> tuple[re.Match[str], str] | None:
    """The first match of pattern in the service's files (extra_files first), with its "path:line"."""
    candidates = [directory / name for name in extra_files if (directory / name).is_file()]
    candidates += [p for p in source_files(directory, suffixes) if p not in candidates]
    for path in candidates:
        text = path.read_text(encoding="utf-8", errors="replace")
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            return match, f"{path.relative_to(directory).as_posix()}:{line}"
    return None


def route_paths(directory: Path, suffixes: tuple[str, ...], pattern: re.Pattern[str]) -> dict[str, str]:
    """Every route path the code declares (group 1 of pattern), normalised, with where it was found."""
    found: dict[str, str] = {}
    for path in source_files(directory, suffixes):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in pattern.finditer(text):
            route = "/" + match.group(1).strip("/")
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(route, f"{path.relative_to(directory).as_posix()}:{line}")
    return found


def pick_probes(draft: Draft, routes: dict[str, str]) -> None:
    """Health = the first well-known health route present; readiness = a ready route, else health."""
    health = next((p for p in HEALTH_PATHS if p in routes), None)
    ready = next((p for p in READY_PATHS if p in routes), None)
    draft.set("health_path", health, routes.get(health or "", ""))
    if ready:
        draft.set("readiness_path", ready, routes[ready])
    elif health:
        draft.set("readiness_path", health, f"{routes[health]} (no readiness route: the health route)")
