"""The approval gate over MCP: no terminal to ask, so the caller confirms with `confirm` in the arguments.

`confirm: true` approves an ordinary mutation. A call whose approval needs a name
typed back at the terminal (deleting Secrets, PVCs, namespaces, cluster-scoped
objects, uninstalling a release) needs that name as `confirm` instead.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from agent.gate import ApprovalOutcome, ApprovalRequest
from agent.tooling.base import Modifies, Tool

CONFIRM = "confirm"
CONFIRM_SCHEMA = {"type": ["boolean", "string"], "default": False,
                  "description": "Set to true to approve a call that changes something (after showing it to the user); "
                                 "a call that deletes Secrets, PVCs, namespaces or a release needs the name the "
                                 "refusal asks for, typed back by the user, instead of true"}


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


def decide(request: ApprovalRequest, *, read_only: bool, confirm: Any) -> ApprovalOutcome:
    def outcome(approved: bool, decided_by: str, reason: str = "") -> ApprovalOutcome:
        return ApprovalOutcome(request=request, approved=approved, decided_by=decided_by, reason=reason)

    if request.modifies is Modifies.NO:
        return outcome(True, "not needed")
    if read_only:
        return outcome(False, "read-only", "the server runs with --read-only")
    if request.always_asks and request.confirm_name:
        # destructive: `confirm: true` is not enough, the confirmation names the object
        if isinstance(confirm, str) and confirm.strip() == request.confirm_name:
            return outcome(True, "mcp confirm (typed back)")
        deletes = request.blast_radius or "see the action"
        what = "deletes what cannot be recovered" if request.confirm_text else "is destructive"
        return outcome(False, "mcp (not typed back)",
                       f"this call {what} ({deletes}); call again with "
                       f"\"confirm\": \"{request.confirm_name}\" once the user has typed that name back")
    if confirm is not True:
        return outcome(False, "mcp (no confirm)",
                       f"this call modifies ({request.modifies.value}); call again with \"confirm\": true "
                       "once the user has approved it")
    return outcome(True, "mcp confirm")


class ConfirmGate:
    """The gate of one MCP call: the `confirm` the client sent is the user's answer."""

    def __init__(self, *, read_only: bool, confirm: Any) -> None:
        self.read_only = read_only
        self.confirm = confirm

    def check(self, request: ApprovalRequest) -> ApprovalOutcome:
        return decide(request, read_only=self.read_only, confirm=self.confirm)

    def reports_to(self, recorder: object) -> bool:
        return False
