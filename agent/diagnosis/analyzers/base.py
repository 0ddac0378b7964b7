"""The analyzer interface and its registry."""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from typing import ClassVar

from agent.diagnosis.models import Finding
from agent.diagnosis.state import ClusterState

ANALYZERS: dict[str, "Analyzer"] = {}


class Analyzer(ABC):
    """One concern (crash loops, image pulls, scheduling, ...).

    `kinds` are the object kinds it reports on and `keywords` the words in a
    question that route to it; `agent ask` uses both, `agent diagnose` runs all.
    `concern` says in a few words what it checks, and `needs` names the other kinds
    it reads and what goes unchecked when the source does not hold them: both
    make the coverage line of an answer ("Services were not in the snapshot:
    Ingress backends not checked").
    """

    name: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]] = ()
    keywords: ClassVar[tuple[str, ...]] = ()
    concern: ClassVar[str] = ""
    needs: ClassVar[dict[str, str]] = {}
    # a fallback analyzer's finding yields to another analyzer's finding on the same object (a Deployment short of
    # replicas is said once: by the analyzer that knows why its pods crash, else by the generic readiness check)
    fallback: ClassVar[bool] = False

    @classmethod
    def reads(cls) -> tuple[str, ...]:
        """Every kind this analyzer reads: the kinds it reports on, then the kinds it needs."""
        return tuple(dict.fromkeys((*cls.kinds, *cls.needs)))

    @classmethod
    def describe(cls) -> str:
        """`concern`, else the first sentence of the module's docstring."""
        if cls.concern:
            return cls.concern
        doc = (sys.modules[cls.__module__].__doc__ or cls.name).strip()
        return " ".join(doc.split(". ")[0].split()).rstrip(".")

    @abstractmethod
    def analyze(self, state: ClusterState) -> list[Finding]: ...


def register(cls: type[Analyzer]) -> type[Analyzer]:
    ANALYZERS[cls.name] = cls()
    return cls
