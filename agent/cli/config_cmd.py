"""`agent config show`: the effective configuration, secrets masked, with where each value came from."""

from __future__ import annotations

import json

import click

from agent.cli.options import common_options, flags_given, settings_from


@click.group("config")
def command() -> None:
    """Show the effective configuration."""


@command.command("show")
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@common_options
def show(output: str, **params) -> None:
    """Print every setting, its value (secrets masked) and its source (flag, env, file, default)."""
    from agent.config import Settings, describe_sources

    settings = settings_from(params)
    origins = describe_sources(settings, flags_given(params))
    rows = []
    for name in Settings.model_fields:
        value = getattr(settings, name)
        rows.append({"setting": name, "value": _display(value), "source": origins[name]})
    rows.append({"setting": "provider order (effective)", "value": ", ".join(settings.provider_order()),
                 "source": "derived"})
    if output == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["setting"]) for r in rows)
    for row in rows:
        click.echo(f"{row['setting']:<{width}}  {row['value']:<40}  {row['source']}")


def _display(value) -> str:
    from pydantic import BaseModel, SecretStr

    if value is None:
        return "-"
    if isinstance(value, SecretStr):
        secret = value.get_secret_value()
        return "****" + secret[-4:] if len(secret) > 12 else "****"
    if isinstance(value, list):
        return ", ".join(_display(v) for v in value) or "[]"
    if isinstance(value, BaseModel):
        return json.dumps({k: _display(v) for k, v in value.model_dump().items()})
    return str(value)
