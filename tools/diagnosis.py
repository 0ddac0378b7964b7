"""Diagnosis tools for the agent loop: diagnose, get_objects, search_logs, get_events. None modifies anything.

The cluster comes from `ctx.cluster` (a `ClusterSource` or an already loaded
`ClusterState`); it is loaded once per scope and cached in `ctx.extras`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from agent.tooling.base import Tool, ToolContext, ToolResult

STATES_KEY = "diagnosis_states"
MAX_OBJECTS = 100
MAX_LOG_LINES = 200
DEFAULT_LOG_PATTERN = (r"error|fatal|panic|exception|traceback|fail|refused|denied|killed|"
                       r"no such|not found|cannot|unable|timeout|timed out")


def _redact(text: str) -> str:
    from agent.redact import redact

    return redact(text)


def cluster_state(ctx: ToolContext, namespace: str | None) -> Any:
    """The ClusterState for this scope, loaded once (a whole-cluster load serves every namespace)."""
    from agent.diagnosis.state import ClusterState

    if isinstance(ctx.cluster, ClusterState):
        return ctx.cluster
    if ctx.cluster is None:
        from agent.diagnosis.sources.base import open_source

        ctx.cluster = open_source(ctx.settings)
    cache: dict[str | None, Any] = ctx.extras.setdefault(STATES_KEY, {})
    if None in cache:
        return cache[None]
    if namespace not in cache:
        cache[namespace] = ctx.cluster.load(namespace, namespace is None)
    return cache[namespace]


def _scope(args_namespace: str | None, ctx: ToolContext) -> str | None:
    return args_namespace or getattr(ctx.settings, "namespace", None)


def _failure(exc: Exception) -> ToolResult:
    hint = getattr(exc, "hint", None)
    text = getattr(exc, "message", str(exc))
    return ToolResult.error(f"{text}\nhint: {hint}" if hint else text)


class DiagnoseArgs(BaseModel):
    question: str = Field(default="what is wrong?", description="The user's question, verbatim")
    namespace: str | None = Field(default=None, description="Namespace to look at; default: all (or the configured one)")


class DiagnoseTool(Tool):
    name: ClassVar[str] = "diagnose"
    description: ClassVar[str] = (
        "Find the root cause of problems in the cluster (crash loops, OOM, image pulls, pending pods, probes, "
        "services without endpoints, PVCs, rollouts, jobs, HPA, nodes, network policies, DNS, RBAC) and answer "
        "the question with evidence and a concrete fix.")
    Args: ClassVar[type[BaseModel]] = DiagnoseArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from agent.diagnosis.engine import answer
        from agent.diagnosis.render import render_text
        from agent.errors import AgentError
        from agent.redact import redact_obj

        assert isinstance(args, DiagnoseArgs)
        namespace = _scope(args.namespace, ctx)
        try:
            state = cluster_state(ctx, namespace)
        except AgentError as exc:
            return _failure(exc)
        result = answer(state, args.question, namespace=namespace)
        make = ToolResult.ok if result.answered else ToolResult.no_data
        return make(_redact(render_text(result)), data=redact_obj(result.model_dump(mode="json")))


class GetObjectsArgs(BaseModel):
    kind: str = Field(description="pods, deployments, services, pvc, nodes, events, ... (kubectl names)")
    namespace: str | None = None
    name: str | None = Field(default=None, description="Exact name or a name prefix (backend -> backend-7d9f-x2)")
    label_selector: str | None = Field(default=None, description="k=v, k!=v, k, !k, comma-separated")


class GetObjectsTool(Tool):
    name: ClassVar[str] = "get_objects"
    description: ClassVar[str] = "List cluster objects of one kind as compact one-line summaries (status, readiness, image, ports)."
    Args: ClassVar[type[BaseModel]] = GetObjectsArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from agent.diagnosis.facts import object_summary
        from agent.kube.kinds import kind_from_word
        from agent.diagnosis.state import CLUSTER_SCOPED, labels_of, name_of, namespace_of
        from agent.errors import AgentError
        from agent.kube.selectors import matches_text

        assert isinstance(args, GetObjectsArgs)
        kind = kind_from_word(args.kind) or args.kind
        namespace = _scope(args.namespace, ctx)
        try:
            state = cluster_state(ctx, namespace)
        except AgentError as exc:
            return _failure(exc)
        if kind not in state.kinds_read:
            return ToolResult.no_data(f"{kind} objects were not read from this source ({state.label})")
        if kind in CLUSTER_SCOPED:  # nodes, PVs, storage classes belong to no namespace
            namespace = None
        objs = [o for o in state.of_kind(kind, namespace)
                if (not args.name or name_of(o) == args.name or name_of(o).startswith(args.name + "-"))
                and matches_text(args.label_selector, labels_of(o))]
        if not objs:
            return ToolResult.no_data(f"no {kind} objects match" + (f" in namespace {namespace}" if namespace else ""))
        lines = [object_summary(state, o) for o in objs[:MAX_OBJECTS]]
        if len(objs) > MAX_OBJECTS:
            lines.append(f"... and {len(objs) - MAX_OBJECTS} more")
        data = {"objects": [{"kind": kind, "namespace": namespace_of(o), "name": name_of(o)} for o in objs[:MAX_OBJECTS]]}
        return ToolResult.ok(_redact("\n".join(lines)), data=data)


class SearchLogsArgs(BaseModel):
    pod: str = Field(description="Pod name or prefix (a deployment's name finds its pods)")
    namespace: str | None = None
    container: str | None = None
    pattern: str = Field(default=DEFAULT_LOG_PATTERN, description="Regular expression, case-insensitive")
    previous: bool | None = Field(default=None, description="True: the crashed instance only; False: current only; default both")


class SearchLogsTool(Tool):
    name: ClassVar[str] = "search_logs"
    description: ClassVar[str] = "Search the logs of a pod's containers (current and previous instance) for a pattern."
    Args: ClassVar[type[BaseModel]] = SearchLogsArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from agent.errors import AgentError

        assert isinstance(args, SearchLogsArgs)
        try:
            pattern = re.compile(args.pattern, re.IGNORECASE)
        except re.error as exc:
            return ToolResult.error(f"bad pattern {args.pattern!r}: {exc}")
        namespace = _scope(args.namespace, ctx)
        try:
            state = cluster_state(ctx, namespace)
        except AgentError as exc:
            return _failure(exc)
        keys = [k for k in state.logs
                if (namespace is None or k.namespace == namespace)
                and (k.pod == args.pod or k.pod.startswith(args.pod + "-"))
                and (args.container is None or k.container == args.container)
                and (args.previous is None or k.previous == args.previous)]
        if not keys:
            return ToolResult.no_data(f"no logs were available for pod {args.pod}"
                                      + (f" in namespace {namespace}" if namespace else "")
                                      + f" (source: {state.label}); logs are read only for failing containers")
        lines = []
        for key in sorted(keys, key=lambda k: (k.namespace, k.pod, k.container, not k.previous)):
            which = "previous" if key.previous else "current"
            lines.extend(f"{key.namespace}/{key.pod}/{key.container} ({which}): {line}"
                         for line in state.logs[key].splitlines() if pattern.search(line))
        if not lines:
            return ToolResult.no_data(f"no line matches /{args.pattern}/ in {len(keys)} log(s) of {args.pod}")
        return ToolResult.ok(_redact("\n".join(lines[-MAX_LOG_LINES:])), data={"matches": len(lines)})


class GetEventsArgs(BaseModel):
    name: str | None = Field(default=None, description="Object name or prefix; default: every Warning event")
    kind: str | None = Field(default=None, description="pod, deployment, pvc, ...; default: any kind")
    namespace: str | None = None


class GetEventsTool(Tool):
    name: ClassVar[str] = "get_events"
    description: ClassVar[str] = "The events of an object (and of its pods), oldest first; without a name, the Warning events."
    Args: ClassVar[type[BaseModel]] = GetEventsArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from agent.diagnosis.facts import event_line
        from agent.diagnosis.relations import pods_of
        from agent.kube.kinds import kind_from_word
        from agent.diagnosis.state import CLUSTER_SCOPED, event_time, involved_object, name_of, namespace_of
        from agent.errors import AgentError

        assert isinstance(args, GetEventsArgs)
        namespace = _scope(args.namespace, ctx)
        try:
            state = cluster_state(ctx, namespace)
        except AgentError as exc:
            return _failure(exc)
        kind = kind_from_word(args.kind) if args.kind else None
        # a node's events are recorded in namespace default, whatever namespace the question is scoped to
        events = state.of_kind("Event", None if kind in CLUSTER_SCOPED else namespace)
        if args.name:
            targets = {(inv.get("kind"), inv.get("name")) for ev in events
                       if (inv := involved_object(ev))
                       and (kind is None or inv.get("kind") == kind)
                       and (inv.get("name") == args.name or str(inv.get("name", "")).startswith(args.name + "-"))}
            for k in ([kind] if kind else ["Deployment", "StatefulSet", "DaemonSet", "Job", "Service"]):
                for obj in state.of_kind(k, namespace):
                    if name_of(obj) == args.name:
                        targets.update(("Pod", name_of(p)) for p in pods_of(state, obj))
            events = [ev for ev in events
                      if (involved_object(ev).get("kind"), involved_object(ev).get("name")) in targets]
        else:
            events = [ev for ev in events if ev.get("type") == "Warning"]
        if not events:
            what = f"{args.kind + ' ' if args.kind else ''}{args.name}" if args.name else "Warning events"
            return ToolResult.no_data(f"no events for {what}" + (f" in namespace {namespace}" if namespace else ""))
        events.sort(key=event_time)
        lines = [f"{namespace_of(ev)}: {event_line(ev)}" for ev in events[-MAX_OBJECTS:]]
        return ToolResult.ok(_redact("\n".join(lines)), data={"events": len(events)})
