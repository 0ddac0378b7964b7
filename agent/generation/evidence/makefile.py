"""Makefile `run` / `start` / `serve` / `prod` targets: the first recipe line that starts a server."""

from __future__ import annotations

import re
from pathlib import Path

from agent.generation.evidence.models import Evidence, Fact

TARGETS = ("run-prod", "prod", "start", "serve", "run", "run-server", "server")
_TARGET = re.compile(r"^([A-Za-z0-9_.-]+)\s*:(?!=)")


def read(directory: Path) -> list[Evidence]:
    path = next((directory / n for n in ("Makefile", "makefile", "GNUmakefile") if (directory / n).is_file()), None)
    if path is None:
        return []
    recipes: dict[str, tuple[int, str]] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        match = _TARGET.match(line)
        if match:
            current = match.group(1)
            continue
        if current and line.startswith("\t") and current not in recipes:
            recipe = line.strip().lstrip("@-").strip()
            if recipe and not recipe.startswith(("echo", "#", "$(MAKE)", "make ")):
                recipes[current] = (number, recipe)
    for target in TARGETS:
        if target in recipes:
            number, recipe = recipes[target]
            return [Evidence(fact=Fact.START, value=recipe, source=f"{path.name}:{number} ({target})",
                             reader="makefile")]
    return []
