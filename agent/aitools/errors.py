"""Errors of the external AI tools (kubectl-ai, kagent, Gordon), each with what to do about it."""

from __future__ import annotations

from agent.errors import AgentError


class AiToolError(AgentError):
    """An AI tool ran but could not be used; `reason` is a short machine-readable kind."""

    reason = "failed"

    def __init__(self, tool: str, message: str, hint: str | None = None) -> None:
        super().__init__(f"{tool}: {message}", hint)
        self.tool = tool


class AiToolNotReady(AiToolError):
    """Installed but not usable yet: not signed in, feature disabled, controller missing, no model key."""

    reason = "not_ready"


class AiToolTimeout(AiToolError):
    reason = "timeout"


class AiToolFailed(AiToolError):
    """A non-zero exit that is not one of the known readiness problems."""

    reason = "failed"


class NoArtifactFound(AiToolError):
    """The tool answered, but its output holds no Dockerfile / manifest to use."""

    reason = "no_artifact"


class AiToolMissing(AiToolError):
    """The program is not on PATH, or its version check fails (for `docker ai`: the feature is off)."""

    reason = "not_installed"


class StepNotApplicable(AgentError):
    """The step cannot produce this kind of artifact (kubectl-ai and Helm chart values)."""
