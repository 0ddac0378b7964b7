"""Analyzers: one module per concern, each registered with `@register`.

Importing this package imports every analyzer module so the registry is full.
"""

from __future__ import annotations

import importlib
import pkgutil

from agent.diagnosis.analyzers.base import ANALYZERS, Analyzer, register

_loaded = False


def all_analyzers() -> list[Analyzer]:
    global _loaded
    if not _loaded:
        for mod in pkgutil.iter_modules(__path__):
            if mod.name != "base" and not mod.name.startswith("_"):
                importlib.import_module(f"{__name__}.{mod.name}")
        _loaded = True
    return [ANALYZERS[name] for name in sorted(ANALYZERS)]  # by name: the same order whoever imported first


__all__ = ["ANALYZERS", "Analyzer", "all_analyzers", "register"]
