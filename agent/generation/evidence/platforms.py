"""Platform manifests: railway.json / railway.toml, nixpacks.toml, fly.toml (in the service directory) and
render.yaml (at the repository root, naming each service's rootDir)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import yaml

from agent.generation.evidence.models import Evidence, Fact


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def _ev(fact: Fact, value: Any, source: str, process: str = "web") -> list[Evidence]:
    if value in (None, "") or not isinstance(value, (str, int)):
        return []
    return [Evidence(fact=fact, value=value, source=source, reader="platform", process=process)]


def _railway(directory: Path) -> list[Evidence]:
    found: list[Evidence] = []
    path = directory / "railway.json"
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            data = {}
        deploy = data.get("deploy", {}) if isinstance(data, dict) else {}
        found += _ev(Fact.START, deploy.get("startCommand"), "railway.json deploy.startCommand")
        found += _ev(Fact.HEALTH, deploy.get("healthcheckPath"), "railway.json deploy.healthcheckPath")
        found += _ev(Fact.RELEASE, deploy.get("preDeployCommand"), "railway.json deploy.preDeployCommand", "release")
    data = _toml(directory / "railway.toml")
    deploy = data.get("deploy", {})
    found += _ev(Fact.START, deploy.get("startCommand"), "railway.toml [deploy] startCommand")
    found += _ev(Fact.HEALTH, deploy.get("healthcheckPath"), "railway.toml [deploy] healthcheckPath")
    return found


def _nixpacks(directory: Path) -> list[Evidence]:
    data = _toml(directory / "nixpacks.toml")
    return _ev(Fact.START, data.get("start", {}).get("cmd"), "nixpacks.toml [start] cmd")


def _fly(directory: Path) -> list[Evidence]:
    data = _toml(directory / "fly.toml")
    if not data:
        return []
    found: list[Evidence] = []
    http = data.get("http_service", {})
    services = data.get("services", [])
    port = http.get("internal_port") or next((s.get("internal_port") for s in services if isinstance(s, dict)), None)
    found += _ev(Fact.PORT, port, "fly.toml internal_port")
    for check in http.get("checks", []) if isinstance(http.get("checks"), list) else []:
        found += _ev(Fact.HEALTH, check.get("path"), "fly.toml http_service.checks.path")
    processes = data.get("processes", {})
    for name, command in processes.items() if isinstance(processes, dict) else []:
        fact = Fact.START if name in ("app", "web") else Fact.WORKER
        found += _ev(fact, command, f"fly.toml [processes] {name}", name)
    found += _ev(Fact.RELEASE, data.get("deploy", {}).get("release_command"), "fly.toml [deploy] release_command",
                 "release")
    found += _ev(Fact.START, data.get("experimental", {}).get("cmd") if isinstance(
        data.get("experimental", {}).get("cmd"), str) else None, "fly.toml [experimental] cmd")
    return found


def _render(directory: Path, root: Path) -> list[Evidence]:
    path = root / "render.yaml"
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return []
    rel = directory.relative_to(root).as_posix()
    found: list[Evidence] = []
    for index, service in enumerate(data.get("services", []) if isinstance(data, dict) else []):
        if not isinstance(service, dict) or service.get("runtime", service.get("env")) in ("static", "redis"):
            continue
        if (str(service.get("rootDir") or ".").strip("./") or ".") != (rel.strip("./") or "."):
            continue
        where = f"render.yaml services[{index}] ({service.get('name', '?')})"
        web = service.get("type") in ("web", "pserv")
        name = "web" if web else str(service.get("name", "worker"))
        found += _ev(Fact.START if web else Fact.WORKER, service.get("startCommand"), f"{where}.startCommand", name)
        found += _ev(Fact.HEALTH, service.get("healthCheckPath"), f"{where}.healthCheckPath")
        found += _ev(Fact.RELEASE, service.get("preDeployCommand"), f"{where}.preDeployCommand", "release")
        found += _ev(Fact.BUILD, service.get("buildCommand"), f"{where}.buildCommand", name)
    return found


def read(directory: Path, root: Path) -> list[Evidence]:
    return _railway(directory) + _nixpacks(directory) + _fly(directory) + _render(directory, root)
