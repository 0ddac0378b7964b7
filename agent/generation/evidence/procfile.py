"""Procfile (Heroku, Dokku, Render): `web:` serves, `release:` runs before, anything else is a worker."""

from __future__ import annotations

import re
from pathlib import Path

from agent.generation.evidence.models import Evidence, Fact

_LINE = re.compile(r"^([A-Za-z0-9_-]+)\s*:\s*(.+)$")


def read(directory: Path) -> list[Evidence]:
    path = directory / "Procfile"
    if not path.is_file():
        return []
    found: list[Evidence] = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        match = _LINE.match(line.strip())
        if not match or line.lstrip().startswith("#"):
            continue
        process, command = match.group(1), match.group(2).strip()
        fact = Fact.START if process == "web" else Fact.RELEASE if process == "release" else Fact.WORKER
        found.append(Evidence(fact=fact, value=command, source=f"Procfile:{number} ({process})", reader="procfile",
                              process=process))
    return found
