"""The prompt: multi-line entry (Enter sends, Ctrl+J adds a line) with history on Up/Down."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

PLACEHOLDER = "Ask about the cluster, or /help"


class PromptInput(TextArea):
    # Enter and Ctrl+J are handled in `_on_key`, in the widget's own queue: a priority binding would run in the
    # app's queue, ahead of characters typed just before it, and send half a line (or nothing) when keys arrive
    # together (typing fast, a paste, tmux send-keys). These bindings only put the keys in the footer.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Send", show=True),
        Binding("ctrl+j", "newline", "New line", show=True),
    ]

    @dataclass
    class Submitted(Message):
        prompt: PromptInput
        text: str

    @dataclass
    class ScrollChat(Message):
        """PageUp / PageDown while typing: the chat above scrolls, the cursor stays where it is."""
        pages: int

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, placeholder=PLACEHOLDER, **kwargs)
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

    def restore(self, text: str) -> None:
        """Put back a question that could not be sent yet."""
        self.text = text
        self.move_cursor(self.document.end)

    def _on_key(self, event) -> None:
        handled = True
        if event.key == "enter":
            self.action_submit()
        elif event.key == "ctrl+j":
            self.action_newline()
        elif event.key in ("pageup", "pagedown"):
            self.post_message(self.ScrollChat(-1 if event.key == "pageup" else 1))
        elif event.key == "up" and self.cursor_location[0] == 0 and self.prompt_history:
            self._history_index = len(self.prompt_history) - 1 if self._history_index is None else max(0, self._history_index - 1)
            self._show_history()
        elif event.key == "down" and self._history_index is not None and self.cursor_location[0] == self.document.line_count - 1:
            self._history_index += 1
            if self._history_index >= len(self.prompt_history):
                self._history_index = None
                self.clear()
            else:
                self._show_history()
        else:
            handled = False
        if handled:
            event.prevent_default()
            event.stop()

    def _show_history(self) -> None:
        self.restore(self.prompt_history[self._history_index])
