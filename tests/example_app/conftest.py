from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

BACKEND_DIR = Path(__file__).resolve().parents[2] / "examples" / "todo-app" / "backend"
sys.path.insert(0, str(BACKEND_DIR))

from fastapi.testclient import TestClient  # noqa: E402

from app.config import Config  # noqa: E402
from app.main import create_app  # noqa: E402


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(database_url=f"sqlite:///{tmp_path / 'todo.db'}", better_auth_secret="test-secret",
                  frontend_urls=("http://web.test",))


@pytest.fixture
def client(config: Config) -> Iterator[TestClient]:
    with TestClient(create_app(config)) as test_client:
        yield test_client
