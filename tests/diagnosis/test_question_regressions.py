"""Questions colleagues had to reword: each is asked of a corpus scenario in its natural wording.

A word becomes an object name only if it matches an object or stands where a name
stands (after a kind word, `kind/name`, quoted); hosts are answered as the Ingress
serving them; cluster-scoped objects are found whatever the namespace.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from agent.diagnosis.engine import answer
from agent.diagnosis.question import Question, host_of, is_plural_kind_word, parse_question, tokenize
from agent.diagnosis.render import render_text
from agent.diagnosis.sources.snapshot import load_snapshot
from agent.diagnosis.state import ClusterState

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@cache
def scenario(name: str) -> ClusterState:
    return load_snapshot(SCENARIOS / name)


def parse(name: str, text: str, namespace: str | None = "todo") -> Question:
    return parse_question(text, scenario(name), namespace)


def summary(name: str, text: str, namespace: str | None = "todo") -> str:
    return answer(scenario(name), text, namespace).summary


@pytest.mark.parametrize("text", [
    "what's wrong with the backend?",
    "'what's wrong with the backend?'",
    "\"what is wrong with the backend\"",
])
def test_question_words_are_never_names(text: str) -> None:
    q = parse("healthy-todo", text)
    assert q.missing == []
    assert q.mentioned == [("Deployment", "todo", "backend")]
    assert summary("healthy-todo", text).startswith("No problems found with Deployment/todo/backend")


def test_words_next_to_a_plural_kind_word_are_not_names() -> None:
    text = "backend has 3 replicas but only 2 pods exist"
    assert parse("pending-anti-affinity", text).missing == []
    assert "anti-affinity" in summary("pending-anti-affinity", text)


def test_a_verb_after_a_kind_word_with_an_article_is_not_a_name() -> None:
    assert parse("ingress-missing-class", "why does the ingress return 404 for every page?").missing == []
    assert parse("hpa-no-requests", "why doesn't the frontend-chatbot HPA scale?").missing == []


def test_a_node_name_is_an_object_not_a_missing_name() -> None:
    q = parse("pending-taint", "backend pods stay Pending since I put minikube into maintenance")
    assert q.missing == []
    assert ("Node", None, "minikube") in q.mentioned


def test_a_status_token_is_not_a_name_but_still_a_symptom() -> None:
    q = parse("init-wait-for-db", "what's wrong with the backend? it has been stuck in Init:0/1 for 40 minutes")
    assert q.missing == []
    q = parse("init-migrations-fail", "backend pod stuck at Init:CrashLoopBackOff")
    assert q.missing == [] and "crash" in q.topics


@pytest.mark.parametrize("text", ["http://todo.local doesn't load in the browser", "todo.local/api returns nothing"])
def test_a_host_is_answered_as_the_ingress_serving_it(text: str) -> None:
    q = parse("ingress-missing-class", text)
    assert q.missing == []
    assert q.mentioned == [("Ingress", "todo", "todo")] and q.hosts == {("Ingress", "todo", "todo"): "todo.local"}
    said = summary("ingress-missing-class", text)
    assert "the Ingress serving host todo.local" in said and "sets no ingressClassName" in said


def test_a_host_no_ingress_serves_is_not_reported_missing() -> None:
    q = parse("healthy-todo", "is https://shop.example.com:8443/cart up?")
    assert q.missing == [] and q.mentioned == [] and "ingress" in q.topics


def test_a_healthy_ingress_is_named_by_its_host() -> None:
    state = load_snapshot(SCENARIOS / "healthy-todo")
    state.add({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "nginx"}})
    state.add({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "todo", "namespace": "todo"},
        "spec": {"ingressClassName": "nginx", "rules": [{"host": "todo.local", "http": {"paths": [{
            "path": "/", "pathType": "Prefix",
            "backend": {"service": {"name": "frontend-web-service", "port": {"number": 3000}}}}]}}]},
        "status": {"loadBalancer": {"ingress": [{"ip": "192.168.49.2"}]}},
    })
    said = answer(state, "is todo.local fine?", "todo").summary
    assert said == ("No problems found with the Ingress todo/todo serving host todo.local "
                    "(Ingress/todo/todo: hosts todo.local, class nginx, address 192.168.49.2).")


@pytest.mark.parametrize("scenario_name, text, cause", [
    ("node-not-ready", "why is node minikube-m02 NotReady?", "node minikube-m02 stopped posting status"),
    ("pdb-blocking-drain", "kubectl drain minikube-m02 hangs forever", "PDB backend-pdb requires minAvailable: 2"),
])
def test_nodes_are_found_whatever_the_namespace(scenario_name: str, text: str, cause: str) -> None:
    q = parse(scenario_name, text)
    assert q.missing == [] and ("Node", None, "minikube-m02") in q.mentioned
    said = summary(scenario_name, text)
    assert "There is no" not in said and cause in said


def test_a_missing_node_is_not_said_to_be_missing_from_a_namespace() -> None:
    said = summary("node-not-ready", "node minikube-m03 went NotReady")
    assert "There is no node named 'minikube-m03'; closest names: minikube-m02" in said


def test_an_english_plural_does_not_match_a_claim_by_part_of_its_name() -> None:
    q = parse("cronjob-failing", "why do the backups keep failing?")
    assert ("PersistentVolumeClaim", "todo", "db-backups") not in q.mentioned and q.missing == []
    assert summary("cronjob-failing", "why do the backups keep failing?").startswith("Root cause (CronJob/todo/db-backup)")


def test_a_claim_is_still_found_by_its_full_name_or_next_to_its_kind_word() -> None:
    assert parse("cronjob-failing", "is db-backups full?").mentioned == [("PersistentVolumeClaim", "todo", "db-backups")]
    assert parse("pvc-missing-storageclass", "why is the uploads pvc pending?").mentioned == [
        ("PersistentVolumeClaim", "todo", "backend-uploads")]


def test_a_missing_deployment_is_reported_with_the_names_there_are() -> None:
    said = summary("healthy-todo", "why is deployment payments crashing?")
    assert said.startswith("There is no deployment named 'payments' in namespace todo; closest names: backend")
    q = parse("healthy-todo", "why is the payments-api deployment crashing?")
    assert [(m.word, m.kind) for m in q.missing] == [("payments-api", "Deployment")]


def test_a_misspelt_name_in_a_naming_position_gets_close_suggestions() -> None:
    q = parse("healthy-todo", "why is pod frontnd crashing?")
    assert [(m.word, m.kind, m.suggestions[:1]) for m in q.missing] == [("frontnd", "Pod", ["frontend-web"])]


def test_quotes_close_only_at_a_word_boundary() -> None:
    assert tokenize("'what's up with `web-1`'") == [("what", False), ("up", False), ("with", False), ("web-1", True)]


@pytest.mark.parametrize("word, plural", [
    ("pods", True), ("ingresses", True), ("networkpolicies", True), ("endpoints", True),
    ("pod", False), ("ingress", False), ("rs", False), ("ns", False), ("backend", False),
])
def test_plural_kind_words(word: str, plural: bool) -> None:
    assert is_plural_kind_word(word) is plural


@pytest.mark.parametrize("word, host", [
    ("http://todo.local/api", "todo.local"), ("todo.local/api", "todo.local"), ("api.example.com:443", "api.example.com"),
    ("todo-backend:1.0.0", None), ("1.1.0", None), ("backend", None),
])
def test_hosts_in_words(word: str, host: str | None) -> None:
    assert host_of(word) == host


def test_the_rendered_answer_for_a_renamed_question_names_the_cause() -> None:
    text = render_text(answer(scenario("node-not-ready"), "why did the chatbot stop answering when minikube-m02 went NotReady?",
                              "todo"))
    assert "its node minikube-m02 is NotReady" in text and "There is no" not in text


def test_no_corpus_question_names_a_missing_object() -> None:
    for expected in sorted(SCENARIOS.glob("*/expected.yaml")):
        spec = yaml.safe_load(expected.read_text())
        q = parse(expected.parent.name, spec["question"], spec.get("namespace"))
        assert q.missing == [], f"{expected.parent.name}: {spec['question']!r} -> {q.missing}"


def test_a_file_name_is_neither_a_missing_object_nor_an_ingress_question() -> None:
    q = parse("crashloop-missing-file", "backend cannot open settings.yaml")
    assert q.missing == [] and "ingress" not in q.topics


def test_a_label_without_a_value_does_not_stop_the_question() -> None:
    from tests.diagnosis.builders import pod

    unlabelled = pod("worker-5d8c7b9f6-abcde", app="worker")
    unlabelled["metadata"]["labels"]["app"] = None  # `app:` with no value in a pasted manifest
    state = ClusterState(label="test")
    state.add(unlabelled)
    q = parse_question("is the frontend ok?", state, "todo")
    assert q.mentioned == []
