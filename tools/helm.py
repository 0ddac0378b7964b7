"""The Helm tools the agent exposes (`HelmReleasesTool` reads, `HelmRollbackTool` and `HelmUninstallTool`
mutate): thin adapters over `agent.programs.helm` and `agent.operate.releases`; the gate asks before the
mutating ones run."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from agent.errors import AgentError
from agent.programs.helm import (
    HelmClient,
    helm_rollback_command,
    helm_uninstall_command,
    render_releases,
)
from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult


def _namespace(args: Any, ctx: ToolContext) -> str:
    return args.namespace or getattr(ctx.settings, "namespace", None) or "default"


class HelmReleasesArgs(BaseModel):
    action: Literal["list", "status", "history"] = Field(description="list releases, or one release's status or "
                                                                     "revision history")
    release: str | None = Field(default=None, description="Release name (status, history)")
    namespace: str | None = Field(default=None, description="Namespace; default: the session's")


class HelmReleasesTool(Tool):
    name: ClassVar[str] = "helm_releases"
    description: ClassVar[str] = ("Read Helm releases: list them, or show one release's status or revision history "
                                  "(which revision is deployed, which failed).")
    Args: ClassVar[type[BaseModel]] = HelmReleasesArgs

    def __init__(self, config_factory: ConfigFactory | None = None) -> None:
        self.config_factory = config_factory

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, HelmReleasesArgs)
        client = HelmClient(ctx.settings, _namespace(args, ctx), config_factory=self.config_factory)
        try:
            if args.action == "list":
                rows = client.list()
                return ToolResult.ok(render_releases(rows), data={"releases": [r.model_dump() for r in rows]})
            if not args.release:
                return ToolResult.error(f"{args.action} needs a release name")
            if args.action == "status":
                info = client.status(args.release)
                return ToolResult.ok(render_releases([info]) + (f"\n\n{info.notes}" if info.notes else ""),
                                     data=info.model_dump())
            rows = client.history(args.release)
            return ToolResult.ok(render_releases(rows, history=True), data={"history": [r.model_dump() for r in rows]})
        except AgentError as exc:
            return ToolResult.error(str(exc))


class HelmRollbackArgs(BaseModel):
    release: str
    revision: int | None = Field(default=None, description="Revision to return to; default: the previous "
                                                           "successful one")
    namespace: str | None = None


class HelmRollbackTool(Tool):
    name: ClassVar[str] = "helm_rollback"
    description: ClassVar[str] = ("Roll a Helm release back to a revision (default: the previous successful one). "
                                  "Changes the cluster: the user approves it first.")
    Args: ClassVar[type[BaseModel]] = HelmRollbackArgs

    def __init__(self, settings: Any = None, config_factory: ConfigFactory | None = None) -> None:
        self.settings = settings
        self.config_factory = config_factory

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.YES

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, HelmRollbackArgs)
        namespace = args.namespace or getattr(self.settings, "namespace", None) or "default"
        return helm_rollback_command(args.release, args.revision, namespace, getattr(self.settings, "context", None))

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from agent.operate.releases import rollback_target

        assert isinstance(args, HelmRollbackArgs)
        client = HelmClient(ctx.settings, _namespace(args, ctx), config_factory=self.config_factory)
        try:
            revision = rollback_target(client.history(args.release), args.release, client.namespace, args.revision)
            client.rollback(args.release, revision)
        except AgentError as exc:
            return ToolResult.error(str(exc))
        return ToolResult.ok(f"{args.release} rolled back to revision {revision}", data={"revision": revision})


class HelmUninstallArgs(BaseModel):
    release: str
    namespace: str | None = None


class HelmUninstallTool(Tool):
    name: ClassVar[str] = "helm_uninstall"
    description: ClassVar[str] = ("Uninstall a Helm release and delete every object it created. The user must type "
                                  "the release name to approve.")
    Args: ClassVar[type[BaseModel]] = HelmUninstallArgs

    def __init__(self, settings: Any = None, config_factory: ConfigFactory | None = None) -> None:
        self.settings = settings
        self.config_factory = config_factory

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.YES

    def classification(self, args: BaseModel) -> Any:
        """What the loop's gate reads: the name to type back and what it deletes."""
        assert isinstance(args, HelmUninstallArgs)
        return SimpleNamespace(confirm_text=args.release,
                               reason=f"deletes every object of release {args.release}, Secrets and PVCs included")

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, HelmUninstallArgs)
        namespace = args.namespace or getattr(self.settings, "namespace", None) or "default"
        return helm_uninstall_command(args.release, namespace, getattr(self.settings, "context", None))

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, HelmUninstallArgs)
        client = HelmClient(ctx.settings, _namespace(args, ctx), config_factory=self.config_factory)
        try:
            return ToolResult.ok(client.uninstall(args.release))
        except AgentError as exc:
            return ToolResult.error(str(exc))
