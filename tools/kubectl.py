"""The `kubectl` tool: run one kubectl command line against the configured cluster.

The command is split like a shell would but run as argv (no shell). Pipes,
lists, redirections, other programs and commands that stream until interrupted
are refused with an explanation instead of being run. `modifies` comes from
`agent.safety.classify`. The session's context, namespace and kubeconfig are
added unless the command sets them itself.
"""

from __future__ import annotations

import shlex
from typing import Any

from pydantic import BaseModel, Field

from agent.errors import AgentError
from agent.redact import redact, redact_bare_values
from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult
from agent.tooling.process import ToolNotInstalled, run_process
from agent.safety import KUBECTL_VERBS, CommandClass, classify, shell_words

DEFAULT_TIMEOUT = 120.0


class NotRunnable(AgentError):
    """The kubectl tool will not run this command line."""


class KubectlArgs(BaseModel):
    command: str = Field(
        description="One kubectl command line, with or without the leading `kubectl`, e.g. "
                    "`get pods -n shop -o wide` or `kubectl describe deploy/api`. No pipes, ';', '&&', "
                    "redirections or $(...); no -w/--watch, logs -f, port-forward or edit.")


def kubectl_argv(command: str) -> list[str]:
    """`command` as argv starting with `kubectl`; raises `NotRunnable` or `UnsafeCommandLine`."""
    words = shell_words(command)
    if not words:
        raise NotRunnable("the kubectl command is empty", hint="pass a command such as `get pods -n <namespace>`")
    first = words[0]
    if first == "kubectl" or first.endswith("/kubectl"):
        return ["kubectl", *words[1:]]
    if first in KUBECTL_VERBS or (first.startswith("-") and first != "-"):
        return ["kubectl", *words]
    raise NotRunnable(
        f"`{first}` is not kubectl: this tool runs kubectl only",
        hint="pass just the kubectl command line; set the cluster with --kubeconfig/--context flags, "
             "not environment variables, sudo or wrappers")


def _refusal(classification: CommandClass) -> NotRunnable | None:
    if classification.interactive:
        return NotRunnable(
            f"`{shlex.join(classification.argv)}` waits for a terminal or streams until interrupted",
            hint="drop -w/--watch, -f/--follow and -i/-t; use `kubectl wait` or `kubectl rollout status` to wait, "
                 "and `kubectl patch`/`apply` instead of `edit`")
    return None


def _sets(words: list[str], long: str, short: str | None = None) -> bool:
    for word in words:
        if word == "--":
            return False
        if word == f"--{long}" or word.startswith(f"--{long}="):
            return True
        if short and not word.startswith("--") and word.startswith(short):
            return True
    return False


