"""`agent generate --verify`: build every generated image, start each container with its generated environment,
probe its health path, and report pass/fail per service with the first log lines of a failure.

Validators read files; only building and running shows a wrong start command, a missing module or a port the
app never binds. Containers run one at a time on the host network (CI has no bridge), each removed after its
probe; images are removed unless `keep_images`.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, Field

from agent.gate import ApprovalGate, ApprovalRequest
from agent.generation.artifacts import config_data
from agent.generation.layout import Layout
from agent.generation.models import AppPlan, Framework, ServicePlan
from agent.tooling.base import Modifies

PROBE_TIMEOUT_S = 90.0
LOG_LINES = 20
PLACEHOLDER_SECRET = "verify-placeholder"


class ServiceVerdict(BaseModel):
    service: str
    built: bool = False
    started: bool = False
    healthy: bool = False
    status: int | None = None  # HTTP status of the health probe
    image_mb: float | None = None
    build_s: float | None = None
    detail: str = ""
    logs: list[str] = Field(default_factory=list)  # first lines of the container log on a failure

    @property
    def ok(self) -> bool:
        return self.healthy


def probe_headers(svc: ServicePlan) -> dict[str, str]:
    """Django answers 400 to a Host outside ALLOWED_HOSTS: probe as localhost, as the Helm probes do."""
    return {"Host": "localhost"} if svc.framework is Framework.DJANGO else {}


def container_env(plan: AppPlan, svc: ServicePlan) -> dict[str, str]:
    """The ConfigMap data and a placeholder for every Secret key, as the chart would give the pod."""
    env = {k: v for k, v in config_data(plan, svc).items() if v != ""}
    env.update({var.name: PLACEHOLDER_SECRET for var in svc.secret_vars})
    env["PORT"] = str(svc.port)
    return env


def _probe(url: str, headers: dict[str, str]) -> int | None:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310 - a local container
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError):
        return None


def _running(client: Any, container_id: str) -> bool:
    return bool(client.inspect_container(container_id)["State"].get("Running"))


def wait_healthy(client: Any, container_id: str, url: str, headers: dict[str, str],
                 deadline_s: float = PROBE_TIMEOUT_S) -> tuple[bool, int | None, str]:
    """Probe until a status below 400, the container exits, or the deadline passes."""
    deadline = time.monotonic() + deadline_s
    status = None
    while time.monotonic() < deadline:
        if not _running(client, container_id):
            return False, status, "the container exited"
        status = _probe(url, headers)
        if status is not None and status < 400:
            return True, status, ""
        time.sleep(1)  # polling a server that is starting: the condition is the probe answering
    return False, status, f"no healthy answer from {url} within {deadline_s:.0f}s" + (
        f" (last status {status})" if status else " (nothing listening)")


def verify(plan: AppPlan, app_root: Path, out_root: Path, gate: ApprovalGate, *, layout: Layout | None = None,
           build_args: dict[str, str] | None = None, keep_images: bool = False, client: Any = None,
           on_line: Callable[[str], None] | None = None,
           step: Callable[[str], AbstractContextManager] = lambda text: nullcontext()) -> list[ServiceVerdict]:
    """`step(text)` wraps each build and each start-and-probe, so a caller can show progress."""
    from tools.docker import BuildRequest, DockerOperationFailed, RunRequest, build, logs, remove_container, run

    layout = layout or Layout()
    images = [f"{plan.image(svc)}:verify" for svc in plan.services]
    outcome = gate.check(ApprovalRequest(
        tool="docker", modifies=Modifies.YES, blast_radius="the local Docker daemon",
        action=f"build and start {len(images)} image(s) locally: {', '.join(images)}"))
    if not outcome.approved:
        return [ServiceVerdict(service=s.name, detail=f"not run: {outcome.reason or outcome.decided_by}")
                for s in plan.services]
    if client is None:
        from tools.docker import api_client

        client = api_client()
    verdicts = []
    for svc in plan.services:
        verdict = ServiceVerdict(service=svc.name)
        verdicts.append(verdict)
        tag = f"{plan.image(svc)}:verify"
        dockerfile = (out_root / layout.docker_dir / f"{svc.name}.Dockerfile").resolve()
        try:
            with step(f"{svc.name}: building {tag}"):
                result = build(BuildRequest(context=(app_root / svc.path).resolve(), dockerfile=str(dockerfile),
                                            tag=tag, buildargs=dict(build_args or {})), on_line=on_line, client=client)
        except DockerOperationFailed as exc:
            verdict.detail = str(exc)
            verdict.logs = (exc.hint or "").splitlines()[-LOG_LINES:]
            continue
        verdict.built, verdict.image_mb, verdict.build_s = True, round(result.size_mb, 1), result.seconds
        container = None
        url = f"http://127.0.0.1:{svc.port}{svc.health_path}"
        try:
            with step(f"{svc.name}: starting {tag} and probing {url}"):
                container = run(RunRequest(image=tag, name=f"{plan.name}-{svc.name}-verify",
                                           env=container_env(plan, svc), network_mode="host"), client=client)
                verdict.started = True
                verdict.healthy, verdict.status, verdict.detail = wait_healthy(client, container.id, url,
                                                                                 probe_headers(svc))
            if not verdict.healthy:
                verdict.logs = _excerpt(logs(container.id, tail=400, client=client).splitlines())
        except DockerOperationFailed as exc:
            verdict.detail = str(exc)
            verdict.logs = (exc.hint or "").splitlines()[:LOG_LINES]
        finally:
            if container is not None:
                remove_container(container.id, client=client)
            if not keep_images:
                _untag(client, tag)
    return verdicts


def _untag(client: Any, tag: str) -> None:
    """Drop the tag but keep the layers: on a shared daemon they may be the cache another build is using."""
    from docker.errors import APIError, ImageNotFound

    try:
        client.remove_image(tag, force=False, noprune=True)
    except (ImageNotFound, APIError):
        pass


def _excerpt(lines: list[str]) -> list[str]:
    """The first log lines and, when the log is longer, its last ones (where a traceback ends)."""
    if len(lines) <= LOG_LINES:
        return lines
    half = LOG_LINES // 2
    return lines[:half] + [f"... {len(lines) - LOG_LINES} lines ..."] + lines[-half:]


def verdict_lines(verdicts: list[ServiceVerdict]) -> list[str]:
    lines = []
    for v in verdicts:
        state = "PASS" if v.ok else "FAIL"
        size = f", {v.image_mb} MB" if v.image_mb is not None else ""
        steps = f"built={'yes' if v.built else 'no'} started={'yes' if v.started else 'no'} " \
                f"health={v.status if v.status is not None else '-'}{size}"
        lines.append(f"verify     {v.service}: {state} ({steps})" + (f": {v.detail}" if v.detail else ""))
        lines += [f"           | {line}" for line in v.logs]
    return lines
