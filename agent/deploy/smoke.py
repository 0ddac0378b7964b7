"""The smoke test: every service's pods are ready, then its health endpoint answers 2xx.

Endpoints are reached through `kubectl port-forward` to the Service, or, when a
base URL is given for a service (a container run elsewhere, a NodePort URL),
directly, without touching the cluster for it, the way the generated
`scripts/health-check.sh` does with its `<SERVICE>_URL` variables.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel, Field

from agent.deploy.plan import DeployPlan, SmokeCheck
from agent.errors import AgentError


class CheckResult(BaseModel):
    service: str
    ready: bool | None = None  # None: not checked (base URL given)
    url: str = ""
    status: int | None = None
    ok: bool
    detail: str = ""


class SmokeReport(BaseModel):
    checks: list[CheckResult] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def summary(self) -> str:
        return "\n".join(f"{'ok  ' if c.ok else 'FAIL'}  {c.service} {c.url} {c.detail}".rstrip() for c in self.checks)


def pods_ready(api: Any, namespace: str, selector: str) -> tuple[bool, str]:
    from agent.kube.pods import is_pod_ready
    from agent.kube.selectors import matches_text

    pods = [p for p in api.list(api.resource("v1", "Pod"), namespace, label_selector=selector)
            if matches_text(selector, (p.get("metadata") or {}).get("labels"))]
    if not pods:
        return False, f"no pods match {selector}"
    not_ready = [p["metadata"]["name"] for p in pods if not is_pod_ready(p)]
    if not_ready:
        return False, f"not ready: {', '.join(not_ready)}"
    return True, f"{len(pods)} pod(s) ready"


def wait_ready(api: Any, namespace: str, selector: str, timeout: float, interval: float = 2.0) -> tuple[bool, str]:
    deadline = time.monotonic() + timeout
    while True:
        ready, detail = pods_ready(api, namespace, selector)
        if ready or time.monotonic() >= deadline:
            return ready, detail
        time.sleep(interval)


def probe(url: str, attempts: int = 10, delay: float = 1.0, timeout: float = 5.0) -> tuple[int | None, str]:
    """GET `url` until it answers 2xx or the attempts run out; the last status and error."""
    status, error = None, ""
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                status = response.status
                if 200 <= status < 300:
                    return status, ""
        except urllib.error.HTTPError as exc:
            status, error = exc.code, f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            status, error = None, str(getattr(exc, "reason", exc))
        if attempt + 1 < attempts:
            time.sleep(delay)
    return status, error or f"HTTP {status}"


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def port_forward(settings: Any, namespace: str, service: str, local_port: int, remote_port: int,
                 wait_seconds: float = 15.0) -> Iterator[str]:
    """`kubectl port-forward svc/SERVICE LOCAL:REMOTE` in the background; yields the local base URL."""
    from tools.kubectl import with_connection_flags

    argv = with_connection_flags(["kubectl", "port-forward", f"svc/{service}", f"{local_port}:{remote_port}",
                                  "-n", namespace], settings)
    if _port_open(local_port):  # otherwise the wait below would see whatever already listens there
        raise AgentError(f"cannot port-forward to svc/{service}: local port {local_port} is already in use",
                         hint=f"stop what listens on 127.0.0.1:{local_port} (e.g. an earlier port-forward), "
                              "or pass the service's URL instead")
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except FileNotFoundError:
        raise AgentError("kubectl is not installed", hint="install kubectl to port-forward") from None
    try:
        deadline = time.monotonic() + wait_seconds
        while not _port_open(local_port):
            if proc.poll() is not None or time.monotonic() > deadline:
                error = proc.stderr.read() if proc.poll() is not None and proc.stderr else "timed out"
                raise AgentError(f"port-forward to svc/{service} failed: {error.strip()}",
                                 hint=f"is local port {local_port} free and does the Service exist? "
                                      f"kubectl get svc {service} -n {namespace}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{local_port}"
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def check_service(check: SmokeCheck, base_url: str, *, ready: bool | None, attempts: int,
                  delay: float) -> CheckResult:
    url = base_url.rstrip("/") + check.health_path
    status, error = probe(url, attempts=attempts, delay=delay)
    ok = status is not None and 200 <= status < 300
    return CheckResult(service=check.service, ready=ready, url=url, status=status, ok=ok,
                       detail="" if ok else error)


def run_smoke(plan: DeployPlan, *, api: Any = None, settings: Any = None, base_urls: dict[str, str] | None = None,
              ready_timeout: float = 120.0, attempts: int = 10, delay: float = 1.0) -> SmokeReport:
    """Readiness through the API (when `api` is given), then each health endpoint: at its base URL when one is
    given for the service, otherwise through a port-forward."""
    report = SmokeReport()
    for check in plan.smoke:
        given = (base_urls or {}).get(check.service)
        ready: bool | None = None
        if api is not None:
            ready, detail = wait_ready(api, plan.namespace, check.selector, ready_timeout)
            if not ready:
                report.checks.append(CheckResult(service=check.service, ready=False, ok=False, detail=detail))
                continue
        if given:
            report.checks.append(check_service(check, given, ready=ready, attempts=attempts, delay=delay))
            continue
        try:
            with port_forward(settings, plan.namespace, check.kube_service, check.local_port, check.port) as base:
                report.checks.append(check_service(check, base, ready=True, attempts=attempts, delay=delay))
        except AgentError as exc:
            report.checks.append(CheckResult(service=check.service, ready=True, ok=False, detail=exc.message))
    return report
