"""Generation and validation as tools: the builtin engine and the LLM call the same library functions as the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, Field

from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult


class GenerateArgs(BaseModel):
    path: str = Field(description="The application's root directory (a monorepo yields several services)")
    out: str | None = Field(default=None, description="Where to write the artifacts; default: the application root")
    plan_only: bool = Field(default=True, description="Only detect and describe the plan; write nothing")


class GenerateTool(Tool):
    name: ClassVar[str] = "generate"
    description: ClassVar[str] = (
        "Detect an application's services and generate Dockerfiles, Kubernetes manifests, a Helm chart, scripts "
        "and docs following the project constitution. plan_only=true describes the plan without writing.")
    Args: ClassVar[type[BaseModel]] = GenerateArgs

    def modifies(self, args: GenerateArgs) -> Modifies:
        return Modifies.NO if args.plan_only else Modifies.YES

    def describe_call(self, args: GenerateArgs) -> str:
        if args.plan_only:
            return f"agent generate {args.path} --plan"
        return f"agent generate {args.path} --out {args.out or args.path}"

    def run(self, args: GenerateArgs, ctx: ToolContext) -> ToolResult:
        from agent.errors import AgentError
        from agent.gate import ApprovalGate
        from agent.generation.plan_text import guesses_text, plan_text
        from agent.generation.service import GenerationRequest, GenerationService

        root = (ctx.workdir / args.path).resolve()
        out = (ctx.workdir / (args.out or args.path)).resolve()
        if not root.is_dir():
            return ToolResult.error(f"{root} is not a directory; give the application's root directory")
        gate = ctx.extras.get("gate") or ApprovalGate(read_only=True)
        # The same service as `agent generate`: chains, validation, diff review through the gate, the PHR.
        service = GenerationService(gate, settings=ctx.settings, recorder=ctx.extras.get("recorder"))
        request = GenerationRequest(app_root=root, out_root=out)
        try:
            plan = service.plan(request, partial=args.plan_only)
            if args.plan_only:
                return ToolResult.ok(plan_text(plan) + guesses_text(plan),
                                     data={"plan": plan.model_dump(mode="json")})
            result = service.generate(request, plan)
        except AgentError as exc:
            return ToolResult.error(f"{exc.message}\nhint: {exc.hint}" if exc.hint else exc.message)
        written = [c.path for c in result.write.written]
        text = f"wrote {len(written)} files under {out}:\n" + "\n".join(written)
        if result.validation_text:
            text += "\n\n" + result.validation_text
        guesses = guesses_text(plan)
        if guesses:
            text += "\n\nguessed values (confirm them in agent.toml):\n" + guesses
        return ToolResult.ok(text, data={"written": written, "validation_ok": result.validation_ok})


class ValidateArgs(BaseModel):
    path: str = Field(description="A directory with generated artifacts (docker/, k8s/, helm-charts/, scripts/)")


class ValidateTool(Tool):
    name: ClassVar[str] = "validate"
    description: ClassVar[str] = (
        "Validate Dockerfiles (hadolint), Helm charts (helm lint --strict, helm template), Kubernetes manifests "
        "(JSON schema, strict), IaC security (checkov) and scripts (shellcheck) under a directory.")
    Args: ClassVar[type[BaseModel]] = ValidateArgs

    def run(self, args: ValidateArgs, ctx: ToolContext) -> ToolResult:
        from agent.validation.render import render_text
        from agent.validation.runner import validate_path

        path = (ctx.workdir / args.path).resolve()
        if not Path(path).exists():
            return ToolResult.error(f"{path} does not exist")
        report = validate_path(path)
        return ToolResult.ok(render_text(report), data={"validation": report.model_dump(mode="json")})
