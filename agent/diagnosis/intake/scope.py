"""Scope of a question over what was given: the subject named by the question, and a namespace that holds
nothing falling back to where the named object is (said out loud, never silently).
"""

from __future__ import annotations

from agent.diagnosis.intake.partial import PLACEHOLDER, rename_placeholder
from agent.diagnosis.intake.subject import from_question
from agent.diagnosis.state import CLUSTER_SCOPED, ClusterState


def prepare(state: ClusterState, question: str, namespace: str | None) -> None:
    """Name the subject from the question when the paste did not, and give partial objects that name."""
    intake = state.intake
    intake.question = question
    subject = intake.subject
    if not subject.name:
        from_question(question, subject)
        if subject.name:
            rename_placeholder(state, subject.name)
    if not subject.namespace and namespace:
        subject.namespace = namespace


def holds_objects(state: ClusterState, namespace: str) -> bool:
    return any(state.of_kind(kind, namespace) for kind in list(state.objects)
               if kind not in CLUSTER_SCOPED and kind != "Event")


def _comparable(state: ClusterState, kind: str | None) -> bool:
    if kind == "Namespace":
        return bool(state.namespaces()) and any(holds_objects(state, ns) for ns in state.namespaces())
    if kind is None:
        return any(objs for k, objs in state.objects.items() if k != "Event")
    return bool(state.of_kind(kind))


def settle_scope(state: ClusterState, q) -> list[str]:
    """Notes for the answer; fixes q in place when its namespace holds nothing but the named object is elsewhere."""
    from agent.diagnosis.question import parse_question

    notes: list[str] = []
    intake = state.intake
    if intake is not None:
        # a fragment about an object the question names is not "missing": the paste just did not carry its name;
        # and a word is only a missing object if what was given holds objects of that kind to compare with
        q.missing = [m for m in q.missing if m.word != intake.subject.name and _comparable(state, m.kind)]
    asked_ns = [m for m in q.missing if m.kind == "Namespace"]
    places = sorted({ns for _, ns, _ in q.mentioned if ns})
    if asked_ns and q.mentioned and len(places) == 1:
        names = ", ".join(f"{k.lower()} {n}" for k, _, n in dict.fromkeys(q.mentioned))
        notes.append(f"Namespace {asked_ns[0].word} holds nothing in what was given; {names} is in namespace "
                     f"{places[0]}, so the answer is about that.")
        q.missing = [m for m in q.missing if m.kind != "Namespace"]
        q.namespace = places[0]
    if q.namespace and not holds_objects(state, q.namespace) and (
            any(m.kind != "Namespace" for m in q.missing) or not q.mentioned):
        wider = parse_question(q.text, state, None)
        places = sorted({ns for _, ns, _ in wider.mentioned if ns})
        if wider.mentioned and len(places) == 1:
            asked = q.namespace
            names = ", ".join(f"{k.lower()} {n}" for k, _, n in dict.fromkeys(wider.mentioned))
            notes.append(f"Namespace {asked} holds nothing in what was given; {names} is in namespace {places[0]}, "
                         "so the answer is about that.")
            wider.namespace = places[0]
            wider.missing = [m for m in wider.missing if not (m.kind == "Namespace" and m.word == asked)]
            q.__dict__.update(wider.__dict__)
        elif not wider.mentioned:
            everywhere = sorted(ns for ns in state.namespaces() if holds_objects(state, ns))
            if len(everywhere) == 1:
                notes.append(f"Namespace {q.namespace} holds nothing in what was given; everything given is in "
                             f"namespace {everywhere[0]}, so the answer is about that.")
                wider.namespace = everywhere[0]
                wider.missing = [m for m in wider.missing if not (m.kind == "Namespace" and m.word == q.namespace)]
                q.__dict__.update(wider.__dict__)
    return notes
