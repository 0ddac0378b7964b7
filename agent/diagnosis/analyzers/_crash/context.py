"""What a crash matcher gets (the container, its output, lookups) and what it returns."""

from __future__ import annotations

from dataclasses import dataclass

from agent.diagnosis.analyzers._pods import (
    ContainerView,
    LogText,
    PodIndex,
    container_json_path,
    line_with,
    owner_spec_path,
)
from agent.diagnosis.models import Evidence, Fix, ObjectRef
from agent.diagnosis.state import ClusterState

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


@dataclass
class Cause:
    key: str  # groups pods of one workload that fail the same way
    root_cause: str
    evidence: list[Evidence]
    fix: Fix
    confidence: float


@dataclass
class CrashContext:
    index: PodIndex
    view: ContainerView
    owner: ObjectRef
    log: LogText | None
    text: str  # log + termination message: everything the process said
    exit_code: int | None
    reason: str

    @property
    def ns(self) -> str:
        return self.view.namespace

    @property
    def state(self) -> ClusterState:
        return self.index.state

    def quote(self, needle: str) -> Evidence:
        """The output line with `needle`, attributed to the log or the termination message."""
        line = line_with(self.text, needle)
        in_log = self.log is not None and needle.lower() in self.log.text.lower()
        return Evidence(source=self.log.source if in_log else "status (termination message)", text=line)

    def who(self) -> str:
        kind = "init container" if self.view.init else "container"
        return f"{kind} {self.view.name}"

    def container_path(self) -> str:
        return container_json_path(self.owner, self.view)


def mount_for(ctx: CrashContext, path: str) -> tuple[dict, dict] | None:
    """The volumeMount (and its volume) whose mountPath contains `path`, deepest first."""
    volumes = {v.get("name"): v for v in (ctx.view.pod.get("spec") or {}).get("volumes") or []}
    mounts = sorted(ctx.view.spec.get("volumeMounts") or [], key=lambda m: -len(m.get("mountPath", "")))
    for mount in mounts:
        mount_path = mount.get("mountPath", "").rstrip("/") or "/"
        if path == mount_path or path.startswith(mount_path + "/"):
            return mount, volumes.get(mount.get("name"), {})
    return None


def nest_in_owner(owner: ObjectRef, pod_spec: dict) -> dict:
    out: dict = pod_spec
    for part in reversed(owner_spec_path(owner).split(".")):
        out = {part: out}
    return out


def command_args(container: dict) -> list[str]:
    return [str(a) for a in list(container.get("command") or []) + list(container.get("args") or [])]
