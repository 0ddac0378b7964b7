"""The chat pane: user turns, streamed agent answers (Markdown) and finding cards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Markdown, Static
from textual.widgets._markdown import MarkdownFence

from agent.diagnosis.models import Finding

EVIDENCE_CHARS = 200


class UserTurn(Static):
    pass


class SystemNote(Static):
    """A line from the app itself: fallbacks, slash-command results, errors."""


# fences in these languages are commands to run: they wrap (all of a long command is on screen, F4 copies it whole);
# other fences (tool output, tables, YAML) keep their lines and scroll sideways
COMMAND_LEXERS = frozenset({"bash", "sh", "shell", "console", "shell-session", "zsh", "powershell"})


class ChatFence(MarkdownFence):
    """A code block in an answer: focusable (Tab), so F4 copies it and the arrows scroll a wide one."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]

    def on_mount(self) -> None:
        self.add_class("command" if (self.lexer or "").lower() in COMMAND_LEXERS else "wide")


class AgentTurn(Markdown):
    BLOCKS = {**Markdown.BLOCKS, "fence": ChatFence, "code_block": ChatFence}

    def __init__(self, text: str = "") -> None:
        super().__init__(text or "_thinking..._")
        self._streamed = ""

    def stream(self, chunk: str) -> None:
        self._streamed += chunk
        self.update(self._streamed)

    def finish(self, text: str):
        """Replace the streamed text with the final answer; awaitable until it is rendered."""
        return self.update(text)

    def code_blocks(self) -> list[str]:
        return [fence.code.rstrip("\n") for fence in self.query(ChatFence)]


def finding_markdown(finding: Finding) -> str:
    lines = [f"**{finding.severity.value.upper()}** `{finding.object}` — {finding.symptom}", "",
             f"**Root cause:** {finding.root_cause}", ""]
    if finding.evidence:
        lines.append("**Evidence:**")
        lines += [f"- _{e.source}_: `{_clip(e.text.strip(), EVIDENCE_CHARS)}`" for e in finding.evidence[:6]]
        lines.append("")
    lines.append(f"**Fix:** {finding.fix.description}")
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class FixCommands(Static):
    """A fix's commands, wrapped (a Markdown code fence would cut them at the pane's edge)."""

    def __init__(self, commands: list[str]) -> None:
        super().__init__("\n".join(f"$ {command}" for command in commands), classes="fix-commands", markup=False)


class FindingCard(Vertical):
    """A finding with a button that applies its fix through the approval gate."""

    @dataclass
    class ApplyFix(Message):
        card: FindingCard
        finding: Finding

    def __init__(self, finding: Finding) -> None:
        super().__init__(classes=f"finding {finding.severity.value}")
        self.finding = finding

    def compose(self) -> ComposeResult:
        yield Markdown(finding_markdown(self.finding))
        if self.finding.fix.commands:
            yield FixCommands(self.finding.fix.commands)
            with Horizontal(classes="finding-actions"):
                yield Button("Copy \\[F4]", id="copy-fix", compact=True)
                if self.mutates:
                    yield Button("Apply fix", variant="warning", id="apply-fix", compact=True)
                else:
                    yield Button("Run checks", variant="primary", id="apply-fix", compact=True)

    @property
    def mutates(self) -> bool:
        from agent.tooling.base import Modifies
        from agent.safety import classify

        return any(classify(command).modifies is not Modifies.NO for command in self.finding.fix.commands)

    def commands_text(self) -> str:
        return "\n".join(self.finding.fix.commands)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "copy-fix":
            self.app.copy_text(self.commands_text(), what=f"the fix for {self.finding.object}")
            return
        self.post_message(self.ApplyFix(self, self.finding))


class ChatView(VerticalScroll):
    def add(self, widget) -> None:
        self.mount(widget)
        self.scroll_end(animate=False)
