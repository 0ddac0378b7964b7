"""Run every reader for one service and rank what they say."""

from __future__ import annotations

from pathlib import Path

from agent.generation.evidence import compose, dockerfile, makefile, platforms, procfile, readme, scripts
from agent.generation.evidence.models import Evidence, Fact
from agent.generation.evidence.ranks import rank


def collect(directory: Path, root: Path, service: str) -> list[Evidence]:
    """Every piece of evidence for the service, most trusted first (stable within a rank)."""
    found = (procfile.read(directory) + platforms.read(directory, root) + dockerfile.read(directory, root, service)
             + compose.read(directory, root, service) + scripts.read(directory) + makefile.read(directory)
             + readme.read(directory))
    return sorted(found, key=lambda e: -rank(e.reader))


def best(evidence: list[Evidence], fact: Fact, process: str = "web") -> Evidence | None:
    return next((e for e in evidence if e.fact is fact and (e.process == process or fact is not Fact.START)), None)


def of(evidence: list[Evidence], fact: Fact) -> list[Evidence]:
    return [e for e in evidence if e.fact is fact]
