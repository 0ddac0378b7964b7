"""Literal text a regex needs, so a line can be rejected with `in` before the regex runs.

Compiling ~450 patterns costs more than the rest of loading the knowledge base, and a line matches
few signatures, so patterns are compiled on first use and only for lines that contain one of their
required literals. The extraction is conservative: characters made optional by a quantifier and
optional groups are dropped, lookarounds are ignored, a required group is looked into, and an
alternation needs a literal in every branch (any of them then lets the line through). When no
literal is certain the result is None and the regex always runs. A test checks, for every example
line, that whenever a pattern matches, one of its literals is in the line.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"[\\()\[\].^$|?*+{]")
_CLASS_ESCAPES = set("dDsSwWbBAZz")
_MIN_LEN = 3

Literals = tuple[str, ...]  # any one of them is enough


def _skip_class(p: str, i: int) -> int:
    """Index just past the `]` closing the class that starts at p[i] == '['."""
    i += 1
    if i < len(p) and p[i] == "^":
        i += 1
    if i < len(p) and p[i] == "]":
        i += 1
    while i < len(p) and p[i] != "]":
        i += 2 if p[i] == "\\" else 1
    return i + 1


def _skip_group(p: str, i: int) -> int:
    """Index just past the `)` closing the group that starts at p[i] == '('."""
    depth = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(p, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _quantifier_at(p: str, i: int) -> str | None:
    """'optional' for ?, *, {m,n}; 'repeat' for + and {m,n} with m >= 1; None if no quantifier at p[i]."""
    if i >= len(p):
        return None
    c = p[i]
    if c in "?*":
        return "optional"
    if c == "+":
        return "repeat"
    if c == "{" and i + 1 < len(p) and (p[i + 1].isdigit() or p[i + 1] == ","):
        return "repeat" if p[i + 1].isdigit() and p[i + 1] != "0" else "optional"
    return None


def _skip_quantifier(p: str, i: int) -> int:
    if i < len(p) and p[i] == "{":
        i = p.index("}", i) + 1
    elif i < len(p) and p[i] in "?*+":
        i += 1
    if i < len(p) and p[i] in "?+":  # lazy / possessive modifier
        i += 1
    return i


def _split_top(p: str) -> list[str]:
    """The branches of a top-level alternation (one item when there is none)."""
    parts, start, i = [], 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _skip_class(p, i)
        elif c == "(":
            i = _skip_group(p, i)
        elif c == "|":
            parts.append(p[start:i])
            start = i = i + 1
        else:
            i += 1
    parts.append(p[start:])
    return parts


def _group_body(group: str) -> str | None:
    """The pattern inside a capturing/non-capturing group; None for lookarounds, comments and flags."""
    inner = group[1:-1]
    if not inner.startswith("?"):
        return inner
    if inner.startswith("?:"):
        return inner[2:]
    if inner.startswith("?P<"):
        return inner[inner.index(">") + 1 :]
    return None


def _strength(lits: Literals) -> int:
    return min(len(x.strip()) for x in lits)


def _branch(p: str) -> Literals | None:
    """Literals one of which every match of a branch (no top-level `|`) contains."""
    candidates: list[Literals] = []
    cur: list[str] = []

    def end_run() -> None:
        if cur:
            candidates.append(("".join(cur),))
            cur.clear()

    i = 0
    while i < len(p):
        # fast path: copy the plain characters up to the next special one in one step
        special = _SPECIAL.search(p, i)
        stop = special.start() if special else len(p)
        if stop > i + 1:
            cur.extend(p[i : stop - 1])  # all but the last: a quantifier right after it would make it optional
            i = stop - 1
        c = p[i]
        if c == "\\":
            nxt = p[i + 1] if i + 1 < len(p) else ""
            if nxt in _CLASS_ESCAPES or nxt.isalnum():
                end_run()
                i = _skip_quantifier(p, i + 2)
                continue
            literal, i = nxt, i + 2
        elif c == "(":
            end_run()
            end = _skip_group(p, i)
            body = _group_body(p[i:end])
            if body is not None and _quantifier_at(p, end) in (None, "repeat"):
                inner = required_literals_of(body)
                if inner:
                    candidates.append(inner)
            i = _skip_quantifier(p, end)
            continue
        elif c == "[":
            end_run()
            i = _skip_quantifier(p, _skip_class(p, i))
            continue
        elif c in ".^$":
            end_run()
            i = _skip_quantifier(p, i + 1)
            continue
        else:
            literal, i = c, i + 1
        quantifier = _quantifier_at(p, i)
        if quantifier == "optional":
            end_run()
            i = _skip_quantifier(p, i)
        elif quantifier == "repeat":
            cur.append(literal)
            end_run()
            i = _skip_quantifier(p, i)
        else:
            cur.append(literal)
    end_run()
    good = [c for c in candidates if _strength(c) >= _MIN_LEN]
    return max(good, key=_strength) if good else None


def required_literals_of(p: str) -> Literals | None:
    branches = _split_top(p)
    found = [_branch(b) for b in branches]
    if any(f is None for f in found):
        return None
    return tuple(dict.fromkeys(x for f in found for x in f))  # type: ignore[union-attr]


def required_literals(pattern: str) -> tuple[Literals, bool] | None:
    """(literals, ignorecase): every match of `pattern` contains one of the literals; None when unknown."""
    p = pattern
    ignorecase = False
    while p.startswith("(?") and ")" in p[:8] and p[2 : p.index(")")].isalpha():
        flags = p[2 : p.index(")")]
        if not set(flags) <= set("aiLmsux"):
            break
        ignorecase = ignorecase or "i" in flags
        p = p[p.index(")") + 1 :]
    found = required_literals_of(p)
    if found is None:
        return None
    return (tuple(x.lower() for x in found) if ignorecase else found), ignorecase
