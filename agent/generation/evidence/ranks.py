"""The trust table of ranks.yaml, loaded once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def _table() -> dict:
    return yaml.safe_load(resources.files("agent.generation.evidence").joinpath("ranks.yaml").read_text("utf-8"))


def rank(reader: str) -> int:
    return int(_table()["readers"][reader])


def declared_at() -> int:
    return int(_table()["thresholds"]["declared"])


def guess_below() -> int:
    return int(_table()["thresholds"]["guess_below"])


def confidence(reader: str) -> str:
    """"declared" (the repo states it), "inferred" (read from code) or "guessed" (a default)."""
    score = rank(reader)
    return "declared" if score >= declared_at() else "inferred" if score >= guess_below() else "guessed"
