"""Options shared by subcommands, and the one place flags become Settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import click

from agent.providers.names import PROVIDERS

if TYPE_CHECKING:
    from agent.config import Settings


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--provider, --model, --kubeconfig, --context, -n, --snapshot, --read-only, --yes, --no-phr, --phr-dir."""
    decorators = [
        click.option("--provider", type=click.Choice(PROVIDERS), default=None,
                     help="Force one provider (no fallback)."),
        click.option("--model", "models", multiple=True, metavar="PROVIDER:MODEL",
                     help="A model as LangChain names it (anthropic:claude-sonnet-4-6, openai:gpt-4o, "
                          "ollama:llama3.1, builtin). Repeat it or use commas for a fallback order."),
        click.option("--kubeconfig", type=click.Path(dir_okay=False), default=None,
                     help="Path to the kubeconfig (default: $KUBECONFIG or ~/.kube/config)."),
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


def parse_build_args(values: tuple[str, ...]) -> dict[str, str]:
    """`--build-arg KEY=VALUE` options (generate --verify, deploy) as a dict."""
    from agent.errors import UsageError

    args = {}
    for item in values:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise UsageError(f"bad --build-arg {item!r}", hint="use KEY=VALUE, e.g. PYTHON_IMAGE=python:3.13-slim")
        args[key] = value
    return args


def provider_flags(params: dict[str, Any]) -> list[str] | None:
    """--model specs (repeated or comma-separated) in order, else --provider, else None (settings decide)."""
    specs = [spec.strip() for value in params.get("models") or () for spec in value.split(",") if spec.strip()]
    if specs and params.get("provider"):
        from agent.errors import UsageError

        raise UsageError("--provider and --model both name providers",
                         hint="use one: --model PROVIDER:MODEL (repeatable) or --provider NAME")
    return specs or ([params["provider"]] if params.get("provider") else None)


def settings_from(params: dict[str, Any]) -> "Settings":
    from agent.config import load_settings  # pydantic-settings costs ~100 ms: not on the --help path

    flags = {
        "providers": provider_flags(params),
        "kubeconfig": params.get("kubeconfig"),
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
    s = {"providers": provider_flags(params), "kubeconfig": params.get("kubeconfig"), "context": params.get("context"),
         "namespace": params.get("namespace"), "snapshot": params.get("snapshot"),
         "read_only": params.get("read_only"), "assume_yes": params.get("assume_yes"),
         "phr_dir": params.get("phr_dir"), "phr_enabled": False if params.get("no_phr") else None}
    return {k: v for k, v in s.items() if v is not None}
