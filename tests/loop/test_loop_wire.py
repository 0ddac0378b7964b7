"""The loop over real wire formats: tool round trip, streaming events, malformed arguments, refusal, redaction."""

from __future__ import annotations

from agent.gate import ApprovalGate, Decision
from agent.loop import TokenEvent, ToolFinished, ToolStarted, run_agent
from agent.providers.anthropic_provider import AnthropicProvider
from agent.providers.openai_provider import OpenAIProvider
from tests.loop.helpers import EchoTool, FakeRecorder, MutateTool
from agent.tooling.base import ToolContext


def test_tool_round_trip(cassette, llm_settings):
    settings = llm_settings()
    echo, recorder = EchoTool(), FakeRecorder()
    with cassette("loop/echo_round_trip.yaml") as replay:
        result = run_agent("Echo ping, please.", provider=OpenAIProvider(settings), tools=[echo],
                           ctx=ToolContext(settings=settings), gate=ApprovalGate(), recorder=recorder)
    assert result.stopped == "answered"
    assert result.answer == "The echo tool answered: ping."
    assert echo.runs == ["ping"]
    assert [(c.tool, c.status, c.arguments, c.modifies) for c in result.tool_calls] == [
        ("echo", "ok", {"text": "ping"}, "no")]
    assert result.data == [{"echoed": "ping"}]
    assert (result.usage.input_tokens, result.usage.output_tokens) == (180 + 214, 15 + 9)
    assert (result.provider, result.model) == ("openai", "gpt-4o-mini-2024-07-18")
    first, second = replay.body(0), replay.body(1)
    assert first["messages"][0]["role"] == "system"
    assert "untrusted" in first["messages"][0]["content"]
    assert first["tools"][0]["function"]["name"] == "echo"
    assert second["messages"][-1] == {"content": "ping", "role": "tool",
                                      "tool_call_id": "call_EchoRoundTrip1a2b3c4d"}
    assert [m.role for m in result.messages] == ["user", "assistant", "tool", "assistant"]
    assert recorder.tool_calls == result.tool_calls
    assert [p[0] for p in recorder.providers] == ["openai", "openai"]
    assert recorder.response == result.answer
    [(heading, text)] = recorder.notes
    assert heading == "System prompt" and "prompts/system.md.j2" in text and "sha256" in text


def test_streamed_tool_round_trip_emits_events_in_order(cassette, llm_settings):
    settings = llm_settings()
    events: list = []
    with cassette("loop/anthropic_streamed_tools.yaml"):
        result = run_agent("Echo ping, please.", provider=AnthropicProvider(settings), tools=[EchoTool()],
                           ctx=ToolContext(settings=settings), gate=ApprovalGate(), on_event=events.append)
    assert result.answer == "The echo tool answered: ping."
    summary = [(type(e).__name__, getattr(e, "text", getattr(e, "tool", ""))) for e in events]
    assert summary == [("TokenEvent", "Checking"), ("TokenEvent", " with echo."),
                       ("ToolStarted", "echo"), ("ToolFinished", "echo"),
                       ("TokenEvent", "The echo tool"), ("TokenEvent", " answered: ping."),
                       ("FinalEvent", "The echo tool answered: ping.")]
    started = next(e for e in events if isinstance(e, ToolStarted))
    assert (started.call_id, started.arguments) == ("toolu_01LoopEcho1a2b3c4d5e6f", {"text": "ping"})
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert (finished.status, finished.output, finished.truncated) == ("ok", "ping", False)
    assert (result.usage.input_tokens, result.usage.output_tokens) == (420 + 470, 60 + 12)


