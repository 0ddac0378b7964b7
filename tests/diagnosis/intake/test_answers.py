"""Answers from fragments, lookups and scope: hand-written mirrors of real pastes, answered offline."""

from __future__ import annotations

import re
from pathlib import Path

from agent.diagnosis.engine import answer
from agent.diagnosis.render import render_text
from agent.diagnosis.sources.pasted import load_pasted

APP_LOG = """2026-12-01T10:00:01Z INFO starting server on :8080
2026-12-01T10:00:02Z INFO connected to redis
2026-12-01T10:05:09Z ERROR payment declined for order 1234: card expired
2026-12-01T10:06:00Z WARN slow request /api/cart 2300ms
"""


def ask(tmp_path: Path, text: str, question: str, namespace: str | None = None, name: str = "paste.txt") -> str:
    f = tmp_path / name
    f.write_text(text)
    return render_text(answer(load_pasted([f], namespace), question, namespace=namespace))


def test_log_search_answers_from_a_log_without_its_pod(tmp_path):
    assert ask(tmp_path, APP_LOG, "was 'card expired' logged?").startswith("'card expired' appears 1 time(s)")
    assert ask(tmp_path, APP_LOG, "was 'timeout' logged?").startswith("'timeout' does not appear in the 4 log line(s)")
    out = ask(tmp_path, APP_LOG, "show the last 5 errors in the logs")
    assert out.startswith("error line (the log given): 2026-12-01T10:05:09Z ERROR payment declined")


def test_no_errors_is_said_plainly(tmp_path):
    quiet = "2026-12-01T10:00:01Z INFO starting server on :8080\n2026-12-01T10:00:02Z INFO ready\n"
    assert "no errors: none of the 2 log line(s) given" in ask(tmp_path, quiet, "any errors in the logs?")


def test_fragment_never_answers_nothing_to_check(tmp_path):
    # a Markdown-quoted single event line, as pasted into an issue, about a pod the question names
    event = "> Warning  BackOff  3m (x12 over 6m)  kubelet  Back-off restarting failed container\n"
    out = ask(tmp_path, event, "why does payments-api-5d8f keep restarting?")
    assert "Nothing to check" not in out and "no Kubernetes objects" not in out
    assert "payments-api-5d8f" in out
    # the one command that settles what is missing: the previous run's output
    assert re.search(r"kubectl logs payments-api-5d8f (-n \S+ )?--previous", out)


def test_a_fragment_without_spec_does_not_claim_a_missing_limit(tmp_path):
    excerpt = ("    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
               "    Restart Count:  4\n")
    out = ask(tmp_path, excerpt, "why is worker-0 restarting?")
    assert "OOMKilled" in out
    assert "without a memory limit" not in out
    assert "does not show its memory limit" in out


def test_pasted_objects_without_namespace_follow_dash_n(tmp_path):
    table = ("NAME                   READY   STATUS             RESTARTS   AGE\n"
             "api-6c9f8d7b5-x2k4q    0/1     CrashLoopBackOff   7          12m\n")
    state = load_pasted([_write(tmp_path, table)], "shop")
    assert state.get("Pod", "shop", "api-6c9f8d7b5-x2k4q") is not None


def test_a_namespace_that_holds_nothing_falls_back_to_where_the_object_is(tmp_path):
    table = ("NAMESPACE   NAME                   READY   STATUS             RESTARTS   AGE\n"
             "shop        api-6c9f8d7b5-x2k4q    0/1     CrashLoopBackOff   7          12m\n")
    out = ask(tmp_path, table, "why is api-6c9f8d7b5-x2k4q crashing in the staging namespace?")
    assert "Namespace staging holds nothing in what was given" in out and "namespace shop" in out


def test_flag_values_and_kind_words_are_not_taken_for_missing_objects(tmp_path):
    table = ("NAME                   READY   STATUS    RESTARTS   AGE   IP          NODE\n"
             "web-7d9f8c6b5-x2k4q    1/1     Running   0          3d    10.1.2.3    node-a\n")
    out = ask(tmp_path, "$ kubectl get pods -o wide\n" + table, "which node is the pod web-7d9f8c6b5-x2k4q on?")
    assert "There is no" not in out
    assert "runs on node node-a" in out


def _write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "get.txt"
    f.write_text(text)
    return f


def test_a_pasted_manifest_without_namespace_follows_dash_n_and_answers_its_image(tmp_path):
    manifest = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: api-0\nspec:\n  containers:\n  - name: api\n"
                "    image: registry.example.com/api:2.0\n")
    out = ask(tmp_path, manifest, "what image does api-0 run?", namespace="shop", name="pod.yaml")
    assert out.startswith("Pod/shop/api-0 container api runs image registry.example.com/api:2.0")
