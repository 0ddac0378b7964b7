"""Matches evidence against compiled signatures and ranks the hits: confidence, then specificity.

Each `match` key answers yes, no or unknown for a line. Any "no" rejects the signature; at least
one of message/reason/exit_code must say "yes". A key is "unknown" when the caller did not say
(no reason given) and the text does not show it either, so a bare pasted event message still
matches a signature that also names the event reason, while a known, different reason rejects it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agent.diagnosis.knowledge.hits import EvidenceLine, SignatureHit
from agent.diagnosis.knowledge.schema import Signature

# "Exit Code: 137", "exit code 1", "exited with code 127", "exit status 2", "exitCode": 143, "ExitCode=0"
_EXIT_CODE = re.compile(r"(?i)\bexit(?:ed)?(?:[ _-]?(?:with\s+)?(?:code|status))[\"']?\s*[:=]?\s*(-?\d{1,3})\b")


@dataclass(frozen=True)
class CompiledSignature:
    signature: Signature
    messages: tuple[re.Pattern[str], ...]
    reasons: frozenset[str]
    reason_words: tuple[re.Pattern[str], ...]
    exit_codes: frozenset[int]
    states: frozenset[str]

    @classmethod
    def of(cls, sig: Signature) -> "CompiledSignature":
        m = sig.match
        return cls(
            signature=sig,
            messages=tuple(re.compile(p) for p in m.message or ()),
            reasons=frozenset(r.lower() for r in m.reason or ()),
            reason_words=tuple(re.compile(rf"\b{re.escape(r)}\b") for r in m.reason or ()),
            exit_codes=frozenset(m.exit_code or ()),
            states=frozenset(m.state or ()),
        )


def exit_code_in(text: str) -> int | None:
    """The exit code a line states, if it states one."""
    found = _EXIT_CODE.search(text)
    return int(found.group(1)) if found else None


def registry_of(image: str) -> str:
    """The registry host of an image reference (`nginx` -> `docker.io`, `ghcr.io/a/b:1` -> `ghcr.io`)."""
    first, sep, _rest = image.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


def match_one(cs: CompiledSignature, line: EvidenceLine) -> SignatureHit | None:
    text = line.text
    yes = 0
    groups: dict[str, str] = {}
    captured_reason: str | None = None
    # state: a known, different origin rejects; unknown is fine (never a positive on its own)
    if cs.states and line.state is not None:
        if line.state not in cs.states:
            return None
        yes += 1
    # reason
    if cs.reasons:
        if line.reason is not None:
            if line.reason.lower() not in cs.reasons:
                return None
            yes += 1
            captured_reason = line.reason
        else:
            for word in cs.reason_words:
                found = word.search(text)
                if found:
                    yes += 1
                    captured_reason = found.group(0)
                    break
            else:
                if not cs.messages:
                    return None  # a reason-only signature needs the reason somewhere
    # exit code
    exit_code = line.exit_code if line.exit_code is not None else exit_code_in(text)
    if cs.exit_codes:
        if exit_code is not None:
            if exit_code not in cs.exit_codes:
                return None
            yes += 1
        elif not cs.messages:
            return None  # an exit-code signature needs the exit code, not just a reason word
    # message
    if cs.messages:
        found = next((f for p in cs.messages if (f := p.search(text))), None)
        if found is None:
            return None
        yes += 2
        groups = {k: v.strip() for k, v in found.groupdict().items() if v}
    if yes == 0:
        return None
    captures = dict(groups)
    if captured_reason and "reason" not in captures:
        captures["reason"] = captured_reason
    if exit_code is not None and "exit_code" not in captures:
        captures["exit_code"] = str(exit_code)
    if "image" in captures and "registry" not in captures:
        captures["registry"] = registry_of(captures["image"])
    sig = cs.signature
    order = (-sig.confidence, -yes, -len(groups), -max((len(p.pattern) for p in cs.messages), default=0), sig.id)
    return SignatureHit(signature=sig, captures=captures, line=text, evidence=line, specificity=yes, _order=order)


def drop_covered_fallbacks(hits: list[SignatureHit]) -> list[SignatureHit]:
    """A family's fallback says less than any specific signature of that family that also matched."""
    specific = {h.family for h in hits if not h.signature.fallback}
    return [h for h in hits if not (h.signature.fallback and h.family in specific)]


def drop_refined(hits: list[SignatureHit]) -> list[SignatureHit]:
    """On one line, a signature that `refines` another replaces it."""
    refined = {r for h in hits for r in h.signature.refines}
    return [h for h in hits if h.id not in refined]


def rank(hits: Iterable[SignatureHit]) -> list[SignatureHit]:
    return sorted(hits, key=lambda h: h._order)


def match_line(compiled: Iterable[CompiledSignature], line: EvidenceLine) -> list[SignatureHit]:
    hits = [hit for cs in compiled if (hit := match_one(cs, line)) is not None]
    return rank(drop_covered_fallbacks(drop_refined(hits)))
