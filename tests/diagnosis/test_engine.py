"""The engine: scoping, ordering, de-duplication and question routing, over stand-in analyzers."""

from __future__ import annotations

from typing import ClassVar

import pytest

from agent.diagnosis import engine
from agent.diagnosis.analyzers.base import Analyzer
from agent.diagnosis.engine import answer, diagnose
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.render import render_json, render_markdown, render_text
from agent.diagnosis.state import ClusterState, LogKey
from tests.diagnosis.builders import container_status, deployment, event, node, pod, replicaset, service


def finding(analyzer: str, kind: str, name: str, ns: str | None = "todo", severity: Severity = Severity.CRITICAL,
            cause: str = "cause", confidence: float = 0.8, related: list[ObjectRef] | None = None) -> Finding:
    return Finding(analyzer=analyzer, object=ObjectRef(kind=kind, name=name, namespace=ns), severity=severity,
                   symptom=f"{name} is unhappy", root_cause=cause, confidence=confidence,
                   evidence=[Evidence(source="events", text=f"evidence for {name}")],
                   fix=Fix(description=f"fix {name}", commands=[f"kubectl describe {kind.lower()} {name}"]),
                   related=related or [])


class Fake(Analyzer):
    name: ClassVar[str] = "fake"
    # coverage counts the kinds the analyzers declare they check
    kinds: ClassVar[tuple[str, ...]] = ("Pod", "Deployment", "Service", "Node")

    def __init__(self, name: str, findings: list[Finding], keywords: tuple[str, ...] = ()) -> None:
        self.name = name  # type: ignore[misc]
        self.keywords = keywords  # type: ignore[misc]
        self._findings = findings

    def analyze(self, state: ClusterState) -> list[Finding]:
        return list(self._findings)


class Broken(Analyzer):
    name: ClassVar[str] = "broken"

    def analyze(self, state: ClusterState) -> list[Finding]:
        raise RuntimeError("bug")


@pytest.fixture
def use(monkeypatch: pytest.MonkeyPatch):
    def install(*analyzers: Analyzer) -> None:
        monkeypatch.setattr(engine, "all_analyzers", lambda: list(analyzers))
        monkeypatch.setattr(engine, "ANALYZERS", {a.name: a for a in analyzers})
    return install


@pytest.fixture
def state() -> ClusterState:
    s = ClusterState(label="test")
    crashing = [container_status("backend", ready=False, restarts=7, waiting="CrashLoopBackOff",
                                 last_exit=("Error", 1))]
    s.add_all([
        node(),
        deployment("backend", ready=0), replicaset("backend-7d9f", "backend"),
        pod("backend-7d9f-x2", app="backend", owner="backend-7d9f", statuses=crashing),
        deployment("frontend"), replicaset("frontend-55c", "frontend"),
        pod("frontend-55c-a1", app="frontend", owner="frontend-55c"),
        pod("frontend-55c-b2", app="frontend", owner="frontend-55c"),
        service("backend"), service("frontend", port=80),
        event("Pod", "backend-7d9f-x2", "BackOff", "Back-off restarting failed container", count=12),
        pod("api-1", namespace="shop", app="api"),
    ])
    return s


def test_diagnose_sorts_by_severity_then_confidence_and_drops_duplicates(use, state) -> None:
    a = finding("a", "Pod", "frontend-55c-a1", severity=Severity.WARNING, confidence=0.99)
    b = finding("b", "Pod", "backend-7d9f-x2", confidence=0.6)
    c = finding("c", "Pod", "backend-7d9f-x2", confidence=0.9, cause="other")
    use(Fake("a", [a]), Fake("b", [b, b.model_copy()]), Fake("c", [c]))
    assert [(f.analyzer, f.root_cause) for f in diagnose(state)] == [("c", "other"), ("b", "cause"), ("a", "cause")]


def test_diagnose_scopes_by_namespace_and_keeps_nodes_the_namespace_uses(use, state) -> None:
    use(Fake("x", [finding("x", "Pod", "api-1", ns="shop"), finding("x", "Pod", "backend-7d9f-x2"),
                   finding("x", "Node", "node-1", ns=None), finding("x", "Node", "node-9", ns=None,
                                                                     related=[ObjectRef(kind="Pod", name="z", namespace="other")])]))
    names = [f.object.name for f in diagnose(state, "todo")]
    assert names == ["backend-7d9f-x2", "node-1"]


def test_broken_analyzer_becomes_a_warning(use, state) -> None:
    use(Broken(), Fake("x", [finding("x", "Pod", "backend-7d9f-x2")]))
    result = answer(state, "what is wrong?")
    assert [f.analyzer for f in result.findings] == ["x"]
    assert any("broken failed" in w.message for w in result.warnings)


