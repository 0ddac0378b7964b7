"""What the user says about a service when detection cannot tell: `agent.toml` `[services.<name>]`, flags, prompts."""

from __future__ import annotations

import shlex
import tomllib
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.errors import ConfigError, UsageError
from agent.generation.models import ServiceKind

# A function that asks a person for one value; returns None when they give none.
Ask = Callable[[str, str, str], str | None]  # (service, key, question) -> answer


class ServiceOverride(BaseModel):
    """Keys of an `agent.toml` `[services.<name>]` table (and of `--set <name>.<key>=<value>`)."""

    model_config = ConfigDict(extra="forbid")

    port: int | None = Field(default=None, ge=1, le=65535)
    health_path: str | None = None
    readiness_path: str | None = None
    kind: ServiceKind | None = None
    start: list[str] | None = None  # the production start command
    language_version: str | None = None
    replicas: int | None = Field(default=None, ge=1)

    @field_validator("start", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return shlex.split(value) if isinstance(value, str) else value

    @field_validator("health_path", "readiness_path")
    @classmethod
    def _absolute(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("/"):
            raise ValueError("must start with /")
        return value


# override key -> ServicePlan field
PLAN_FIELD = {"port": "port", "health_path": "health_path", "readiness_path": "readiness_path", "kind": "kind",
              "start": "start_command", "language_version": "language_version", "replicas": "replicas"}
# The values every service needs: key -> (question asked, example shown in the agent.toml hint)
QUESTIONS = {
    "port": ("Which port does {service} listen on?", "8080"),
    "health_path": ("Which HTTP path answers {service}'s liveness probe (e.g. /health)?", '"/health"'),
    "start": ("Which command starts {service} in production?", '"node server.js"'),
    "language_version": ("Which {language} version does {service} need (e.g. 1.22)?", '"1.22"'),
}


def load_overrides(app_root: Path, settings: list[str]) -> dict[str, dict[str, Any]]:
    """Raw override values per service: agent.toml in the app root, then each `--set name.key=value`."""
    raw: dict[str, dict[str, Any]] = {}
    toml_path = app_root / "agent.toml"
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{toml_path}: {exc}", hint="fix the TOML syntax of agent.toml") from None
        services = data.get("services", {})
        if not isinstance(services, dict) or not all(isinstance(t, dict) for t in services.values()):
            raise ConfigError(f"{toml_path}: `services` must hold one table per service",
                              hint="write [services.<name>] tables, e.g. [services.backend] port = 8000")
        for name, table in services.items():
            raw[name] = dict(table)
    for item in settings:
        key, sep, value = item.partition("=")
        name, dot, field = key.rpartition(".")
        if not sep or not dot or not name:
            raise UsageError(f"--set {item!r} is not <service>.<key>=<value>",
                             hint="for example: --set backend.port=8000 --set frontend-web.health_path=/api/health")
        raw.setdefault(name, {})[field] = value
    return raw


def parse_override(service: str, values: dict[str, Any]) -> ServiceOverride:
    try:
        return ServiceOverride.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"[services.{service}] is invalid: {problems}",
                          hint=f"keys allowed in [services.{service}]: {', '.join(ServiceOverride.model_fields)}") from None
