"""THE path of every tool call, from every surface (the loop, direct TUI/CLI actions, the MCP server,
chains, deploy and operate mutations): parse, classify, ask the gate, journal, run, truncate,
redact, record.

What differs between surfaces is only wording (a model is told not to retry a refusal; an MCP
client is told which `confirm` to send) and how they ask (terminal, modal, `confirm` argument);
those come in as `Wording` and the `Gate`. The checks, their order and the PHR record are the same
everywhere, so no surface can be the weak one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ValidationError

from agent.errors import AgentError, ApprovalRequired
from agent.gate import ApprovalOutcome, ApprovalRequest
from agent.safety.text import safe_text
from agent.tooling.recorder import Recorder
from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult, ToolStatus

if TYPE_CHECKING:
    from agent.phr.models import ToolCallRecord


class Gate(Protocol):
    """Decides one request: `agent.gate.ApprovalGate` (terminal, TUI, --yes), `agent.mcp.gate.ConfirmGate`."""

    read_only: bool

    def check(self, request: ApprovalRequest) -> ApprovalOutcome: ...

    def reports_to(self, recorder: Recorder | None) -> bool:
        """Whether the gate already records its decisions in this recorder."""
        ...


def invalid_arguments(tool: str, error: ValidationError) -> str:
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}" for e in error.errors())
    return f"invalid arguments for {tool}: {problems}"


def approval_request(tool: Tool, args: BaseModel, *, action: str, modifies: Modifies,
                     proposed: bool = False) -> ApprovalRequest:
    """What the gate is asked for one call; tools that classify their command (kubectl, helm uninstall) add the
    name that must be typed back and what the call touches, tools that preview their change add the diff.
    `proposed`: the offline engine only echoes a command from the user's text (see ApprovalRequest)."""
    return ApprovalRequest.for_command(tool.name, action, modifies, tool.classification(args),
                                       proposed=proposed, **tool.approval_details(args))


@dataclass
class Call:
    """One call as it is checked, filled in step by step; what the record and the surface's events show."""

    name: str
    arguments: dict[str, Any]
    description: str
    args: BaseModel | None = None
    modifies: Modifies = Modifies.UNKNOWN
    approval: str | None = None
    outcome: ApprovalOutcome | None = None
    duration_ms: int = 0  # of the run itself, not of the checks or the approval prompt

    @classmethod
    def of(cls, name: str, raw: dict[str, Any]) -> Call:
        return cls(name=name, arguments=dict(raw), description=f"{name}({json.dumps(raw, sort_keys=True)})")


@dataclass(frozen=True)
class Wording:
    """How a surface words the results that are not the tool's own."""

    unknown_tool: Callable[[str, list[str]], str] = \
        lambda name, names: f"there is no tool named {name!r}; available tools: {', '.join(names)}"
    bad_arguments: Callable[[str, ValidationError], str] = invalid_arguments
    refused: Callable[[Call, ApprovalOutcome], str] = \
        lambda call, outcome: f"not run: {outcome.reason or outcome.decided_by}"


@dataclass
class Invocation:
    """The outcome of one call: the result as shown (truncated, redacted), and what was recorded."""

    call: Call
    result: ToolResult
    record: ToolCallRecord
    raw: ToolResult | None = field(default=None, repr=False)  # before truncation (the tool's full data)

    @property
    def approved(self) -> bool:
        return self.call.outcome is None or self.call.outcome.approved


def invoke(tool: Tool | None, raw: dict[str, Any] | str, ctx: ToolContext, *, gate: Gate,
           recorder: Recorder | None, name: str | None = None, available: list[str] | None = None,
           wording: Wording = Wording(), arguments_error: str | None = None,
           precheck: Callable[[Call], ToolResult | None] | None = None,
           on_approval: Callable[[ApprovalOutcome], None] | None = None, proposed: bool = False) -> Invocation:
    """Run one call of `tool` with `raw` arguments through every check, and record it in `recorder`.

    `precheck` runs once the call is parsed and classified, before the gate (the loop announces the call
    and refuses a third identical one there); a result it returns is the call's result. Tool failures
    are results, never exceptions; only `ApprovalRequired` (no way to ask) and interrupts propagate.
    """
    name = name or (tool.name if tool is not None else "?")
    raw_dict = raw if isinstance(raw, dict) else _loads(raw)
    call = Call.of(name, raw_dict)
    result = _checked_run(tool, raw, ctx, call, gate=gate, recorder=recorder, available=available or [],
                          wording=wording, arguments_error=arguments_error, precheck=precheck, on_approval=on_approval,
                          proposed=proposed)
    return _finish(call, result, recorder)


def _checked_run(tool: Tool | None, raw: dict[str, Any] | str, ctx: ToolContext, call: Call, *, gate: Gate,
                 recorder: Recorder | None, available: list[str], wording: Wording, arguments_error: str | None,
                 precheck: Callable[[Call], ToolResult | None] | None,
                 on_approval: Callable[[ApprovalOutcome], None] | None, proposed: bool) -> ToolResult:
    if tool is None:
        return ToolResult.error(wording.unknown_tool(call.name, sorted(available)))
    if arguments_error:
        return ToolResult.error(f"the call to {call.name} was not run: {arguments_error}. "
                                "Call it again with a JSON object that matches the tool's schema.")
    try:  # parse
        args = tool.parse_args(raw)
    except ValidationError as exc:
        return ToolResult.error(wording.bad_arguments(call.name, exc))
    call.args = args
    call.arguments = args.model_dump(mode="json")
    call.description = safe_text(tool.describe_call(args))  # shown on stderr, in the TUI, the PHR, to MCP clients
    call.modifies = tool.modifies(args)  # classify: a static reading of the arguments, never the model's word
    if precheck is not None and (early := precheck(call)) is not None:
        return early
    if call.modifies is not Modifies.NO:  # the gate
        outcome = gate.check(approval_request(tool, args, action=call.description, modifies=call.modifies,
                                                    proposed=proposed))
        call.outcome = outcome
        call.approval = f"{'approved' if outcome.approved else 'refused'} by {outcome.decided_by}"
        if recorder is not None and not gate.reports_to(recorder):
            recorder.record_approval(outcome)  # journal the decision before anything runs
        if on_approval is not None:
            on_approval(outcome)
        if not outcome.approved:
            return ToolResult(status=ToolStatus.REFUSED, output=wording.refused(call, outcome))
    started = time.monotonic()
    try:  # run
        return tool.run(args, ctx)
    except ApprovalRequired:
        raise
    except AgentError as exc:
        return ToolResult.error(str(exc))
    except Exception as exc:  # a failing tool is a result for the caller, not a dead loop or server
        return ToolResult.error(f"{tool.name} failed: {type(exc).__name__}: {exc}")
    finally:
        call.duration_ms = int((time.monotonic() - started) * 1000)


def _finish(call: Call, result: ToolResult, recorder: Recorder | None) -> Invocation:
    from agent.phr.models import ToolCallRecord
    from agent.redact import redact_obj

    shown = result.truncated_to()  # truncate
    # redact, and neutralise terminal control sequences: cluster- and file-derived text, wherever it goes next
    shown = shown.model_copy(update={"output": safe_text(shown.output),
                                     "data": redact_obj(shown.data) if shown.data else shown.data})
    record = ToolCallRecord(tool=call.name, arguments=redact_obj(call.arguments), modifies=call.modifies.value,
                            approval=call.approval, status=shown.status.value, duration_ms=call.duration_ms,
                            output=shown.output)
    if recorder is not None:  # record
        recorder.record_tool_call(record)
    return Invocation(call=call, result=shown, record=record, raw=result)


def _loads(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
