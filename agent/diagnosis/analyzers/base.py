"""The analyzer interface and its registry."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from agent.diagnosis.models import Finding
from agent.diagnosis.state import ClusterState

ANALYZERS: dict[str, "Analyzer"] = {}


class Analyzer(ABC):
    """One concern (crash loops, image pulls, scheduling, ...).

    `kinds` are the object kinds it reports on and `keywords` the words in a
    question that route to it; `agent ask` uses both, `agent diagnose` runs all.
    """

    name: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]] = ()
    keywords: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def analyze(self, state: ClusterState) -> list[Finding]: ...


def register(cls: type[Analyzer]) -> type[Analyzer]:
    ANALYZERS[cls.name] = cls()
    return cls
