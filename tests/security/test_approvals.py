"""Narrow approvals (issue 12, item 2): what "yes for this session", --yes and --confirm cover."""

from __future__ import annotations

import pytest

from agent.errors import ApprovalRequired
from agent.gate import ApprovalGate, ApprovalRequest, Decision
from agent.mcp.gate import decide
from agent.safety import classify
from agent.tooling.base import Modifies


def request(command: str, **kw) -> ApprovalRequest:
    verdict = classify(command)
    return ApprovalRequest.for_command("kubectl", command, verdict.modifies, verdict, **kw)


class Recorder:
    def __init__(self, *answers: Decision) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, req: ApprovalRequest) -> Decision:
        self.asked.append(req.action)
        return self.answers.pop(0) if self.answers else Decision.NO


def test_an_approved_annotate_does_not_let_a_later_delete_run_unasked() -> None:
    # the reported bypass: "yes for this session" on annotate approved the whole kubectl tool
    asker = Recorder(Decision.YES_SESSION, Decision.NO)
    gate = ApprovalGate(asker=asker)
    assert gate.check(request("kubectl annotate deploy/backend -n todo reviewed=yes")).approved
    assert not gate.check(request("kubectl delete deployment backend -n todo")).approved
    assert asker.asked == ["kubectl annotate deploy/backend -n todo reviewed=yes",
                           "kubectl delete deployment backend -n todo"]


def test_the_session_covers_one_verb_kind_and_namespace() -> None:
    asker = Recorder(Decision.YES_SESSION, Decision.NO, Decision.NO, Decision.NO)
    gate = ApprovalGate(asker=asker)
    assert gate.check(request("kubectl annotate deploy/backend -n todo a=b")).approved
    # same verb, kind and namespace, another object: covered
    assert gate.check(request("kubectl annotate deployment frontend -n todo a=b")).decided_by == "user (session)"
    # another namespace, another kind, another verb: each asks
    assert not gate.check(request("kubectl annotate deploy/backend -n prod a=b")).approved
    assert not gate.check(request("kubectl annotate svc/backend -n todo a=b")).approved
    assert not gate.check(request("kubectl label deploy/backend -n todo a=b")).approved
    assert len(asker.asked) == 4  # the covered call was not asked about


def test_the_scope_is_inferred_from_the_command_line() -> None:
    scope = request("kubectl --context prod -n shop scale deployment/api --replicas=3").scope
    assert (scope.tool, scope.verb, scope.kind, scope.namespace) == ("kubectl", "scale", "deployment", "shop")
    assert request("kubectl rollout restart deploy/api -n web").scope.verb == "rollout restart"
    assert request("kubectl label pods --all -A tier=x").scope.namespace == "*"


@pytest.mark.parametrize("command", [
    "kubectl delete deployment backend -n todo", "kubectl drain node-1 --ignore-daemonsets",
    "kubectl apply -f k8s/ --prune -l app=todo", "kubectl replace --force -f pod.yaml",
])
def test_destructive_verbs_ask_every_time_even_after_a_session_yes(command: str) -> None:
    asker = Recorder(Decision.YES_SESSION, Decision.YES_SESSION, Decision.NO)
    gate = ApprovalGate(asker=asker)
    assert gate.check(request(command)).approved
    assert gate.check(request(command)).approved
    assert not gate.check(request(command)).approved
    assert len(asker.asked) == 3


@pytest.mark.parametrize(("command", "name"), [
    ("kubectl delete ns prod", "prod"), ("kubectl delete pvc data-db-0 -n db", "data-db-0"),
    ("kubectl delete secret api-token -n shop", "api-token"), ("kubectl delete clusterrole admin-extra", "admin-extra"),
    ("kubectl delete deployment api -n shop", "api"), ("kubectl delete pods --all -n shop", "delete-all"),
    ("kubectl drain node-7", "node-7"),
])
def test_yes_alone_never_approves_a_destructive_call_but_confirm_naming_it_does(command: str, name: str) -> None:
    with pytest.raises(ApprovalRequired) as raised:
        ApprovalGate(assume_yes=True).check(request(command))
    assert f"--confirm {name}" in raised.value.hint
    with pytest.raises(ApprovalRequired):
        ApprovalGate(assume_yes=True, confirm_names=["something-else"]).check(request(command))
    outcome = ApprovalGate(assume_yes=True, confirm_names=[name]).check(request(command))
    assert outcome.approved and outcome.decided_by == f"--confirm {name}"


def test_yes_still_approves_ordinary_writes() -> None:
    assert ApprovalGate(assume_yes=True).check(request("kubectl scale deploy/api --replicas=2 -n shop")).approved


def test_read_only_refuses_before_any_confirm() -> None:
    outcome = ApprovalGate(read_only=True, confirm_names=["prod"]).check(request("kubectl delete ns prod"))
    assert not outcome.approved and outcome.decided_by == "read-only"


def test_a_command_the_offline_engine_found_in_text_is_only_proposed() -> None:
    cmd = "kubectl scale deployment/backend --replicas=0 -n todo"
    outcome = ApprovalGate(assume_yes=True).check(request(cmd, proposed=True))
    assert not outcome.approved and "does not run a command it finds in text" in outcome.reason
    asker = Recorder(Decision.YES_SESSION, Decision.NO)
    gate = ApprovalGate(asker=asker, assume_yes=True)
    assert gate.check(request(cmd, proposed=True)).approved
    assert not gate.check(request(cmd, proposed=True)).approved  # asked again: a session answer is not kept
    assert len(asker.asked) == 2


def test_mcp_confirm_true_does_not_approve_a_destructive_call() -> None:
    delete = request("kubectl delete deployment api -n shop")
    assert not decide(delete, read_only=False, confirm=True).approved
    assert "\"confirm\": \"api\"" in decide(delete, read_only=False, confirm=True).reason
    assert decide(delete, read_only=False, confirm="api").approved
    assert decide(request("kubectl scale deploy/api --replicas=2"), read_only=False, confirm=True).approved
