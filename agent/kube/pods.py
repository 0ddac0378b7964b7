"""Pod and container state: ready, finished, conditions, the `kubectl get pods` STATUS word, and the
one answer to "is this container failing", read from the reason table in
`agent/data/kube/container_reasons.yaml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

Obj = Mapping[str, Any]

REASONS_FILE = Path(__file__).resolve().parents[1] / "data" / "kube" / "container_reasons.yaml"


@dataclass(frozen=True)
class Reason:
    name: str
    failing: bool
    family: str | None = None


@dataclass(frozen=True)
class ReasonTable:
    waiting: dict[str, Reason]
    terminated: dict[str, Reason]
    pod: dict[str, Reason]

    def lookup(self, reason: str | None) -> Reason | None:
        """A reason in any state (an `Init:` prefix, as kubectl prints it, is ignored)."""
        if not reason:
            return None
        reason = reason.removeprefix("Init:")
        return self.waiting.get(reason) or self.terminated.get(reason) or self.pod.get(reason)


@cache
def reasons() -> ReasonTable:
    import yaml  # ~15 ms; only when a pod's state is read

    raw = yaml.safe_load(REASONS_FILE.read_text(encoding="utf-8"))

    def section(name: str) -> dict[str, Reason]:
        return {k: Reason(k, bool(v.get("failing")), v.get("family")) for k, v in (raw.get(name) or {}).items()}

    return ReasonTable(section("waiting"), section("terminated"), section("pod"))


def is_failing_reason(reason: str | None) -> bool:
    """Whether a status word (`CrashLoopBackOff`, `Init:Error`, `Evicted`) means something is failing."""
    found = reasons().lookup(reason)
    return bool(found and found.failing)


def reason_family(reason: str | None) -> str | None:
    found = reasons().lookup(reason)
    return found.family if found and found.failing else None


@dataclass(frozen=True)
class ContainerFailure:
    """Why one container is failing: a failing waiting reason, else its last exit with a non-zero code."""

    container: str
    reason: str
    family: str
    waiting: bool
    exit_code: int | None = None
    message: str = ""


def container_failure(status: Obj) -> ContainerFailure | None:
    """THE "is this container failing" check, on one entry of `containerStatuses`/`initContainerStatuses`."""
    name = status.get("name", "")
    state = status.get("state") or {}
    waiting = state.get("waiting") or {}
    found = reasons().waiting.get(waiting.get("reason") or "")
    if found and found.failing:
        return ContainerFailure(name, found.name, found.family or "crash", True,
                                message=" ".join((waiting.get("message") or "").split()))
    terminated = (status.get("lastState") or {}).get("terminated") or state.get("terminated")
    if terminated and terminated.get("exitCode", 0) != 0:
        reason = terminated.get("reason") or "Error"
        family = reason_family(reason) or "crash"
        return ContainerFailure(name, reason, family, False, exit_code=terminated.get("exitCode"),
                                message=" ".join((terminated.get("message") or "").split()))
    return None


def waiting_to_restart(status: Obj) -> bool:
    """Waiting with a crash-family reason (CrashLoopBackOff, RunContainerError): the kubelet keeps restarting it."""
    failure = container_failure(status)
    return failure is not None and failure.waiting and failure.family == "crash"


def is_crashing(status: Obj) -> bool:
    """The container's process runs and exits (so it has logs): restarts, a crash-family waiting reason,
    or a current non-zero exit."""
    if int(status.get("restartCount") or 0) > 0:
        return True
    failure = container_failure(status)
    return failure is not None and failure.family in ("crash", "oom")


def container_statuses(pod: Obj, include_init: bool = True) -> list[Obj]:
    status = pod.get("status") or {}
    init = list(status.get("initContainerStatuses") or []) if include_init else []
    return init + list(status.get("containerStatuses") or [])


def condition(obj: Obj | None, cond_type: str) -> Obj | None:
    for cond in ((obj or {}).get("status") or {}).get("conditions") or []:
        if cond.get("type") == cond_type:
            return cond
    return None


def is_pod_ready(pod: Obj) -> bool:
    return (condition(pod, "Ready") or {}).get("status") == "True"


def is_node_ready(node: Obj) -> bool:
    return (condition(node, "Ready") or {}).get("status") == "True"


def is_finished(pod: Obj) -> bool:
    """Succeeded or Failed: the pod will not run again."""
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def status_word(pod: Obj, rank: tuple[str, ...] = ()) -> str:
    """The STATUS `kubectl get pods` would print. With several failing containers, the one first in `rank`
    (worst first) wins; unranked reasons count as `Error`."""

    def position(word: str) -> int:
        if word in rank:
            return rank.index(word)
        return rank.index("Error") if "Error" in rank else len(rank)

    status = pod.get("status") or {}
    if status.get("reason") == "Evicted":
        return "Evicted"
    for cs in status.get("initContainerStatuses") or []:
        waiting = (cs.get("state") or {}).get("waiting")
        if waiting and waiting.get("reason"):
            return f"Init:{waiting['reason']}"
    worst = None
    for cs in status.get("containerStatuses") or []:
        state = cs.get("state") or {}
        reason = (state.get("waiting") or {}).get("reason") or (state.get("terminated") or {}).get("reason")
        if reason and reason != "Completed":
            if worst is None or position(reason) < position(worst):
                worst = reason
        elif not cs.get("ready") and state.get("running") and worst is None:
            worst = "NotReady"
    return worst or status.get("phase") or "Unknown"
