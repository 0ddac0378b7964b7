"""Full-screen viewers: a diff of a generated file, a PHR record."""

from __future__ import annotations

from typing import ClassVar

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, Markdown, Static

CLOSE_HINT = "Esc / q closes · arrows, PgUp/PgDn scroll"


class _Viewer(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, title: str, body: Widget) -> None:
        super().__init__(classes="viewer")
        self.title_text = title
        self._body = body

    def compose(self) -> ComposeResult:
        yield Label(self.title_text, classes="viewer-title", markup=False)
        with VerticalScroll(classes="viewer-body"):
            yield self._body
        yield Label(CLOSE_HINT, classes="viewer-keys")

    def on_mount(self) -> None:
        self.query_one(".viewer-body").focus()


class DiffScreen(_Viewer):
    def __init__(self, title: str, diff: str) -> None:
        super().__init__(title, Static(Syntax(diff or "(no changes)", "diff", word_wrap=True, theme="ansi_dark")))
        self.diff = diff


class RecordScreen(_Viewer):
    def __init__(self, title: str, markdown: str) -> None:
        super().__init__(title, Markdown(front_matter_as_code(markdown)))
        self.markdown = markdown


def front_matter_as_code(markdown: str) -> str:
    """A PHR's YAML front matter as a code block: as Markdown its `---` lines and keys run into one paragraph."""
    if not markdown.startswith("---\n"):
        return markdown
    end = markdown.find("\n---\n", 4)
    if end == -1:
        return markdown
    return f"```yaml\n{markdown[4:end + 1]}```\n{markdown[end + 5:]}"
