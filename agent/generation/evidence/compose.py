"""docker-compose / compose files at the repository root: for the compose service built from this service's
directory, its command, container port and healthcheck; other compose services built from the same directory
with another command are workers."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from agent.generation.evidence import dockerfile as dockerfile_reader
from agent.generation.evidence.models import Evidence, Fact

NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "docker-compose.prod.yml",
         "docker-compose.production.yml", "compose.prod.yml")
_URL_PATH = re.compile(r"https?://[^/\s\"']+(/[^\s\"']*)")
_RELEASE = re.compile(r"\b(prestart|migrate|migrations|release|init-db|initdb)\b")
_WORKER = re.compile(r"\b(celery|rq|arq|dramatiq|huey|worker|beat|scheduler)\b")


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _build(base: Path, build: Any) -> tuple[set[Path], Path | None]:
    """The directories a compose build may stand for (its context; the Dockerfile's directory when that is not
    a dockerfiles/ collection) and the Dockerfile it names, when it exists."""
    if isinstance(build, str):
        context = (base / build).resolve()
        return {context}, None
    if isinstance(build, dict):
        context = (base / str(build.get("context", "."))).resolve()
        name = str(build.get("dockerfile", "") or "")
        dockerfile = (context / name).resolve() if name and "$" not in name else None
        if name and "$" in name:  # dockerfiles/python${PYTHON_VERSION}/Dockerfile: take any that exists
            pattern = re.sub(r"\$\{?\w+\}?", "*", name).lstrip("./")
            dockerfile = next(iter(sorted(context.glob(pattern))), None)
        dirs = {context}
        if dockerfile and dockerfile.is_relative_to(context):
            folders = dockerfile.relative_to(context).parts[:-1]
            if folders and not any("docker" in part.lower() for part in folders):
                dirs.add(dockerfile.parent)  # context . with backend/Dockerfile: the service is backend/
        return dirs, dockerfile if dockerfile and dockerfile.is_file() else None
    return set(), None


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
            if not isinstance(spec, dict):
                continue
            dirs, dockerfile = _build(path.parent, spec.get("build"))
            if target not in dirs:
                continue
            where = f"{name} services.{compose_name}"
            if dockerfile is not None and dockerfile.parent != target:
                found += dockerfile_reader.read_file(dockerfile, directory, dockerfile.relative_to(root).as_posix())
            command = _command(spec.get("command"))
            is_release = bool(command and (_RELEASE.search(command) or _RELEASE.search(str(compose_name))))
            is_worker = bool(command and _WORKER.search(command)) and compose_name != service
            if command:
                fact = Fact.RELEASE if is_release else Fact.WORKER if is_worker else Fact.START
                process = "release" if is_release else str(compose_name) if is_worker else "web"
                found.append(Evidence(fact=fact, value=command, source=f"{where}.command", reader="compose",
                                      process=process))
            if is_worker or is_release:
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
