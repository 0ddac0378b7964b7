"""The agent loop's diagnosis tools over a snapshot: diagnose, get_objects, search_logs, get_events."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.diagnosis.sources.snapshot import SnapshotSource, load_snapshot
from agent.diagnosis.state import ClusterState
from agent.tooling.base import Modifies, ToolContext, ToolStatus
from tools.diagnosis import DiagnoseTool, GetEventsTool, GetObjectsTool, SearchLogsTool, cluster_state

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "crashloop-missing-env"
TOOLS = [DiagnoseTool(), GetObjectsTool(), SearchLogsTool(), GetEventsTool()]


class CountingSource(SnapshotSource):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.loads = 0

    def load(self, namespace=None, all_namespaces=False) -> ClusterState:
        self.loads += 1
        return super().load(namespace, all_namespaces)


@pytest.fixture
def ctx() -> ToolContext:
    return ToolContext(cluster=CountingSource(SCENARIO))


def run(tool, ctx, **args):
    return tool.run(tool.parse_args(args), ctx)


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.name)
def test_no_diagnosis_tool_modifies_anything(tool) -> None:
    args = tool.parse_args({"pod": "x"} if tool.name == "search_logs" else {"kind": "pods"} if tool.name == "get_objects" else {})
    assert tool.modifies(args) is Modifies.NO


def test_diagnose_returns_the_answer_as_data_and_text(ctx) -> None:
    result = run(DiagnoseTool(), ctx, question="why is the backend pod crashing?", namespace="todo")
    assert result.status is ToolStatus.OK
    assert "DATABASE_URL" in result.output and "backend-secrets" in result.output
    assert result.data["summary"] and result.data["findings"][0]["analyzer"] == "crashloop"


def test_cluster_is_loaded_once_per_scope_and_cached(ctx) -> None:
    run(DiagnoseTool(), ctx, question="what is wrong?", namespace="todo")
    run(GetObjectsTool(), ctx, kind="pods", namespace="todo")
    run(GetEventsTool(), ctx, namespace="todo")
    assert ctx.cluster.loads == 1


def test_a_loaded_state_can_be_the_cluster() -> None:
    state = load_snapshot(SCENARIO)
    assert cluster_state(ToolContext(cluster=state), "todo") is state


def test_get_objects_by_prefix_and_label(ctx) -> None:
    result = run(GetObjectsTool(), ctx, kind="po", namespace="todo", name="backend")
    assert result.status is ToolStatus.OK
    assert result.output.startswith("Pod/todo/backend-") and "CrashLoopBackOff" in result.output
    none = run(GetObjectsTool(), ctx, kind="pods", namespace="todo", label_selector="app=nothing-like-this")
    assert none.status is ToolStatus.NO_DATA


def test_get_objects_label_selector_uses_kubectl_syntax(ctx) -> None:
    backend = run(GetObjectsTool(), ctx, kind="pods", namespace="todo", label_selector="app==backend")
    assert backend.status is ToolStatus.OK and "Pod/todo/backend-" in backend.output
    others = run(GetObjectsTool(), ctx, kind="pods", namespace="todo", label_selector="app!=backend")
    assert others.status is ToolStatus.OK and "Pod/todo/backend-" not in others.output


def test_get_objects_of_an_unread_kind_says_so(ctx) -> None:
    result = run(GetObjectsTool(), ctx, kind="ingresses", namespace="todo")
    assert result.status is ToolStatus.NO_DATA and "were not read" in result.output


def test_search_logs_finds_the_crash_line(ctx) -> None:
    result = run(SearchLogsTool(), ctx, pod="backend", namespace="todo", pattern="DATABASE_URL")
    assert result.status is ToolStatus.OK
    assert all("DATABASE_URL" in line for line in result.output.splitlines())
    assert run(SearchLogsTool(), ctx, pod="nosuchpod", namespace="todo").status is ToolStatus.NO_DATA
    assert run(SearchLogsTool(), ctx, pod="backend", pattern="(").status is ToolStatus.ERROR


def test_get_events_of_a_deployment_include_its_pods(ctx) -> None:
    result = run(GetEventsTool(), ctx, name="backend", kind="deployment", namespace="todo")
    assert result.status is ToolStatus.OK and "BackOff" in result.output
    warnings = run(GetEventsTool(), ctx, namespace="todo")
    assert all(" Warning " in f" {line.split(': ', 1)[1]}" for line in warnings.output.splitlines())


def test_source_errors_become_tool_errors_with_the_hint(tmp_path: Path) -> None:
    ctx = ToolContext(cluster=SnapshotSource(tmp_path / "missing"))
    result = run(DiagnoseTool(), ctx, question="what is wrong?")
    assert result.status is ToolStatus.ERROR and "hint:" in result.output


def test_cluster_scoped_objects_are_listed_whatever_the_namespace(ctx) -> None:
    result = run(GetObjectsTool(), ctx, kind="nodes", namespace="todo")
    assert result.status is ToolStatus.OK and result.output.startswith("Node/")


def test_node_events_are_found_from_a_namespaced_question() -> None:
    from tests.diagnosis.builders import event, node

    state = ClusterState(label="test")
    state.add_all([node("minikube", ready=False),
                   event("Node", "minikube", "NodeNotReady", "Node minikube status is now: NodeNotReady",
                         namespace="default")])
    result = run(GetEventsTool(), ToolContext(cluster=state), kind="node", name="minikube", namespace="todo")
    assert result.status is ToolStatus.OK and "NodeNotReady" in result.output
