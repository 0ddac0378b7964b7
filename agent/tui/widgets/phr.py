"""The PHR pane: this session's Prompt History Records and the chain status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, ListItem, ListView, Static


class RecordList(ListView):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Open record", show=True)]


class PhrPane(Vertical):
    @dataclass
    class Open(Message):
        path: Path

    def compose(self) -> ComposeResult:
        yield Static("chain: not checked yet", id="phr-chain")
        yield RecordList(id="phr-list")

    def add_record(self, path: Path) -> None:
        item = ListItem(Label(path.name, markup=False))
        item.record_path = path  # type: ignore[attr-defined]
        records = self.query_one("#phr-list", ListView)
        records.append(item)
        records.index = len(records) - 1  # the newest is highlighted: Enter opens it

    def set_chain_status(self, text: str, ok: bool) -> None:
        status = self.query_one("#phr-chain", Static)
        status.update(text)
        status.set_class(not ok, "bad")

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        path = getattr(event.item, "record_path", None)
        if path is not None:
            event.stop()
            self.post_message(self.Open(path))
