"""The catalogue as a whole: size, one file per family, coverage of the failure classes issue 10 names."""

from __future__ import annotations

from collections import Counter

from agent.diagnosis import knowledge
from agent.diagnosis.knowledge.loader import SIGNATURES_DIR

FAMILIES = {
    "image-pull", "arch-mismatch", "scheduling", "storage", "volume-permissions", "oom-resources", "eviction",
    "probes", "crash-exit-codes", "config-env", "dns-network", "cni-sandbox", "rbac", "admission-quota", "jobs",
    "init-containers", "app-errors", "tool-errors",
}  # the family names tests/wild/ uses (WILD_FORMAT.md), so a wild case and its signatures share a name


def test_at_least_150_signatures_and_every_family_has_its_file() -> None:
    sigs = knowledge.signatures()
    assert len(sigs) >= 150
    assert {p.stem for p in SIGNATURES_DIR.glob("*.yaml")} == FAMILIES
    counts = Counter(s.family for s in sigs)
    assert set(counts) == FAMILIES and min(counts.values()) >= 5, counts


def test_fallbacks_rank_below_specific_signatures_and_every_signature_has_a_near_miss() -> None:
    sigs = knowledge.signatures()
    for fallback in (s for s in sigs if s.fallback):
        specific = [s.confidence for s in sigs if s.family == fallback.family and not s.fallback]
        assert fallback.confidence <= min(specific), fallback.id
    assert not [s.id for s in sigs if not s.examples.no_match]


def test_exit_codes_named_in_the_issue_each_have_a_signature() -> None:
    covered = {code for s in knowledge.signatures() for code in s.match.exit_code or ()}
    assert {0, 1, 126, 127, 137, 139, 143} <= covered
