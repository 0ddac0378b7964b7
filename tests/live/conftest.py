"""A Kubernetes API emulator (kmock) on a real local port, and a kubeconfig pointing at it.

kmock's `KubernetesEmulator` serves discovery (bundled resources), lists and gets
over HTTP; it does not serve pod logs, so a reaction answers the `log` subresource
from a dict. It runs in its own thread with its own event loop so the synchronous
`kubernetes` client can talk to it.
"""

from __future__ import annotations

from pathlib import Path
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Iterator

import pytest

from agent.kube.kinds import BY_KIND
from agent.diagnosis.state import ClusterState, name_of, namespace_of
from tests.kmock_support import running_in_thread, write_kubeconfig


class FakeCluster:
    def __init__(self, emulator: Any, url: str, kubeconfig: Path) -> None:
        self.emulator = emulator
        self.url = url
        self.kubeconfig = kubeconfig
        self.logs: dict[tuple[str, str, str, bool], str] = {}
        self.log_requests: list[dict[str, str]] = []
        self.logs_forbidden = False

    def put(self, obj: dict[str, Any]) -> None:
        info = BY_KIND[obj["kind"]]
        group, _, version = info.api_version.rpartition("/")
        self.emulator.objects[(group, version, info.plural), namespace_of(obj), name_of(obj)] = obj

    def put_state(self, state: ClusterState) -> None:
        """Every object of a loaded snapshot (as a controller left them, status included) and its logs."""
        for kind, objs in state.objects.items():
            if kind in BY_KIND:
                for obj in objs:
                    self.put(obj)
        for key, text in state.logs.items():
            self.logs[(key.namespace, key.pod, key.container, key.previous)] = text

    def serve_log(self, request: Any) -> bytes:
        params = dict(request.params)
        self.log_requests.append({"pod": request.name, "namespace": request.namespace, **params})
        key = (request.namespace, request.name, params.get("container", ""), params.get("previous", "").lower() == "true")
        if self.logs_forbidden:
            from kmock import KubernetesError

            raise KubernetesError(status=403, reason="Forbidden", message='pods "x" is forbidden: cannot get resource "pods/log"')
        if key not in self.logs:
            from kmock import KubernetesObjectNotFoundError

            raise KubernetesObjectNotFoundError()
        lines = self.logs[key].splitlines(keepends=True)
        tail = int(params.get("tailLines", len(lines)) or len(lines))
        return "".join(lines[-tail:]).encode()[: int(params.get("limitBytes", 10**9))]

    def forbid(self, group: str, version: str, plural: str) -> None:
        from kmock import resource

        self.emulator["list", resource(group, version, plural)] << 403


@pytest.fixture
def fake_cluster(tmp_path: Path) -> Iterator[FakeCluster]:
    @asynccontextmanager
    async def start() -> AsyncIterator[FakeCluster]:
        from kmock import KubernetesEmulator, Server, resource, subresource

        async with KubernetesEmulator() as emulator, Server(emulator) as server:
            emulator.resources.load_bundled()
            url = str(server.url).rstrip("/")
            cluster = FakeCluster(emulator, url, write_kubeconfig(tmp_path / "kubeconfig", url))
            emulator["get", resource("", "v1", "pods"), subresource("log")] << cluster.serve_log
            yield cluster

    with running_in_thread(start) as cluster:
        yield cluster
