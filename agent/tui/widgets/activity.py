"""The tool-activity pane: each tool call as it runs, expandable to its output."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Collapsible, Static


class ToolCallItem(Collapsible):
    def __init__(self, call_id: str, tool: str, description: str) -> None:
        self.output = Static("", classes="tool-output", markup=False)
        super().__init__(self.output, title=f"… {tool}  running", collapsed=True, classes="tool-call running")
        self.call_id = call_id
        self.tool = tool
        self.description = description

    def finish(self, status: str, duration_ms: int | None, output: str, truncated: bool) -> None:
        mark = {"ok": "✓", "refused": "✗", "error": "!", "no_data": "∅"}.get(status, "?")
        took = f"  {duration_ms} ms" if duration_ms is not None else ""
        self.title = f"{mark} {self.tool}  {status}{took}"
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
        item = ToolCallItem(call_id, tool, description)
        self.items[call_id] = item
        self.mount(item)
        self.scroll_end(animate=False)

    def finished(self, call_id: str, tool: str, status: str, duration_ms: int, output: str, truncated: bool) -> None:
        item = self.items.get(call_id)
        if item is None:
            self.started(call_id, tool, tool)
            item = self.items[call_id]
        item.finish(status, duration_ms if self.show_durations else None, output, truncated)
