"""Reading questions (names, kinds, namespaces, selectors) and answering plain facts from the state."""

from __future__ import annotations

import pytest

from agent.diagnosis.facts import answer_facts, pod_status
from agent.diagnosis.question import parse_question, tokenize
from agent.diagnosis.state import ClusterState, LogKey
from tests.diagnosis.builders import container_status, deployment, event, pod, replicaset, service


@pytest.fixture
def state() -> ClusterState:
    s = ClusterState()
    crash = [container_status("backend", ready=False, restarts=6, waiting="CrashLoopBackOff", last_exit=("OOMKilled", 137))]
    s.add_all([
        deployment("backend", image="registry.example.com/backend:2.3.1"), replicaset("backend-7d9f", "backend"),
        pod("backend-7d9f-x2", app="backend", owner="backend-7d9f", statuses=crash),
        deployment("frontend-chatbot"), pod("frontend-chatbot-6c8-q8", app="frontend-chatbot"),
        service("backend", port=80, target=8080), service("postgres", selector={"app": "postgres"}, port=5432),
        pod("api-1", namespace="shop", app="api"),
        event("Pod", "backend-7d9f-x2", "BackOff", "Back-off restarting failed container", count=9),
        event("Pod", "backend-7d9f-x2", "Pulled", "image already present", type_="Normal", ts="2026-01-01T00:01:00Z"),
    ])
    s.logs[LogKey("todo", "backend-7d9f-x2", "backend", True)] = "booting\nERROR: cannot allocate 2GiB\nbye\n"
    return s


def test_tokenize_handles_quotes_and_contractions() -> None:
    assert tokenize("what's wrong with 'backend'? isn't it `web-1`") == [
        ("what", False), ("wrong", False), ("with", False), ("backend", True), ("isn", False), ("it", False),
        ("web-1", True)]


def test_names_match_exactly_by_prefix_and_by_name_part(state) -> None:
    assert parse_question("is pod backend-7d9f-x2 ok?", state).mentioned == [("Pod", "todo", "backend-7d9f-x2")]
    assert ("Deployment", "todo", "backend") in parse_question("why is backend down", state).mentioned
    assert set(parse_question("the chatbot keeps restarting", state).mentioned) == {
        ("Deployment", "todo", "frontend-chatbot"), ("Pod", "todo", "frontend-chatbot-6c8-q8")}
    assert parse_question("describe deploy/backend", state).mentioned == [("Deployment", "todo", "backend")]


def test_namespaces_kinds_topics_and_selectors(state) -> None:
    q = parse_question("how many pods with app=api are running in shop?", state)
    assert q.namespace == "shop" and q.kinds == {"Pod"} and q.label_selector == {"app": "api"}
    q = parse_question("why is the pvc pending after the OOM?", state)
    assert {"pending", "oom", "volume"} <= q.topics and "PersistentVolumeClaim" in q.kinds


def test_missing_names_and_namespaces_get_suggestions(state) -> None:
    q = parse_question("why is the bakend deployment failing in namespace shopp?", state)
    assert [(m.word, m.kind, m.suggestions[:1]) for m in q.missing] == [
        ("bakend", "Deployment", ["backend"]), ("shopp", "Namespace", ["shop"])]
    assert parse_question("why is my pod in CrashLoopBackOff?", state).missing == []


def test_count_facts(state) -> None:
    facts = answer_facts(state, parse_question("how many pods are running in todo?", state))
    assert facts == ["1 of 2 pods are Running in namespace todo (1 CrashLoopBackOff, 1 Running)"]
    facts = answer_facts(state, parse_question("how many pods are there?", state))
    assert facts == ["3 pods in all namespaces: 2 Running, 1 CrashLoopBackOff", "by namespace: shop 1, todo 2"]


def test_image_restart_event_log_and_port_forward_facts(state) -> None:
    def facts(text: str) -> list[str]:
        return answer_facts(state, parse_question(text, state, "todo"))

    assert "Deployment/todo/backend container backend runs image registry.example.com/backend:2.3.1" in \
        facts("what image does the backend deployment run?")
    assert facts("how many times did backend restart?") == [
        "pod todo/backend-7d9f-x2 container backend restarted 6 times (last exit: OOMKilled, code 137)"]
    assert facts("show events for pod backend-7d9f-x2") == [
        "event: Normal Pulled Pod/backend-7d9f-x2: image already present",
        "event: Warning BackOff Pod/backend-7d9f-x2: Back-off restarting failed container (x9)"]
    assert facts("any errors in the backend logs?") == [
        "log todo/backend-7d9f-x2/backend (previous): ERROR: cannot allocate 2GiB"]
    assert facts("how do I port-forward to the postgres service?") == [
        "to reach service todo/postgres locally: kubectl port-forward -n todo svc/postgres 5432:5432"]
    assert facts("port forward backend") == [
        "to reach service todo/backend locally: kubectl port-forward -n todo svc/backend 8080:80"]


@pytest.mark.parametrize("statuses, phase, expected", [
    ([container_status("a", waiting="ImagePullBackOff")], "Pending", "ImagePullBackOff"),
    ([container_status("a")], "Running", "Running"),
    ([], "Pending", "Pending"),
])
def test_pod_status_is_the_kubectl_status_column(statuses, phase, expected) -> None:
    assert pod_status(pod("p", statuses=statuses, phase=phase)) == expected


def test_a_misspelt_name_is_missing_but_english_words_are_not(state) -> None:
    q = parse_question("why is the chatbto crashing so slowly", state)
    assert [(m.word, m.suggestions[:1]) for m in q.missing] == [("chatbto", ["frontend-chatbot"])]


def test_a_named_workload_stands_for_its_replicas(state) -> None:
    assert parse_question("is backend healthy?", state).mentioned == [("Deployment", "todo", "backend"),
                                                                      ("Service", "todo", "backend")]


def test_log_facts_say_when_no_log_was_read(state) -> None:
    facts = answer_facts(state, parse_question("show errors in the frontend-chatbot logs", state, "todo"))
    assert facts == ["no logs were available for frontend-chatbot-6c8-q8 (logs are kept only for failing containers)"]
