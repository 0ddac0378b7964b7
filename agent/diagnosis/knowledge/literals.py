"""The longest literal text a regex needs, so a line can be rejected with `in` before the regex runs.

Compiling ~370 patterns costs more than the rest of loading the knowledge base, and most lines
match few signatures, so patterns are compiled on first use and only for lines that contain
their required literal. The extraction is conservative: it looks only at the top level of the
pattern (groups and character classes are opaque), drops characters made optional by a
quantifier, and gives up (returns None) on a top-level alternation. A test checks, for every
example line, that whenever a pattern matches, its literal is in the line.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"[\\()\[\].^$|?*+{]")
_CLASS_ESCAPES = set("dDsSwWbBAZz")
_MIN_LEN = 3


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
    """'optional' for ?, *, {m,n} (with m possibly 0), 'repeat' for +, None if no quantifier at p[i]."""
    if i >= len(p):
        return None
    c = p[i]
    if c in "?*":
        return "optional"
    if c == "+":
        return "repeat"
    if c == "{" and i + 1 < len(p) and (p[i + 1].isdigit() or p[i + 1] == ","):
        return "optional"
    return None


def _skip_quantifier(p: str, i: int) -> int:
    if i < len(p) and p[i] == "{":
        i = p.index("}", i) + 1
    elif i < len(p) and p[i] in "?*+":
        i += 1
    if i < len(p) and p[i] in "?+":  # lazy / possessive modifier
        i += 1
    return i


def required_literal(pattern: str) -> tuple[str, bool] | None:
    """(literal, ignorecase) that every match of `pattern` contains, or None when none is known."""
    p = pattern
    ignorecase = False
    while p.startswith("(?") and len(p) > 3 and p[2] in "aiLmsux" and ")" in p[:8]:
        flags = p[2 : p.index(")")]
        if not flags.isalpha():
            break
        ignorecase = ignorecase or "i" in flags
        p = p[p.index(")") + 1 :]
    runs: list[str] = []
    cur: list[str] = []

    def end_run() -> None:
        if cur:
            runs.append("".join(cur))
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
        if c == "|":
            return None  # top-level alternation: no single required literal
        if c == "\\":
            nxt = p[i + 1] if i + 1 < len(p) else ""
            if nxt in _CLASS_ESCAPES or nxt.isalnum():
                end_run()
                i = _skip_quantifier(p, i + 2)
                continue
            literal, i = nxt, i + 2
        elif c == "(":
            end_run()
            i = _skip_quantifier(p, _skip_group(p, i))
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
    best = max(runs, key=len, default="")
    if len(best.strip()) < _MIN_LEN:
        return None
    return (best.lower() if ignorecase else best), ignorecase
