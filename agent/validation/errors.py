"""Errors of the validation package."""

from __future__ import annotations

from agent.errors import AgentError


class ValidatorUnavailable(AgentError):
    """A validator's program is missing or did not run to completion."""


class ValidationFailed(AgentError):
    """At least one validator failed or could not run; the report says which and why."""
