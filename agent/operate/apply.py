"""`agent apply`: server-side dry run, the diff against the live objects, approval, then server-side apply.

Apply uses the field manager `aiops-agent`. `--prune` deletes objects that carry
the given label selector but are not in the manifests; it never runs without an
explicit selector. Deleting Secrets, PVCs or cluster-scoped objects by pruning
needs the name (or `delete-all`) typed back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.errors import AgentError, UsageError
from agent.gate import ApprovalGate
from agent.operate.diff import object_diff
from agent.operate.kube import APPLY_PATCH, FIELD_MANAGER, KubeApi, ResourceRef
from agent.operate.manifests import describe, load_objects
from agent.operate.mutation import Mutation, MutationResult, run_mutation
from agent.kube.kinds import canonical_kind
from agent.kube.selectors import matches_text
from agent.safety import BULK_DELETE_TOKEN, needs_typed_confirmation


class ObjectChange(BaseModel):
    object: str  # "deployment/backend -n todo"
    action: Literal["create", "configure", "unchanged", "prune"]
    diff: str = ""


class ApplyPlan(BaseModel):
    source: str
    field_manager: str = FIELD_MANAGER
    changes: list[ObjectChange] = Field(default_factory=list)
    prune_selector: str | None = None

    @property
    def pending(self) -> list[ObjectChange]:
        return [c for c in self.changes if c.action != "unchanged"]

    @property
    def diff(self) -> str:
        return "".join(c.diff if c.action != "prune" else f"--- live/{c.object}\n+++ (deleted by --prune)\n"
                       for c in self.pending)


class ApplyResult(BaseModel):
    plan: ApplyPlan
    mutation: MutationResult | None = None  # None when there was nothing to change

    @property
    def ok(self) -> bool:
        return self.mutation is None or self.mutation.ok


class _Item:
    def __init__(self, obj: dict[str, Any], ref: ResourceRef, namespace: str | None) -> None:
        self.obj, self.ref, self.namespace = obj, ref, namespace
        self.label = describe({**obj, "metadata": {**obj["metadata"], "namespace": namespace}})

    @property
    def name(self) -> str:
        return str(self.obj["metadata"]["name"])


def _items(api: KubeApi, objects: list[dict[str, Any]], namespace: str | None) -> list[_Item]:
    items = []
    for obj in objects:
        ref = api.resource(obj["apiVersion"], obj["kind"])
        ns = (obj["metadata"].get("namespace") or namespace or api.default_namespace) if ref.namespaced else None
        body = {**obj, "metadata": {**obj["metadata"], **({"namespace": ns} if ns else {})}}
        items.append(_Item(body, ref, ns))
    return items


def _apply_query(*, dry_run: bool, force_conflicts: bool) -> dict[str, Any]:
    query: dict[str, Any] = {"fieldManager": FIELD_MANAGER}
    if force_conflicts:
        query["force"] = "true"
    if dry_run:
        query["dryRun"] = "All"
    return query


def _server_side_apply(api: KubeApi, item: _Item, *, dry_run: bool, force_conflicts: bool) -> dict[str, Any]:
    verb = "server-side dry run of" if dry_run else "server-side apply of"
    return api.request("PATCH", item.ref.object_path(item.namespace, item.name), body=item.obj,
                       content_type=APPLY_PATCH, query=_apply_query(dry_run=dry_run, force_conflicts=force_conflicts),
                       what=f"{verb} {item.label}")


def _prunable(api: KubeApi, items: list[_Item], selector: str) -> list[_Item]:
    wanted = {(i.ref, i.namespace, i.name) for i in items}
    scopes = {(i.ref, i.namespace) for i in items}
    found = []
    for ref, namespace in sorted(scopes, key=lambda s: (s[0].kind, s[1] or "")):
        for live in api.list(ref, namespace, label_selector=selector):
            key = (ref, namespace, live["metadata"]["name"])
            if key not in wanted and matches_text(selector, live["metadata"].get("labels")):
                found.append(_Item(live, ref, namespace))
    return found


def preview(api: KubeApi, path: Path, *, namespace: str | None = None, prune_selector: str | None = None,
            force_conflicts: bool = False) -> tuple[ApplyPlan, list[_Item], list[_Item]]:
    """The server's dry run of every object and the diff against what is live. Changes nothing."""
    items = _items(api, load_objects(path), namespace)
    plan = ApplyPlan(source=str(path), prune_selector=prune_selector)
    for item in items:
        live = api.get(item.ref, item.namespace, item.name)
        merged = _server_side_apply(api, item, dry_run=True, force_conflicts=force_conflicts)
        diff = object_diff(live, merged, item.label)
        action = "create" if live is None else ("configure" if diff else "unchanged")
        plan.changes.append(ObjectChange(object=item.label, action=action, diff=diff))
    pruned = _prunable(api, items, prune_selector) if prune_selector else []
    plan.changes += [ObjectChange(object=p.label, action="prune") for p in pruned]
    return plan, items, pruned


