"""Build a provider by name. LLM provider modules are imported here, lazily, and nowhere else."""

from __future__ import annotations

from agent.config import Settings
from agent.errors import ConfigError
from agent.providers.base import Provider
from agent.providers.names import OLLAMA_DEFAULT_HOST, PROVIDERS, split_spec


def ollama_base_url() -> str:
    """Ollama's OpenAI-compatible endpoint: $OLLAMA_HOST (as the ollama CLI reads it) + /v1."""
    import os

    host = os.environ.get("OLLAMA_HOST") or OLLAMA_DEFAULT_HOST
    host = host if "://" in host else f"http://{host}"
    return host.rstrip("/") + "/v1"


def make_provider(spec: str, settings: Settings) -> Provider:
    """The provider a PROVIDER[:MODEL] spec names; the model in the spec overrides the configured one.

    Raises ProviderError(kind="config") when the provider cannot be used (e.g. no API key).
    """
    name, model = split_spec(spec)
    if name == "ollama":
        from agent.providers.openai_provider import OpenAIProvider

        return OpenAIProvider(settings.model_copy(update={"openai_model": model, "openai_base_url": ollama_base_url(),
                                                     "openai_api_key": None}),
                              name="ollama")
    if model:
        settings = settings.model_copy(update={f"{name}_model": model})
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
