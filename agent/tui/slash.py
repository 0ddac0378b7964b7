"""Slash commands typed into the chat prompt: parsing and the help text (the app executes them)."""

from __future__ import annotations

from dataclasses import dataclass

from agent.errors import UsageError

SLASH_COMMANDS: dict[str, str] = {
    "help": "show this help",
    "provider": "NAME: use only this provider (openai, anthropic, builtin), or 'auto' for the fallback chain",
    "model": "NAME: the model for the current LLM provider",
    "namespace": "NS: scope questions and the cluster pane to a namespace ('all' for every namespace)",
    "context": "NAME: switch kube context (live cluster)",
    "snapshot": "PATH: read a snapshot directory or kubectl -o json/yaml file instead of the cluster",
    "readonly": "toggle read-only mode (refuse every mutation)",
    "clear": "clear the conversation",
    "phr": "show this session's Prompt History Records",
    "export": "[PATH]: save the conversation as Markdown",
}

# commands that change the session under a running question: they wait until it is answered
SESSION_COMMANDS = frozenset({"provider", "model", "namespace", "context", "snapshot", "readonly", "clear"})


@dataclass(frozen=True)
class SlashCommand:
    name: str
    argument: str = ""


def parse_slash(text: str) -> SlashCommand | None:
    """None when `text` is a question; a command otherwise. Unknown commands raise UsageError."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    name, _, argument = stripped[1:].partition(" ")
    name = name.lower()
    if name not in SLASH_COMMANDS:
        raise UsageError(f"unknown command /{name}", hint="type /help for the list of commands")
    return SlashCommand(name, argument.strip())


def help_markdown() -> str:
    rows = "\n".join(f"| `/{name}` | {text} |" for name, text in SLASH_COMMANDS.items())
    keys = ("| key | action |\n| --- | --- |\n| Enter | send |\n| Ctrl+J | new line |\n| Up / Down | prompt history |\n"
            "| Tab / Shift+Tab | move between chat, cards, prompt and the side panes |\n"
            "| Enter on a workload | ask what is wrong with it |\n| Enter on a record | open it (Esc closes) |\n"
            "| y / s / n, d | approve, approve for the session, refuse; full diff |\n"
            "| Ctrl+C | cancel the running step |\n| F2 | show or hide the side panes |\n| F3 | light / dark theme |\n"
            "| Ctrl+Q | quit |")
    return f"| command | what it does |\n| --- | --- |\n{rows}\n\n{keys}"
