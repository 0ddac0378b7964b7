"""The builtin provider: the offline engine behind the same loop as the LLMs.

It needs no network and no key. It routes a question to the project's own
deterministic tools (diagnosis, generation, validation, kubectl reads) by intent,
then answers from what those tools returned. When no tool fits it says so
plainly and lists what it can do, instead of inventing an answer.
"""

from __future__ import annotations

import re

from agent import __version__
from agent.providers.base import ChatResponse, Message, Provider, StreamCallback, ToolCall, ToolSpec

CAPABILITIES = {
    "diagnose": "find the root cause of broken workloads (CrashLoopBackOff, OOMKilled, ImagePullBackOff, "
                "Pending, probes, Services, Ingress, PVCs, rollouts, Jobs, HPA, NetworkPolicy, nodes) "
                "with evidence and a fix, from a live cluster, a snapshot or pasted kubectl output",
    "kubectl": "run kubectl commands (reads freely, writes only after your approval)",
    "generate": "generate Dockerfiles, Kubernetes manifests, a Helm chart, scripts and docs for an app",
    "validate": "validate Dockerfiles, manifests, charts and scripts with hadolint, helm, kubernetes-validate, "
                "checkov and shellcheck",
    "read_file": "read a file",
    "write_file": "write a file (shows the diff and asks first)",
}

HELP_WORDS = re.compile(r"\b(what can you do|help|capabilit|who are you|how do i use)\b", re.I)
GENERATE_WORDS = re.compile(r"\b(generate|create|write|scaffold)\b.*\b(dockerfile|manifest|helm|chart|k8s|kubernetes yaml)", re.I)
VALIDATE_WORDS = re.compile(r"\b(validate|lint|check)\b.*\b(dockerfile|manifest|helm|chart|k8s|scripts?)\b", re.I)
KUBECTL_INLINE = re.compile(r"`\s*(kubectl\s[^`]+)`|^\s*(kubectl\s.+)$", re.M)
# Words that make a question about the cluster; anything else is not for the diagnosis engine.
CLUSTER_WORDS = re.compile(
    r"\b(why|wrong|broken|fail\w*|error\w*|crash\w*|pending|stuck|restart\w*|down|unhealthy|health\w*|status|"
    r"issue|problem|debug|diagnos\w*|troubleshoot\w*|fix|oom\w*|memory|cpu|evict\w*|kill\w*|"
    r"pods?|deploy\w*|replica\w*|service|svc|endpoints?|ingress\w*|pvc|volume\w*|storage\w*|nodes?|namespace\w*|"
    r"jobs?|cronjobs?|hpa|autoscal\w*|pdb|network\s?polic\w*|dns|rbac|forbidden|secret\w*|configmap\w*|"
    r"image\w*|pull\w*|probe\w*|liveness|readiness|rollout\w*|logs?|events?|port[- ]?forward|cluster|"
    r"kubernetes|k8s|container\w*|running|ready|how many|503|502|504|timeout|refus\w*|connect\w*)\b", re.I)
NAMESPACE_PATTERNS = (  # tried in order: a flag, "in the X namespace", "X namespace is ...", "namespace X"
    re.compile(r"(?:^|\s)(?:-n|--namespace)[\s=]+([a-z0-9][a-z0-9-]{0,62})\b"),
    re.compile(r"\bin\s+(?:the\s+)?[\"'`]?([a-z0-9][a-z0-9-]{0,62})[\"'`]?\s+(?:namespace|ns)\b", re.I),
    re.compile(r"(?:^|\s)[\"'`]?([a-z0-9][a-z0-9-]{0,62})[\"'`]?\s+namespace\b", re.I),
    re.compile(r"\bnamespaces?\s+[\"'`]?([a-z0-9][a-z0-9-]{0,62})\b", re.I),
)
NOT_NAMESPACES = {"the", "a", "my", "this", "that", "all", "every", "each", "which", "what"}
PATH_TOKEN = re.compile(r"(?:^|\s)((?:\.{0,2}/)?[\w.-]+(?:/[\w.-]+)+/?)")


def namespace_in(question: str) -> str | None:
    """The namespace a question names; English words next to "namespace" ("the namespace cannot ...") are not."""
    from agent.diagnosis.question import STOPWORDS

    for pattern in NAMESPACE_PATTERNS:
        for match in pattern.finditer(question):
            word = match.group(1).lower()
            if word not in NOT_NAMESPACES and word not in STOPWORDS and not word.isdigit():
                return match.group(1)
    return None


def path_in(question: str) -> str | None:
    match = PATH_TOKEN.search(question)
    return match.group(1) if match else None


