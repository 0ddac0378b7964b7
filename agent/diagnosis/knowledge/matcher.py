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

from agent.diagnosis.knowledge.errors import KnowledgeError
from agent.diagnosis.knowledge.hits import EvidenceLine, SignatureHit
from agent.diagnosis.knowledge.literals import required_literals
from agent.diagnosis.knowledge.schema import Signature

# "Exit Code: 137", "exit code 1", "exited with code 127", "exit status 2", "exitCode": 143, "ExitCode=0"
_EXIT_CODE = re.compile(r"(?i)\bexit(?:ed)?(?:[ _-]?(?:with\s+)?(?:code|status))[\"']?\s*[:=]?\s*(-?\d{1,3})\b")


class LazyPattern:
    """One message regex: a cheap `in` test on its required literal, then the regex, compiled on first use."""

    __slots__ = ("sig_id", "source", "literals", "ignorecase", "_compiled")

    def __init__(self, sig_id: str, source: str, literals: tuple | None | bool = False) -> None:
        self.sig_id = sig_id
        self.source = source
        found = required_literals(source) if literals is False else literals
        self.literals, self.ignorecase = found if found else (None, False)
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str, lowered: str) -> re.Match[str] | None:
        if self.literals is not None:
            hay = lowered if self.ignorecase else text
            if not any(lit in hay for lit in self.literals):
                return None
        if self._compiled is None:
            try:
                self._compiled = re.compile(self.source)
            except re.error as exc:
                raise KnowledgeError(f"signature {self.sig_id}: message regex does not compile: {exc}") from None
        return self._compiled.search(text)


@dataclass(frozen=True)
class CompiledSignature:
    signature: Signature
    messages: tuple[LazyPattern, ...]
    reasons: frozenset[str]
    reason_words: tuple[str, ...]
    exit_codes: frozenset[int]
    states: frozenset[str]

    @classmethod
    def of(cls, sig: Signature, literals: tuple | None = None) -> "CompiledSignature":
        """`literals`: each pattern's `required_literals`, when already known (from the cache)."""
        m = sig.match
        patterns = m.message or ()
        known = literals if literals is not None and len(literals) == len(patterns) else (False,) * len(patterns)
        return cls(
            signature=sig,
            messages=tuple(LazyPattern(sig.id, p, lit) for p, lit in zip(patterns, known)),
            reasons=frozenset(r.lower() for r in m.reason or ()),
            reason_words=tuple(m.reason or ()),
            exit_codes=frozenset(m.exit_code or ()),
            states=frozenset(m.state or ()),
        )


def has_word(text: str, word: str) -> bool:
    """`word` occurs in `text` not as part of a longer word (a `\\b...\\b` search without a regex)."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(word, start + 1)
    return False


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


_UNSET = -1000  # "not computed yet"; real exit codes are 0..255 (or small negatives from some runtimes)


def match_one(
    cs: CompiledSignature, line: EvidenceLine, lowered: str | None = None, exit_code: int | None = _UNSET
) -> SignatureHit | None:
    """`lowered` and `exit_code` (given or read from the text) are computed once per line by the caller."""
    text = line.text
    if exit_code == _UNSET:
        exit_code = line.exit_code if line.exit_code is not None else exit_code_in(text)
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
                if has_word(text, word):
                    yes += 1
                    captured_reason = word
                    break
            else:
                if not cs.messages:
                    return None  # a reason-only signature needs the reason somewhere
    # exit code
    if cs.exit_codes:
        if exit_code is not None:
            if exit_code not in cs.exit_codes:
                return None
            yes += 1
        elif not cs.messages:
            return None  # an exit-code signature needs the exit code, not just a reason word
    # message
    if cs.messages:
        low = lowered if lowered is not None else text.lower()
        found = next((f for p in cs.messages if (f := p.search(text, low))), None)
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
    order = (-sig.confidence, -yes, -len(groups), -max((len(p.source) for p in cs.messages), default=0), sig.id)
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


class Catalogue:
    """The compiled signatures plus an index from required literal to signature, so a line only visits
    the signatures whose literal it contains (and the few that have none)."""

    def __init__(self, compiled: Iterable[CompiledSignature]) -> None:
        self.compiled = tuple(compiled)
        self.always: list[int] = []
        index: dict[tuple[str, bool], set[int]] = {}
        for i, cs in enumerate(self.compiled):
            if not cs.messages or any(p.literals is None for p in cs.messages):
                self.always.append(i)
                continue
            for p in cs.messages:
                for lit in p.literals:
                    index.setdefault((lit, p.ignorecase), set()).add(i)
        self.cased = [(lit, frozenset(ix)) for (lit, ic), ix in index.items() if not ic]
        self.uncased = [(lit, frozenset(ix)) for (lit, ic), ix in index.items() if ic]

    def __iter__(self):
        return iter(self.compiled)

    def candidates(self, text: str, lowered: str) -> list[CompiledSignature]:
        found = set(self.always)
        for lit, ix in self.cased:
            if lit in text:
                found |= ix
        for lit, ix in self.uncased:
            if lit in lowered:
                found |= ix
        return [self.compiled[i] for i in sorted(found)]


def match_line(compiled: Iterable[CompiledSignature], line: EvidenceLine) -> list[SignatureHit]:
    lowered = line.text.lower()
    exit_code = line.exit_code if line.exit_code is not None else exit_code_in(line.text)
    if isinstance(compiled, Catalogue):
        compiled = compiled.candidates(line.text, lowered)
    hits = [hit for cs in compiled if (hit := match_one(cs, line, lowered, exit_code)) is not None]
    return rank(drop_covered_fallbacks(drop_refined(hits)))
