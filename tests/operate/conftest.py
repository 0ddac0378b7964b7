"""Fixtures for operations tests: `api_server` (a kmock Kubernetes API on a real port) and `ops_settings`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.operate.emulator import FakeApiServer, serve


@pytest.fixture
def api_server(tmp_path: Path) -> Iterator[FakeApiServer]:
    yield from serve(tmp_path)


@pytest.fixture
def ops_settings(tmp_path: Path, api_server: FakeApiServer, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Settings pointing at the emulator, PHRs in tmp_path/phr, nothing read from the user's config."""
    from agent.config import Settings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"kubeconfig": api_server.kubeconfig, "namespace": "todo",
                                  "phr_dir": tmp_path / "phr", "phr_enabled": True}
        values.update(overrides)
        return Settings(**values)

    return make
