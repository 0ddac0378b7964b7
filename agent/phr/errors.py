"""Errors raised while writing or reading Prompt History Records."""

from __future__ import annotations

from agent.errors import AgentError, UsageError


class PhrError(AgentError):
    """A record could not be written or read."""


class PhrNotFound(UsageError):
    """No record has the requested id."""
