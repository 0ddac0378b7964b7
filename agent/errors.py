"""Typed errors. Each carries a hint: what the user can do about it."""

from __future__ import annotations


class AgentError(Exception):
    """Base for every error the CLI turns into a message and an exit code."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class UsageError(AgentError):
    """The command line or the input file is wrong."""

    exit_code = 2


class ConfigError(AgentError):
    """A setting is missing or invalid."""

    exit_code = 2


class ApprovalRequired(AgentError):
    """A mutation needs confirmation and none could be asked for."""

    exit_code = 1


class ProviderError(AgentError):
    """An LLM provider failed. `kind` tells the fallback chain whether to move on."""

    KINDS = ("auth", "rate_limit", "unreachable", "timeout", "server", "bad_response", "config")

    def __init__(self, provider: str, kind: str, message: str, hint: str | None = None) -> None:
        super().__init__(f"{provider}: {message}", hint)
        self.provider = provider
        self.kind = kind
