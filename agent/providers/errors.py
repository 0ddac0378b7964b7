"""Turn an LLM SDK exception into a `ProviderError` whose kind drives the fallback chain.

The openai and anthropic SDKs share the same exception names (AuthenticationError,
RateLimitError, APITimeoutError, ...), and LangChain's wrappers subclass them, so
one mapping serves both: the caller passes the SDK module it used.
"""

from __future__ import annotations

from types import ModuleType

from agent.errors import ProviderError

OFFLINE_HINT = "or AGENT_PROVIDERS=builtin to work offline"


def missing_key_error(provider: str, key_env: str, extra: str = "") -> ProviderError:
    """The provider cannot be built: no API key."""
    return ProviderError(provider, "config", f"no API key ({key_env} is not set)",
                         hint=f"export {key_env}=...{extra}, {OFFLINE_HINT}")


def is_sdk_error(exc: BaseException, sdk: ModuleType) -> bool:
    return isinstance(exc, sdk.APIError)


def map_sdk_error(provider: str, exc: BaseException, *, sdk: ModuleType, key_env: str,
                  model_env: str, timeout: float, max_retries: int, base_url_env: str | None = None) -> ProviderError:
    """Classify `exc` (an `sdk.APIError`) as one of ProviderError.KINDS, with a hint saying what to do."""
    detail = _detail(exc)
    where = f" ({base_url_env} if the server is elsewhere)" if base_url_env else ""
    # APITimeoutError subclasses APIConnectionError: test it first
    if isinstance(exc, sdk.APITimeoutError):
        return ProviderError(provider, "timeout", f"no answer within {timeout:g}s",
                             hint=f"raise AGENT_REQUEST_TIMEOUT (now {timeout:g}s) or check that the endpoint is healthy")
    if isinstance(exc, sdk.APIConnectionError):
        return ProviderError(provider, "unreachable", f"cannot connect: {detail}",
                             hint=f"check the network and the endpoint address{where}, {OFFLINE_HINT}")
    if isinstance(exc, (sdk.AuthenticationError, sdk.PermissionDeniedError)):
        return ProviderError(provider, "auth", f"the API key was rejected (HTTP {exc.status_code}): {detail}",
                             hint=f"export {key_env}=<a valid key>, {OFFLINE_HINT}")
    if isinstance(exc, sdk.RateLimitError):
        return ProviderError(provider, "rate_limit", f"rate limited (HTTP 429) after {max_retries} retries: {detail}",
                             hint="wait a minute, raise AGENT_MAX_RETRIES, or put another provider first in AGENT_PROVIDERS")
    if isinstance(exc, sdk.APIStatusError):
        status = exc.status_code
        if status >= 500:
            return ProviderError(provider, "server", f"server error (HTTP {status}) after {max_retries} retries: {detail}",
                                 hint="the provider is having trouble; try again later or use another provider")
        if status == 404:
            return ProviderError(provider, "config", f"not found (HTTP 404): {detail}",
                                 hint=f"set {model_env} to a model the server serves{where}")
        return ProviderError(provider, "bad_response", f"the request was rejected (HTTP {status}): {detail}",
                             hint="this is likely a bug in the agent or an unsupported model; report it with the PHR")
    return ProviderError(provider, "bad_response", f"unexpected response: {detail}",
                         hint="the endpoint did not answer in the provider's API format; check the model and endpoint")


def _detail(exc: BaseException) -> str:
    """The server's own error message (not the SDK's "Error code: 401 - {...}" dump), redacted."""
    from agent.redact import redact

    body = getattr(exc, "body", None)
    message = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else None
    message = message or getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return redact(" ".join(str(message).split()))[:300]
