"""Helm through the Helm v4 SDK (helm-python-sdk): no helm binary, no re-implementation.

`HelmClient` wraps `helm_python.Config` for one namespace and returns pydantic
models; `helm_*_command` give the equivalent `helm` command line for plans,
approval prompts and PHRs. The agent's Helm tools are thin adapters over this
(`tools/helm.py`); operate and deploy use it directly.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from agent.errors import AgentError

GOOD_STATES = ("deployed", "superseded")
DEFAULT_TIMEOUT = 300


class HelmFailed(AgentError):
    """A Helm action failed."""


class ReleaseInfo(BaseModel):
    name: str
    namespace: str
    revision: int
    status: str
    chart: str
    app_version: str = ""
    updated: str = ""
    description: str = ""
    notes: str = ""


def release_info(raw: dict[str, Any]) -> ReleaseInfo:
    chart = f"{raw.get('chart_name', '')}-{raw.get('chart_version', '')}".strip("-")
    return ReleaseInfo(name=raw.get("name", ""), namespace=raw.get("namespace", ""),
                       revision=int(raw.get("revision") or 0), status=str(raw.get("status", "")), chart=chart,
                       app_version=str(raw.get("app_version", "") or ""),
                       updated=str(raw.get("deployed_at") or raw.get("last_deployed") or ""),
                       description=str(raw.get("description", "") or ""), notes=str(raw.get("notes", "") or ""))


def previous_good_revision(history: list[ReleaseInfo], before: int | None = None) -> ReleaseInfo | None:
    """The newest revision older than `before` (default: the current one) that was deployed successfully."""
    if not history:
        return None
    current = before if before is not None else max(r.revision for r in history)
    good = [r for r in history if r.revision < current and r.status in GOOD_STATES]
    return max(good, key=lambda r: r.revision) if good else None


def merge_values(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """What `helm -f a.yaml -f b.yaml` does: maps merge recursively, the later file wins."""
    out = dict(base)
    for key, value in override.items():
        out[key] = merge_values(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) \
            else value
    return out


def load_values(files: list[Path], sets: list[str] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for file in files:
        try:
            loaded = yaml.safe_load(Path(file).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise HelmFailed(f"cannot read values file {file}: {exc}", hint="fix the file or its path") from None
        if not isinstance(loaded, dict):
            raise HelmFailed(f"values file {file} is a YAML {type(loaded).__name__}, not a mapping",
                             hint="a values file maps keys to values, e.g. `backend:\n  replicaCount: 2`")
        values = merge_values(values, loaded)
    if not sets:
        return values
    helm = import_helm_sdk()  # ~70 ms: only for --set, whose syntax only Helm itself parses right

    for expression in sets:
        try:
            values = merge_values(values, helm.parse_set_string(expression))
        except helm.HelmError as exc:
            raise HelmFailed(f"bad --set {expression!r}: {exc}", hint="use key.sub=value[,key2=value2]") from None
    return values


# -- the equivalent helm command lines ----------------------------------------------------------
def _flags(namespace: str, kube_context: str | None) -> list[str]:
    return ["-n", namespace] + (["--kube-context", kube_context] if kube_context else [])


def helm_upgrade_command(release: str, chart: str | Path, namespace: str, values_files: list[Path], *,
                         kube_context: str | None = None, wait: bool = True, timeout: int = DEFAULT_TIMEOUT,
                         atomic: bool = False, sets: list[str] | None = None) -> str:
    argv = ["helm", "upgrade", "--install", release, str(chart), *_flags(namespace, kube_context),
            "--create-namespace"]
    for file in values_files:
        argv += ["-f", str(file)]
    for expression in sets or []:
        argv += ["--set", expression]
    if wait:
        argv += ["--wait", "--timeout", f"{timeout}s"]
    if atomic:
        argv.append("--rollback-on-failure")
    return shlex.join(argv)


def helm_rollback_command(release: str, revision: int | None, namespace: str, kube_context: str | None = None,
                          wait: bool = True) -> str:
    argv = ["helm", "rollback", release, *([str(revision)] if revision else []), *_flags(namespace, kube_context)]
    return shlex.join(argv + (["--wait"] if wait else []))


def helm_uninstall_command(release: str, namespace: str, kube_context: str | None = None) -> str:
    return shlex.join(["helm", "uninstall", release, *_flags(namespace, kube_context), "--wait"])


# -- the client -----------------------------------------------------------------------------
ConfigFactory = Callable[..., Any]


HELM_SDK_HINT = "pip install 'kube-aiops-agent[helm]' (the Helm v4 SDK is an optional extra)"


def import_helm_sdk() -> Any:
    """The Helm SDK, or a HelmFailed that says how to install it (it is an optional extra)."""
    try:
        import helm_python  # loads the Helm shared library (~85 MB); only when a release or --set is touched
    except ImportError:
        raise HelmFailed("the Helm SDK (helm-python-sdk) is not installed", hint=HELM_SDK_HINT) from None
    return helm_python


def _sdk_config(**kwargs: Any) -> Any:
    helm = import_helm_sdk()

    return helm.Config(**{k: v for k, v in kwargs.items() if v is not None})


class HelmClient:
    """Helm actions for one namespace of the settings' cluster. `config_factory` replaces the SDK in tests."""

    def __init__(self, settings: Any, namespace: str, *, config_factory: ConfigFactory | None = None) -> None:
        self.namespace = namespace
        self.kube_context = getattr(settings, "context", None)
        kubeconfig = getattr(settings, "kubeconfig", None)
        self._config = (config_factory or _sdk_config)(
            kubeconfig_path=str(kubeconfig) if kubeconfig else None, kube_context=self.kube_context,
            namespace=namespace)

    def _run(self, what: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except AgentError:
            raise
        except Exception as exc:  # helm_python.HelmError and its subclasses, without importing the SDK here
            kind = type(exc).__name__
            if kind == "HelmNotFoundError":
                raise HelmFailed(f"{what}: not found ({exc})",
                                 hint=f"list the releases: agent release list -n {self.namespace}") from None
            if kind == "HelmKubeError":
                raise HelmFailed(f"{what}: the cluster cannot be reached ({exc})",
                                 hint="check `agent cluster status` and the kubeconfig context") from None
            if kind.startswith("Helm"):
                raise HelmFailed(f"{what} failed: {exc}",
                                 hint=f"see `agent release history` and `agent events -n {self.namespace}`") from None
            raise

    def list(self, all_namespaces: bool = False) -> list[ReleaseInfo]:
        raw = self._run("helm list", lambda: self._config.list(all_states=True, all_namespaces=all_namespaces))
        return [release_info(r) for r in raw]

    def status(self, release: str) -> ReleaseInfo:
        return release_info(self._run(f"helm status {release}", lambda: self._config.status(release)))

    def history(self, release: str) -> list[ReleaseInfo]:
        raw = self._run(f"helm history {release}", lambda: self._config.history(release))
        return sorted((release_info(r) for r in raw), key=lambda r: r.revision)

    def manifest(self, release: str) -> str:
        """The rendered manifest of the deployed revision ('' when the release does not exist)."""
        if not self.exists(release):
            return ""
        return str(self._run(f"helm get manifest {release}", lambda: self._config.status(release)).get("manifest", ""))

    def exists(self, release: str) -> bool:
        try:
            return bool(self.history(release))
        except HelmFailed as exc:
            if ": not found" in exc.message:
                return False
            raise

    def upgrade_install(self, chart: Path, release: str, values: dict[str, Any], *, wait: bool = True,
                        timeout: int = DEFAULT_TIMEOUT, atomic: bool = False) -> ReleaseInfo:
        """`helm upgrade --install`: install when the release does not exist, upgrade when it does."""
        common = {"namespace": self.namespace, "timeout": timeout, "wait": "watcher" if wait else None,
                  "rollback_on_failure": atomic}
        if self.exists(release):
            raw = self._run(f"helm upgrade {release}",
                            lambda: self._config.upgrade(str(chart), release, values, **common))
        else:
            raw = self._run(f"helm install {release}", lambda: self._config.install(
                str(chart), release, values, create_namespace=True, **common))
        return release_info(raw)

    def rollback(self, release: str, revision: int | None, *, wait: bool = True,
                 timeout: int = DEFAULT_TIMEOUT) -> None:
        self._run(f"helm rollback {release}", lambda: self._config.rollback(
            release, version=revision, wait="watcher" if wait else None, timeout=timeout))

    def uninstall(self, release: str, *, timeout: int = DEFAULT_TIMEOUT) -> str:
        raw = self._run(f"helm uninstall {release}", lambda: self._config.uninstall(
            release, wait="watcher", timeout=timeout))
        return str((raw or {}).get("info") or f"release {release} uninstalled")


def render_releases(rows: list[ReleaseInfo], *, history: bool = False) -> str:
    if not rows:
        return "no releases"
    if history:
        lines = [f"{'REVISION':<9} {'UPDATED':<22} {'STATUS':<16} {'CHART':<24} DESCRIPTION"]
        lines += [f"{r.revision:<9} {r.updated:<22} {r.status:<16} {r.chart:<24} {r.description}" for r in rows]
    else:
        lines = [f"{'NAME':<20} {'NAMESPACE':<14} {'REVISION':<9} {'STATUS':<16} {'CHART':<24} APP VERSION"]
        lines += [f"{r.name:<20} {r.namespace:<14} {r.revision:<9} {r.status:<16} {r.chart:<24} {r.app_version}"
                  for r in rows]
    return "\n".join(lines)


# -- tools for the agent loop and the TUI ---------------------------------------------------
