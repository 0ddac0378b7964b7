"""Build a provider by name. LLM provider modules are imported here, lazily, and nowhere else."""

from __future__ import annotations

from agent.config import Settings
from agent.errors import ConfigError
from agent.providers.base import Provider
from agent.providers.names import PROVIDERS


def make_provider(name: str, settings: Settings) -> Provider:
    """Raises ProviderError(kind="config") when the provider cannot be used (e.g. no API key)."""
    if name == "builtin":
        from agent.providers.builtin import BuiltinProvider

        return BuiltinProvider(settings)
    if name == "openai":
        from agent.providers.openai_provider import OpenAIProvider

        return OpenAIProvider(settings)
    if name == "anthropic":
        from agent.providers.anthropic_provider import AnthropicProvider

        return AnthropicProvider(settings)
    raise ConfigError(f"unknown provider {name!r}", hint=f"choose from {', '.join(PROVIDERS)} (AGENT_PROVIDERS)")
