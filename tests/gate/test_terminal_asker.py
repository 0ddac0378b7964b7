"""The terminal approval prompt shows the exact action and the diff before it asks."""

from __future__ import annotations

import click

from agent.gate import ApprovalGate, ApprovalRequest, Decision, terminal_asker
from agent.tooling.base import Modifies

DIFF = "--- live/Deployment/todo/backend\n+++ merged\n-  replicas: 2\n+  replicas: 3\n"


def test_diff_is_shown_before_the_question(monkeypatch, capsys):
    shown_before_prompt = {}

    def prompt(text, **kwargs):
        shown_before_prompt["stderr"] = capsys.readouterr().err
        return "n"

    monkeypatch.setattr(click, "prompt", prompt)
    request = ApprovalRequest(tool="kubectl_apply", action="kubectl apply --server-side -f k8s/", diff=DIFF,
                              modifies=Modifies.YES, blast_radius="1 object in namespace todo")
    assert terminal_asker(request) is Decision.NO
    seen = shown_before_prompt["stderr"]
    assert "kubectl apply --server-side -f k8s/" in seen and "+  replicas: 3" in seen and "blast radius" in seen


def test_typed_confirmation_needs_the_exact_name(monkeypatch):
    answers = iter(["prod ", "pro"])
    monkeypatch.setattr(click, "prompt", lambda *a, **k: next(answers))
    request = ApprovalRequest(tool="kubectl", action="kubectl delete namespace prod", modifies=Modifies.YES,
                              confirm_text="prod")
    gate = ApprovalGate(asker=terminal_asker)
    assert gate.check(request).approved is True  # surrounding spaces are forgiven
    assert gate.check(request).approved is False


def test_session_approval_does_not_cover_typed_confirmations():
    asked = []

    def asker(request):
        asked.append(request.action)
        return Decision.YES_SESSION

    gate = ApprovalGate(asker=asker)
    scale = ApprovalRequest(tool="kubectl", action="kubectl scale deploy/x --replicas=2", modifies=Modifies.YES)
    delete = ApprovalRequest(tool="kubectl", action="kubectl delete ns x", modifies=Modifies.YES, confirm_text="x")
    gate.check(scale)
    gate.check(scale)
    gate.check(delete)
    assert asked == [scale.action, delete.action]
