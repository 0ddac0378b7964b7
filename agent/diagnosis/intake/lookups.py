"""Lookups answered from what was given, not diagnoses: was "X" logged, the last error lines, which node a pod
runs on, the objects of a kind. Logs are searched whether or not a pod object came with them.
"""

from __future__ import annotations

import re

from agent.kube.kinds import kind_from_word
from agent.diagnosis.state import ClusterState, name_of, namespace_of

ERROR_LINE = re.compile(r"\b(error|err|fatal|panic|exception|traceback|failed|failure|critical|severe|E\d{4})\b|"
                        r"\blevel\W+(error|fatal)\b", re.I)
SEARCH = (
    re.compile(r"\b(?:was|were|is|are|did|does|do)\b.{0,40}?[\"'`](?P<term>[^\"'`]{2,80})[\"'`].{0,30}\blog", re.I),
    re.compile(r"[\"'`](?P<term>[^\"'`]{2,80})[\"'`]\s+(?:ever\s+)?(?:logged|in the logs?|appear)", re.I),
    re.compile(r"\b(?:grep|search|find|look for)\b.{0,20}?[\"'`](?P<term>[^\"'`]{2,80})[\"'`]", re.I),
    re.compile(r"\b(?:was|were|is)\s+(?:an?\s+)?(?P<term>[\w.:/-]{3,60})\s+(?:ever\s+)?logged", re.I),
    re.compile(r"\b(?:do|does|did) the logs? (?:mention|contain)\s+(?:an?\s+|the\s+)?(?P<term>[\w.:/-]{3,60})", re.I),
)
LAST_N = re.compile(r"\b(?:last|latest|recent|final)\s+(?P<n>\d{1,3})?\s*(?:error|err|exception|warning)", re.I)
NODE_OF = re.compile(r"\b(which|what)\s+node\b|\bnode\s+(?:is|does)\b.{0,40}\b(on|run)|\bwhere\b.{0,30}\b(run|scheduled)",
                     re.I)
LIST_KIND = re.compile(r"^\s*(?:list|show(?: me)?)\s+(?:all\s+|the\s+)?(?P<kind>[a-z]+)\s*[?.]?\s*$"
                       r"|^\s*(?:which|what)\s+(?P<kind2>[a-z]+)\s+(?:are there|exist|do (?:i|we) have)\b", re.I)
MAX_LINES = 10


def all_logs(state: ClusterState) -> list[tuple[str, str]]:
    """(where, text) for every container log, and for every attached text when no log was kept apart."""
    from agent.diagnosis.intake.partial import PLACEHOLDER

    found = [("the log given" if k.pod == PLACEHOLDER else
              f"{k.namespace}/{k.pod}/{k.container}{' (previous)' if k.previous else ''}", text)
             for k, text in state.logs.items()]
    intake = getattr(state, "intake", None)
    if not found and intake is not None:
        found = list(intake.texts.items())
    return found


def search_term(question: str) -> str | None:
    from agent.diagnosis.question import STOPWORDS

    for pattern in SEARCH:
        m = pattern.search(question)
        if m and m.group("term").strip().lower() not in STOPWORDS | {"nothing", "anything", "something"}:
            return m.group("term").strip()
    return None


def log_search(state: ClusterState, question: str) -> list[str]:
    term = search_term(question)
    if term is None:
        return []
    logs = all_logs(state)
    hits = [(where, ln.strip()) for where, text in logs for ln in text.splitlines() if term.lower() in ln.lower()]
    lines = sum(len(text.splitlines()) for _, text in logs)
    if not hits:
        return [f"'{term}' does not appear in the {lines} log line(s) given"]
    out = [f"'{term}' appears {len(hits)} time(s) in the logs given; the last: ({hits[-1][0]}) {hits[-1][1][:300]}"]
    out += [f"({where}) {line[:300]}" for where, line in hits[-MAX_LINES:-1]]
    return out


def last_errors(state: ClusterState, question: str) -> list[str]:
    m = LAST_N.search(question)
    asks_errors = m or re.search(r"\b(any|no)\s+errors?\b|\berrors?\b.{0,20}\blogs?\b|\blogs?\b.{0,20}\berrors?\b",
                                 question, re.I)
    if not asks_errors:
        return []
    n = int(m.group("n")) if m and m.group("n") else MAX_LINES
    logs = all_logs(state)
    errors = [(where, ln.strip()) for where, text in logs for ln in text.splitlines() if ERROR_LINE.search(ln)]
    if not logs:
        return []
    if not errors:
        return [f"no errors: none of the {sum(len(t.splitlines()) for _, t in logs)} log line(s) given is an error line"]
    return [f"error line ({where}): {line[:300]}" for where, line in errors[-n:]]


def node_of(state: ClusterState, question: str, mentioned: list) -> list[str]:
    if not NODE_OF.search(question):
        return []
    pods = [state.get(k, ns, n) for k, ns, n in mentioned if k == "Pod"] or state.of_kind("Pod")
    out = []
    for pod in [p for p in pods if p is not None][:MAX_LINES]:
        node = (pod.get("spec") or {}).get("nodeName")
        where = f"{namespace_of(pod)}/{name_of(pod)}"
        out.append(f"pod {where} runs on node {node}" if node else
                   f"pod {where} is not on a node in what was given (not scheduled, or the paste does not show it; "
                   f"kubectl get pod {name_of(pod)} -o wide)")
    return out


def list_kind(state: ClusterState, question: str, namespace: str | None) -> list[str]:
    from agent.diagnosis.facts import object_summary

    m = LIST_KIND.search(question)
    kind = kind_from_word((m.group("kind") or m.group("kind2")).lower()) if m else None
    if kind is None or kind == "Event":
        return []
    objs = state.of_kind(kind, None if kind in ("Node", "PersistentVolume", "StorageClass") else namespace)
    if not objs:
        return [f"no {kind} objects in what was given" + (f" in namespace {namespace}" if namespace else "")]
    return [object_summary(state, o) for o in objs[:50]]


def lookups(state: ClusterState, q) -> list[str]:
    """Facts a lookup question asks for, from the supplied data."""
    return [*log_search(state, q.text), *last_errors(state, q.text), *node_of(state, q.text, q.mentioned),
            *list_kind(state, q.text, q.namespace)]


def is_lookup(question: str) -> bool:
    """A question that asks to look something up (search the logs, list errors), not why something fails."""
    return bool(search_term(question) or LAST_N.search(question) or LIST_KIND.search(question)
                or re.search(r"^\s*(?:are there |were there |is there )?(?:any|no)\s+errors?\b.{0,30}\blogs?\b", question, re.I))
