"""A Kubernetes API emulator (kmock) on a real local port, and a kubeconfig pointing at it.

kmock's `KubernetesEmulator` serves discovery (bundled resources), lists and gets
over HTTP; it does not serve pod logs, so a reaction answers the `log` subresource
from a dict. It runs in its own thread with its own event loop so the synchronous
`kubernetes` client can talk to it.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from agent.diagnosis.sources.kinds import BY_KIND
from agent.diagnosis.state import ClusterState, name_of, namespace_of


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


def write_kubeconfig(path: Path, server: str, namespace: str = "todo") -> Path:
    path.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "kmock",
        "clusters": [{"name": "kmock", "cluster": {"server": server}}],
        "users": [{"name": "tester", "user": {"token": "not-a-real-token"}}],
        "contexts": [{"name": "kmock", "context": {"cluster": "kmock", "user": "tester", "namespace": namespace}}],
    }))
    return path


@pytest.fixture
def fake_cluster(tmp_path: Path) -> Iterator[FakeCluster]:
    from kmock import KubernetesEmulator, Server, resource, subresource

    started = threading.Event()
    box: dict[str, Any] = {}

    async def serve() -> None:
        async with KubernetesEmulator() as emulator, Server(emulator) as server:
            emulator.resources.load_bundled()
            cluster = FakeCluster(emulator, str(server.url).rstrip("/"),
                                  write_kubeconfig(tmp_path / "kubeconfig", str(server.url).rstrip("/")))
            emulator["get", resource("", "v1", "pods"), subresource("log")] << cluster.serve_log
            box["cluster"], box["stop"] = cluster, asyncio.Event()
            started.set()
            await box["stop"].wait()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert started.wait(15), "the kmock emulator did not start"
    try:
        yield box["cluster"]
    finally:
        loop.call_soon_threadsafe(box["stop"].set)
        thread.join(10)
        loop.close()
