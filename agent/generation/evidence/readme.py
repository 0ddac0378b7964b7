"""Run instructions in the README: a line in a code block that starts a known server."""

from __future__ import annotations

import re
from pathlib import Path

from agent.generation.evidence.models import Evidence, Fact

_SERVER = re.compile(r"^\s*(?:\$\s*)?((?:poetry run |uv run |pipenv run )?(?:uvicorn|gunicorn|hypercorn|daphne|"
                     r"fastapi run|flask run|python3? -m \w+|python3? manage\.py runserver|node \S+\.m?js|"
                     r"go run \S+)\b.*)$")


def read(directory: Path) -> list[Evidence]:
    path = next((p for p in sorted(directory.glob("README*")) if p.is_file()), None)
    if path is None:
        return []
    inside = False
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if line.strip().startswith("```"):
            inside = not inside
            continue
        match = _SERVER.match(line) if inside else None
        if match and "--reload" not in line and "runserver" not in line:
            return [Evidence(fact=Fact.START, value=match.group(1).strip(), source=f"{path.name}:{number}",
                             reader="readme")]
    return []
