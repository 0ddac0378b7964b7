"""A Kubernetes API emulator (kmock) on a real local port, with the API-server behaviour our code relies on.

kmock stores objects and merges PATCH bodies; it has no server-side apply and no
dry run. `ApiServer` adds exactly those (what kube-apiserver does for
`application/apply-patch+yaml` and `?dryRun=All`), fixes the core group's
discovery document (`groupVersion: v1`), and can inject failures (409, 403, 500,
a hang) for chosen requests. It runs in its own thread and event loop so the
synchronous kubernetes client and kubectl can talk to it over HTTP.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from agent.kube.kinds import BY_KIND
from agent.kube.selectors import matches_text as matches
from tests.kmock_support import running_in_thread, write_kubeconfig

APPLY_PATCH = "application/apply-patch+yaml"


@dataclass
class Failure:
    """Answer requests matching `method` and `path_part` with `status` (or hang for `hang_seconds`)."""

    method: str
    path_part: str
    status: int = 500
    reason: str = "InternalError"
    message: str = "injected failure"
    times: int = 1
    hang_seconds: float = 0.0


@dataclass
class Served:
    method: str
    path: str
    params: dict[str, str]
    content_type: str
    body: Any


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = _merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(patch)


def _status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": code, "reason": reason,
            "message": message, "metadata": {}}


@dataclass
class FakeApiServer:
    emulator: Any
    url: str
    kubeconfig: Path
    failures: list[Failure] = field(default_factory=list)
    served: list[Served] = field(default_factory=list)
    logs: dict[tuple[str, str, str], str] = field(default_factory=dict)
    _versions: Iterator[int] = field(default_factory=lambda: itertools.count(100))

    # -- test helpers ---------------------------------------------------------------------
    def put(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Store `obj` as a controller would leave it (status included)."""
        obj = copy.deepcopy(obj)
        info = BY_KIND[obj["kind"]]
        meta = obj.setdefault("metadata", {})
        meta.setdefault("uid", str(uuid.uuid4()))
        meta.setdefault("resourceVersion", str(next(self._versions)))
        group, _, version = info.api_version.rpartition("/")
        namespace = meta.get("namespace") if info.namespaced else None
        self.emulator.objects[(group, version, info.plural), namespace, meta["name"]] = obj
        return obj

    def get(self, kind: str, namespace: str | None, name: str) -> dict[str, Any] | None:
        info = BY_KIND[kind]
        group, _, version = info.api_version.rpartition("/")
        key = ((group, version, info.plural), namespace if info.namespaced else None, name)
        try:
            obj = self.emulator.objects[key]
        except KeyError:
            return None
        return None if obj.deleted else copy.deepcopy(dict(obj.raw))

    def fail(self, method: str, path_part: str, status: int = 500, **kw: Any) -> Failure:
        failure = Failure(method=method.upper(), path_part=path_part, status=status, **kw)
        self.failures.append(failure)
        return failure

    def writes(self) -> list[Served]:
        """Requests that would change state (dry runs excluded)."""
        return [s for s in self.served if s.method in ("POST", "PUT", "PATCH", "DELETE")
                and s.params.get("dryRun") != "All"]

    # -- what kube-apiserver does and kmock does not --------------------------------------
    def _injected(self, request: Any) -> Failure | None:
        for failure in self.failures:
            if failure.times > 0 and request.method.value.upper() == failure.method \
                    and failure.path_part in request.url.path:
                failure.times -= 1
                return failure
        return None

    def _server_side_apply(self, request: Any) -> dict[str, Any]:
        key = (request.resource, request.namespace, request.name)
        objects = self.emulator.objects
        live = objects[key].raw if key in objects and not objects[key].deleted else None
        manager = request.params.get("fieldManager", "")
        if not manager:
            raise _HttpError(422, "Invalid", "PATCH with application/apply-patch+yaml requires fieldManager")
        merged = _merge(dict(live) if live else {}, request.data)
        meta = merged.setdefault("metadata", {})
        meta.setdefault("uid", str(uuid.uuid4()))
        meta.setdefault("creationTimestamp", "2026-01-01T00:00:00Z")
        meta["managedFields"] = [{"manager": manager, "operation": "Apply"}]
        if request.params.get("dryRun") == "All":
            return merged
        meta["resourceVersion"] = str(next(self._versions))
        if live is None:
            objects[key] = merged
        else:
            objects[key].patch(merged)
        return merged


class _HttpError(Exception):
    def __init__(self, code: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.code, self.reason, self.message = code, reason, message


def _emulator_class() -> type:
    import aiohttp.web
    from kmock import KubernetesEmulator

    class ApiServer(KubernetesEmulator):  # type: ignore[misc, valid-type]
        fake: FakeApiServer | None = None

        async def _handle(self, request: Any) -> Any:
            fake = self.fake
            assert fake is not None
            content_type = request.headers.get("Content-Type", "")
            fake.served.append(Served(request.method.value.upper(), request.url.path, dict(request.params),
                                      content_type, request.data))
            failure = fake._injected(request)
            if failure is not None:
                if failure.hang_seconds:
                    await asyncio.sleep(failure.hang_seconds)
                return aiohttp.web.json_response(_status(failure.status, failure.reason, failure.message),
                                                 status=failure.status)
            if request.url.path == "/api/v1":
                response = await super()._handle(request)
                document = json.loads(response.body)
                document["groupVersion"] = "v1"  # kmock says "/v1", which kubectl rejects
                return aiohttp.web.json_response(document)
            if request.subresource == "log" and request.method.value.upper() == "GET":
                text = fake.logs.get((request.namespace, request.name, request.params.get("container", "")))
                if text is None:
                    return aiohttp.web.json_response(_status(404, "NotFound", "no logs"), status=404)
                return aiohttp.web.Response(text=text, content_type="text/plain")
            if request.params.get("labelSelector") and request.method.value.upper() == "GET" and request.name is None:
                response = await super()._handle(request)
                document = json.loads(response.body)
                document["items"] = [i for i in document.get("items", [])
                                     if matches(request.params["labelSelector"], i.get("metadata", {}).get("labels"))]
                return aiohttp.web.json_response(document)
            if content_type.startswith(APPLY_PATCH):
                try:
                    return aiohttp.web.json_response(fake._server_side_apply(request))
                except _HttpError as exc:
                    return aiohttp.web.json_response(_status(exc.code, exc.reason, exc.message), status=exc.code)
            if request.method.value.upper() == "PATCH" and request.params.get("dryRun") == "All":
                key = (request.resource, request.namespace, request.name)
                live = self.objects[key].raw if key in self.objects else {}
                return aiohttp.web.json_response(_merge(dict(live), request.data))
            return await super()._handle(request)

    return ApiServer


def serve(tmp_path: Path, prepare: Callable[[FakeApiServer], None] | None = None) -> Iterator[FakeApiServer]:
    """Run the emulator until the generator is closed; yields the `FakeApiServer` handle."""

    @asynccontextmanager
    async def start() -> AsyncIterator[FakeApiServer]:
        from kmock import Server

        async with _emulator_class()() as emulator, Server(emulator) as server:
            emulator.resources.load_bundled()
            url = str(server.url).rstrip("/")
            fake = FakeApiServer(emulator=emulator, url=url,
                                 kubeconfig=write_kubeconfig(tmp_path / "kubeconfig", url))
            emulator.fake = fake
            if prepare:
                prepare(fake)
            yield fake

    with running_in_thread(start) as fake:
        yield fake
