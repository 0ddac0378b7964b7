"""The openai provider against hand-written Chat Completions cassettes (JSON and SSE)."""

from __future__ import annotations

import pytest

from agent.errors import ProviderError
from agent.providers.base import Message, ToolCall, ToolSpec
from agent.providers.openai_provider import PLACEHOLDER_KEY, OpenAIProvider
from tests.conftest import FAKE_OPENAI_KEY

GET_PODS = ToolSpec(name="get_pods", description="List the pods of a namespace.",
                    parameters={"type": "object", "properties": {"namespace": {"type": "string"}},
                                "required": ["namespace"]})
SYSTEM = Message(role="system", content="You are an operations assistant.")


def ask(text: str) -> list[Message]:
    return [SYSTEM, Message(role="user", content=text)]


def test_plain_answer_with_usage_and_model(cassette, llm_settings):
    provider = OpenAIProvider(llm_settings())
    with cassette("openai/plain_answer.yaml") as replay:
        response = provider.chat(ask("Which namespace runs the shop?"))
    assert response.message.content == "The shop runs in the `shop` namespace."
    assert response.message.tool_calls == []
    assert (response.usage.input_tokens, response.usage.output_tokens) == (27, 10)
    assert (response.provider, response.model) == ("openai", "gpt-4o-mini-2024-07-18")
    sent = replay.body(0)
    assert sent["model"] == "gpt-4o-mini"
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert "tools" not in sent


def test_tool_call_round_trip(cassette, llm_settings):
    provider = OpenAIProvider(llm_settings())
    messages = ask("Why is the shop down?")
    with cassette("openai/tool_round_trip.yaml") as replay:
        first = provider.chat(messages, [GET_PODS])
        assert first.message.tool_calls == [
            ToolCall(id="call_Xk3mP9qR2sT5vW8yZ1aB4cD6", name="get_pods", arguments={"namespace": "shop"})]
        messages += [first.message, Message(role="tool", tool_call_id="call_Xk3mP9qR2sT5vW8yZ1aB4cD6",
                                            name="get_pods", content="web-7d4b9c 0/1 CrashLoopBackOff")]
        second = provider.chat(messages, [GET_PODS])
    assert second.message.content == "The pod `web-7d4b9c` in `shop` is in CrashLoopBackOff."
    tools_sent = replay.body(0)["tools"]
    assert tools_sent == [{"type": "function", "function": {"name": "get_pods", "description": GET_PODS.description,
                                                             "parameters": GET_PODS.parameters}}]
    history = replay.body(1)["messages"]
    assert history[2]["tool_calls"][0]["function"] == {"name": "get_pods", "arguments": '{"namespace": "shop"}'}
    assert history[3] == {"content": "web-7d4b9c 0/1 CrashLoopBackOff", "role": "tool",
                          "tool_call_id": "call_Xk3mP9qR2sT5vW8yZ1aB4cD6"}


def test_streaming_calls_on_token_per_chunk_and_keeps_usage(cassette, llm_settings):
    provider = OpenAIProvider(llm_settings())
    tokens: list[str] = []
    with cassette("openai/streaming.yaml") as replay:
        response = provider.chat(ask("Why does the pod restart?"), on_token=tokens.append)
    assert tokens == ["The", " pod", " restarts", " because", " its", " liveness", " probe", " fails", "."]
    assert response.message.content == "".join(tokens)
    assert (response.usage.input_tokens, response.usage.output_tokens) == (27, 9)
    assert response.model == "gpt-4o-mini-2024-07-18"
    sent = replay.body(0)
    assert sent["stream"] is True
    assert sent["stream_options"] == {"include_usage": True}


def test_streamed_tool_call_is_assembled_from_chunks(cassette, llm_settings):
    provider = OpenAIProvider(llm_settings())
    tokens: list[str] = []
    with cassette("openai/streaming_tool_call.yaml"):
        response = provider.chat(ask("Why is the shop down?"), [GET_PODS], on_token=tokens.append)
    assert tokens == []
    assert response.message.tool_calls == [
        ToolCall(id="call_Str3amT00lC4ll9x8w7v6u5t", name="get_pods", arguments={"namespace": "shop"})]
    assert (response.usage.input_tokens, response.usage.output_tokens) == (61, 16)


def test_malformed_tool_arguments_become_an_arguments_error(cassette, llm_settings):
    provider = OpenAIProvider(llm_settings())
    with cassette("openai/malformed_tool_args.yaml"):
        response = provider.chat(ask("Why is the shop down?"), [GET_PODS])
    [call] = response.message.tool_calls
    assert (call.id, call.name, call.arguments) == ("call_Bad0JsonArgs1x2y3z4w5v6u", "get_pods", {})
    assert "not valid JSON" in call.arguments_error
    assert '{"namespace": "shop"' in call.arguments_error


def test_base_url_without_key_uses_the_placeholder_key(cassette, llm_settings):
    settings = llm_settings(openai_api_key=None, openai_base_url="http://ollama.internal:11434/v1",
                            openai_model="llama3.1:8b")
    provider = OpenAIProvider(settings)
    with cassette("openai/local_server.yaml") as replay:
        response = provider.chat(ask("hello"))
    assert response.message.content == "Hello from a local model."
    assert response.model == "llama3.1:8b"
    assert replay.sent[0].uri == "http://ollama.internal:11434/v1/chat/completions"
    assert replay.body(0)["model"] == "llama3.1:8b"
    assert PLACEHOLDER_KEY == "not-needed"


def test_no_key_and_no_base_url_is_a_config_error(llm_settings):
    with pytest.raises(ProviderError) as caught:
        OpenAIProvider(llm_settings(openai_api_key=None))
    assert caught.value.kind == "config"
    assert "export OPENAI_API_KEY=" in caught.value.hint
    assert "AGENT_PROVIDERS=builtin" in caught.value.hint


def test_api_key_never_reaches_the_recorded_request(cassette, llm_settings):
    provider = OpenAIProvider(llm_settings())
    with cassette("openai/plain_answer.yaml") as replay:
        provider.chat(ask("Which namespace runs the shop?"))
    recorded = replay.sent[0]
    assert "authorization" not in {k.lower() for k in recorded.headers}
    assert FAKE_OPENAI_KEY not in replay.raw_body(0)


@pytest.mark.parametrize(("name", "kind", "attempts", "hint_part"), [
    ("auth_401", "auth", 1, "export OPENAI_API_KEY="),
    ("rate_limit_429", "rate_limit", 2, "AGENT_MAX_RETRIES"),
    ("server_500", "server", 2, "another provider"),
    ("model_not_found_404", "config", 1, "AGENT_OPENAI_MODEL"),
])
def test_http_errors_map_to_provider_error_kinds(cassette, llm_settings, name, kind, attempts, hint_part):
    provider = OpenAIProvider(llm_settings(max_retries=1))
    with cassette(f"openai/{name}.yaml") as replay:
        with pytest.raises(ProviderError) as caught:
            provider.chat(ask("hello"))
    error = caught.value
    assert (error.provider, error.kind) == ("openai", kind)
    assert hint_part in error.hint
    assert len(replay.sent) == attempts  # 429 and 5xx are retried max_retries times, then given up
    assert "Error code:" not in error.message  # the server's message, not the SDK's dump
