"""Full-screen viewers: a diff of a generated file, a PHR record."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static


class DiffScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, title: str, diff: str) -> None:
        super().__init__(classes="viewer")
        self.title_text = title
        self.diff = diff

    def compose(self) -> ComposeResult:
        yield Label(f"{self.title_text}  (Esc closes)", classes="viewer-title")
        with VerticalScroll():
            yield Static(Syntax(self.diff or "(no changes)", "diff", word_wrap=True, theme="ansi_dark"))


class RecordScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, title: str, markdown: str) -> None:
        super().__init__(classes="viewer")
        self.title_text = title
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        yield Label(f"{self.title_text}  (Esc closes)", classes="viewer-title")
        with VerticalScroll():
            yield Markdown(self.markdown)
