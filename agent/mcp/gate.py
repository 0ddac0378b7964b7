"""The approval gate over MCP: no terminal to ask, so the caller confirms with `confirm: true` in the arguments."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from tools.base import Modifies, Tool

CONFIRM = "confirm"
CONFIRM_SCHEMA = {"type": "boolean", "default": False,
                  "description": "Set to true to approve a call that changes something (after showing it to the user)"}


def always_mutating(tool: Tool) -> bool:
    """True when the tool modifies whatever its arguments are (write_file, docker_build, kagent).

    Probed with unvalidated default arguments: a tool whose answer depends on
    them (kubectl reads vs applies) fails the probe or answers `no`, and stays listed.
    """
    try:
        probe = tool.Args.model_construct()
        return tool.modifies(probe) is not Modifies.NO
    except (AttributeError, AssertionError, TypeError, ValueError, ValidationError):
        return False


def input_schema(tool: Tool) -> dict:
    schema = dict(tool.json_schema())
    schema["properties"] = {**schema.get("properties", {}), CONFIRM: CONFIRM_SCHEMA}
    return schema


class Decision(BaseModel):
    approved: bool
    decided_by: str
    reason: str = ""


def decide(modifies: Modifies, *, read_only: bool, confirmed: bool) -> Decision:
    if modifies is Modifies.NO:
        return Decision(approved=True, decided_by="not needed")
    if read_only:
        return Decision(approved=False, decided_by="read-only", reason="the server runs with --read-only")
    if not confirmed:
        return Decision(approved=False, decided_by="mcp (no confirm)",
                        reason=f"this call modifies ({modifies.value}); call again with \"confirm\": true "
                               "once the user has approved it")
    return Decision(approved=True, decided_by="mcp confirm")