def with_connection_flags(argv: list[str], settings: Any) -> list[str]:
    """`argv` plus --kubeconfig/--context/-n from settings where the command does not set them.

    The flags go at the end (before `--`): kubectl accepts global flags anywhere
    after the subcommand. Plugins get none: they parse their own flags.
    """
    verb = classify(argv).verb.split(" ", 1)[0]
    if settings is None or verb not in KUBECTL_VERBS:
        return list(argv)
    extra: list[str] = []
    if getattr(settings, "kubeconfig", None) and not _sets(argv, "kubeconfig"):
        extra += ["--kubeconfig", str(settings.kubeconfig)]
    if getattr(settings, "context", None) and not _sets(argv, "context"):
        extra += ["--context", settings.context]
    namespace = getattr(settings, "namespace", None)
    if namespace and not (_sets(argv, "namespace", "-n") or _sets(argv, "all-namespaces", "-A")):
        extra += ["-n", namespace]
    if not extra:
        return list(argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    return [*argv[:cut], *extra, *argv[cut:]]


_TEMPLATE_OUTPUTS = ("jsonpath", "go-template", "template", "custom-columns", "jsonpath-file", "go-template-file",
                     "jsonpath-as-json")


def _prints_secret_values(verdict: CommandClass) -> bool:
    """`get secret -o jsonpath=...` and friends print Secret values bare, with no key that names them."""
    if verdict.verb != "get" or not any(t.kind == "secret" for t in verdict.targets):
        return False
    argv = verdict.argv
    for i, word in enumerate(argv):
        value = word.split("=", 1)[1] if word.startswith(("--output=", "-o=")) else (
            word[2:] if word.startswith("-o") and len(word) > 2 else (
                argv[i + 1] if word in ("-o", "--output") and i + 1 < len(argv) else None))
        if value and value.split("=", 1)[0] in _TEMPLATE_OUTPUTS:
            return True
    return False


class KubectlTool(Tool):
    name = "kubectl"
    description = (
        "Run one kubectl command against the configured cluster and return its output. "
        "Reads (get, describe, logs, top, events) run directly; anything that changes the cluster "
        "is shown to the user for approval first.")
    Args = KubectlArgs

    def __init__(self, settings: Any = None) -> None:
        # Only for describe_call, which has no ToolContext: lets approval prompts show the exact argv.
        self.settings = settings

    def classification(self, args: KubectlArgs) -> CommandClass:
        """What `classify` says about the command (for the gate: confirm_text, destructive, targets)."""
        try:
            return classify(kubectl_argv(args.command))
        except AgentError:
            return classify(args.command)

    def modifies(self, args: BaseModel) -> Modifies:
        assert isinstance(args, KubectlArgs)
        try:
            argv = kubectl_argv(args.command)
        except AgentError:
            return Modifies.NO  # run() refuses it without starting anything
        classification = classify(argv)
        return Modifies.NO if _refusal(classification) else classification.modifies

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, KubectlArgs)
        try:
            argv = with_connection_flags(kubectl_argv(args.command), self.settings)
        except AgentError:
            return redact(f"kubectl (refused) {args.command}")
        return redact(shlex.join(argv))

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, KubectlArgs)
        try:
            argv = kubectl_argv(args.command)
            refusal = _refusal(classify(argv))
            if refusal:
                raise refusal
        except AgentError as exc:
            return ToolResult.error(str(exc))
        settings = ctx.settings
        argv = with_connection_flags(argv, settings)
        timeout = float(getattr(settings, "tool_timeout", None) or DEFAULT_TIMEOUT)
        try:
            proc = run_process(argv, timeout=timeout, cwd=ctx.workdir)
        except ToolNotInstalled as exc:
            return ToolResult.error(str(exc))
        line = shlex.join(argv)
        data = {"argv": argv, "exit_code": proc.exit_code, "duration_ms": proc.duration_ms}
        if proc.cancelled:
            result = ToolResult.error(f"`{line}` was stopped by the user (Ctrl+C) before it finished; "
                                      "its outcome is unknown: check it with a read-only command", data=data)
        elif proc.timed_out:
            partial = f"\npartial output:\n{proc.stdout}" if proc.stdout.strip() else ""
            result = ToolResult.error(
                f"`{line}` did not finish within {timeout:g}s and was stopped{partial}\n"
                "  hint: narrow the query (-n, -l, --tail) or raise tool_timeout", data=data)
        elif proc.exit_code != 0:
            result = ToolResult.error(
                f"`{line}` failed with exit code {proc.exit_code}\n{proc.stderr.strip()}\n{proc.stdout.strip()}".strip(),
                data=data)
        elif proc.stdout.strip():
            result = ToolResult.ok(proc.stdout, data=data)
        elif "No resources found" in proc.stderr:
            result = ToolResult.no_data(proc.stderr.strip(), data=data)
        else:
            result = ToolResult.ok(proc.stderr.strip() or "(no output)", data=data)
        output = redact(result.output)
        if _prints_secret_values(classify(argv)):
            output = redact_bare_values(output)
        return result.model_copy(update={"output": output}).truncated_to()
