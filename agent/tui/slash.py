"""Slash commands typed into the chat prompt: parsing and the help text (the app executes them)."""

from __future__ import annotations

from dataclasses import dataclass

from agent.errors import UsageError


@dataclass(frozen=True)
class SlashSpec:
    argument: str  # as shown in the help: "NAME" required, "[PATH]" optional, "" none
    help: str

    @property
    def needs_argument(self) -> bool:
        return bool(self.argument) and not self.argument.startswith("[")


SLASH_COMMANDS: dict[str, SlashSpec] = {
    "help": SlashSpec("", "show this help"),
    "provider": SlashSpec("NAME", "use only this provider (openai, anthropic, builtin), or 'auto' for the fallback chain"),
    "model": SlashSpec("[NAME]", "the model for the current LLM provider; bare: the current one and the choices"),
    "namespace": SlashSpec("NS", "scope questions and the cluster pane to a namespace ('all' for every namespace)"),
    "context": SlashSpec("[NAME]", "switch kube context (live cluster); bare: the current one and the choices"),
    "snapshot": SlashSpec("PATH", "read a snapshot directory or kubectl -o json/yaml file instead of the cluster"),
    "readonly": SlashSpec("", "toggle read-only mode (refuse every mutation)"),
    "clear": SlashSpec("", "clear the conversation"),
    "phr": SlashSpec("", "show this session's Prompt History Records"),
    "export": SlashSpec("[PATH]", "save the conversation as Markdown"),
}

# commands that change the session under a running question: they wait until it is answered
SESSION_COMMANDS = frozenset({"provider", "model", "namespace", "context", "snapshot", "readonly", "clear"})


@dataclass(frozen=True)
class SlashCommand:
    name: str
    argument: str = ""


def usage(name: str) -> str:
    """`/namespace NS`, `/export [PATH]`, `/help`: the command as it is typed."""
    return f"/{name} {SLASH_COMMANDS[name].argument}".rstrip()


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
    rows = "\n".join(f"| `{usage(name)}` | {spec.help} |" for name, spec in SLASH_COMMANDS.items())
    keys = ("| key | action |\n| --- | --- |\n| Enter | send |\n| Ctrl+J | new line |\n| Up / Down | prompt history |\n"
            "| Tab / Shift+Tab | move between chat, cards, prompt and the side panes |\n"
            "| any letter | types into the prompt, wherever the focus is |\n"
            "| PageUp / PageDown | scroll the chat, also while typing |\n"
            "| F4 | copy the commands of the focused card or code block, else of the last answer |\n"
            "| Ctrl+P | command palette: the slash commands and their choices |\n"
            "| Enter on a workload | ask what is wrong with it |\n| Enter on a record | open it (Esc closes) |\n"
            "| y / s / n, d | approve, approve for the session, refuse; full diff |\n"
            "| Ctrl+C | stop the running step (ends the running tool's process) |\n| F2 | show or hide the side panes |\n| F3 | light / dark theme |\n"
            "| Ctrl+Q | quit |")
    return f"| command | what it does |\n| --- | --- |\n{rows}\n\n{keys}"
