"""The failure-signature knowledge base: known Kubernetes failures as data, matched against evidence.

    from agent.diagnosis import knowledge
    hits = knowledge.match('Failed to pull image "nginx:1.999": ... not found', reason="Failed")
    hits[0].id, hits[0].cause({"pod": "web-1"}), hits[0].fix({"workload": "web", "container": "web"})

Signatures live in `signatures/<family>.yaml` (see README.md). They load lazily on first use and
are cached; importing this package loads neither YAML nor pydantic.
"""

from __future__ import annotations

from collections.abc import Iterable
import functools
from typing import TYPE_CHECKING

from agent.diagnosis.knowledge.errors import KnowledgeError
from agent.diagnosis.knowledge.hits import EvidenceLine, SignatureHit

if TYPE_CHECKING:
    from agent.diagnosis.knowledge.matcher import Catalogue
    from agent.diagnosis.knowledge.schema import Signature

__all__ = [
    "EvidenceLine",
    "KnowledgeError",
    "SignatureHit",
    "families",
    "match",
    "match_lines",
    "signatures",
]


@functools.cache
def _compiled() -> Catalogue:
    # YAML + validation + literal extraction, or the cached result of them: paid once, on the first match
    from agent.diagnosis.knowledge.cache import catalogue
    from agent.diagnosis.knowledge.matcher import Catalogue, CompiledSignature

    return Catalogue(CompiledSignature.of(sig, literals) for sig, literals in catalogue())


def signatures() -> tuple[Signature, ...]:
    """Every signature, in family-file order."""
    return tuple(cs.signature for cs in _compiled())


def families() -> tuple[str, ...]:
    """Family names, in file order."""
    return tuple(dict.fromkeys(s.family for s in signatures()))


def match(
    text: str,
    *,
    reason: str | None = None,
    exit_code: int | None = None,
    state: str | None = None,
) -> list[SignatureHit]:
    """Signatures that match one piece of evidence, best first (confidence, then specificity).

    A family's `fallback` signature is left out when a more specific one of that family matched.
    """
    from agent.diagnosis.knowledge.matcher import match_line

    return match_line(_compiled(), EvidenceLine(text=text, reason=reason, exit_code=exit_code, state=state))


def match_lines(lines: Iterable[EvidenceLine]) -> list[SignatureHit]:
    """Hits over many lines, best first; one hit per (signature, captures), the first line that showed it.

    Fallbacks and refined signatures are dropped across lines too: "Reason: OOMKilled" on one line
    explains "Exit Code: 137" on the next, and a specific pull error explains the "Back-off" line.
    """
    from agent.diagnosis.knowledge.matcher import drop_covered_fallbacks, drop_refined, match_line, rank

    seen: set[tuple] = set()
    hits: list[SignatureHit] = []
    compiled = _compiled()
    for line in lines:
        for hit in match_line(compiled, line):
            key = (hit.id, tuple(sorted(hit.captures.items())))
            if key not in seen:
                seen.add(key)
                hits.append(hit)
    return rank(drop_covered_fallbacks(drop_refined(hits)))
