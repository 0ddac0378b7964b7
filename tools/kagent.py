"""kagent (kagent-dev/kagent): Kubernetes-native AI agents, invoked over A2A through its CLI.

Run as `kagent invoke --agent AGENT --task "TASK" [-n NAMESPACE] [--stream]`. The
result is A2A JSON: one Task object (possibly inside a JSON-RPC envelope), or with
`--stream` one event per line (`status-update`, `artifact-update`, `task`). The
kagent controller must run in the cluster (`kagent install`).
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from agent.aitools.errors import AiToolFailed, AiToolNotReady, NoArtifactFound
from agent.aitools.external import generic_failure, presence, run_tool
from agent.aitools.models import ToolPresence
from agent.tooling.base import Artifact, Modifies, Tool, ToolContext, ToolResult

PROGRAM = "kagent"
NAME = "kagent"
VERSION_ARGV = [PROGRAM, "version"]
DEFAULT_AGENT = "k8s-agent"
INSTALL_FIX = ("install the CLI (brew install kagent, or https://kagent.dev/docs/kagent/getting-started/quickstart), "
               "then `kagent install` to put its controller in the cluster")
CONTROLLER_DOWN = re.compile(r"(connection refused|no such host|failed to connect|dial tcp|controller|"
                             r"could not reach|503 service unavailable)", re.I)
AGENT_MISSING = re.compile(r"agent .*not found|no agent named|404", re.I)
FAILED_STATES = {"failed", "rejected", "canceled", "cancelled"}


class A2AResult(BaseModel):
    """What kagent answered: the final state, the agent's text and the artifacts it attached."""

    argv: list[str] = Field(default_factory=list)
    state: str = ""
    text: str = ""
    artifacts: list[Artifact] = Field(default_factory=list)
    events: int = 0
    error: str = ""  # a JSON-RPC error answer's message


def detect(timeout: float = 10.0) -> ToolPresence:
    return presence(NAME, VERSION_ARGV, INSTALL_FIX, timeout=timeout)


def argv(task: str, *, agent: str = DEFAULT_AGENT, namespace: str | None = None, stream: bool = False) -> list[str]:
    args = [PROGRAM, "invoke", "--agent", agent, "--task", task]
    if namespace:
        args += ["-n", namespace]
    if stream:
        args.append("--stream")
    return args


def invoke(task: str, *, timeout: float, agent: str = DEFAULT_AGENT, namespace: str | None = None,
           stream: bool = False) -> A2AResult:
    command = argv(task, agent=agent, namespace=namespace, stream=stream)
    result = run_tool(NAME, command, timeout=timeout)
    if not result.ok:
        output = result.stderr + result.stdout
        if AGENT_MISSING.search(output):
            raise AiToolNotReady(NAME, f"the agent {agent!r} does not exist",
                                 hint="`kagent get agent` lists the agents; the default install has k8s-agent")
        if CONTROLLER_DOWN.search(output):
            raise AiToolNotReady(NAME, "its controller is not reachable in the cluster",
                                 hint="run `kagent install` (or helm install kagent), then "
                                      "`kagent dashboard` / port-forward the controller, and retry")
        raise generic_failure(NAME, result, "run the same `kagent invoke` by hand to see its error")
    parsed = parse_a2a(result.stdout).model_copy(update={"argv": command})
    if parsed.error:
        raise AiToolFailed(NAME, f"the A2A call failed: {parsed.error[:200]}",
                           hint="check the agent with `kagent get agent` and the controller's logs")
    if parsed.state in FAILED_STATES:
        raise AiToolFailed(NAME, f"the task ended {parsed.state}: {parsed.text[:200]}",
                           hint="check the agent's model configuration with `kagent get agent`")
    if not parsed.text.strip() and not parsed.artifacts:
        raise NoArtifactFound(NAME, "the agent returned no text and no artifact",
                              hint="ask again with a narrower task, or use the builtin analyzers (--via builtin)")
    return parsed


def parse_a2a(output: str) -> A2AResult:
    """Read a Task (or a stream of events) into text and artifacts. Lines that are not JSON are ignored."""
    result = A2AResult()
    texts: list[str] = []
    artifacts: dict[str, Artifact] = {}
    for payload in _json_values(output):
        if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
            result.error = str(payload["error"].get("message") or payload["error"])
            continue
        event = payload.get("result", payload) if isinstance(payload, dict) else None
        if not isinstance(event, dict):
            continue
        result.events += 1
        kind = event.get("kind")
        if kind in ("task", "status-update") or "status" in event:
            status = event.get("status") if isinstance(event.get("status"), dict) else {}
            result.state = status.get("state", result.state)
            message_text = _parts_text((status.get("message") or {}).get("parts"))
            if message_text:
                texts.append(message_text)
        for artifact in ([event.get("artifact")] if kind == "artifact-update" else event.get("artifacts") or []):
            if isinstance(artifact, dict):
                key = artifact.get("artifactId") or artifact.get("name") or str(len(artifacts))
                content = _parts_text(artifact.get("parts"))
                previous = artifacts.get(key)
                if previous is not None and event.get("append"):
                    content = previous.content + content
                artifacts[key] = Artifact(name=artifact.get("name") or key, content=content)
        if kind == "message":
            texts.append(_parts_text(event.get("parts")))
    result.artifacts = list(artifacts.values())
    artifact_text = "\n\n".join(a.content for a in result.artifacts if a.content.strip())
    result.text = artifact_text or "\n\n".join(t for t in dict.fromkeys(texts) if t.strip())
    return result


def _json_values(output: str) -> list[Any]:
    stripped = output.strip()
    if not stripped:
        return []
    try:
        return [json.loads(stripped)]
    except json.JSONDecodeError:
        pass
    values = []
    for line in stripped.splitlines():
        line = line.strip().removeprefix("data:").strip()
        if line.startswith("{"):
            try:
                values.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return values


def _parts_text(parts: Any) -> str:
    out = []
    for part in parts or []:
        if isinstance(part, dict):
            if part.get("kind", "text") == "text" and isinstance(part.get("text"), str):
                out.append(part["text"])
            elif part.get("kind") == "data" and part.get("data") is not None:
                out.append(json.dumps(part["data"], indent=2, sort_keys=True))
    return "\n".join(out)


class KagentArgs(BaseModel):
    task: str = Field(description="The task for the kagent agent (analysis, optimisation, troubleshooting)")
    agent: str = Field(default=DEFAULT_AGENT, description="kagent agent name")
    namespace: str | None = Field(default=None, description="Namespace the kagent agent lives in")


class KagentTool(Tool):
    name: ClassVar[str] = "kagent"
    description: ClassVar[str] = ("Hand a task to a kagent agent running in the cluster (analysis, optimisation, "
                                  "scaling advice). Its agents can change the cluster, so every call is approved.")
    Args: ClassVar[type[BaseModel]] = KagentArgs

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.UNKNOWN  # kagent's agents hold tools that can apply, patch and delete

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, KagentArgs)
        return " ".join(argv(args.task, agent=args.agent, namespace=args.namespace))

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, KagentArgs)
        parsed = invoke(args.task, timeout=getattr(ctx.settings, "tool_timeout", 120.0), agent=args.agent,
                        namespace=args.namespace)
        return ToolResult.ok(parsed.text, artifacts=parsed.artifacts, data={"argv": parsed.argv, "state": parsed.state})
