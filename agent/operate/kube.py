"""Raw, typed access to the Kubernetes API through the official client's ApiClient.

Paths are computed from `apiVersion` and the resource's plural (the kinds the
agent knows, or the server's discovery document for the others), so apply,
scale and restart work for any kind without a generated API class per kind.
Every failure becomes a `KubeApiError` subclass whose hint says what to do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from agent.operate.errors import (
    ApiTimeout,
    Conflict,
    Forbidden,
    InvalidObject,
    KubeApiError,
    ObjectNotFound,
    Unreachable,
)

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"
FIELD_MANAGER = "aiops-agent"


@dataclass(frozen=True)
class ResourceRef:
    api_version: str
    kind: str
    plural: str
    namespaced: bool

    def collection_path(self, namespace: str | None) -> str:
        base = f"/api/{self.api_version}" if "/" not in self.api_version else f"/apis/{self.api_version}"
        if self.namespaced:
            return f"{base}/namespaces/{namespace or 'default'}/{self.plural}"
        return f"{base}/{self.plural}"

    def object_path(self, namespace: str | None, name: str) -> str:
        return f"{self.collection_path(namespace)}/{name}"


class KubeApi:
    """One connection to the cluster of the settings' kubeconfig and context."""

    def __init__(self, api_client: Any, *, context: str = "", default_namespace: str = "default",
                 timeout: float = 30.0) -> None:
        self.api_client = api_client
        self.context = context
        self.default_namespace = default_namespace
        self.timeout = timeout
        self._discovered: dict[str, list[dict[str, Any]]] = {}

    @classmethod
    def from_settings(cls, settings: Any, timeout: float = 30.0) -> KubeApi:
        from agent.diagnosis.sources.errors import SourceError, UnknownContext
        from agent.diagnosis.sources.live import LiveSource

        source = LiveSource.from_settings(settings)
        try:
            api_client = source.api_client()
            namespace = source.default_namespace()
        except UnknownContext:
            raise  # a usage error (exit 2), not an unreachable cluster
        except SourceError as exc:
            raise Unreachable(exc.message, hint=exc.hint) from None
        return cls(api_client, context=source._context_name, default_namespace=namespace, timeout=timeout)

    @property
    def server(self) -> str:
        return str(self.api_client.configuration.host)

    # -- resources --------------------------------------------------------------------------
    def resource(self, api_version: str, kind: str) -> ResourceRef:
        from agent.kube.kinds import BY_KIND

        known = BY_KIND.get(kind)
        if known is not None and known.api_version == api_version:
            return ResourceRef(api_version, kind, known.plural, known.namespaced)
        for entry in self._discover(api_version):
            if entry.get("kind") == kind and "/" not in entry.get("name", ""):
                return ResourceRef(api_version, kind, entry["name"], bool(entry.get("namespaced")))
        raise ObjectNotFound(f"the cluster does not serve {kind} in {api_version}",
                             hint="check apiVersion and kind (`kubectl api-resources`); install the CRD first")

    def _discover(self, api_version: str) -> list[dict[str, Any]]:
        if api_version not in self._discovered:
            path = f"/api/{api_version}" if "/" not in api_version else f"/apis/{api_version}"
            self._discovered[api_version] = self.request("GET", path, what=f"discover {api_version}").get(
                "resources", [])
        return self._discovered[api_version]

    # -- requests ---------------------------------------------------------------------------
    def get(self, ref: ResourceRef, namespace: str | None, name: str) -> dict[str, Any] | None:
        try:
            return self.request("GET", ref.object_path(namespace, name), what=f"get {ref.plural}/{name}")
        except ObjectNotFound:
            return None

    def list(self, ref: ResourceRef, namespace: str | None, label_selector: str | None = None) -> list[dict[str, Any]]:
        query = {"labelSelector": label_selector} if label_selector else None
        items = self.request("GET", ref.collection_path(namespace), query=query,
                             what=f"list {ref.plural}").get("items") or []
        for item in items:
            item.setdefault("kind", ref.kind)
            item.setdefault("apiVersion", ref.api_version)
        return items

    def text(self, path: str, query: dict[str, Any], *, what: str) -> str:
        return self._call("GET", path, query=query, body=None, content_type=JSON, what=what).decode("utf-8", "replace")

    def request(self, method: str, path: str, *, body: Any = None, query: dict[str, Any] | None = None,
                content_type: str = JSON, what: str) -> dict[str, Any]:
        raw = self._call(method, path, query=query, body=body, content_type=content_type, what=what)
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            raise KubeApiError(f"unreadable answer to {what} from {self.server}",
                               hint="check the API server address and any proxy in between") from None

    def _call(self, method: str, path: str, *, query: dict[str, Any] | None, body: Any, content_type: str,
              what: str) -> bytes:
        from urllib.parse import urlencode

        from urllib3 import Timeout
        from urllib3.exceptions import HTTPError, MaxRetryError, ReadTimeoutError

        # The client's own connection pool (TLS, client certificates, proxy) with our exact bytes: the generated
        # call_api/param_serialize differ between client releases and re-encode bodies by content type.
        config = self.api_client.configuration
        params = [(k, v) for k, v in (query or {}).items() if v is not None]
        url = config.host.rstrip("/") + path + (f"?{urlencode(params)}" if params else "")
        headers = {"Content-Type": content_type, "Accept": JSON}
        for auth in config.auth_settings().values():  # the bearer token, refreshed by the client's hook
            if auth.get("in") == "header" and auth.get("value"):
                headers[auth["key"]] = auth["value"]
        payload = body if body is None or isinstance(body, (str, bytes)) else json.dumps(body)
        try:
            response = self.api_client.rest_client.pool_manager.request(
                method, url, body=payload, headers=headers, timeout=Timeout(connect=5, read=self.timeout))
            data = response.data
        except (ReadTimeoutError, MaxRetryError) as exc:
            if isinstance(exc, MaxRetryError) and not isinstance(exc.reason, ReadTimeoutError):
                raise Unreachable(f"cannot reach the API server {self.server}: {exc.reason}",
                                  hint="is the cluster running? `agent cluster status`, or check the kubeconfig "
                                       "context") from None
            raise ApiTimeout(f"the API server {self.server} did not answer `{what}` within {self.timeout:.0f}s",
                             hint="the request may or may not have been applied: check the object's state, "
                                  "then retry") from None
        except (HTTPError, OSError) as exc:
            raise Unreachable(f"cannot reach the API server {self.server}: {getattr(exc, 'reason', exc)}",
                              hint="is the cluster running? `agent cluster status`, or check the kubeconfig "
                                   "context") from None
        if not 200 <= response.status <= 299:
            raise api_error(response.status, data, what, self.context)
        return data or b""


