"""docker-compose / compose files at the repository root: for the compose service built from this service's
directory, its command, container port and healthcheck; other compose services built from the same directory
with another command are workers."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from agent.generation.evidence.models import Evidence, Fact

NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "docker-compose.prod.yml",
         "docker-compose.production.yml", "compose.prod.yml")
_URL_PATH = re.compile(r"https?://[^/\s\"']+(/[^\s\"']*)")
_WORKER = re.compile(r"\b(celery|rq|arq|dramatiq|huey|worker|beat|scheduler)\b")


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _context(base: Path, build: Any) -> Path | None:
    if isinstance(build, str):
        return (base / build).resolve()
    if isinstance(build, dict):
        context = (base / str(build.get("context", "."))).resolve()
        dockerfile = str(build.get("dockerfile", ""))
        if "/" in dockerfile:  # context . with dockerfile backend/Dockerfile: the service is backend/
            return (context / dockerfile).parent.resolve()
        return context
    return None


def _command(value: Any) -> str | None:
    if isinstance(value, list):
        return shlex.join(str(v) for v in value)
    return str(value) if isinstance(value, str) and value.strip() else None


def _container_port(value: Any) -> int | None:
    text = str(value.get("target", "")) if isinstance(value, dict) else str(value)
    match = re.search(r"(\d{2,5})(?:/\w+)?$", text.split(":")[-1])
    return int(match.group(1)) if match else None


def read(directory: Path, root: Path, service: str) -> list[Evidence]:
    found: list[Evidence] = []
    target = directory.resolve()
    for name in NAMES:
        path = root / name
        if not path.is_file():
            continue
        services = _load(path).get("services", {})
        if not isinstance(services, dict):
            continue
        for compose_name, spec in services.items():
            if not isinstance(spec, dict) or _context(path.parent, spec.get("build")) != target:
                continue
            where = f"{name} services.{compose_name}"
            command = _command(spec.get("command"))
            is_worker = bool(command and _WORKER.search(command)) and compose_name != service
            if command:
                fact = Fact.WORKER if is_worker else Fact.START
                found.append(Evidence(fact=fact, value=command, source=f"{where}.command", reader="compose",
                                      process=str(compose_name) if is_worker else "web"))
            if is_worker:
                continue
            for port in spec.get("ports", []) or []:
                number = _container_port(port)
                if number:
                    found.append(Evidence(fact=Fact.PORT, value=number, source=f"{where}.ports", reader="compose"))
                    break
            test = (spec.get("healthcheck") or {}).get("test") if isinstance(spec.get("healthcheck"), dict) else None
            url = _URL_PATH.search(" ".join(test) if isinstance(test, list) else str(test or ""))
            if url:
                found.append(Evidence(fact=Fact.HEALTH, value=url.group(1), source=f"{where}.healthcheck",
                                      reader="compose"))
    return found