class BuiltinProvider(Provider):
    name = "builtin"

    def __init__(self, settings=None) -> None:
        self.settings = settings
        self.model = f"builtin-engine-{__version__}"
        self._ids = 0

    def chat(self, messages: list[Message], tools: list[ToolSpec] | None = None,
             on_token: StreamCallback | None = None) -> ChatResponse:
        available = {t.name for t in tools or []}
        turn = _current_turn(messages)
        if turn.tool_results:
            text = _answer_from_results(turn.tool_results)
            return self._reply(text, on_token)
        calls = self._route(turn.question, available, attached=_has_attachments(messages))
        if calls:
            return ChatResponse(message=Message(role="assistant", tool_calls=calls),
                                model=self.model, provider=self.name)
        return self._reply(_cannot_answer(turn.question, available), on_token)

    def _reply(self, text: str, on_token: StreamCallback | None) -> ChatResponse:
        if on_token:
            on_token(text)
        return ChatResponse(message=Message(role="assistant", content=text), model=self.model, provider=self.name)

    def _call(self, name: str, arguments: dict) -> ToolCall:
        self._ids += 1
        return ToolCall(id=f"builtin-{self._ids}", name=name, arguments=arguments)

    def _route(self, question: str, available: set[str], attached: bool = False) -> list[ToolCall]:
        if attached and "diagnose" in available and not CAPABILITY_QUESTION.search(question):
            # files were attached (`agent ask -f`): whatever the words, the question is about them
            arguments = {"question": question}
            namespace = namespace_in(question)
            if namespace:
                arguments["namespace"] = namespace
            return [self._call("diagnose", arguments)]
        if is_help_question(question):
            return []
        inline = KUBECTL_INLINE.search(question)
        if inline and "kubectl" in available:
            return [self._call("kubectl", {"command": (inline.group(1) or inline.group(2)).strip()})]
        if GENERATE_WORDS.search(question) and "generate" in available:
            return [self._call("generate", {"path": path_in(question) or ".", "plan_only": True})]
        if VALIDATE_WORDS.search(question) and "validate" in available:
            return [self._call("validate", {"path": path_in(question) or "."})]
        if "diagnose" in available and CLUSTER_WORDS.search(question):
            arguments = {"question": question}
            namespace = namespace_in(question)
            if namespace:
                arguments["namespace"] = namespace
            return [self._call("diagnose", arguments)]
        return []


CAPABILITY_QUESTION = re.compile(r"^\s*(what can you do|help|who are you|how do i use)\b", re.I)


def _has_attachments(messages: list[Message]) -> bool:
    """The loop marks the system prompt when the user attached files (the builtin reads them through its tools)."""
    from agent.diagnosis.intake.context import HEADING

    return any(m.role == "system" and HEADING in (m.content or "") for m in messages)


class _Turn:
    def __init__(self, question: str, tool_results: list[Message]) -> None:
        self.question = question
        self.tool_results = tool_results


def _current_turn(messages: list[Message]) -> _Turn:
    """The last user message and the tool results that answered it."""
    for index in range(len(messages) - 1, -1, -1):
        if messages[index].role == "user":
            results = [m for m in messages[index + 1:] if m.role == "tool"]
            return _Turn(messages[index].content, results)
    return _Turn("", [])


STATUS_TAG = re.compile(r"^\[(?:no_data|error|refused|needs_approval)\] ")


def _answer_from_results(results: list[Message]) -> str:
    # the loop tags non-ok results for the model ("[no_data] ..."); a person reads the text itself
    parts = [STATUS_TAG.sub("", r.content.strip()) for r in results if r.content.strip()]
    return "\n\n".join(parts) if parts else "The tools returned nothing to report."


def _cannot_answer(question: str, available: set[str]) -> str:
    lines = []
    if not is_help_question(question):
        lines.append("I can't answer that offline: none of my tools fits the question, and the builtin engine "
                     "does not make things up. Set OPENAI_API_KEY (or OPENAI_BASE_URL for a local model) or "
                     "ANTHROPIC_API_KEY for open-ended questions.")
        lines.append("")
    lines.append("Offline, on my own engine, I can:")
    for name, text in CAPABILITIES.items():
        if name in available:
            lines.append(f"- {text}")
    lines.append("")
    lines.append("Try: `agent ask \"why is the backend crashing?\"`, `agent diagnose -A`, "
                 "`agent generate PATH --plan`, `agent validate DIR`. Quote a kubectl command in backticks to run it.")
    return "\n".join(lines)


def is_help_question(question: str) -> bool:
    return not question.strip() or bool(HELP_WORDS.search(question))
