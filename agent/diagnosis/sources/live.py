"""Read a live cluster with the official `kubernetes` client.

One list call per kind per scope (never one call per pod); events once, joined by
`ClusterState.events_for`; logs only for failing containers, bounded. Responses are
read as raw JSON (`_preload_content=False`): that is exactly what `kubectl get -o json`
prints (camelCase) and it avoids the client's model deserialization, which rejects
some objects real clusters return. A 403 on one kind becomes a `SourceWarning`
naming the missing permission; an unreachable cluster is an error with a hint.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.diagnosis.models import SourceWarning
from agent.diagnosis.sources.errors import (Forbidden, NotFound, ServerError, SourceError, Timeout, UnknownContext,
                                            Unreachable, no_cluster, unreachable)
from agent.kube.kinds import KINDS, KindInfo
from agent.diagnosis.sources.values import strip_values
from agent.diagnosis.state import ClusterState, LogKey, Obj, name_of, namespace_of

API_CLASSES = {
    "v1": "CoreV1Api", "apps/v1": "AppsV1Api", "networking.k8s.io/v1": "NetworkingV1Api",
    "autoscaling/v2": "AutoscalingV2Api", "policy/v1": "PolicyV1Api", "batch/v1": "BatchV1Api",
    "rbac.authorization.k8s.io/v1": "RbacAuthorizationV1Api", "storage.k8s.io/v1": "StorageV1Api",
    "scheduling.k8s.io/v1": "SchedulingV1Api", "admissionregistration.k8s.io/v1": "AdmissionregistrationV1Api",
}
IN_CLUSTER_NAMESPACE = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")
NOT_FAILING_WAIT = frozenset({"ContainerCreating", "PodInitializing"})


@dataclass(frozen=True)
class LogLimits:
    tail_lines: int = 300
    limit_bytes: int = 256_000
    max_containers: int = 40


def snake(kind: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower()


def permission(info: KindInfo, namespace: str | None) -> str:
    """The RBAC permission a list call needs, as a person would grant it."""
    if not info.namespaced:
        return f"list {info.plural} (cluster-wide)"
    return f"list {info.plural} in namespace {namespace}" if namespace else f"list {info.plural} in all namespaces"


def failing_containers(pod: Obj) -> list[tuple[str, bool, bool]]:
    """(container, has current log, has previous log) for containers worth reading logs of."""
    status = pod.get("status") or {}
    out = []
    for cs in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or []):
        state = cs.get("state") or {}
        waiting = (state.get("waiting") or {}).get("reason")
        terminated = state.get("terminated")
        restarted = cs.get("restartCount", 0) > 0
        failing = (
            (waiting and waiting not in NOT_FAILING_WAIT)
            or (terminated is not None and terminated.get("exitCode", 0) != 0)
            or restarted
            or (not cs.get("ready") and "running" in state)
        )
        if failing:
            out.append((cs.get("name", ""), "running" in state or terminated is not None, restarted))
    return out


class LiveSource:
    """A `ClusterSource` reading the cluster of a kubeconfig context (or the in-cluster service account)."""

    def __init__(self, kubeconfig: str | Path | None = None, context: str | None = None,
                 namespace: str | None = None, in_cluster: bool | None = None,
                 request_timeout: float = 20.0, logs: LogLimits = LogLimits()) -> None:
        self.kubeconfig = str(kubeconfig) if kubeconfig else None
        self.context = context
        self.namespace = namespace
        self.in_cluster = in_cluster
        self.request_timeout = request_timeout
        self.limits = logs
        self._api_client: Any = None
        self._context_name = ""
        self._context_namespace = "default"

    @classmethod
    def from_settings(cls, settings: Any) -> "LiveSource":
        return cls(kubeconfig=getattr(settings, "kubeconfig", None), context=getattr(settings, "context", None),
                   namespace=getattr(settings, "namespace", None))

    # -- connection -------------------------------------------------------------------------
    def _use_in_cluster(self) -> bool:
        if self.in_cluster is not None:
            return self.in_cluster
        default = Path(os.environ.get("KUBECONFIG", "~/.kube/config").split(os.pathsep)[0]).expanduser()
        return not self.kubeconfig and not default.exists() and "KUBERNETES_SERVICE_HOST" in os.environ

    def api_client(self) -> Any:
        if self._api_client is not None:
            return self._api_client
        from kubernetes import client, config  # heavy; only when a live cluster is used

        configuration = client.Configuration()
        try:
            if self._use_in_cluster():
                config.load_incluster_config(client_configuration=configuration)
                self._context_name = "in-cluster"
                if IN_CLUSTER_NAMESPACE.exists():
                    self._context_namespace = IN_CLUSTER_NAMESPACE.read_text().strip() or "default"
            else:
                contexts, current = config.list_kube_config_contexts(self.kubeconfig)
                chosen = next((c for c in contexts if c["name"] == self.context), None) if self.context else current
                if chosen is None:
                    names = ", ".join(c["name"] for c in contexts)
                    raise UnknownContext(f"kube context {self.context!r} is not in the kubeconfig",
                                         hint=f"pass --context with one of: {names or '(none)'} "
                                              "(kubectl config get-contexts)")
                self._context_name = chosen["name"]
                self._context_namespace = (chosen.get("context") or {}).get("namespace") or "default"
                config.load_kube_config(config_file=self.kubeconfig, context=self._context_name,
                                        client_configuration=configuration, persist_config=False)
        except config.ConfigException as exc:
            raise no_cluster(f"no usable kubeconfig ({exc})") from None
        configuration.retries = 1  # fail fast on a dead endpoint; callers explain what to do
        self._api_client = client.ApiClient(configuration)
        return self._api_client

    def default_namespace(self) -> str:
        self.api_client()
        return self.namespace or self._context_namespace

    # -- reading ----------------------------------------------------------------------------
    def load(self, namespace: str | None = None, all_namespaces: bool = False) -> ClusterState:
        api_client = self.api_client()
        scope = None if all_namespaces else (namespace or self.default_namespace())
        where = f"namespace {scope}" if scope else "all namespaces"
        state = ClusterState(label=f"live: {self._context_name} ({where})")
        errors: list[SourceError] = []
        for info in KINDS:
            try:
                items = self.list_kind(info, scope)
            except (Forbidden, NotFound, ServerError) as exc:
                errors.append(exc)
                state.warnings.append(SourceWarning(kind=info.kind, namespace=scope, message=exc.message))
                continue
            state.mark_read(info.kind)
            state.add_all(items)
        if not state.kinds_read:
            raise errors[0] if errors else ServerError("the API server returned nothing")
        self._fetch_logs(state, api_client)
        return state

    def _call(self, fn: Any, *args: Any, what: str, **kwargs: Any) -> Any:
        from kubernetes.client.exceptions import ApiException
        from urllib3.exceptions import HTTPError, ReadTimeoutError

        server = self._api_client.configuration.host
        try:
            return fn(*args, _preload_content=False, _request_timeout=(5, self.request_timeout), **kwargs)
        except ApiException as exc:
            raise _api_error(exc, what, self._context_name) from None
        except ReadTimeoutError:
            raise Timeout(f"the API server {server} did not answer {what} within {self.request_timeout:.0f}s",
                          hint="retry, or raise the timeout; a very large namespace may need -n to narrow it") from None
        except (HTTPError, OSError) as exc:
            raise unreachable(server, str(getattr(exc, "reason", exc)), self.context) from None

    def list_kind(self, info: KindInfo, namespace: str | None) -> list[Obj]:
        from kubernetes import client

        api = getattr(client, API_CLASSES[info.api_version])(self._api_client)
        base = snake(info.kind)
        if not info.namespaced:
            fn, args = getattr(api, f"list_{base}"), ()
        elif namespace:
            fn, args = getattr(api, f"list_namespaced_{base}"), (namespace,)
        else:
            fn, args = getattr(api, f"list_{base}_for_all_namespaces"), ()
        response = self._call(fn, *args, what=permission(info, namespace))
        try:
            data = json.loads(response.data)
        except ValueError:
            raise ServerError(f"unreadable answer to {permission(info, namespace)}",
                              hint="check the API server and any proxy in between") from None
        items = data.get("items") or []
        for item in items:
            item["kind"], item["apiVersion"] = info.kind, info.api_version
            strip_values(item)
        return items

    def _fetch_logs(self, state: ClusterState, api_client: Any) -> None:
        from kubernetes import client

        core = client.CoreV1Api(api_client)
        budget = self.limits.max_containers
        denied: set[str] = set()
        for pod in state.of_kind("Pod"):
            ns, name = namespace_of(pod) or "", name_of(pod)
            for container, current, previous in failing_containers(pod):
                for is_previous, wanted in ((True, previous), (False, current)):
                    if not wanted or budget <= 0 or ns in denied:
                        continue
                    budget -= 1
                    try:
                        response = self._call(
                            core.read_namespaced_pod_log, name, ns, what=f"get pods/log in namespace {ns}",
                            container=container, previous=is_previous,
                            tail_lines=self.limits.tail_lines, limit_bytes=self.limits.limit_bytes)
                    except Forbidden as exc:
                        denied.add(ns)
                        state.warnings.append(SourceWarning(kind="Pod", namespace=ns, message=exc.message))
                        continue
                    except (NotFound, ServerError):
                        continue  # the container has not started or its previous instance is gone
                    except (Unreachable, Timeout) as exc:
                        state.warnings.append(SourceWarning(kind="Pod", namespace=ns, message=f"logs not read: {exc.message}"))
                        return
                    state.logs[LogKey(ns, name, container, is_previous)] = response.data.decode("utf-8", "replace")


def can_i(what: str) -> str:
    """`list pods in namespace todo` -> `kubectl auth can-i list pods -n todo`."""
    verb_resource, _, scope = what.replace(" (cluster-wide)", "").partition(" in ")
    flag = " -A" if scope == "all namespaces" else f" -n {scope.removeprefix('namespace ')}" if scope else ""
    return f"kubectl auth can-i {verb_resource}{flag}"


def _api_error(exc: Any, what: str, context: str) -> SourceError:
    status = getattr(exc, "status", 0) or 0
    if status == 403:
        return Forbidden(f"forbidden: {what} (the credentials of context {context!r} lack this permission)",
                         hint=f"ask for RBAC permission to {what}; check with `{can_i(what)}`")
    if status == 401:
        return Forbidden(f"unauthorized for context {context!r}: the credentials were rejected",
                         hint="log in again or refresh the kubeconfig credentials (`kubectl get ns` to check)")
    if status == 404:
        return NotFound(f"not found: {what} ({exc.reason})",
                        hint="the namespace or API group may not exist on this cluster (`kubectl api-resources`)")
    if status == 0:
        return ServerError(f"{what} failed: {exc.reason}", hint="check TLS settings and the server address in the kubeconfig")
    return ServerError(f"the API server failed {what}: HTTP {status} {exc.reason}",
                       hint="retry; if it persists check the API server's health (`kubectl get --raw /readyz`)")
