"""A generation plan in the chat, with a button that shows the files' diff and writes them after approval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static


class GeneratePlanCard(Vertical):
    """Shown after `generate` planned (wrote nothing): the next step is to review the files and write them."""

    @dataclass
    class WriteFiles(Message):
        card: GeneratePlanCard
        arguments: dict[str, Any]

    def __init__(self, arguments: dict[str, Any]) -> None:
        super().__init__(classes="generate-plan")
        self.arguments = {**arguments, "plan_only": False}

    def compose(self) -> ComposeResult:
        path = self.arguments.get("path") or "."
        out = self.arguments.get("out") or path
        yield Static(f"Nothing is written yet. Review the files for {path} (into {out}) as a diff, then approve "
                     "writing them.", markup=False)
        with Horizontal(classes="finding-actions"):
            yield Button("Review & write files", variant="warning", id="write-files", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.WriteFiles(self, self.arguments))
