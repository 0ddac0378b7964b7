"""Helm release operations through the approval gate: upgrade (--atomic), rollback, uninstall.

Reads (list, status, history) need no approval. Rollback defaults to the
previous successful revision. Uninstall deletes every object of the release,
so the release name must be typed back unless --yes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.errors import UsageError
from agent.gate import ApprovalGate
from agent.textfiles import unified_diff
from agent.operate.mutation import Mutation, MutationResult, run_mutation
from agent.programs.helm import (
    DEFAULT_TIMEOUT,
    HelmClient,
    ReleaseInfo,
    helm_rollback_command,
    helm_uninstall_command,
    helm_upgrade_command,
    import_helm_sdk,
    load_values,
    previous_good_revision,
)


def render_manifest(chart: Path, release: str, namespace: str, values: dict[str, Any], upgrade: bool) -> str:
    helm = import_helm_sdk()
    with helm.Chart.load(str(chart)) as loaded:
        rendered = loaded.render(values, name=release, namespace=namespace, is_install=not upgrade,
                                 is_upgrade=upgrade)
    return "".join(f"---\n# Source: {name}\n{text.strip()}\n" for name, text in sorted(rendered.items())
                   if name.endswith((".yaml", ".yml")) and text.strip())


def manifest_diff(old: str, new: str, release: str) -> str:
    return unified_diff(old, new, f"deployed/{release}", f"proposed/{release}")


def upgrade(settings: Any, gate: ApprovalGate, client: HelmClient, chart: Path, release: str,
            values_files: list[Path], *, sets: list[str] | None = None, atomic: bool = False, wait: bool = True,
            timeout: int = DEFAULT_TIMEOUT, stage: str = "operate", surface: str = "cli") -> MutationResult:
    values = load_values(values_files, sets)
    exists = client.exists(release)
    before = client.history(release) if exists else []
    diff = manifest_diff(client.manifest(release) if exists else "",
                         render_manifest(chart, release, client.namespace, values, exists), release)
    command = helm_upgrade_command(release, chart, client.namespace, values_files, kube_context=client.kube_context,
                                   wait=wait, timeout=timeout, atomic=atomic, sets=sets)
    last_good = previous_good_revision(before, (max(r.revision for r in before) + 1) if before else None)
    recovery = (f"agent release rollback {release} {last_good.revision} -n {client.namespace}" if last_good else
                f"agent release uninstall {release} -n {client.namespace} (nothing was deployed before)")
    mutation = Mutation(
        tool="helm_upgrade", title=f"{'upgrade' if exists else 'install'} release {release}", action=command,
        diff=diff, blast_radius=f"release {release} in namespace {client.namespace}",
        left_behind_on_failure=("--atomic: Helm rolled the release back to the last good revision" if atomic else
                                "the new revision is marked failed; its objects may be partly updated"),
        recovery=recovery)

    def execute() -> str:
        info = client.upgrade_install(chart, release, values, wait=wait, timeout=timeout, atomic=atomic)
        return f"release {release} revision {info.revision}: {info.status}"

    return run_mutation(settings, gate, mutation, execute, stage=stage, surface=surface)


def rollback_target(history: list[ReleaseInfo], release: str, namespace: str, revision: int | None) -> int:
    """The revision a rollback returns to: `revision` when the release has it, else the previous successful one."""
    if revision is None:
        target = previous_good_revision(history)
        if target is None:
            raise UsageError(f"release {release} has no earlier successful revision to roll back to",
                             hint=f"see agent release history {release} -n {namespace}")
        return target.revision
    if revision not in {r.revision for r in history}:
        raise UsageError(f"release {release} has no revision {revision}",
                         hint=f"choose one of: {', '.join(str(r.revision) for r in history)}")
    return revision


def rollback(settings: Any, gate: ApprovalGate, client: HelmClient, release: str, revision: int | None = None, *,
             stage: str = "operate", surface: str = "cli") -> MutationResult:
    history = client.history(release)
    current = max(history, key=lambda r: r.revision)
    revision = rollback_target(history, release, client.namespace, revision)
    command = helm_rollback_command(release, revision, client.namespace, client.kube_context)
    mutation = Mutation(
        tool="helm_rollback", title=f"roll back release {release} to revision {revision}", action=command,
        diff=f"revision {current.revision} ({current.status}) -> revision {revision}\n",
        blast_radius=f"every object of release {release} in namespace {client.namespace}",
        left_behind_on_failure="Helm records a failed rollback as a new failed revision; objects may be partly at "
                               f"revision {current.revision} and partly at {revision}",
        recovery=f"agent release history {release} -n {client.namespace}, then "
                 f"agent release rollback {release} {revision} -n {client.namespace} again")

    def execute() -> str:
        client.rollback(release, revision)
        return f"release {release} rolled back to revision {revision}"

    return run_mutation(settings, gate, mutation, execute, stage=stage, surface=surface)


def uninstall(settings: Any, gate: ApprovalGate, client: HelmClient, release: str, *,
              surface: str = "cli") -> MutationResult:
    info = client.status(release)
    mutation = Mutation(
        tool="helm_uninstall", title=f"uninstall release {release}",
        action=helm_uninstall_command(release, client.namespace, client.kube_context),
        diff=f"--- release {release} revision {info.revision} ({info.chart})\n+++ (deleted)\n",
        blast_radius=f"deletes every object of release {release} in namespace {client.namespace}, Secrets included",
        confirm_text=release,
        left_behind_on_failure="some objects of the release may be deleted and others not",
        recovery=f"re-run `agent release uninstall {release}`, or reinstall with `agent deploy`")

    def execute() -> str:
        return client.uninstall(release)

    return run_mutation(settings, gate, mutation, execute, surface=surface)
