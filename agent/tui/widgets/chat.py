"""The chat pane: user turns, streamed agent answers (Markdown) and finding cards."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Markdown, Static

from agent.diagnosis.models import Finding

EVIDENCE_CHARS = 200


class UserTurn(Static):
    pass


class SystemNote(Static):
    """A line from the app itself: fallbacks, slash-command results, errors."""


class AgentTurn(Markdown):
    def __init__(self, text: str = "") -> None:
        super().__init__(text or "_thinking..._")
        self._streamed = ""

    def stream(self, chunk: str) -> None:
        self._streamed += chunk
        self.update(self._streamed)

    def finish(self, text: str):
        """Replace the streamed text with the final answer; awaitable until it is rendered."""
        return self.update(text)


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
                if self.mutates:
                    yield Button("Apply fix", variant="warning", id="apply-fix", compact=True)
                else:
                    yield Button("Run checks", variant="primary", id="apply-fix", compact=True)

    @property
    def mutates(self) -> bool:
        from agent.tooling.base import Modifies
        from agent.safety import classify

        return any(classify(command).modifies is not Modifies.NO for command in self.finding.fix.commands)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.ApplyFix(self, self.finding))


class ChatView(VerticalScroll):
    def add(self, widget) -> None:
        self.mount(widget)
        self.scroll_end(animate=False)
