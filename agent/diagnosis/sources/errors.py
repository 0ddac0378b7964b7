"""Errors a cluster source raises. Each says what to do about it."""

from __future__ import annotations

from agent.errors import AgentError

OFFLINE_HINT = "or diagnose offline: `--snapshot DIR` (from `agent snapshot DIR` or `kubectl cluster-info dump`) " \
               "or `agent ask -f FILE` with pasted kubectl output"


class SourceError(AgentError):
    """The cluster could not be read."""


class NotFound(SourceError):
    """The object, namespace or API is not there."""


class UnknownContext(NotFound):
    """--context names a context the kubeconfig does not have: a usage error, not a cluster failure."""

    exit_code = 2


class Forbidden(SourceError):
    """The credentials may not do this (HTTP 401/403)."""


class Unreachable(SourceError):
    """No connection to the API server (or no cluster configured)."""


class Timeout(SourceError):
    """The API server did not answer in time."""


class ServerError(SourceError):
    """The API server failed (HTTP 5xx or a response we could not read)."""


def unreachable(server: str, detail: str, context: str | None) -> Unreachable:
    ctx = f" --context {context}" if context else ""
    return Unreachable(
        f"cannot reach the Kubernetes API server {server}: {detail}",
        hint=f"check `kubectl{ctx} cluster-info`, your kubeconfig ($KUBECONFIG or AGENT_KUBECONFIG) and --context; "
             f"{OFFLINE_HINT}",
    )


def no_cluster(detail: str) -> Unreachable:
    return Unreachable(
        f"no Kubernetes cluster is configured: {detail}",
        hint=f"point $KUBECONFIG (or AGENT_KUBECONFIG) at a kubeconfig, or run inside a pod; {OFFLINE_HINT}",
    )
