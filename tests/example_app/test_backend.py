from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.config import Config
from app.db import Database
from app.main import create_app


def test_health_is_up_without_touching_the_database(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "healthy"


def test_ready_checks_the_database(client: TestClient) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok"}}


def test_ready_is_503_when_the_database_is_gone(client: TestClient) -> None:
    client.app.state.db = Database("sqlite:////nonexistent-dir/todo.db")
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"


def test_todo_crud_round_trip(client: TestClient) -> None:
    created = client.post("/todos", json={"title": "write tests"})
    assert created.status_code == 201
    todo = created.json()
    assert todo["title"] == "write tests" and todo["done"] is False

    assert [t["id"] for t in client.get("/todos").json()] == [todo["id"]]

    updated = client.patch(f"/todos/{todo['id']}", json={"done": True})
    assert updated.json()["done"] is True
    assert client.get(f"/todos/{todo['id']}").json()["done"] is True

    assert client.delete(f"/todos/{todo['id']}").status_code == 204
    assert client.get(f"/todos/{todo['id']}").status_code == 404
    assert client.get("/todos").json() == []


def test_invalid_todo_is_rejected(client: TestClient) -> None:
    assert client.post("/todos", json={"title": ""}).status_code == 422
    assert client.patch("/todos/999", json={"done": True}).status_code == 404


def test_chat_answers_offline_without_a_key(client: TestClient) -> None:
    added = client.post("/chat", json={"message": "add buy milk"}).json()
    assert added["source"] == "offline"
    assert "buy milk" in added["reply"]
    assert [t["title"] for t in client.get("/todos").json()] == ["buy milk"]

    listing = client.post("/chat", json={"message": "list"}).json()["reply"]
    assert "#1 [ ] buy milk" in listing
    assert "Marked todo #1" in client.post("/chat", json={"message": "done 1"}).json()["reply"]
    assert "0 open todo(s) out of 1" in client.post("/chat", json={"message": "hello"}).json()["reply"]


def test_chat_falls_back_offline_when_openai_is_unreachable(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    from app import chat
    monkeypatch.setattr(chat, "OPENAI_URL", "http://127.0.0.1:9/v1/chat/completions")
    keyed = Config(database_url=config.database_url, openai_api_key="sk-test")
    with TestClient(create_app(keyed)) as client:
        reply = client.post("/chat", json={"message": "hello"}).json()
    assert reply["source"] == "offline"


def test_cors_allows_the_configured_frontend(client: TestClient) -> None:
    response = client.options("/todos", headers={
        "Origin": "http://web.test", "Access-Control-Request-Method": "POST"})
    assert response.headers["access-control-allow-origin"] == "http://web.test"


def test_logs_are_json_lines_with_request_id(config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    with TestClient(create_app(config)) as client:
        client.post("/todos", json={"title": "log me"}, headers={"x-request-id": "req-42"})
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    request_lines = [entry for entry in lines if entry["message"] == "request"]
    assert len(request_lines) == 1
    entry = request_lines[0]
    assert entry["request_id"] == "req-42"
    assert entry["level"] == "INFO" and entry["timestamp"] and entry["status"] == 201


def test_config_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/todo")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("FRONTEND_URL", "http://a.test, http://b.test")
    monkeypatch.setenv("BETTER_AUTH_SECRET", "s3cret")
    config = Config.from_env()
    assert config.database_url == "postgresql+psycopg://u:p@db:5432/todo"
    assert config.log_level == "DEBUG"
    assert config.frontend_urls == ("http://a.test", "http://b.test")
    assert "s3cret" not in repr(config)


def test_shutdown_closes_the_database(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[bool] = []
    original_close = Database.close
    monkeypatch.setattr(Database, "close", lambda self: (closed.append(True), original_close(self)))
    with TestClient(create_app(config)) as client:
        assert client.get("/ready").status_code == 200
        assert closed == []
    assert closed == [True]
