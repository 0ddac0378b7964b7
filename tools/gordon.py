"""Gordon, Docker's AI agent (`docker ai`, Docker Desktop 4.61+ with the Docker AI beta feature enabled).

Run as `docker ai [-C DIR] "PROMPT"`; the Dockerfile is taken from its reply.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, Field

from agent.aitools.errors import AiToolNotReady, NoArtifactFound
from agent.aitools.external import generic_failure, presence, run_tool
from agent.aitools.extract import dockerfile
from agent.aitools.models import AiToolReply, DockerfileReply, ToolPresence
from agent.tooling.base import Artifact, Modifies, Tool, ToolContext, ToolResult

PROGRAM = "docker"
NAME = "gordon"
VERSION_ARGV = [PROGRAM, "ai", "version"]
ENABLE_FIX = ("install Docker Desktop 4.61+ and enable Settings > Beta features > Docker AI (Gordon), "
              "then sign in to Docker Desktop")
NOT_A_COMMAND = re.compile(r"'ai' is not a docker command|unknown command.*\bai\b", re.I)
NOT_SIGNED_IN = re.compile(r"(not signed in|not logged in|sign in|docker login|unauthorized)", re.I)
NOT_ENABLED = re.compile(r"(not enabled|disabled|beta feature|feature is off)", re.I)


def detect(timeout: float = 10.0) -> ToolPresence:
    return presence(NAME, VERSION_ARGV, ENABLE_FIX, timeout=timeout)


def argv(prompt: str, directory: Path | str | None = None) -> list[str]:
    return [PROGRAM, "ai", *(["-C", str(directory)] if directory else []), prompt]


def run(prompt: str, *, timeout: float, directory: Path | str | None = None) -> AiToolReply:
    command = argv(prompt, directory)
    result = run_tool(NAME, command, timeout=timeout)
    if not result.ok:
        output = result.stderr + result.stdout
        if NOT_A_COMMAND.search(output):
            raise AiToolNotReady(NAME, "this docker has no `ai` command", hint=ENABLE_FIX)
        if NOT_SIGNED_IN.search(output):
            raise AiToolNotReady(NAME, "Docker Desktop is not signed in", hint="sign in to Docker Desktop "
                                 "(`docker login`), then retry")
        if NOT_ENABLED.search(output):
            raise AiToolNotReady(NAME, "Docker AI is not enabled", hint=ENABLE_FIX)
        raise generic_failure(NAME, result, "run the same `docker ai` command by hand, or use --via llm")
    return AiToolReply(argv=command, output=result.stdout)


def dockerfile_prompt(request: str) -> str:
    return f"{request}\n\nReply with the complete Dockerfile in one ```dockerfile block."


def generate_dockerfile(request: str, *, timeout: float, directory: Path | str | None = None) -> DockerfileReply:
    """The Dockerfile in Gordon's reply; NoArtifactFound when the reply holds none."""
    reply = run(dockerfile_prompt(request), timeout=timeout, directory=directory)
    found = dockerfile(reply.output)
    if found is None:
        raise NoArtifactFound(NAME, "its reply contains no Dockerfile (no block with a FROM instruction)",
                              hint="rephrase the request, or let the chain fall back to the LLM / builtin generator")
    return DockerfileReply(argv=reply.argv, output=reply.output, dockerfile=found)


class GordonArgs(BaseModel):
    request: str = Field(description="What to ask Gordon (Dockerfile generation, image optimisation, ...)")
    directory: str | None = Field(default=None, description="Project directory Gordon should look at (-C)")


class GordonTool(Tool):
    name: ClassVar[str] = "gordon"
    description: ClassVar[str] = ("Ask Docker AI (Gordon) about Dockerfiles and images; a Dockerfile in its reply "
                                  "comes back as an artifact (nothing is written).")
    Args: ClassVar[type[BaseModel]] = GordonArgs

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.UNKNOWN  # Gordon can act on containers and images itself

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, GordonArgs)
        return " ".join(argv(args.request, args.directory))

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, GordonArgs)
        directory = (ctx.workdir / args.directory).resolve() if args.directory else None
        reply = run(args.request, timeout=getattr(ctx.settings, "tool_timeout", 120.0), directory=directory)
        found = dockerfile(reply.output)
        artifacts = [Artifact(name="Dockerfile", content=found, media_type="text/x-dockerfile")] if found else []
        return ToolResult.ok(reply.output.strip() or "(Gordon printed nothing)", artifacts=artifacts,
                             data={"argv": reply.argv})
