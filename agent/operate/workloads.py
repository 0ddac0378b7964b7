"""Scale, rollout restart, logs and events: the small operations, over the Kubernetes API.

Scale and restart are mutations (gated, recorded by `run_mutation`); logs and
events only read. Targets are `KIND/NAME` (`deploy/backend`, `sts/db`,
`pod/backend-7d9f`); a bare name means a Deployment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from agent.errors import UsageError
from agent.gate import ApprovalGate
from agent.kube import selectors
from agent.kube.kinds import BY_KIND, RESTARTABLE, SCALABLE
from agent.operate.errors import ObjectNotFound
from agent.operate.kube import MERGE_PATCH, KubeApi, ResourceRef
from agent.operate.mutation import Mutation, MutationResult, run_mutation

WORKLOAD_KINDS = {k.lower(): (BY_KIND[k].api_version, k) for k in ("Deployment", "StatefulSet", "ReplicaSet",
                                                                  "DaemonSet", "Pod")}
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"


class Target(BaseModel):
    kind: str  # "Deployment"
    api_version: str
    name: str
    namespace: str

    @property
    def label(self) -> str:
        return f"{self.kind.lower()}/{self.name} -n {self.namespace}"


def parse_target(text: str, namespace: str, allowed: tuple[str, ...] = tuple(WORKLOAD_KINDS)) -> Target:
    from agent.kube.kinds import canonical_kind

    kind_word, _, name = text.partition("/") if "/" in text else ("deployment", "", text)
    kind = canonical_kind(kind_word)
    if kind not in allowed or not name:
        raise UsageError(f"cannot operate on {text!r}",
                         hint=f"give KIND/NAME with KIND one of: {', '.join(allowed)} (e.g. deploy/backend)")
    api_version, canonical = WORKLOAD_KINDS[kind]
    return Target(kind=canonical, api_version=api_version, name=name, namespace=namespace)


def _ref(api: KubeApi, target: Target) -> ResourceRef:
    return api.resource(target.api_version, target.kind)


def _require(api: KubeApi, target: Target) -> dict[str, Any]:
    live = api.get(_ref(api, target), target.namespace, target.name)
    if live is None:
        raise ObjectNotFound(f"{target.label} does not exist",
                             hint=f"list what is there: kubectl get {target.kind.lower()} -n {target.namespace}")
    return live


def scale_mutation(api: KubeApi, target: Target, replicas: int) -> tuple[Mutation, Callable[[], str]]:
    """What scaling would change, and the call that does it (run it only after approval)."""
    if target.kind not in SCALABLE:
        raise UsageError(f"{target.kind} cannot be scaled", hint="scale a deployment, statefulset or replicaset")
    if replicas < 0:
        raise UsageError("replicas must be 0 or more", hint="e.g. --replicas 2")
    current = (_require(api, target).get("spec") or {}).get("replicas", 1)
    command = f"kubectl scale {target.kind.lower()}/{target.name} --replicas={replicas} -n {target.namespace}"
    mutation = Mutation(
        tool="kubectl_scale", title=f"scale {target.label} to {replicas}", action=command,
        diff=f"--- live/{target.label}\n+++ scaled/{target.label}\n-  replicas: {current}\n+  replicas: {replicas}\n",
        blast_radius=f"{target.label}: {current} -> {replicas} replicas",
        left_behind_on_failure=f"the replica count is still {current} unless the error says otherwise",
        recovery=f"kubectl scale {target.kind.lower()}/{target.name} --replicas={current} -n {target.namespace}")

    def execute() -> str:
        api.request("PATCH", _ref(api, target).object_path(target.namespace, target.name),
                    body={"spec": {"replicas": replicas}}, content_type=MERGE_PATCH, what=f"scale {target.label}")
        return f"{target.label} scaled from {current} to {replicas} replicas"

    return mutation, execute


def scale(settings: Any, gate: ApprovalGate, api: KubeApi, target: Target, replicas: int,
          surface: str = "cli") -> MutationResult:
    return run_mutation(settings, gate, *scale_mutation(api, target, replicas), surface=surface)


def restart_mutation(api: KubeApi, target: Target, now: datetime | None = None) -> tuple[Mutation, Callable[[], str]]:
    if target.kind not in RESTARTABLE:
        raise UsageError(f"{target.kind} cannot be restarted", hint="restart a deployment, statefulset or daemonset")
    _require(api, target)
    stamp = (now or datetime.now(UTC)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    command = f"kubectl rollout restart {target.kind.lower()}/{target.name} -n {target.namespace}"
    mutation = Mutation(
        tool="kubectl_rollout_restart", title=f"restart {target.label}", action=command,
        diff=f"+  spec.template.metadata.annotations.{RESTARTED_AT}: {stamp}\n",
        blast_radius=f"every pod of {target.label} is replaced (rolling, respecting maxUnavailable)",
        left_behind_on_failure="no restart was triggered unless the error says the patch was applied",
        recovery=f"watch the rollout: kubectl rollout status {target.kind.lower()}/{target.name} -n {target.namespace}"
                 f"; undo a bad one: kubectl rollout undo {target.kind.lower()}/{target.name} -n {target.namespace}")

    def execute() -> str:
        api.request("PATCH", _ref(api, target).object_path(target.namespace, target.name),
                    body={"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: stamp}}}}},
                    content_type=MERGE_PATCH, what=f"restart {target.label}")
        return f"{target.label} restarted (restartedAt {stamp})"

    return mutation, execute


def restart(settings: Any, gate: ApprovalGate, api: KubeApi, target: Target, surface: str = "cli",
            now: datetime | None = None) -> MutationResult:
    return run_mutation(settings, gate, *restart_mutation(api, target, now), surface=surface)


def pods_of(api: KubeApi, target: Target) -> list[str]:
    """The pod names behind a target (the pod itself, or those its selector matches)."""
    if target.kind == "Pod":
        return [target.name]
    selector = selectors.of_object(_require(api, target))
    if not selector:  # an empty selector would select every pod of the namespace
        return []
    # matchLabels narrow the list on the server; the whole selector (matchExpressions too) is checked here
    pods = api.list(api.resource("v1", "Pod"), target.namespace, label_selector=selectors.server_side(selector))
    return sorted(p["metadata"]["name"] for p in pods if selectors.matches(selector, p["metadata"].get("labels")))


def logs(api: KubeApi, target: Target, *, container: str | None = None, previous: bool = False,
         tail: int | None = 200) -> str:
    """Logs of every pod behind `target`, each block headed by its pod name. Redacted."""
    from agent.redact import redact

    pods = pods_of(api, target)
    if not pods:
        raise ObjectNotFound(f"{target.label} has no pods", hint=f"kubectl describe {target.label}")
    blocks = []
    for pod in pods:
        query = {"container": container, "previous": "true" if previous else None, "tailLines": tail}
        path = f"/api/v1/namespaces/{target.namespace}/pods/{pod}/log"
        text = api.text(path, query, what=f"get pods/{pod}/log")
        blocks.append(text if len(pods) == 1 else f"==> pod/{pod} <==\n{text}")
    return redact("\n".join(blocks))


class EventRow(BaseModel):
    last_seen: str
    type: str
    reason: str
    object: str
    message: str
    count: int = 1


def events(api: KubeApi, namespace: str, for_object: str | None = None) -> list[EventRow]:
    """Events of a namespace (optionally of one object, `KIND/NAME` or NAME), oldest first. Redacted."""
    from agent.redact import redact
    from agent.kube.kinds import canonical_kind

    rows = []
    kind_word, _, name_filter = (for_object or "").rpartition("/")
    kind_filter = canonical_kind(kind_word) if kind_word else ""
    for event in api.list(api.resource("v1", "Event"), namespace):
        involved = event.get("involvedObject") or {}
        if for_object and (involved.get("name") != name_filter
                           or (kind_filter and involved.get("kind", "").lower() != kind_filter)):
            continue
        rows.append(EventRow(
            last_seen=str(event.get("lastTimestamp") or event.get("eventTime") or
                          (event.get("metadata") or {}).get("creationTimestamp") or ""),
            type=event.get("type", ""), reason=event.get("reason", ""),
            object=f"{involved.get('kind', '').lower()}/{involved.get('name', '')}",
            message=redact(event.get("message", "")), count=int(event.get("count") or 1)))
    return sorted(rows, key=lambda r: r.last_seen)


def render_events(rows: list[EventRow]) -> str:
    if not rows:
        return "no events"
    lines = [f"{'LAST SEEN':<22} {'TYPE':<8} {'REASON':<20} {'OBJECT':<40} MESSAGE"]
    lines += [f"{r.last_seen:<22} {r.type:<8} {r.reason:<20} {r.object:<40} {r.message}"
              + (f" (x{r.count})" if r.count > 1 else "") for r in rows]
    return "\n".join(lines)
