"""The values a slash command can take: kube contexts from the kubeconfig, the configured model of each provider.

A bare `/context` or `/model` shows them, and the command palette offers them; both read them here.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from agent.config import Settings

LLM_PROVIDERS = ("openai", "anthropic")  # the providers that have a model setting (`<name>_model`)


def kubeconfig_files(settings: Settings) -> list[Path]:
    """--kubeconfig, else every file in $KUBECONFIG (kubectl merges them), else ~/.kube/config."""
    if settings.kubeconfig:
        return [Path(settings.kubeconfig).expanduser()]
    listed = [p for p in os.environ.get("KUBECONFIG", "").split(os.pathsep) if p]
    return [Path(p).expanduser() for p in listed] or [Path("~/.kube/config").expanduser()]


def kube_contexts(settings: Settings) -> tuple[list[str], str | None, list[Path]]:
    """(context names in kubeconfig order, the current-context, the files read). Unreadable files are skipped,
    as kubectl does for a missing file; the first file that names a current-context wins, as in kubectl."""
    names: list[str] = []
    current = None
    read = []
    for path in kubeconfig_files(settings):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        read.append(path)
        for entry in data.get("contexts") or []:
            name = entry.get("name") if isinstance(entry, dict) else None
            if isinstance(name, str) and name not in names:
                names.append(name)
        if current is None and isinstance(data.get("current-context"), str) and data["current-context"]:
            current = data["current-context"]
    return names, current, read


def configured_models(settings: Settings) -> dict[str, str]:
    """provider -> the model it uses now."""
    return {name: getattr(settings, f"{name}_model") for name in LLM_PROVIDERS}