def test_malformed_arguments_are_reported_back_and_the_model_recovers(cassette, llm_settings):
    settings = llm_settings()
    echo = EchoTool()
    with cassette("loop/malformed_args.yaml") as replay:
        result = run_agent("Echo ping, please.", provider=OpenAIProvider(settings), tools=[echo],
                           ctx=ToolContext(settings=settings), gate=ApprovalGate())
    assert result.stopped == "answered"
    assert echo.runs == ["ping"]  # only the corrected call ran
    assert [c.status for c in result.tool_calls] == ["error", "ok"]
    error_result = replay.body(1)["messages"][-1]
    assert error_result["role"] == "tool" and error_result["tool_call_id"] == "call_BadArgsEcho1a2b3c4d5e"
    assert "not valid JSON" in error_result["content"]
    assert "[error]" in error_result["content"]


def test_refused_mutation_does_not_run_and_the_model_is_told(cassette, llm_settings):
    settings = llm_settings()
    mutate, recorder = MutateTool(), FakeRecorder()
    asked: list[str] = []

    def say_no(request):
        asked.append(request.action)
        return Decision.NO

    with cassette("loop/refusal.yaml") as replay:
        result = run_agent("Scale web to zero.", provider=OpenAIProvider(settings), tools=[mutate],
                           ctx=ToolContext(settings=settings), gate=ApprovalGate(asker=say_no),
                           recorder=recorder)
    assert mutate.runs == []
    assert asked == ["kubectl scale deployment/web --replicas=0"]
    refusal = replay.body(1)["messages"][-1]["content"]
    assert refusal.startswith("[refused] the user declined: kubectl scale deployment/web --replicas=0")
    assert result.stopped == "answered"
    assert "nothing changed" in result.answer
    [record] = result.tool_calls
    assert (record.status, record.modifies, record.approval) == ("refused", "yes", "refused by user")
    [outcome] = recorder.approvals
    assert outcome.approved is False


def test_secrets_in_tool_output_never_reach_the_model(cassette, llm_settings):
    openai_key = "sk-proj-Zq8Xv2Lm4Np6Rt8Vx0Bz2Df4Hj6Kl8Mn0Pq2"
    settings = llm_settings()
    leaky = EchoTool(output=f"OPENAI_API_KEY={openai_key}\nDATABASE_URL=postgresql://u:pass@h/db\nLOG_LEVEL=info")
    events: list = []
    with cassette("loop/secret_redaction.yaml") as replay:
        result = run_agent("What env does the api pod have?", provider=OpenAIProvider(settings), tools=[leaky],
                           ctx=ToolContext(settings=settings), gate=ApprovalGate(), on_event=events.append)
    sent = replay.raw_body(1)
    assert openai_key not in sent
    assert "pass@h" not in sent and "u:pass" not in sent
    assert "LOG_LEVEL=info" in sent  # ordinary text survives
    assert "REDACTED" in sent
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert openai_key not in finished.output and "u:pass" not in finished.output
    assert openai_key not in result.tool_calls[0].output
    assert all(openai_key not in e.text for e in events if isinstance(e, TokenEvent))


def test_the_phr_of_a_run_has_the_tool_call_and_no_secret(cassette, llm_settings, tmp_path):
    from agent.phr.recorder import PhrRecorder

    openai_key = "sk-proj-Zq8Xv2Lm4Np6Rt8Vx0Bz2Df4Hj6Kl8Mn0Pq2"
    settings = llm_settings(phr_enabled=True, phr_dir=tmp_path / "phr")
    leaky = EchoTool(output=f"OPENAI_API_KEY={openai_key}\nDATABASE_URL=postgresql://u:pass@h/db")
    recorder = PhrRecorder(settings, title="env of the api pod", stage="troubleshoot", surface="cli",
                           command="agent ask", prompt="What env does the api pod have?")
    with cassette("loop/secret_redaction.yaml"), recorder:
        run_agent("What env does the api pod have?", provider=OpenAIProvider(settings), tools=[leaky],
                  ctx=ToolContext(settings=settings), gate=ApprovalGate(), recorder=recorder, on_event=lambda e: None)
    text = recorder.close().read_text()
    assert "echo" in text and "gpt-4o-mini-2024-07-18" in text and "prompts/system.md.j2" in text
    assert openai_key not in text and "u:pass" not in text
