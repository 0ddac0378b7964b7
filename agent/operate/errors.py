"""Errors of cluster operations. Each says what state the cluster is in and what to do."""

from __future__ import annotations

from agent.errors import AgentError


class KubeApiError(AgentError):
    """The API server refused or failed a request."""

    def __init__(self, message: str, hint: str | None = None, status: int | None = None) -> None:
        super().__init__(message, hint)
        self.status = status


class Conflict(KubeApiError):
    """409: another field manager owns the fields, or the object changed underneath us."""


class Forbidden(KubeApiError):
    """401/403: the credentials may not do this."""


class ApiTimeout(KubeApiError):
    """The API server did not answer in time."""


class Unreachable(KubeApiError):
    """No API server answers at the configured address."""


class InvalidObject(KubeApiError):
    """400/422: the server rejected the object as invalid."""


class ObjectNotFound(KubeApiError):
    """404: the object, namespace or resource type does not exist."""


class ManifestError(AgentError):
    """A manifest file cannot be read or does not describe Kubernetes objects."""

    exit_code = 2


class NotApproved(AgentError):
    """The approval gate refused a mutation; nothing was changed."""
