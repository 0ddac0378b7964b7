"""Label selectors: the metav1.LabelSelector (matchLabels + matchExpressions), the plain map a
Service uses, and kubectl's string syntax (`a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`,
`a notin (x,y)`), all answered by one matcher.

Operate and deploy check what the server lists against the selector again on our side, so a
proxy or server that ignores `labelSelector` cannot make pruning delete objects outside it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

LabelSelector = dict[str, Any]

_SET_TERM = re.compile(r"^\s*([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)\s*$")


class InvalidSelector(ValueError):
    """A kubectl selector string that cannot be read."""


def _split_terms(text: str) -> list[str]:
    """Split at commas outside parentheses: `a in (x,y),b` -> [`a in (x,y)`, `b`]."""
    terms, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise InvalidSelector(f"unbalanced ')' in label selector {text!r}")
        if ch == "," and depth == 0:
            terms.append("".join(current))
            current = []
        else:
            current.append(ch)
    if depth:
        raise InvalidSelector(f"unbalanced '(' in label selector {text!r}")
    terms.append("".join(current))
    return [t.strip() for t in terms if t.strip()]


def parse(text: str | None) -> LabelSelector:
    """kubectl's `-l` syntax as a LabelSelector. An empty string selects everything."""
    match_labels: dict[str, str] = {}
    expressions: list[dict[str, Any]] = []
    for term in _split_terms(text or ""):
        set_term = _SET_TERM.match(term)
        if set_term:
            key, op, values = set_term.groups()
            expressions.append({"key": key, "operator": "In" if op == "in" else "NotIn",
                                "values": [v.strip() for v in values.split(",") if v.strip()]})
        elif "!=" in term:
            key, value = (s.strip() for s in term.split("!=", 1))
            expressions.append({"key": key, "operator": "NotIn", "values": [value]})
        elif "=" in term:
            key, value = (s.strip() for s in term.replace("==", "=", 1).split("=", 1))
            if key in match_labels and match_labels[key] != value:
                expressions.append({"key": key, "operator": "In", "values": [value]})
            else:
                match_labels[key] = value
        elif term.startswith("!"):
            expressions.append({"key": term[1:].strip(), "operator": "DoesNotExist"})
        else:
            expressions.append({"key": term, "operator": "Exists"})
    selector: LabelSelector = {}
    if match_labels:
        selector["matchLabels"] = match_labels
    if expressions:
        selector["matchExpressions"] = expressions
    return selector


def _expression_matches(expr: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    key, op, values = expr.get("key", ""), expr.get("operator", ""), expr.get("values") or []
    if op == "In":
        return key in labels and labels[key] in values
    if op == "NotIn":
        return labels.get(key) not in values
    if op == "Exists":
        return key in labels
    if op == "DoesNotExist":
        return key not in labels
    return False


def matches(selector: Mapping[str, Any] | None, labels: Mapping[str, Any] | None) -> bool:
    """A LabelSelector against labels; an empty (or absent) selector matches everything."""
    labels = labels or {}
    if not selector:
        return True
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    return all(_expression_matches(e, labels) for e in selector.get("matchExpressions") or [])


def matches_map(selector: Mapping[str, str] | None, labels: Mapping[str, Any] | None) -> bool:
    """A Service-style map selector (`spec.selector`) against labels; an empty map matches everything."""
    return matches({"matchLabels": dict(selector or {})}, labels)


def matches_text(selector: str | None, labels: Mapping[str, Any] | None) -> bool:
    """kubectl's string syntax against labels (`app=web,tier!=cache`)."""
    return matches(parse(selector), labels)


def server_side(selector: Mapping[str, Any] | None) -> str | None:
    """The matchLabels part as a `labelSelector` query (`a=b,c=d`) to narrow a list on the server; None if empty.
    matchExpressions are left to `matches` on our side."""
    pairs = (selector or {}).get("matchLabels") or {}
    return ",".join(f"{k}={v}" for k, v in pairs.items()) or None


def describe(selector: Mapping[str, Any] | None) -> str:
    """`app=web, tier In (a,b)`; `{} (all pods)` for an empty selector."""
    if not selector:
        return "{} (all pods)"
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for e in selector.get("matchExpressions") or []:
        values = ",".join(e.get("values") or [])
        parts.append(f"{e.get('key')} {e.get('operator')} ({values})" if values else f"{e.get('key')} {e.get('operator')}")
    return ", ".join(parts)


def of_object(obj: Mapping[str, Any]) -> LabelSelector | None:
    """The pod selector of a workload (CronJob: of its job template) or Service, as a LabelSelector; None if unset."""
    spec = obj.get("spec") or {}
    if obj.get("kind") == "Service":
        return {"matchLabels": dict(spec["selector"])} if spec.get("selector") else None
    if obj.get("kind") == "CronJob":
        spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    selector = spec.get("selector") or {}
    return selector if selector.get("matchLabels") or selector.get("matchExpressions") else None
