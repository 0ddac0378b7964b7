"""The `openai` provider: OpenAI and every OpenAI-compatible server (Ollama, vLLM, LM Studio).

Speaks Chat Completions through `langchain_openai.ChatOpenAI` (the real `openai`
SDK underneath). With `OPENAI_BASE_URL` and no key it sends a placeholder key,
which local servers accept.
"""

from __future__ import annotations

import openai
from langchain_openai import ChatOpenAI

from agent.config import Settings
from agent.errors import ProviderError
from agent.providers.errors import map_sdk_error, missing_key_error
from agent.providers.langchain_adapter import LangChainProvider

KEY_ENV = "OPENAI_API_KEY"
# local OpenAI-compatible servers ignore the key, but the SDK refuses to start without one
PLACEHOLDER_KEY = "not-needed"


class OpenAIProvider(LangChainProvider):
    def __init__(self, settings: Settings, name: str = "openai") -> None:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        if not key and not settings.openai_base_url:
            raise missing_key_error("openai", KEY_ENV, extra=" (or OPENAI_BASE_URL=http://localhost:11434/v1 for Ollama)")
        chat_model = ChatOpenAI(
            model=settings.openai_model,
            api_key=key or PLACEHOLDER_KEY,
            base_url=settings.openai_base_url,
            timeout=settings.request_timeout,
            max_retries=settings.max_retries,
            stream_usage=True,
            # OpenAI-compatible servers implement Chat Completions, not the Responses API
            use_responses_api=False,
        )

        def map_error(exc: BaseException) -> ProviderError:
            return map_sdk_error(name, exc, sdk=openai, key_env=KEY_ENV, model_env="AGENT_OPENAI_MODEL",
                                 timeout=settings.request_timeout, max_retries=settings.max_retries,
                                 base_url_env="OPENAI_BASE_URL")

        super().__init__(name=name, model=settings.openai_model, chat_model=chat_model, sdk=openai,
                         map_error=map_error)
