"""`diagnose` through the analysis chain inside the agent loop: without kagent the analyzers answer, and the
PHR shows each step; with kagent (stand-in) and --yes, kagent answers."""

from __future__ import annotations

from agent.aitools.tools import ChainedDiagnoseTool, installed_ai_tools
from agent.gate import ApprovalGate
from agent.loop import run_agent
from agent.phr.query import load_records
from agent.phr.recorder import PhrRecorder
from agent.providers.builtin import BuiltinProvider
from agent.diagnosis.sources.snapshot import SnapshotSource, load_snapshot
from tests.aitools.conftest import PROJECTS
from agent.tooling.base import ToolContext

SCENARIO = PROJECTS.parents[1] / "scenarios" / "crashloop-missing-env"
QUESTION = "why is the backend pod crashing in namespace todo?"


def _ask(settings, gate, cluster=None):
    """`cluster` defaults to the scenario's objects as a loaded state, i.e. a source that may be live."""
    recorder = PhrRecorder(settings, title=QUESTION, stage="troubleshoot", surface="cli", command="agent ask",
                           prompt=QUESTION)
    cluster = cluster if cluster is not None else load_snapshot(SCENARIO)
    ctx = ToolContext(settings=settings, cluster=cluster, extras={"gate": gate, "recorder": recorder})
    with recorder:
        result = run_agent(QUESTION, provider=BuiltinProvider(settings), tools=[ChainedDiagnoseTool()], ctx=ctx,
                           gate=gate, recorder=recorder)
    [record] = load_records(settings.phr_dir)
    return result, record


def test_without_kagent_the_analyzers_answer_and_the_phr_says_so(no_ai_tools, offline_settings):
    result, record = _ask(offline_settings(), ApprovalGate())
    assert "DATABASE_URL" in result.answer
    assert "[analysis chain: kagent unavailable" in result.answer and "-> builtin accepted]" in result.answer
    assert result.data[0]["findings"][0]["analyzer"] == "crashloop"
    assert "status: unavailable" in record.sections["AI chain analysis cluster step 1 kagent"]
    assert "fallback: yes" in record.sections["AI chain analysis cluster step 2 builtin"]
    assert record.front_matter["fallbacks"][0]["from"] == "kagent"
    assert installed_ai_tools() == []


def test_with_kagent_and_yes_kagent_answers(stand_ins, offline_settings):
    result, record = _ask(offline_settings(), ApprovalGate(assume_yes=True))
    assert "Root cause: deployment backend crashes" in result.answer and "kagent accepted" in result.answer
    assert record.front_matter["tool_versions"]["kagent"].startswith('{"kagent_version": "0.6.3"')
    assert {t.name for t in installed_ai_tools()} == {"kubectl_ai", "kagent", "gordon"}


def test_with_ai_tools_swaps_diagnose_and_adds_what_is_installed(stand_ins, offline_settings):
    from agent.aitools.tools import with_ai_tools
    from tools.diagnosis import DiagnoseTool, GetEventsTool

    tools = with_ai_tools([DiagnoseTool(), GetEventsTool()], offline_settings())
    assert [type(t).__name__ for t in tools] == ["ChainedDiagnoseTool", "GetEventsTool", "KubectlAiTool",
                                                 "KagentTool", "GordonTool"]


def test_agent_ask_with_the_registry_wired_records_the_fallback(no_ai_tools, offline_settings, monkeypatch):
    """What `agent ask` does once tools/registry.py returns `with_ai_tools(...)`: the PHR shows kagent -> builtin."""
    import tools.registry
    from agent.aitools.tools import with_ai_tools
    from agent.session import Session

    plain = tools.registry.default_tools
    monkeypatch.setattr(tools.registry, "default_tools",
                        lambda settings=None, workdir=None: with_ai_tools(plain(settings, workdir), settings))
    settings = offline_settings(snapshot=SCENARIO, providers=["builtin"])
    result = Session(settings).ask(QUESTION)
    assert result.answered and "DATABASE_URL" in result.answer
    [record] = load_records(settings.phr_dir)
    calls = record.sections["Tool calls"]
    assert "[analysis chain: kagent skipped (kagent reads the live cluster" in calls
    assert "-> builtin accepted]" in calls


def test_kagent_is_not_asked_about_a_snapshot(stand_ins, offline_settings):
    """kagent reads the live cluster: its answer would be about another cluster than the snapshot asked about."""
    result, record = _ask(offline_settings(), ApprovalGate(assume_yes=True), cluster=SnapshotSource(SCENARIO))
    assert "kagent skipped" in result.answer and "-> builtin accepted]" in result.answer
    assert "DATABASE_URL" in result.answer


def test_kagent_is_not_handed_a_secret_from_the_question(stand_ins, offline_settings):
    from agent.aitools.analysis import analyze

    secret = "sk-proj-Abc123Def456Ghi789Jkl012Mno345"
    question = f"why does the backend reject OPENAI_API_KEY={secret}?"
    result = analyze(question, namespace="todo", settings=offline_settings(),
                     load_state=lambda: load_snapshot(SCENARIO), gate=ApprovalGate(assume_yes=True))
    [invoke] = [argv for argv in stand_ins.calls if argv[:2] == ["kagent", "invoke"]]
    assert result.accepted == "kagent" and secret not in " ".join(invoke) and "[REDACTED" in " ".join(invoke)
