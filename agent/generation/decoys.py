"""Folders that look like services but are examples, docs or references (names in decoys.yaml)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import PurePosixPath

import yaml


@lru_cache(maxsize=1)
def _table() -> dict[str, list[str]]:
    return yaml.safe_load(resources.files("agent.generation").joinpath("decoys.yaml").read_text("utf-8"))


def decoy_reason(rel_path: str) -> str | None:
    """Why the directory at rel_path (relative to the app root) is not deployed by default, or None."""
    table = _table()
    for part in PurePosixPath(rel_path).parts:
        name = part.lower()
        if name in table["names"] or name.startswith(tuple(table["prefixes"])) or name.endswith(tuple(table["suffixes"])):
            return f"`{part}/` looks like an example, reference or docs folder"
    return None
