"""LLM diagnosis over the OpenAI wire format: the analyzers' findings are the starting point, the model calls
`diagnose` on a scenario snapshot, and a mutation it asks for is refused by the user."""

from __future__ import annotations

from agent.aitools.llm_diagnosis import diagnose_with_llm
from agent.diagnosis.sources.snapshot import SnapshotSource
from agent.gate import ApprovalGate, Decision
from agent.phr.query import load_records
from agent.phr.recorder import PhrRecorder
from agent.providers.openai_provider import OpenAIProvider
from tests.aitools.conftest import PROJECTS
from agent.tooling.base import ToolContext
from tools.diagnosis import DiagnoseTool, GetObjectsTool
from tools.kubectl import KubectlTool

SCENARIO = PROJECTS.parents[1] / "scenarios" / "crashloop-missing-env"
QUESTION = "why is the backend pod crashing?"


def _run(cassette, settings, cassette_name, gate):
    ctx = ToolContext(settings=settings, cluster=SnapshotSource(SCENARIO))
    recorder = PhrRecorder(settings, title=QUESTION, stage="troubleshoot", surface="cli",
                           command=f"agent ask {QUESTION!r}", prompt=QUESTION)
    gate.on_decision = recorder.record_approval
    tools = [DiagnoseTool(), GetObjectsTool(), KubectlTool(settings=settings)]
    with cassette(cassette_name) as replay, recorder:
        result = diagnose_with_llm(QUESTION, provider=OpenAIProvider(settings), tools=tools, ctx=ctx, gate=gate,
                                   recorder=recorder, namespace="todo")
    [record] = load_records(settings.phr_dir)
    return result, replay, record


def test_model_starts_from_the_findings_and_calls_the_analyzers(cassette, llm_settings, tmp_path):
    settings = llm_settings(phr_enabled=True, phr_dir=tmp_path / "phr")
    result, replay, record = _run(cassette, settings, "aitools/diagnosis_with_tools.yaml", ApprovalGate())
    question = replay.body(0)["messages"][1]["content"]
    assert "Our analyzers already examined the cluster" in question and "DATABASE_URL" in question
    assert "Start from these findings" in question
    assert [(c.tool, c.status) for c in result.tool_calls] == [("diagnose", "ok")]
    tool_message = replay.body(1)["messages"][-1]
    assert tool_message["role"] == "tool" and "backend-secrets" in tool_message["content"]
    assert result.stopped == "answered" and "DATABASE_URL" in result.answer
    note = record.sections["Diagnosis prompt"]
    assert "prompts/diagnosis.md.j2, version 1.0.0, sha256 " in note and "builtin analyzers" in note


def test_a_mutation_the_user_refuses_does_not_run(cassette, llm_settings, tmp_path):
    settings = llm_settings(phr_enabled=True, phr_dir=tmp_path / "phr")
    asked = []

    def say_no(request):
        asked.append(request.action)
        return Decision.NO

    result, replay, record = _run(cassette, settings, "aitools/refused_mutation.yaml", ApprovalGate(asker=say_no))
    assert asked == ["kubectl -n todo rollout restart deployment/backend"]
    [call] = result.tool_calls
    assert (call.tool, call.status, call.modifies) == ("kubectl", "refused", "yes")
    refusal = replay.body(1)["messages"][-1]["content"]
    assert refusal.startswith("[refused] the user declined") and "Do not retry" in refusal
    assert "nothing changed" in result.answer
    assert record.front_matter["approvals"] == [{"tool": "kubectl", "approved": False, "decided_by": "user"}]
