"""Every example line of every signature, run through the public matcher.

The rule, for contributors: a `match` example must make its signature the best-ranked hit of its
own family (another family may rank higher: "exit code 137" is also an OOM signal, and that is
fine); a `no_match` example must not produce the signature at all.
"""

from __future__ import annotations

import pytest

from agent.diagnosis import knowledge
from agent.diagnosis.knowledge.schema import Example


def _cases(kind: str) -> list:
    out = []
    for sig in knowledge.signatures():
        for n, ex in enumerate(getattr(sig.examples, kind)):
            ex = ex if isinstance(ex, Example) else Example(text=ex)
            out.append(pytest.param(sig.id, ex, id=f"{sig.id}[{n}]"))
    return out


def _hits(ex: Example) -> list[knowledge.SignatureHit]:
    return knowledge.match(ex.text, reason=ex.reason, exit_code=ex.exit_code, state=ex.state)


@pytest.mark.parametrize(("sig_id", "example"), _cases("match"))
def test_match_example_is_its_familys_best_hit(sig_id: str, example: Example) -> None:
    hits = _hits(example)
    family = sig_id.split(".", 1)[0]
    ranked = [h.id for h in hits if h.family == family]
    assert ranked and ranked[0] == sig_id, f"{sig_id} example ranked {ranked or 'nowhere'} (all hits: {[h.id for h in hits]})"


@pytest.mark.parametrize(("sig_id", "example"), _cases("no_match"))
def test_no_match_example_is_not_matched(sig_id: str, example: Example) -> None:
    assert sig_id not in [h.id for h in _hits(example)]


def test_every_template_renders_without_context() -> None:
    """With no context and only the first example's captures, nothing raises and nothing says None."""
    for sig in knowledge.signatures():
        first = sig.examples.match[0]
        ex = first if isinstance(first, Example) else Example(text=first)
        hit = next(h for h in _hits(ex) if h.id == sig.id)
        rendered = [hit.cause(), *hit.fix(), hit.evidence_needed() or ""]
        assert not any("None" in r.split() for r in rendered), sig.id
