"""The `anthropic` provider: Claude through `langchain_anthropic.ChatAnthropic` (the real `anthropic` SDK)."""

from __future__ import annotations

import anthropic
from langchain_anthropic import ChatAnthropic

from agent.config import Settings
from agent.errors import ProviderError
from agent.providers.errors import map_sdk_error, missing_key_error
from agent.providers.langchain_adapter import LangChainProvider

KEY_ENV = "ANTHROPIC_API_KEY"


class AnthropicProvider(LangChainProvider):
    def __init__(self, settings: Settings) -> None:
        if not settings.anthropic_api_key:
            raise missing_key_error("anthropic", KEY_ENV)
        chat_model = ChatAnthropic(
            model=settings.anthropic_model,
            api_key=settings.anthropic_api_key,
            timeout=settings.request_timeout,
            max_retries=settings.max_retries,
            stream_usage=True,
        )

        def map_error(exc: BaseException) -> ProviderError:
            return map_sdk_error("anthropic", exc, sdk=anthropic, key_env=KEY_ENV, model_env="AGENT_ANTHROPIC_MODEL",
                                 timeout=settings.request_timeout, max_retries=settings.max_retries)

        super().__init__(name="anthropic", model=settings.anthropic_model, chat_model=chat_model, sdk=anthropic,
                         map_error=map_error)
