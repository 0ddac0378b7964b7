"""Options shared by subcommands, and the one place flags become Settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import click

from agent.providers.names import PROVIDERS

if TYPE_CHECKING:
    from agent.config import Settings


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--provider, --context, -n, --snapshot, --read-only, --yes, --no-phr, --phr-dir."""
    decorators = [
        click.option("--provider", type=click.Choice(PROVIDERS), default=None,
                     help="Force one provider (no fallback)."),
        click.option("--context", default=None, help="Kube context."),
        click.option("-n", "--namespace", default=None, help="Namespace."),
        click.option("--snapshot", type=click.Path(exists=True), default=None,
                     help="Read this snapshot (cluster-info dump dir or kubectl -o json/yaml file) instead of a live cluster."),
        click.option("--read-only", is_flag=True, default=None, help="Refuse every mutation."),
        click.option("--yes", "-y", "assume_yes", is_flag=True, default=None, help="Approve mutations without asking."),
        click.option("--confirm", "confirm", multiple=True, metavar="NAME",
                     help="Approve a destructive call on this object (repeatable); --yes alone does not."),
        click.option("--no-phr", is_flag=True, default=False, help="Do not write a Prompt History Record for this call."),
        click.option("--phr-dir", type=click.Path(), default=None, help="Where PHRs are written (default ./phr)."),
    ]
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


def settings_from(params: dict[str, Any]) -> "Settings":
    from agent.config import load_settings  # pydantic-settings costs ~100 ms: not on the --help path

    flags = {
        "providers": [params["provider"]] if params.get("provider") else None,
        "context": params.get("context"),
        "namespace": params.get("namespace"),
        "snapshot": params.get("snapshot"),
        "read_only": params.get("read_only"),
        "assume_yes": params.get("assume_yes"),
        "confirm": list(params.get("confirm") or []) or None,
        "phr_dir": params.get("phr_dir"),
        "phr_enabled": False if params.get("no_phr") else None,
    }
    return load_settings(**flags)


def flags_given(params: dict[str, Any]) -> dict[str, Any]:
    """The settings-named flags the user actually passed (for `config show` origins)."""
    s = {"providers": params.get("provider"), "context": params.get("context"),
         "namespace": params.get("namespace"), "snapshot": params.get("snapshot"),
         "read_only": params.get("read_only"), "assume_yes": params.get("assume_yes"),
         "phr_dir": params.get("phr_dir"), "phr_enabled": False if params.get("no_phr") else None}
    return {k: v for k, v in s.items() if v is not None}
