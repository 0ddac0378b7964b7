"""Settings: one pydantic-settings model.

Precedence: command-line flags > environment (`AGENT_*`, plus the providers'
own `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `ANTHROPIC_API_KEY`) > `./agent.toml`
or `$XDG_CONFIG_HOME/aiops-agent/config.toml` > defaults.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from agent.errors import ConfigError
from agent.providers.names import spec_error


def config_files() -> list[Path]:
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return [Path("agent.toml"), xdg / "aiops-agent" / "config.toml"]


class McpServerConfig(BaseModel):
    name: str
    command: list[str] | None = None
    url: str | None = None
    bearer_token: SecretStr | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AGENT_", extra="ignore", populate_by_name=True)

    providers: list[str] | None = Field(
        default=None, description="Fallback order of PROVIDER or PROVIDER:MODEL (e.g. ollama:llama3.1,"
                                  "anthropic:claude-sonnet-4-6,builtin); default: the providers that have keys, then builtin")
    openai_model: str = Field(default="gpt-4o-mini", description="Model for the openai provider")
    anthropic_model: str = Field(default="claude-sonnet-4-6", description="Model for the anthropic provider")
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("AGENT_OPENAI_API_KEY", "OPENAI_API_KEY", "openai_api_key"))
    openai_base_url: str | None = Field(
        default=None, description="Any OpenAI-compatible server (Ollama, vLLM, LM Studio)",
        validation_alias=AliasChoices("AGENT_OPENAI_BASE_URL", "OPENAI_BASE_URL", "openai_base_url"))
    anthropic_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("AGENT_ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY", "anthropic_api_key"))
    kubeconfig: Path | None = Field(default=None, description="Path to a kubeconfig; default: $KUBECONFIG or ~/.kube/config")
    context: str | None = Field(default=None, description="Kube context")
    namespace: str | None = Field(default=None, description="Namespace; default: the context's")
    snapshot: Path | None = Field(default=None, description="Diagnose this snapshot instead of a live cluster")
    phr_dir: Path = Field(default=Path("phr"), description="Where Prompt History Records are written")
    phr_enabled: bool = Field(default=True, description="Write PHRs")
    read_only: bool = Field(default=False, description="Refuse every mutation")
    assume_yes: bool = Field(default=False, description="Approve mutations without asking (--yes)")
    confirm: list[str] = Field(default_factory=list, description=(
        "Objects a destructive call may delete without asking (--confirm NAME): --yes alone never approves "
        "deleting namespaces, PVCs, Secrets or cluster-scoped objects, uninstalling, draining or pruning"))
    request_timeout: float = Field(default=60.0, gt=0, description="Seconds per LLM request")
    max_retries: int = Field(default=2, ge=0, le=10, description="Retries on 429/5xx before falling back")
    tool_timeout: float = Field(default=120.0, gt=0, description="Seconds per external tool run")
    max_steps: int = Field(default=12, ge=1, le=100, description="Tool-calling steps per question")
    mcp_servers: list[McpServerConfig] = Field(default_factory=list)

    @field_validator("providers", mode="before")
    @classmethod
    def _split_providers(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [p.strip() for p in value.split(",") if p.strip()]
        if value is not None:
            problems = [problem for spec in value if (problem := spec_error(spec))]
            if problems:
                raise ValueError("; ".join(problems))
        return value

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        files = [p for p in config_files() if p.is_file()]
        toml = [TomlConfigSettingsSource(settings_cls, toml_file=files[0])] if files else []
        return (init_settings, env_settings, *toml)

    def provider_order(self) -> list[str]:
        if self.providers:
            return list(self.providers)
        order = []
        if self.openai_api_key or self.openai_base_url:
            order.append("openai")
        if self.anthropic_api_key:
            order.append("anthropic")
        return order + ["builtin"]


def load_settings(**flags: Any) -> Settings:
    """Build settings from flags (None means "not given") over env, file and defaults."""
    import tomllib

    given = {k: v for k, v in flags.items() if v is not None}
    try:
        settings = Settings(**given)
    except tomllib.TOMLDecodeError as exc:
        path = next((p for p in config_files() if p.is_file()), "agent.toml")
        raise ConfigError(f"{path} is not valid TOML: {exc}",
                          hint=f"fix the syntax in {path} (see README: Configuration) or move it aside") from None
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "settings"
            top = str(err["loc"][0]) if err["loc"] else ""
            where = f" (env AGENT_{top.upper()} or `{top}` in agent.toml)" if top in Settings.model_fields else ""
            lines.append(f"{field}: {err['msg']}{where}")
        raise ConfigError(
            "invalid configuration: " + "; ".join(lines),
            hint="fix the flag, the AGENT_<NAME> environment variable or agent.toml; `agent config show` lists every setting",
        ) from None
    _refuse_unknown_file_keys()
    return settings


# Top-level tables of agent.toml that other parts read (`agent generate`: [services.<name>])
OTHER_FILE_TABLES = ("services",)


def _refuse_unknown_file_keys() -> None:
    """A misspelt key in the config file would otherwise be ignored without a word."""
    import difflib
    import tomllib

    files = [p for p in config_files() if p.is_file()]
    if not files:
        return
    # Settings() above parsed this file already, so it is valid TOML
    keys = tomllib.loads(files[0].read_text(encoding="utf-8")).keys()
    known = [*Settings.model_fields, *OTHER_FILE_TABLES]
    unknown = [k for k in keys if k not in known]
    if unknown:
        guesses = [f"`{k}` (did you mean `{close[0]}`?)" if (close := difflib.get_close_matches(k, known, n=1))
                   else f"`{k}`" for k in unknown]
        raise ConfigError(f"unknown setting(s) in {files[0]}: {', '.join(guesses)}",
                          hint=f"fix or remove them; the settings are {', '.join(Settings.model_fields)} "
                               "(README: Configuration)")


def describe_sources(settings: Settings, flags: dict[str, Any]) -> dict[str, str]:
    """Where each effective value came from: flag, env NAME, file PATH or default."""
    files = [p for p in config_files() if p.is_file()]
    file_data: dict[str, Any] = {}
    if files:
        import tomllib

        file_data = tomllib.loads(files[0].read_text())
    origins: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        env_names = [f"AGENT_{name.upper()}"]
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            env_names = [a for a in alias.choices if isinstance(a, str) and a.isupper()]
        if flags.get(name) is not None:
            origins[name] = "flag"
        elif any(n in os.environ for n in env_names):
            origins[name] = "env " + next(n for n in env_names if n in os.environ)
        elif name in file_data:
            origins[name] = f"file {files[0]}"
        else:
            origins[name] = "default"
    return origins
