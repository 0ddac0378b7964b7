"""A validated copy of the catalogue in the user's cache directory, so a start-up skips YAML and validation.

Parsing ~300 KB of YAML, validating ~250 signatures and finding each regex's required literals costs
about 50 ms of CPU; reading the cached JSON back costs a few. The cache key is a hash of every
signature file and of the code that shapes the data (schema, loader, literal extraction, this file),
so an edited signature or a new release is never served stale. A cache that cannot be read or
written is ignored: the knowledge base then loads from the YAML as usual.
Set AGENT_KNOWLEDGE_CACHE=off to bypass it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from agent.diagnosis.knowledge.literals import Literals, required_literals
from agent.diagnosis.knowledge.loader import SIGNATURES_DIR, load_dir
from agent.diagnosis.knowledge.schema import Example, Examples, Match, Signature

_CODE = [Path(__file__).with_name(n) for n in ("schema.py", "loader.py", "literals.py", "cache.py")]
FORMAT = 1

Entry = tuple[Signature, tuple[tuple[Literals, bool] | None, ...]]


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aiops-agent"


def key(directory: Path = SIGNATURES_DIR) -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for path in [*sorted(directory.glob("*.yaml")), *_CODE]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def fresh(directory: Path = SIGNATURES_DIR) -> list[Entry]:
    """Load and validate the YAML, and find every pattern's literals."""
    return [(sig, tuple(required_literals(p) for p in sig.match.message or ())) for sig in load_dir(directory)]


def _example(item: Any) -> str | Example:
    return item if isinstance(item, str) else Example.model_construct(**item)


def _signature(data: dict[str, Any]) -> Signature:
    # written from validated models by this same code version (the key covers it): no need to validate again
    examples = data["examples"]
    return Signature.model_construct(**{
        **data,
        "match": Match.model_construct(**data["match"]),
        "examples": Examples.model_construct(
            match=[_example(x) for x in examples["match"]], no_match=[_example(x) for x in examples["no_match"]]
        ),
    })


def _literals(item: Any) -> tuple[Literals, bool] | None:
    return None if item is None else (tuple(item[0]), bool(item[1]))


def read(path: Path) -> list[Entry] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(_signature(s), tuple(_literals(x) for x in lits)) for s, lits in data["entries"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(path: Path, entries: list[Entry]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"entries": [[sig.model_dump(mode="json"), [None if x is None else [list(x[0]), x[1]] for x in lits]]
                               for sig, lits in entries]}
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(tmp, path)
        for old in path.parent.glob("knowledge-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home or a full disk only costs the next start-up the full load


def catalogue(directory: Path = SIGNATURES_DIR) -> list[Entry]:
    """The signatures with their literals: from the cache when it matches the files, else freshly loaded."""
    if os.environ.get("AGENT_KNOWLEDGE_CACHE", "").lower() in ("0", "off", "no", "false"):
        return fresh(directory)
    path = cache_dir() / f"knowledge-{key(directory)}.json"
    cached = read(path) if path.exists() else None
    if cached is not None:
        return cached
    entries = fresh(directory)
    write(path, entries)
    return entries
