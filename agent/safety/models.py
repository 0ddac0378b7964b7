"""What the classifier says about one command line."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

from agent.tooling.base import Modifies


class Program(str, Enum):
    KUBECTL = "kubectl"
    HELM = "helm"
    DOCKER = "docker"
    OTHER = "other"


class Target(BaseModel):
    kind: str | None = None  # canonical, lower-case, singular: "namespace", "persistentvolumeclaim"
    name: str | None = None  # None: every object the selector (--all, -l, a file) covers
    namespace: str | None = None


class CommandClass(BaseModel):
    modifies: Modifies
    program: Program
    verb: str = ""  # "delete", "rollout restart", "compose up"
    reason: str
    destructive: bool = False  # deletes, uninstalls, drains or prunes
    confirm_text: str | None = None
    targets: list[Target] = Field(default_factory=list)
    namespace: str | None = None
    all_namespaces: bool = False
    interactive: bool = False  # streams until interrupted or wants a terminal (-w, -f, port-forward, edit, -it)
    shell_construct: str | None = None  # the pipe, list, substitution or redirection that made it unknown
    argv: list[str] = Field(default_factory=list)  # the command itself, wrappers (env, sudo, watch) removed
    # what the command can do besides reading: "api-write", "local-write", "runs-program"
    capabilities: list[str] = Field(default_factory=list)
