"""Errors of the validation package."""

from __future__ import annotations

from agent.errors import AgentError


class ValidatorUnavailable(AgentError):
    """A validator's program is missing or did not run to completion."""


class ValidatorNotInstalled(ValidatorUnavailable):
    """A validator's program or library is not installed: the check is skipped, never counted as a failure."""


class ValidationFailed(AgentError):
    """At least one validator failed or could not run; the report says which and why."""
