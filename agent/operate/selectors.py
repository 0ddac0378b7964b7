"""Label selectors, equality-based (`a=b`, `a==b`, `a!=b`, `a`, `!a`), checked on our side too.

Pruning deletes what the server lists for a selector; checking each object again
here means a proxy or server that ignores `labelSelector` cannot make us delete
objects outside it. Set-based terms (`in`, `notin`) are left to the server.
"""

from __future__ import annotations

from typing import Any


def matches(selector: str, labels: dict[str, Any] | None) -> bool:
    labels = labels or {}
    for term in (t.strip() for t in selector.split(",")):
        if not term or "(" in term:
            continue
        if "!=" in term:
            key, value = (s.strip() for s in term.split("!=", 1))
            if labels.get(key) == value:
                return False
        elif "=" in term:
            key, value = (s.strip() for s in term.replace("==", "=").split("=", 1))
            if labels.get(key) != value:
                return False
        elif term.startswith("!"):
            if term[1:].strip() in labels:
                return False
        elif term not in labels:
            return False
    return True
