"""The MCP server's ToolHost and gate, in process: typed-back deletes, redacted results; the client's deadline."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel

from agent.config import McpServerConfig, Settings
from agent.mcp.client import McpUnavailable, list_remote_tools
from agent.mcp.server import ToolHost
from agent.phr.query import load_records
from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult, ToolStatus

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "crashloop-missing-env"
SECRET = "sk-proj-Abc123Def456Ghi789Jkl012Mno345"


class DeleteArgs(BaseModel):
    name: str


class DeleteSecretTool(Tool):
    """Like `kubectl delete secret NAME`: the gate wants the name typed back."""

    name: ClassVar[str] = "delete_secret"
    description: ClassVar[str] = "delete a Secret"
    Args: ClassVar[type[BaseModel]] = DeleteArgs

    def __init__(self) -> None:
        self.deleted: list[str] = []

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.YES

    def classification(self, args: BaseModel) -> Any:
        assert isinstance(args, DeleteArgs)
        return SimpleNamespace(confirm_text=args.name, reason=f"deletes the Secret {args.name}")

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, DeleteArgs)
        return f"kubectl delete secret {args.name}"

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, DeleteArgs)
        self.deleted.append(args.name)
        return ToolResult.ok(f"secret/{args.name} deleted")


class LeakyArgs(BaseModel):
    pass


class LeakyReadTool(Tool):
    """A read whose output carries a credential (a tool that does not redact its own output)."""

    name: ClassVar[str] = "leaky_read"
    description: ClassVar[str] = "read something"
    Args: ClassVar[type[BaseModel]] = LeakyArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        return ToolResult.ok(f"OPENAI_API_KEY={SECRET}\n", data={"env": {"OPENAI_API_KEY": SECRET}})


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(providers=["builtin"], snapshot=SCENARIO, phr_dir=tmp_path / "phr")


def test_a_delete_that_needs_the_name_typed_back_is_refused_with_confirm_true(settings: Settings) -> None:
    tool = DeleteSecretTool()
    host = ToolHost(settings, tools=[tool])

    refused = host.call("delete_secret", {"name": "backend-secrets", "confirm": True})

    assert refused.status is ToolStatus.REFUSED and tool.deleted == []
    assert '"confirm": "backend-secrets"' in refused.output
    approval = load_records(settings.phr_dir)[-1].front_matter["approvals"][0]
    assert approval == {"tool": "delete_secret", "approved": False, "decided_by": "mcp (not typed back)"}


def test_the_typed_back_name_approves_the_delete(settings: Settings) -> None:
    tool = DeleteSecretTool()
    host = ToolHost(settings, tools=[tool])

    assert host.call("delete_secret", {"name": "backend-secrets", "confirm": "other"}).status is ToolStatus.REFUSED
    done = host.call("delete_secret", {"name": "backend-secrets", "confirm": "backend-secrets"})

    assert done.status is ToolStatus.OK and tool.deleted == ["backend-secrets"]
    assert load_records(settings.phr_dir)[-1].front_matter["approvals"][0]["decided_by"] == "mcp confirm (typed back)"


def test_read_only_refuses_even_the_typed_back_name(settings: Settings) -> None:
    tool = DeleteSecretTool()
    host = ToolHost(settings.model_copy(update={"read_only": True}), tools=[tool])

    assert host.call("delete_secret", {"name": "x", "confirm": "x"}).status is ToolStatus.REFUSED
    assert tool.deleted == []


def test_a_string_is_not_a_confirmation_of_an_ordinary_mutation(settings: Settings) -> None:
    from tools.files import WriteFileTool

    host = ToolHost(settings, tools=[WriteFileTool()])

    refused = host.call("write_file", {"path": str(settings.phr_dir.parent / "f.txt"), "content": "x",
                                       "confirm": "false"})

    assert refused.status is ToolStatus.REFUSED and not (settings.phr_dir.parent / "f.txt").exists()


def test_results_go_back_to_the_client_redacted(settings: Settings) -> None:
    result = ToolHost(settings, tools=[LeakyReadTool()]).call("leaky_read", {})

    assert result.status is ToolStatus.OK
    assert SECRET not in result.output and "[REDACTED" in result.output
    assert SECRET not in str(result.data)


def test_a_server_that_never_answers_is_given_up_on_at_the_deadline() -> None:
    silent = McpServerConfig(name="silent", command=[sys.executable, "-c", "import time; time.sleep(60)"])
    started = time.monotonic()

    with pytest.raises(McpUnavailable, match="no answer within 1s"):
        list_remote_tools(silent, timeout=1.0)

    assert time.monotonic() - started < 15
