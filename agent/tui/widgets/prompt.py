"""The prompt: multi-line entry (Enter sends, Ctrl+J adds a line) with history on Up/Down."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


class PromptInput(TextArea):
    BINDINGS = [
        Binding("enter", "submit", "Send", show=True, priority=True),
        Binding("ctrl+j", "newline", "New line", show=False, priority=True),
    ]

    @dataclass
    class Submitted(Message):
        prompt: "PromptInput"
        text: str

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, **kwargs)
        self.prompt_history: list[str] = []
        self._history_index: int | None = None

    def action_submit(self) -> None:
        text = self.text.strip()
        if not text:
            return
        if not self.prompt_history or self.prompt_history[-1] != text:
            self.prompt_history.append(text)
        self._history_index = None
        self.clear()
        self.post_message(self.Submitted(self, text))

    def action_newline(self) -> None:
        self.insert("\n")

    def _on_key(self, event) -> None:
        if event.key == "up" and self.cursor_location[0] == 0 and self.prompt_history:
            self._history_index = len(self.prompt_history) - 1 if self._history_index is None else max(0, self._history_index - 1)
            self._show_history()
            event.prevent_default()
            event.stop()
        elif event.key == "down" and self._history_index is not None and self.cursor_location[0] == self.document.line_count - 1:
            self._history_index += 1
            if self._history_index >= len(self.prompt_history):
                self._history_index = None
                self.clear()
            else:
                self._show_history()
            event.prevent_default()
            event.stop()

    def _show_history(self) -> None:
        self.text = self.prompt_history[self._history_index]
        self.move_cursor(self.document.end)
