"""The anthropic provider against hand-written Messages API cassettes (JSON and SSE events)."""

from __future__ import annotations

import pytest

from agent.errors import ProviderError
from agent.providers.anthropic_provider import AnthropicProvider
from agent.providers.base import Message, ToolCall, ToolSpec
from tests.conftest import FAKE_ANTHROPIC_KEY

GET_PODS = ToolSpec(name="get_pods", description="List the pods of a namespace.",
                    parameters={"type": "object", "properties": {"namespace": {"type": "string"}},
                                "required": ["namespace"]})
SYSTEM = Message(role="system", content="You are an operations assistant.")


def ask(text: str) -> list[Message]:
    return [SYSTEM, Message(role="user", content=text)]


def test_plain_answer_with_usage_and_model(cassette, llm_settings):
    provider = AnthropicProvider(llm_settings())
    with cassette("anthropic/plain_answer.yaml") as replay:
        response = provider.chat(ask("Which namespace runs the shop?"))
    assert response.message.content == "The shop runs in the `shop` namespace."
    assert (response.usage.input_tokens, response.usage.output_tokens) == (31, 12)
    assert (response.provider, response.model) == ("anthropic", "claude-sonnet-4-6")
    sent = replay.body(0)
    assert sent["model"] == "claude-sonnet-4-6"
    assert sent["system"] == "You are an operations assistant."
    assert sent["messages"] == [{"role": "user", "content": "Which namespace runs the shop?"}]
    assert sent["max_tokens"] > 0


def test_tool_use_round_trip(cassette, llm_settings):
    provider = AnthropicProvider(llm_settings())
    messages = ask("Why is the shop down?")
    with cassette("anthropic/tool_round_trip.yaml") as replay:
        first = provider.chat(messages, [GET_PODS])
        assert first.message.content == "I will list the pods in shop."
        assert first.message.tool_calls == [
            ToolCall(id="toolu_01A09q90qw90lq917835lq9", name="get_pods", arguments={"namespace": "shop"})]
        messages += [first.message, Message(role="tool", tool_call_id="toolu_01A09q90qw90lq917835lq9",
                                            name="get_pods", content="web-7d4b9c 0/1 CrashLoopBackOff")]
        second = provider.chat(messages, [GET_PODS])
    assert second.message.content == "The pod `web-7d4b9c` in `shop` is in CrashLoopBackOff."
    assert replay.body(0)["tools"] == [{"name": "get_pods", "description": GET_PODS.description,
                                        "input_schema": GET_PODS.parameters}]
    assistant, tool_result = replay.body(1)["messages"][1:]
    assert assistant["role"] == "assistant"
    assert {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_pods",
            "input": {"namespace": "shop"}} in assistant["content"]
    assert tool_result["role"] == "user"
    [block] = tool_result["content"]
    assert (block["type"], block["tool_use_id"]) == ("tool_result", "toolu_01A09q90qw90lq917835lq9")
    assert block["content"] == "web-7d4b9c 0/1 CrashLoopBackOff"


def test_streaming_text_with_usage(cassette, llm_settings):
    provider = AnthropicProvider(llm_settings())
    tokens: list[str] = []
    with cassette("anthropic/streaming.yaml") as replay:
        response = provider.chat(ask("Why does the pod restart?"), on_token=tokens.append)
    assert tokens == ["The pod", " restarts because", " its liveness probe fails."]
    assert response.message.content == "The pod restarts because its liveness probe fails."
    assert (response.usage.input_tokens, response.usage.output_tokens) == (31, 15)
    assert response.model == "claude-sonnet-4-6"
    assert replay.body(0)["stream"] is True


def test_streamed_tool_use_is_assembled_from_json_deltas(cassette, llm_settings):
    provider = AnthropicProvider(llm_settings())
    tokens: list[str] = []
    with cassette("anthropic/streaming_tool_use.yaml"):
        response = provider.chat(ask("Why is the shop down?"), [GET_PODS], on_token=tokens.append)
    assert tokens == ["Let me", " check the pods."]
    assert response.message.content == "Let me check the pods."
    assert response.message.tool_calls == [
        ToolCall(id="toolu_01T1x1fJ34qAmk2tNTrN7Up6", name="get_pods", arguments={"namespace": "shop"})]
    assert (response.usage.input_tokens, response.usage.output_tokens) == (412, 71)


def test_api_key_never_reaches_the_recorded_request(cassette, llm_settings):
    provider = AnthropicProvider(llm_settings())
    with cassette("anthropic/plain_answer.yaml") as replay:
        provider.chat(ask("Which namespace runs the shop?"))
    assert "x-api-key" not in {k.lower() for k in replay.sent[0].headers}
    assert FAKE_ANTHROPIC_KEY not in replay.raw_body(0)


def test_no_key_is_a_config_error(llm_settings):
    with pytest.raises(ProviderError) as caught:
        AnthropicProvider(llm_settings(anthropic_api_key=None))
    assert caught.value.kind == "config"
    assert "export ANTHROPIC_API_KEY=" in caught.value.hint


@pytest.mark.parametrize(("name", "kind", "attempts", "hint_part"), [
    ("auth_401", "auth", 1, "export ANTHROPIC_API_KEY="),
    ("overloaded_529", "server", 2, "another provider"),
])
def test_http_errors_map_to_provider_error_kinds(cassette, llm_settings, name, kind, attempts, hint_part):
    provider = AnthropicProvider(llm_settings(max_retries=1))
    with cassette(f"anthropic/{name}.yaml") as replay:
        with pytest.raises(ProviderError) as caught:
            provider.chat(ask("hello"))
    assert (caught.value.provider, caught.value.kind) == ("anthropic", kind)
    assert hint_part in caught.value.hint
    assert len(replay.sent) == attempts