def test_question_naming_a_deployment_routes_to_its_pods_first(use, state) -> None:
    other = finding("svc", "Service", "frontend", severity=Severity.CRITICAL, confidence=1.0, cause="no endpoints")
    mine = finding("crash", "Pod", "backend-7d9f-x2", severity=Severity.WARNING, cause="DATABASE_URL is unset")
    use(Fake("svc", [other]), Fake("crash", [mine]))
    result = answer(state, "why is the backend deployment not available?")
    assert result.findings[0].object.name == "backend-7d9f-x2"
    assert result.primary == 1
    text = render_text(result)
    assert text.index("DATABASE_URL") < text.index("Also found")
    assert "Also found:\n  - [critical] Service/todo/frontend: no endpoints" in text
    assert result.summary.startswith("Root cause (Pod/todo/backend-7d9f-x2): DATABASE_URL is unset")


def test_symptom_words_route_without_names(use, state) -> None:
    pull = finding("image", "Pod", "frontend-55c-a1", cause="tag 9.9 does not exist")
    crash = finding("crashloop", "Pod", "backend-7d9f-x2", severity=Severity.WARNING, cause="exits with code 1")
    use(Fake("image", [pull], ("image", "pull")), Fake("crashloop", [crash], ("crash", "crashloopbackoff")))
    result = answer(state, "why is my pod in CrashLoopBackOff?")
    assert result.findings[0].analyzer == "crashloop" and result.primary == 1


def test_unknown_name_is_said_plainly_with_closest_names(use, state) -> None:
    use(Fake("x", [finding("x", "Pod", "backend-7d9f-x2")]))
    result = answer(state, "why is the frontnd pod crashing?")
    assert "There is no pod named 'frontnd'" in result.summary
    assert "frontend" in result.summary
    assert result.primary == 0


def test_missing_logs_for_a_crashing_container_are_reported(use, state) -> None:
    use(Fake("x", [finding("x", "Pod", "backend-7d9f-x2")]))
    result = answer(state, "why is backend crashing?")
    assert any("no logs were available for container backend of pod todo/backend-7d9f-x2" in w.message
               for w in result.warnings)
    state.logs[LogKey("todo", "backend-7d9f-x2", "backend", True)] = "boom"
    assert not answer(state, "why is backend crashing?").warnings


def test_healthy_cluster_says_what_was_checked(use, state) -> None:
    use(Fake("x", []))
    result = answer(state, "is anything wrong?", namespace="todo")
    assert result.summary.startswith("No problems found: checked 3 Pods, 2 Deployments, 2 Services, 1 Node")
    assert result.findings == []


def test_healthy_named_object_is_not_reported_as_a_problem(use, state) -> None:
    use(Fake("x", [finding("x", "Pod", "backend-7d9f-x2")]))
    result = answer(state, "is the frontend ok?")
    assert result.summary == ("No problems found with Deployment/todo/frontend, Service/todo/frontend. "
                              "Found 1 other problem(s) not related to the question.")
    assert result.facts == ["Deployment/todo/frontend: 1/1 replicas ready", "Service/todo/frontend: selects 2 pod(s), 2 ready"]
    result = answer(state, "is pod frontend-55c-a1 ok?")
    assert "No problems found with Pod/todo/frontend-55c-a1: Running, 1/1 containers ready" in result.summary
    assert result.primary == 0
    assert "Also found" in render_text(result)


def test_facts_count_pods_by_status_in_a_namespace(use, state) -> None:
    use(Fake("x", []))
    result = answer(state, "how many pods are running in todo?")
    assert result.facts[0] == "2 of 3 pods are Running in namespace todo (2 Running, 1 CrashLoopBackOff)"
    assert result.summary == result.facts[0] + "."


def test_renderers_keep_root_cause_evidence_fix_order(use, state) -> None:
    use(Fake("x", [finding("x", "Pod", "backend-7d9f-x2", cause="the root")]))
    result = answer(state, "what is wrong with backend?")
    for text in (render_text(result), render_markdown(result)):
        assert text.index("the root") < text.index("evidence for") < text.index("fix backend")
    assert '"root_cause": "the root"' in render_json(result)


def test_plain_fact_question_leads_with_the_fact_and_lists_problems_briefly(use, state) -> None:
    use(Fake("x", [finding("x", "Pod", "backend-7d9f-x2", cause="DATABASE_URL is unset")]))
    result = answer(state, "what image does the frontend deployment run?")
    assert result.summary == ("Deployment/todo/frontend container frontend runs image registry.example.com/frontend:1.0. "
                              "Also found 1 problem(s).")
    assert result.primary == 0
    assert "Also found:\n  - [critical] Pod/todo/backend-7d9f-x2: DATABASE_URL is unset" in render_text(result)


def test_a_source_with_no_objects_is_not_reported_healthy():
    from agent.diagnosis.engine import answer, diagnose_report
    from agent.diagnosis.state import ClusterState

    empty = ClusterState(label="pasted: notes.txt")
    for result in (answer(empty, "why is the backend crashing?"), diagnose_report(empty)):
        assert not result.answered
        assert result.summary.startswith("Nothing to check") and "No problems found" not in result.summary
