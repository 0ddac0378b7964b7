"""The tool-activity pane: each tool call as it runs (with a spinner), expandable to its output."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Collapsible, Static

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
SPIN_SECONDS = 0.1
MARKS = {"ok": "✓", "refused": "✗", "error": "!", "no_data": "∅"}


class ToolCallItem(Collapsible):
    def __init__(self, call_id: str, tool: str, description: str, *, animate: bool = True) -> None:
        self.output = Static("", classes="tool-output", markup=False)
        self.call_id = call_id
        self.tool = tool
        self.description = description
        # the call itself (tool and arguments) on the title line; its output when expanded
        self.call_line = description.splitlines()[0] if description.strip() else tool
        super().__init__(self.output, title=f"… {self.call_line}", collapsed=True, classes="tool-call running")
        self.animate = animate
        self._frame = 0
        self._spinner = None

    def on_mount(self) -> None:
        if self.animate and self.has_class("running"):
            self._spinner = self.set_interval(SPIN_SECONDS, self._spin)

    def _spin(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        self.title = f"{SPINNER[self._frame]} {self.call_line}"

    def finish(self, status: str, duration_ms: int | None, output: str, truncated: bool) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        took = f" {duration_ms} ms" if duration_ms is not None else ""
        self.title = f"{MARKS.get(status, '?')} {status}{took} · {self.call_line}"
        self.remove_class("running")
        self.add_class(status)
        suffix = "\n[output truncated]" if truncated else ""
        self.output.update(f"{self.description}\n\n{output}{suffix}")


class ActivityPane(VerticalScroll):
    def __init__(self, show_durations: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: dict[str, ToolCallItem] = {}
        self.show_durations = show_durations

    def started(self, call_id: str, tool: str, description: str) -> None:
        # deterministic runs (snapshot tests) show no durations and no spinner
        item = ToolCallItem(call_id, tool, description, animate=self.show_durations)
        self.items[call_id] = item
        self.mount(item)
        self.scroll_end(animate=False)

    def finished(self, call_id: str, tool: str, status: str, duration_ms: int, output: str, truncated: bool) -> None:
        item = self.items.get(call_id)
        if item is None:
            self.started(call_id, tool, tool)
            item = self.items[call_id]
        item.finish(status, duration_ms if self.show_durations else None, output, truncated)
