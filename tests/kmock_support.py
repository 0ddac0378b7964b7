"""Shared plumbing for tests that talk to kmock's KubernetesEmulator over real HTTP.

The emulator is asyncio; the code under test (the kubernetes client, kubectl, Helm) is synchronous.
So the emulator runs on its own event loop in a thread for as long as the test needs it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")


def write_kubeconfig(path: Path, server: str, namespace: str = "todo") -> Path:
    path.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "kmock",
        "clusters": [{"name": "kmock", "cluster": {"server": server}}],
        "users": [{"name": "tester", "user": {"token": "not-a-real-token"}}],
        "contexts": [{"name": "kmock", "context": {"cluster": "kmock", "user": "tester", "namespace": namespace}}],
    }))
    return path


@contextmanager
def running_in_thread(start: Callable[[], AbstractAsyncContextManager[T]]) -> Iterator[T]:
    """Enter `start()` on a private event loop in a thread; yield what it yields; exit it at the end."""
    started = threading.Event()
    box: dict[str, Any] = {}

    async def main() -> None:
        async with start() as value:
            box["value"], box["stop"] = value, asyncio.Event()
            started.set()
            await box["stop"].wait()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert started.wait(15), "the kmock emulator did not start"
    try:
        yield box["value"]
    finally:
        loop.call_soon_threadsafe(box["stop"].set)
        thread.join(10)
        loop.close()
