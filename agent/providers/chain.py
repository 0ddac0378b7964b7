"""The fallback chain: try providers in order, move on when one is down, and say so.

A provider that failed once is skipped for the rest of the session (sticky), so a
conversation does not bounce between models. With a single provider (`--provider
NAME`) there is nothing to fall back to and its error reaches the user.
"""

from __future__ import annotations

from typing import Callable

from agent.config import Settings
from agent.errors import ProviderError
from agent.providers.base import ChatResponse, Message, Provider, StreamCallback, ToolSpec

FALLBACK_KINDS = frozenset({"auth", "rate_limit", "unreachable", "timeout", "server", "config"})

FallbackListener = Callable[[str, str, ProviderError], None]


class UnavailableProvider(Provider):
    """Stands in for a provider that could not be built; fails with the construction error when asked.

    Keeping it in the chain (rather than dropping it) makes the skip visible: the
    chain reports it through `on_fallback` like any other failure.
    """

    def __init__(self, name: str, error: ProviderError) -> None:
        self.name = name
        self.model = ""
        self.error = error

    def chat(self, messages: list[Message], tools: list[ToolSpec] | None = None,
             on_token: StreamCallback | None = None) -> ChatResponse:
        raise self.error


class FallbackChain(Provider):
    def __init__(self, providers: list[Provider], on_fallback: FallbackListener | None = None) -> None:
        if not providers:
            raise ValueError("a fallback chain needs at least one provider")
        self.providers = list(providers)
        self._listeners: list[FallbackListener] = [on_fallback] if on_fallback else []
        self._failed: set[int] = set()
        self.last_error: ProviderError | None = None

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.current.name

    @property
    def model(self) -> str:  # type: ignore[override]
        return self.current.model

    @property
    def current(self) -> Provider:
        """The provider the next request goes to (the last one once all have failed)."""
        live = self._live()
        return self.providers[live[0]] if live else self.providers[-1]

    def subscribe(self, listener: FallbackListener) -> Callable[[], None]:
        """Add a fallback listener; returns a function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def chat(self, messages: list[Message], tools: list[ToolSpec] | None = None,
             on_token: StreamCallback | None = None) -> ChatResponse:
        while True:
            live = self._live()
            if not live:
                raise self._exhausted()
            provider = self.providers[live[0]]
            try:
                response = provider.chat(messages, tools, on_token)
            except ProviderError as error:
                if error.kind not in FALLBACK_KINDS or len(self.providers) == 1:
                    raise
                self._failed.add(live[0])
                self.last_error = error
                if len(live) == 1:
                    raise self._exhausted() from error
                self._notify(provider.name, self.providers[live[1]].name, error)
                continue
            return response.model_copy(update={"provider": response.provider or provider.name,
                                               "model": response.model or provider.model})

    def _live(self) -> list[int]:
        return [i for i in range(len(self.providers)) if i not in self._failed]

    def _notify(self, from_name: str, to_name: str, error: ProviderError) -> None:
        for listener in list(self._listeners):
            listener(from_name, to_name, error)

    def _exhausted(self) -> ProviderError:
        last = self.last_error
        assert last is not None, "only called after a provider failed"
        names = ", ".join(p.name for p in self.providers)
        return ProviderError(last.provider, last.kind, f"every provider failed ({names}); last: {last.message}",
                             hint=f"{last.hint}; AGENT_PROVIDERS=builtin always works offline" if last.hint
                             else "AGENT_PROVIDERS=builtin always works offline")


def build_chain(settings: Settings, on_fallback: FallbackListener | None = None) -> Provider:
    """The provider chain from `settings.provider_order()`.

    A single configured provider is returned as is: its errors (including a
    missing key) reach the user instead of being skipped.
    """
    from agent.providers.registry import make_provider

    order = settings.provider_order()
    if len(order) == 1:
        return make_provider(order[0], settings)
    providers: list[Provider] = []
    for name in order:
        try:
            providers.append(make_provider(name, settings))
        except ProviderError as error:
            providers.append(UnavailableProvider(name, error))
    return FallbackChain(providers, on_fallback)
