"""`run_gated_tool`: one tool call (a finding's fix) through the gate, outside the loop."""

from __future__ import annotations

import pytest

from agent.config import Settings
from agent.errors import UsageError
from agent.gate import Decision
from agent.session import Session, run_gated_tool
from tests.loop.test_loop import DeleteNamespaceTool
from agent.tooling.base import ToolContext


def session_with(tool, tmp_path, asker):
    session = Session(Settings(phr_dir=tmp_path / "phr"), surface="tui", asker=asker)
    session._tools = [tool]
    session._ctx = ToolContext()
    return session


def test_the_gate_gets_the_confirm_text_and_blast_radius_of_a_classified_call(tmp_path):
    requests = []

    def asker(request):
        requests.append(request)
        return Decision.NO

    tool = DeleteNamespaceTool()
    run = run_gated_tool(session_with(tool, tmp_path, asker), "delete_namespace", {"target": "shop", "replicas": 0},
                         title="apply fix")
    [request] = requests
    assert (request.confirm_text, request.blast_radius) == ("shop", "deletes namespace shop and all it holds")
    assert (run.approved, run.status, tool.runs) == (False, "refused", [])


def test_an_unknown_tool_or_bad_arguments_is_a_usage_error_with_a_hint(tmp_path):
    session = session_with(DeleteNamespaceTool(), tmp_path, lambda request: Decision.YES)
    with pytest.raises(UsageError) as unknown:
        run_gated_tool(session, "kubectl", {"command": "get pods"}, title="x")
    assert "delete_namespace" in unknown.value.hint
    with pytest.raises(UsageError) as invalid:
        run_gated_tool(session, "delete_namespace", {"target": "shop"}, title="x")
    assert "invalid arguments for delete_namespace: replicas" in invalid.value.message and invalid.value.hint


def test_a_kubectl_fix_that_deletes_a_claim_asks_for_its_name(tmp_path):
    from tools.kubectl import KubectlTool

    requests = []

    def asker(request):
        requests.append(request)
        return Decision.NO

    session = session_with(KubectlTool(), tmp_path, asker)
    run_gated_tool(session, "kubectl", {"command": "kubectl delete pvc data -n todo"}, title="apply fix")
    [request] = requests
    assert request.confirm_text == "data" and "persistentvolumeclaim/data" in request.blast_radius
