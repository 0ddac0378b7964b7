"""The cluster pane: namespaces and workloads with status colours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree

from agent.tui.cluster_model import WorkloadRow

STYLE = {"bad": "bold red", "warn": "yellow", "ok": "green"}
# NO_COLOR turns red into a dark grey that vanishes on a dark background: emphasis instead of colour
PLAIN_STYLE = {"bad": "bold underline", "warn": "italic", "ok": ""}
# the status shows without colour too (NO_COLOR, a light terminal)
MARK = {"bad": "✗", "warn": "!", "ok": "✓"}
SHORT_KIND = {"Deployment": "deploy", "StatefulSet": "sts", "DaemonSet": "ds", "Job": "job", "CronJob": "cronjob"}


class ClusterTree(Tree):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Ask about it", show=True)]

    @dataclass
    class WorkloadSelected(Message):
        row: WorkloadRow

    def __init__(self, **kwargs) -> None:
        super().__init__("cluster", **kwargs)
        self.show_root = False

    def show_rows(self, rows: list[WorkloadRow]) -> None:
        # a refresh keeps the cursor where the user left it (on the first line the first time)
        cursor = max(self.cursor_line, 0)
        self.clear()
        by_ns: dict[str, list[WorkloadRow]] = {}
        for row in rows:
            by_ns.setdefault(row.namespace, []).append(row)
        for namespace, items in sorted(by_ns.items()):
            worst = "bad" if any(r.health == "bad" for r in items) else "warn" if any(r.health == "warn" for r in items) else "ok"
            styles = PLAIN_STYLE if self.app.no_color else STYLE
            ns_node = self.root.add(Text(f"{MARK[worst]} {namespace}", style=styles[worst]), expand=True)
            for row in items:
                ns_node.add_leaf(workload_label(row, styles), data=row)
        if not rows:
            self.root.add_leaf("no workloads found")
        self.call_after_refresh(self.move_cursor_to_line, cursor)

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if isinstance(event.node.data, WorkloadRow):
            event.stop()
            self.post_message(self.WorkloadSelected(event.node.data))


def workload_label(row: WorkloadRow, styles: dict[str, str] = STYLE) -> Text:
    """`✗ backend CrashLoopBackOff 0/1`: the status right after the name, so a narrow pane still shows it."""
    kind = "" if row.kind == "Deployment" else f"{SHORT_KIND.get(row.kind, row.kind.lower())}/"
    return Text.assemble((f"{MARK[row.health]} ", styles[row.health]), f"{kind}{row.name} ",
                         (row.status, styles[row.health]), f" {row.ready}")
