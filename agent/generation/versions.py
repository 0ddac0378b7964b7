"""Turn a declared version constraint into the runtime version to build with."""

from __future__ import annotations

import re

_LOWER_BOUND_ONLY = re.compile(r"^\s*>=?\s*v?(\d+(?:\.\d+)?)")


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def pick_version(constraint: str, preferred: str, precision: int) -> str | None:
    """The version to build with: `preferred` when a `>=X` constraint allows it, else the constraint's own
    version cut to `precision` parts (18.17.0 -> 18 for Node, 3.12.1 -> 3.12 for Python)."""
    match = re.search(r"v?(\d+(?:\.\d+)*)", constraint or "")
    if not match:
        return None
    declared = ".".join(match.group(1).split(".")[:precision])
    lower = _LOWER_BOUND_ONLY.match(constraint)
    if lower and "<" not in constraint and _key(preferred) >= _key(declared):
        return preferred
    return declared
