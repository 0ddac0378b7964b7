"""The fallback chain: order, kinds that fall back, stickiness, notices, and real wire failures."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from agent.errors import ProviderError
from agent.providers.anthropic_provider import AnthropicProvider
from agent.providers.base import ChatResponse, Message, Provider, StreamCallback, ToolSpec
from agent.providers.builtin import BuiltinProvider
from agent.providers.chain import FALLBACK_KINDS, FallbackChain, UnavailableProvider, build_chain
from agent.providers.openai_provider import OpenAIProvider

QUESTION = [Message(role="user", content="hello")]


class Scripted(Provider):
    """Fails with the given errors first, then answers; counts its calls."""

    def __init__(self, name: str, *errors: ProviderError) -> None:
        self.name = name
        self.model = f"{name}-model"
        self.errors = list(errors)
        self.calls = 0

    def chat(self, messages: list[Message], tools: list[ToolSpec] | None = None,
             on_token: StreamCallback | None = None) -> ChatResponse:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return ChatResponse(message=Message(role="assistant", content=f"answer from {self.name}"))


def failure(provider: str, kind: str) -> ProviderError:
    return ProviderError(provider, kind, f"{kind} failure", hint="do something")


@pytest.mark.parametrize("kind", sorted(FALLBACK_KINDS))
def test_each_fallback_kind_moves_to_the_next_provider_and_is_reported(kind):
    first, second = Scripted("openai", failure("openai", kind)), Scripted("anthropic")
    notices: list[tuple[str, str, str]] = []
    chain = FallbackChain([first, second], on_fallback=lambda a, b, e: notices.append((a, b, e.kind)))
    response = chain.chat(QUESTION)
    assert response.message.content == "answer from anthropic"
    assert (response.provider, response.model) == ("anthropic", "anthropic-model")
    assert notices == [("openai", "anthropic", kind)]


def test_bad_response_is_not_a_reason_to_fall_back():
    chain = FallbackChain([Scripted("openai", failure("openai", "bad_response")), Scripted("anthropic")])
    with pytest.raises(ProviderError) as caught:
        chain.chat(QUESTION)
    assert caught.value.kind == "bad_response"


def test_a_failed_provider_is_skipped_for_the_rest_of_the_session():
    first, second = Scripted("openai", failure("openai", "rate_limit")), Scripted("anthropic")
    chain = FallbackChain([first, second])
    assert chain.name == "openai"
    chain.chat(QUESTION)
    chain.chat(QUESTION)
    chain.chat(QUESTION)
    assert (first.calls, second.calls) == (1, 3)
    assert (chain.name, chain.model) == ("anthropic", "anthropic-model")


def test_every_provider_failing_raises_with_the_last_error_and_the_offline_hint():
    chain = FallbackChain([Scripted("openai", failure("openai", "auth")),
                           Scripted("anthropic", failure("anthropic", "timeout"))])
    with pytest.raises(ProviderError) as caught:
        chain.chat(QUESTION)
    assert caught.value.kind == "timeout"
    assert "every provider failed (openai, anthropic)" in caught.value.message
    assert "AGENT_PROVIDERS=builtin" in caught.value.hint
    with pytest.raises(ProviderError):
        chain.chat(QUESTION)  # still failed: nothing is retried later in the session


def test_subscribers_hear_fallbacks_until_they_unsubscribe():
    chain = FallbackChain([Scripted("openai", failure("openai", "server")),
                           Scripted("anthropic", failure("anthropic", "server")), Scripted("builtin")])
    heard: list[str] = []
    unsubscribe = chain.subscribe(lambda a, b, e: heard.append(f"{a}->{b}"))
    chain.chat(QUESTION)
    unsubscribe()
    assert heard == ["openai->anthropic", "anthropic->builtin"]


def test_unavailable_provider_fails_with_its_construction_error_and_is_skipped():
    missing = failure("anthropic", "config")
    notices: list[str] = []
    chain = FallbackChain([UnavailableProvider("anthropic", missing), Scripted("builtin")],
                          on_fallback=lambda a, b, e: notices.append(e.message))
    assert chain.chat(QUESTION).provider == "builtin"
    assert notices == [missing.message]


def test_build_chain_skips_providers_without_keys(llm_settings):
    chain = build_chain(llm_settings(anthropic_api_key=None, providers=["anthropic", "openai", "builtin"]))
    assert isinstance(chain, FallbackChain)
    assert [type(p) for p in chain.providers] == [UnavailableProvider, OpenAIProvider, BuiltinProvider]
    assert chain.providers[0].error.kind == "config"


def test_build_chain_default_order_is_the_providers_with_keys_then_builtin(llm_settings):
    chain = build_chain(llm_settings(anthropic_api_key=None))
    assert [p.name for p in chain.providers] == ["openai", "builtin"]
    assert isinstance(build_chain(llm_settings(openai_api_key=None, anthropic_api_key=None)), BuiltinProvider)


def test_a_single_chosen_provider_raises_its_own_errors(llm_settings):
    with pytest.raises(ProviderError) as caught:
        build_chain(llm_settings(openai_api_key=None, providers=["openai"]))
    assert caught.value.kind == "config"
    assert "OPENAI_API_KEY" in caught.value.hint


@pytest.mark.parametrize(("name", "kind"), [("openai_401_then_anthropic", "auth"),
                                            ("openai_429_then_anthropic", "rate_limit"),
                                            ("openai_500_then_anthropic", "server")])
def test_http_failure_falls_back_to_anthropic_over_the_wire(cassette, llm_settings, name, kind):
    settings = llm_settings(max_retries=1)
    notices: list[tuple[str, str, ProviderError]] = []
    chain = FallbackChain([OpenAIProvider(settings), AnthropicProvider(settings)],
                          on_fallback=lambda a, b, e: notices.append((a, b, e)))
    with cassette(f"chain/{name}.yaml") as replay:
        response = chain.chat([Message(role="system", content="Be brief."), *QUESTION])
    assert response.message.content == "Answered by Claude after the fallback."
    assert (response.provider, response.model) == ("anthropic", "claude-sonnet-4-6")
    [(source, target, error)] = notices
    assert (source, target, error.kind) == ("openai", "anthropic", kind)
    hosts = [r.host for r in replay.sent]
    assert hosts[-1] == "api.anthropic.com" and set(hosts[:-1]) == {"api.openai.com"}


class _SlowHandler(BaseHTTPRequestHandler):
    release: threading.Event

    def do_POST(self) -> None:  # noqa: N802 (http.server API)
        self.release.wait(10)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A local OpenAI-compatible URL that accepts the request and never answers in time."""
    release = threading.Event()
    handler = type("Handler", (_SlowHandler,), {"release": release})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    release.set()
    server.shutdown()
    server.server_close()


def test_timeout_falls_back_to_anthropic(cassette, llm_settings, silent_server):
    settings = llm_settings(openai_base_url=silent_server, request_timeout=0.5, max_retries=0)
    notices: list[ProviderError] = []
    chain = FallbackChain([OpenAIProvider(settings), AnthropicProvider(llm_settings(max_retries=0))],
                          on_fallback=lambda a, b, e: notices.append(e))
    with cassette("chain/anthropic_after_openai_timeout.yaml"):
        response = chain.chat(QUESTION)
    assert response.provider == "anthropic"
    assert [e.kind for e in notices] == ["timeout"]
    assert "AGENT_REQUEST_TIMEOUT" in notices[0].hint


def test_connection_refused_is_unreachable(llm_settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens there
    provider = OpenAIProvider(llm_settings(openai_base_url=f"http://127.0.0.1:{port}/v1", max_retries=0))
    with pytest.raises(ProviderError) as caught:
        provider.chat(QUESTION)
    assert caught.value.kind == "unreachable"
    assert "OPENAI_BASE_URL" in caught.value.hint
