"""The cluster pane: namespaces and workloads with status colours."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from agent.tui.cluster_model import WorkloadRow

STYLE = {"bad": "bold red", "warn": "yellow", "ok": "green"}
SHORT_KIND = {"Deployment": "deploy", "StatefulSet": "sts", "DaemonSet": "ds", "Job": "job", "CronJob": "cronjob"}


class ClusterTree(Tree):
    @dataclass
    class WorkloadSelected(Message):
        row: WorkloadRow

    def __init__(self, **kwargs) -> None:
        super().__init__("cluster", **kwargs)
        self.show_root = False

    def show_rows(self, rows: list[WorkloadRow]) -> None:
        self.clear()
        by_ns: dict[str, list[WorkloadRow]] = {}
        for row in rows:
            by_ns.setdefault(row.namespace, []).append(row)
        for namespace, items in sorted(by_ns.items()):
            worst = "bad" if any(r.health == "bad" for r in items) else "warn" if any(r.health == "warn" for r in items) else "ok"
            ns_node = self.root.add(Text(namespace, style=STYLE[worst]), expand=True)
            for row in items:
                label = Text.assemble((f"{SHORT_KIND.get(row.kind, row.kind.lower())}/{row.name} ", ""), (f"{row.ready} {row.status}", STYLE[row.health]))
                ns_node.add_leaf(label, data=row)
        if not rows:
            self.root.add_leaf("no workloads found")

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if isinstance(event.node.data, WorkloadRow):
            event.stop()
            self.post_message(self.WorkloadSelected(event.node.data))