def _prune_confirm_text(pruned: list[_Item]) -> str | None:
    sensitive = [p for p in pruned if needs_typed_confirmation(canonical_kind(p.ref.kind))]
    if not sensitive:
        return None
    return sensitive[0].name if len(sensitive) == 1 else BULK_DELETE_TOKEN


def apply_command(path: Path, namespace: str | None, prune_selector: str | None, force_conflicts: bool) -> str:
    parts = ["kubectl apply --server-side", f"--field-manager={FIELD_MANAGER}", f"-f {path}"]
    if namespace:
        parts.append(f"-n {namespace}")
    if force_conflicts:
        parts.append("--force-conflicts")
    if prune_selector:
        parts.append(f"--prune -l {prune_selector}")
    return " ".join(parts)


def apply(settings: Any, gate: ApprovalGate, path: Path, *, namespace: str | None = None,
          prune_selector: str | None = None, force_conflicts: bool = False, surface: str = "cli",
          api: KubeApi | None = None) -> ApplyResult:
    if prune_selector is not None and not prune_selector.strip():
        raise UsageError("--prune needs a label selector", hint="pass -l/--selector app.kubernetes.io/instance=NAME")
    api = api or KubeApi.from_settings(settings)
    plan, items, pruned = preview(api, path, namespace=namespace, prune_selector=prune_selector,
                                  force_conflicts=force_conflicts)
    if not plan.pending:
        return ApplyResult(plan=plan)
    command = apply_command(path, namespace, prune_selector, force_conflicts)
    summary = ", ".join(f"{c.action} {c.object}" for c in plan.pending)
    mutation = Mutation(
        tool="kubectl_apply", title=f"apply {path}", action=f"{command}  ({summary})", diff=plan.diff,
        blast_radius=f"{len(plan.pending)} object(s) on {api.server}", confirm_text=_prune_confirm_text(pruned),
        left_behind_on_failure="server-side apply is per object: the objects listed as applied in the error are "
                               "changed, the others are not",
        recovery=f"re-run `agent apply {path}` to see what still differs; to undo, apply the previous manifests")
    applied: list[str] = []

    def execute() -> str:
        to_apply = [item for item, change in zip(items, plan.changes) if change.action != "unchanged"]
        for item, prune in [(i, False) for i in to_apply] + [(i, True) for i in pruned]:
            try:
                if prune:
                    api.request("DELETE", item.ref.object_path(item.namespace, item.name), what=f"prune {item.label}")
                else:
                    _server_side_apply(api, item, dry_run=False, force_conflicts=force_conflicts)
            except AgentError as exc:
                exc.message = f"{exc.message} (applied: {', '.join(applied) or 'none'}; failed at {item.label})"
                raise
            applied.append(f"deleted {item.label}" if prune else item.label)
        return "applied: " + ", ".join(applied)

    result = run_mutation(settings, gate, mutation, execute, command=command, surface=surface)
    return ApplyResult(plan=plan, mutation=result)
