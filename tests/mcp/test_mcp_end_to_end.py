"""Our MCP client against our MCP server, over stdio (a subprocess) and streamable HTTP (127.0.0.1, free port)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent.config import McpServerConfig, Settings
from agent.mcp.client import McpUnavailable, call_remote_tool, discover, list_remote_tools, mcp_tools
from agent.phr.query import load_records
from agent.tooling.base import Modifies, ToolContext

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "crashloop-missing-env"
QUESTION = "why is the backend pod crashing?"


@pytest.fixture
def server_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The server subprocess inherits this: builtin provider only, PHRs under tmp_path/phr."""
    for name in list(os.environ):
        if name.startswith(("AGENT_", "OPENAI_", "ANTHROPIC_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AGENT_PROVIDERS", "builtin")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "phr"


def _server_argv(*extra: str) -> list[str]:
    return [sys.executable, "-m", "agent", "mcp", "--snapshot", str(SCENARIO), "--phr-dir", "phr", *extra]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _mcp_records(phr_dir: Path) -> list:
    return [r for r in load_records(phr_dir) if r.front_matter.get("surface") == "mcp"]


def test_stdio_lists_tools_serves_a_diagnosis_and_gates_mutations(server_env):
    server = McpServerConfig(name="aiops", command=_server_argv())
    names = {t.name for t in list_remote_tools(server)}
    assert {"diagnose", "get_objects", "kubectl", "write_file", "validate", "phr_list"} <= names

    diagnosis = call_remote_tool(server, "diagnose", {"question": QUESTION, "namespace": "todo"})
    assert diagnosis.status.value == "ok"
    assert "DATABASE_URL" in diagnosis.output and "backend-secrets" in diagnosis.output
    assert diagnosis.data["data"]["findings"][0]["analyzer"] == "crashloop"

    refused = call_remote_tool(server, "write_file", {"path": "notes.txt", "content": "hello"})
    assert refused.status.value == "error" and '"confirm": true' in refused.output
    assert not Path("notes.txt").exists()

    records = _mcp_records(server_env)
    assert [r.front_matter["title"] for r in records] == ["mcp diagnose", "mcp write_file"]
    approvals = records[1].front_matter["approvals"]
    assert approvals == [{"tool": "write_file", "approved": False, "decided_by": "mcp (no confirm)"}]


def test_stdio_read_only_hides_mutating_tools_and_refuses_kubectl_writes(server_env):
    server = McpServerConfig(name="aiops", command=_server_argv("--read-only"))
    names = {t.name for t in list_remote_tools(server)}
    assert "write_file" not in names and "diagnose" in names and "kubectl" in names
    refused = call_remote_tool(server, "kubectl", {"command": "kubectl delete pod x -n todo", "confirm": True})
    assert refused.status.value == "error" and "read-only" in refused.output


def test_streamable_http_with_bearer_token_confirm_and_adapters(server_env, monkeypatch):
    port = _free_port()
    monkeypatch.setenv("AGENT_MCP_TOKEN", "test-token-1234")
    process = subprocess.Popen(_server_argv("--transport", "http", "--port", str(port)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process)
        url = f"http://127.0.0.1:{port}/mcp"
        with pytest.raises(McpUnavailable) as rejected:
            list_remote_tools(McpServerConfig(name="aiops", url=url, bearer_token="wrong-token"))
        assert f"MCP server aiops ({url}) failed" in rejected.value.message and "bearer token" in rejected.value.hint
        assert discover(Settings(mcp_servers=[McpServerConfig(name="aiops", url=url)])).problems[0].startswith(
            "MCP server aiops")
        server = McpServerConfig(name="aiops", url=url, bearer_token="test-token-1234")
        settings = Settings(mcp_servers=[server], phr_enabled=False)
        tools = {t.name: t for t in mcp_tools(settings)}
        diagnose = tools["aiops_diagnose"]
        assert diagnose.json_schema()["properties"]["question"]["type"] == "string"
        args = diagnose.parse_args({"question": QUESTION})
        assert diagnose.modifies(args) is Modifies.UNKNOWN  # remote tools always pass our own gate
        result = diagnose.run(args, ToolContext(settings=settings))
        assert "DATABASE_URL" in result.output

        written = call_remote_tool(server, "write_file", {"path": "notes.txt", "content": "hi\n", "confirm": True})
        assert written.status.value == "ok" and Path("notes.txt").read_text() == "hi\n"
        record = _mcp_records(server_env)[-1]
        assert record.front_matter["approvals"][0]["decided_by"] == "mcp confirm"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the MCP server exited: {process.stderr.read().decode()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"the MCP server did not listen on port {port} within {timeout}s")
