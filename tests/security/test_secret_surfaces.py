"""Secrets never come out (issue 12, item 4): every secret of tests/security/data/secrets.tsv, checked on the
redactor, the terminal text, the stderr activity line, the tool message the model receives, the MCP response
and the PHR the MCP call writes. Image digests, git SHAs and UUIDs are left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli.events import stderr_event_printer
from agent.gate import ApprovalGate
from agent.loop import ToolStarted, run_agent
from agent.redact import redact, redact_obj
from agent.safety.text import safe_text
from tests.loop.helpers import EchoTool, ScriptedProvider, call
from agent.tooling.base import ToolContext

TABLE = Path(__file__).resolve().parent / "data" / "secrets.tsv"


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fmt, text, secret = line.split("\t")
        rows.append((fmt, text.replace("\\n", "\n"), secret))
    return rows


ROWS = _rows()
IDS = [f"{fmt}-{i}" for i, (fmt, _, _) in enumerate(ROWS)]


def test_the_battery_has_150_secrets_in_40_formats() -> None:
    assert len(ROWS) >= 150
    assert len({fmt for fmt, _, _ in ROWS}) >= 40
    assert all(secret in text for _, text, secret in ROWS)


@pytest.mark.parametrize(("fmt", "text", "secret"), ROWS, ids=IDS)
def test_redactor_and_terminal_text(fmt: str, text: str, secret: str) -> None:
    assert secret not in redact(text)
    assert secret not in safe_text(text)
    assert secret not in json.dumps(redact_obj({"message": text, "lines": [text]}))


@pytest.mark.parametrize(("fmt", "text", "secret"), ROWS, ids=IDS)
def test_stderr_activity_line(fmt: str, text: str, secret: str, capsys) -> None:
    # the tool-activity line printed arguments unredacted (18 of 18 secrets in questions)
    printer = stderr_event_printer()
    tool = EchoTool()
    printer(ToolStarted(call_id="c1", tool="echo", arguments={"text": text},
                        description=tool.describe_call(tool.Args(text=text))))
    assert secret not in capsys.readouterr().err


@pytest.mark.parametrize(("fmt", "text", "secret"), ROWS, ids=IDS)
def test_loop_events_and_the_model_request(fmt: str, text: str, secret: str) -> None:
    provider = ScriptedProvider([call("echo", text=text)], "done")
    events: list = []
    run_agent("echo it", provider=provider, tools=[EchoTool()], ctx=ToolContext(), gate=ApprovalGate(), on_event=events.append)
    started = next(e for e in events if isinstance(e, ToolStarted))
    assert secret not in started.description and secret not in json.dumps(started.arguments)
    tool_messages = [m.content for m in provider.requests[1][0] if m.role == "tool"]
    assert tool_messages and all(secret not in content for content in tool_messages)


@pytest.fixture(scope="module")
def mcp(tmp_path_factory):
    from agent.config import load_settings
    from agent.mcp.server import ToolHost

    phr = tmp_path_factory.mktemp("phr")
    return ToolHost(load_settings(phr_dir=phr, providers=["builtin"]), tools=[EchoTool()]), phr


@pytest.mark.parametrize(("fmt", "text", "secret"), ROWS, ids=IDS)
def test_mcp_response_and_its_phr(fmt: str, text: str, secret: str, mcp) -> None:
    server, phr = mcp
    result = server.call("echo", {"text": text})
    assert secret not in result.output
    written = sorted(phr.rglob("*.md"), key=lambda p: p.stat().st_mtime_ns)[-1].read_text(encoding="utf-8")
    assert secret not in written


@pytest.mark.parametrize("kept", [
    "nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
    "commit 3f4e2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f", "uid: 123e4567-e89b-12d3-a456-426614174000",
    "containerID: containerd://4b8e2f0c1a9d7e6b5c3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c",
    "pod backend-8f71d6468-799p2 in namespace todo", "reason: ReplicaSetUpdatedReplicasAvailable",
    "image: ghcr.io/acme/api:v1.24.3-alpine3.19", "secretName: db-credentials",
    "password: required for login", "valueFrom: secretKeyRef: {name: db, key: password}",
    "Pod/todo/backend-8f71d6468-799p2 CrashLoopBackOff", "Deployment/payments/ledger-api-v2 is short of replicas",
    "ReplicaSet/kube-system/coredns-7db6d8ff4d uses 2 replicas",
])
def test_identifiers_are_left_alone(kept: str) -> None:
    assert redact(kept) == kept