def _message(body: bytes) -> str:
    try:
        return str(json.loads(body).get("message") or "")
    except (TypeError, ValueError, AttributeError):
        return body.decode("utf-8", "replace")[:300]


def api_error(status: int, body: bytes, what: str, context: str) -> KubeApiError:
    detail = _message(body)
    if status == 409:
        return Conflict(f"conflict on {what}: {detail}", status=status,
                        hint="another field manager owns these fields or the object changed meanwhile; "
                             "re-run to see the current diff, or pass --force-conflicts to take ownership")
    if status in (401, 403):
        return Forbidden(f"forbidden: {what} (context {context!r}): {detail}", status=status,
                         hint="ask for the RBAC permission, e.g. `kubectl auth can-i patch deployments -n NS`")
    if status == 404:
        return ObjectNotFound(f"not found: {what}: {detail}", status=status,
                              hint="check the name and namespace (`kubectl get` it)")
    if status in (400, 422):
        return InvalidObject(f"the server rejected {what}: {detail}", status=status,
                             hint="fix the manifest field named in the message")
    if status in (502, 503, 504):
        return ApiTimeout(f"the API server could not complete {what} (HTTP {status}): {detail}", status=status,
                          hint="retry in a moment; check `kubectl get --raw /readyz`")
    return KubeApiError(f"the API server failed {what}: HTTP {status} {detail}", status=status,
                        hint="retry; if it persists check the API server's health (`kubectl get --raw /readyz`)")
