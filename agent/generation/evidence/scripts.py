"""Start scripts (start.sh, boot.sh, entrypoint.sh, run.sh): the command they exec, and the release steps
(migrations, collectstatic, translations) they run first."""

from __future__ import annotations

import re
from pathlib import Path

from agent.generation.evidence.models import Evidence, Fact

NAMES = ("start.sh", "boot.sh", "entrypoint.sh", "docker-entrypoint.sh", "run.sh", "scripts/start.sh",
         "scripts/entrypoint.sh", "bin/start.sh")
RELEASE = re.compile(r"\b(migrate|upgrade head|db upgrade|collectstatic|compilemessages|translate compile|"
                     r"prisma migrate deploy|alembic upgrade)\b")
_SKIP = re.compile(r"^\s*(#|set\b|echo\b|sleep\b|if\b|then\b|else\b|fi\b|do\b|done\b|while\b|until\b|for\b|"
                   r"export\b|cd\b|source\b|\.\s|break\b|exit\b|\}|\{|[A-Za-z_]+\(\)|trap\b|wait\b|shift\b|case\b|esac\b)")


def read_script(path: Path, label: str) -> list[Evidence]:
    """The last exec (or last plain command) is the server; migration-like lines before it are release steps."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    found: list[Evidence] = []
    start: tuple[int, str] | None = None
    for number, line in enumerate(lines, 1):
        if not line or _SKIP.match(line) or '"$@"' in line or "$*" in line:
            continue
        if RELEASE.search(line):
            found.append(Evidence(fact=Fact.RELEASE, value=line, source=f"{label}:{number}", reader="start_script",
                                  process="release"))
        elif line.startswith("exec ") or start is None or not (start[1].startswith("exec ")):
            start = (number, line)
    if start:
        found.append(Evidence(fact=Fact.START, value=start[1], source=f"{label}:{start[0]}", reader="start_script"))
    return found


def read(directory: Path) -> list[Evidence]:
    for name in NAMES:
        path = directory / name
        if path.is_file():
            return read_script(path, name)
    return []
