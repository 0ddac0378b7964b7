"""kubectl-ai (GoogleCloudPlatform/kubectl-ai): natural language -> kubectl and manifests.

Run non-interactively as `kubectl-ai --quiet [--llm-provider P] [--model M] "PROMPT"`.
`--skip-permissions` (which lets it run mutating kubectl commands without asking) is
passed only when our own approval gate approved the call.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import BaseModel, Field

from agent.aitools.errors import AiToolNotReady, NoArtifactFound
from agent.aitools.external import generic_failure, presence, run_tool
from agent.aitools.extract import yaml_documents
from agent.aitools.models import AiToolReply, ManifestReply, ToolPresence
from agent.tooling.base import Artifact, Modifies, Tool, ToolContext, ToolResult

PROGRAM = "kubectl-ai"
NAME = "kubectl-ai"
VERSION_ARGV = [PROGRAM, "version"]
INSTALL_FIX = ("install it: curl -sSL https://raw.githubusercontent.com/GoogleCloudPlatform/kubectl-ai/main/install.sh"
               " | bash (or `kubectl krew install ai`), and export the key of its LLM (GEMINI_API_KEY by default)")
NO_KEY = re.compile(r"(api[_ ]?key|GEMINI_API_KEY|OPENAI_API_KEY|credentials|unauthenticated|permission denied.*model)",
                    re.I)
NO_CLUSTER = re.compile(r"(connection refused|unable to connect to the server|no configuration has been provided|"
                        r"kubeconfig)", re.I)
RUNNING_LINE = re.compile(r"^\s*Running:\s*(.+)$", re.M)


def detect(timeout: float = 10.0) -> ToolPresence:
    return presence(NAME, VERSION_ARGV, INSTALL_FIX, timeout=timeout)


def argv(prompt: str, *, llm_provider: str | None = None, model: str | None = None,
         skip_permissions: bool = False) -> list[str]:
    args = [PROGRAM, "--quiet"]
    if llm_provider:
        args += ["--llm-provider", llm_provider]
    if model:
        args += ["--model", model]
    if skip_permissions:
        args.append("--skip-permissions")
    return [*args, prompt]


def run(prompt: str, *, timeout: float, llm_provider: str | None = None, model: str | None = None,
        skip_permissions: bool = False) -> AiToolReply:
    """One run; raises AiToolError subclasses or ToolNotInstalled."""
    command = argv(prompt, llm_provider=llm_provider, model=model, skip_permissions=skip_permissions)
    result = run_tool(NAME, command, timeout=timeout)
    if not result.ok:
        output = result.stderr + result.stdout
        if NO_KEY.search(output):
            raise AiToolNotReady(NAME, f"its LLM is not configured: {output.strip().splitlines()[-1][:200]}",
                                 hint="export the key of kubectl-ai's provider (GEMINI_API_KEY by default, or "
                                      "pass --llm-provider openai with OPENAI_API_KEY)")
        if NO_CLUSTER.search(output):
            raise AiToolNotReady(NAME, "cannot reach the cluster",
                                 hint="check `kubectl cluster-info` and the kube context kubectl-ai uses")
        raise generic_failure(NAME, result, "run the same command by hand to see its error, or use --via llm")
    return AiToolReply(argv=command, output=result.stdout)


def generation_prompt(request: str) -> str:
    return (f"{request}\n\nOutput only the Kubernetes YAML manifests, as one ```yaml block with documents "
            "separated by ---. Do not apply anything to the cluster and do not run kubectl commands.")


def generate_manifests(request: str, *, timeout: float, llm_provider: str | None = None,
                       model: str | None = None) -> ManifestReply:
    """The manifests kubectl-ai answers a request with; NoArtifactFound when there are none."""
    reply = run(generation_prompt(request), timeout=timeout, llm_provider=llm_provider, model=model)
    documents = yaml_documents(reply.output)
    if not documents:
        raise NoArtifactFound(NAME, "its answer contains no Kubernetes manifest (no YAML with apiVersion and kind)",
                              hint="rephrase the request, or let the chain fall back to the LLM / builtin generator")
    return ManifestReply(argv=reply.argv, output=reply.output, documents=documents)


def commands_run(output: str) -> list[str]:
    """The kubectl commands kubectl-ai reports it ran (`Running: kubectl get pods`)."""
    return [m.group(1).strip() for m in RUNNING_LINE.finditer(output)]


class KubectlAiArgs(BaseModel):
    request: str = Field(description="What to ask kubectl-ai, in plain language")
    allow_changes: bool = Field(default=False, description="Let kubectl-ai run mutating kubectl commands "
                                                           "(asks the user first)")


class KubectlAiTool(Tool):
    name: ClassVar[str] = "kubectl_ai"
    description: ClassVar[str] = ("Ask kubectl-ai (Google's Kubernetes assistant) a question or for manifests; "
                                  "it runs kubectl reads itself. allow_changes lets it mutate, after approval.")
    Args: ClassVar[type[BaseModel]] = KubectlAiArgs

    def modifies(self, args: BaseModel) -> Modifies:
        assert isinstance(args, KubectlAiArgs)
        # without --skip-permissions kubectl-ai refuses mutating commands in --quiet mode
        return Modifies.UNKNOWN if args.allow_changes else Modifies.NO

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, KubectlAiArgs)
        return " ".join(argv(args.request, skip_permissions=args.allow_changes))

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, KubectlAiArgs)
        timeout = getattr(ctx.settings, "tool_timeout", 120.0)
        reply = run(args.request, timeout=timeout, skip_permissions=args.allow_changes)
        artifacts = [Artifact(name=f"manifest-{i}.yaml", content=doc, media_type="application/yaml")
                     for i, doc in enumerate(yaml_documents(reply.output), 1)]
        return ToolResult.ok(reply.output.strip() or "(kubectl-ai printed nothing)", artifacts=artifacts,
                             data={"argv": reply.argv, "ran": commands_run(reply.output)})
