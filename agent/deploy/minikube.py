"""Minikube: is it installed, is it running, its Docker daemon, and the constitution's start settings."""

from __future__ import annotations

import shutil

from pydantic import BaseModel

from agent.errors import AgentError
from agent.tooling.process import run_process

START_ARGS = ["--cpus=4", "--memory=8192", "--disk-size=20g", "--driver=docker"]
ADDONS = ("ingress", "metrics-server", "dashboard")
INSTALL_HINT = ("install minikube (https://minikube.sigs.k8s.io/docs/start/): e.g. `curl -LO https://storage."
                "googleapis.com/minikube/releases/latest/minikube-linux-amd64 && sudo install minikube-linux-amd64 "
                "/usr/local/bin/minikube`; it also needs Docker (the docker driver), kubectl and 4 CPUs / 8 GB free")


class MinikubeMissing(AgentError):
    """minikube is not on PATH."""


class MinikubeFailed(AgentError):
    """A minikube command failed."""


class MinikubeStatus(BaseModel):
    installed: bool
    running: bool = False
    host: str = ""
    kubelet: str = ""
    apiserver: str = ""
    detail: str = ""


def installed() -> bool:
    return shutil.which("minikube") is not None


def require() -> str:
    found = shutil.which("minikube")
    if not found:
        raise MinikubeMissing("minikube is not installed (not on PATH)", hint=INSTALL_HINT)
    return found


def start_commands(profile: str | None = None) -> list[list[str]]:
    prefix = ["minikube", *(["-p", profile] if profile else [])]
    return [[*prefix, "start", *START_ARGS]] + [[*prefix, "addons", "enable", addon] for addon in ADDONS]


def status(profile: str | None = None) -> MinikubeStatus:
    if not installed():
        return MinikubeStatus(installed=False, detail="minikube is not installed")
    result = run_process(["minikube", *(["-p", profile] if profile else []), "status", "--output=json"], timeout=60)
    import json

    try:
        data = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}
    except ValueError:
        data = {}
    if isinstance(data, list):  # a multi-node profile: one entry per node, the control plane first
        data = data[0] if data else {}
    if not isinstance(data, dict):
        data = {}
    return MinikubeStatus(installed=True, running=data.get("Host") == "Running" and data.get("APIServer") == "Running",
                          host=str(data.get("Host", "")), kubelet=str(data.get("Kubelet", "")),
                          apiserver=str(data.get("APIServer", "")),
                          detail=(result.stderr or result.stdout).strip()[-500:])


def parse_docker_env(text: str) -> dict[str, str]:
    """`minikube docker-env --shell bash` output (`export KEY="value"` lines) as a dict."""
    env: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("export "):
            key, _, value = line[len("export "):].partition("=")
            env[key.strip()] = value.strip().strip('"')
    return env


def docker_env(profile: str | None = None) -> dict[str, str]:
    """DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH of Minikube's Docker daemon."""
    require()
    result = run_process(["minikube", *(["-p", profile] if profile else []), "docker-env", "--shell", "bash"],
                         timeout=60)
    env = parse_docker_env(result.stdout)
    if not result.ok or "DOCKER_HOST" not in env:
        raise MinikubeFailed(f"`minikube docker-env` failed: {(result.stderr or result.stdout).strip()[-300:]}",
                             hint="is Minikube running with the docker driver? `agent cluster status`")
    return env


def ip(profile: str | None = None) -> str:
    require()
    result = run_process(["minikube", *(["-p", profile] if profile else []), "ip"], timeout=30)
    if not result.ok:
        raise MinikubeFailed(f"`minikube ip` failed: {result.stderr.strip()}", hint="start it: agent cluster up")
    return result.stdout.strip()
