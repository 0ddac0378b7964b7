"""Turn a PhrDraft into the Markdown record: Spec-Kit Plus front matter and sections, plus the audit parts."""

from __future__ import annotations

import json
from typing import Any

import yaml

from agent.phr.chain import BLANK_SHA_LINE
from agent.phr.markdown import fenced
from agent.phr.models import ApprovalRecord, PhrDraft, ToolCallRecord


def front_matter(draft: PhrDraft, record_id: int) -> dict[str, Any]:
    """The YAML front matter without the two hash lines (those are added verbatim by `render`)."""
    return {
        "id": record_id,
        "title": draft.title,
        "stage": draft.stage,
        "date": draft.date,
        "surface": draft.surface,
        "model": draft.model,
        "feature": draft.feature,
        "branch": draft.branch,
        "user": draft.user,
        "command": draft.command,
        "labels": list(draft.labels),
        "links": {"spec": None, "ticket": None, "adr": None, "pr": None},
        "files": [f.path for f in draft.files],
        "tests": list(draft.tests),
        "provider": draft.provider,
        "usage": draft.usage.model_dump() if draft.usage else None,
        "fallbacks": [{"from": f.from_provider, "to": f.to_provider, "reason": f.reason} for f in draft.fallbacks],
        "tool_calls": [{"tool": c.tool, "modifies": c.modifies, "status": c.status,
                        "duration_ms": c.duration_ms, "approval": c.approval} for c in draft.tool_calls],
        "approvals": [{"tool": a.tool, "approved": a.approved, "decided_by": a.decided_by}
                      for a in draft.approvals],
        "tool_versions": dict(draft.tool_versions),
    }


def render(draft: PhrDraft, record_id: int, prev_sha256: str) -> str:
    """The record text with a blank `sha256: ""` line, ready for `chain.seal`."""
    header = yaml.safe_dump(front_matter(draft, record_id), sort_keys=False, allow_unicode=True,
                            default_flow_style=False, width=1000)
    parts = ["---\n", header, f'prev_sha256: "{prev_sha256}"\n', BLANK_SHA_LINE, "\n---\n\n"]
    parts.append(_body(draft))
    return "".join(parts)


def _body(draft: PhrDraft) -> str:
    sections = [
        ("Prompt", fenced(draft.prompt)),
        ("Response snapshot", fenced(draft.response)),
    ]
    if draft.fallbacks:
        sections.append(("Fallbacks", "\n".join(
            f"- {f.from_provider} -> {f.to_provider}: {f.reason}" for f in draft.fallbacks)))
    if draft.tool_calls:
        sections.append(("Tool calls", "\n\n".join(_tool_call(i, c) for i, c in enumerate(draft.tool_calls, 1))))
    if draft.approvals:
        sections.append(("Approvals", "\n".join(_approval(a) for a in draft.approvals)))
    if draft.files:
        sections.append(("Files written", "\n\n".join(f"### {f.path}\n\n{fenced(f.diff, 'diff')}"
                                                      for f in draft.files)))
    if draft.tool_versions:
        sections.append(("Tool versions", "\n".join(f"- {tool}: {version}"
                                                    for tool, version in draft.tool_versions.items())))
    if draft.usage:
        sections.append(("Token usage", f"- provider: {draft.provider}\n- model: {draft.model}\n"
                                        f"- input tokens: {draft.usage.input_tokens}\n"
                                        f"- output tokens: {draft.usage.output_tokens}"))
    sections.extend((" ".join(note.heading.split()) or "Note", fenced(note.text)) for note in draft.notes)
    sections.append(("Outcome", _outcome(draft)))
    return "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections) + "\n"


def _tool_call(index: int, call: ToolCallRecord) -> str:
    approval = call.approval or "not needed"
    return (f"### {index}. {call.tool}\n\n"
            f"- modifies: {call.modifies}\n- approval: {approval}\n- status: {call.status}\n"
            f"- duration: {call.duration_ms} ms\n\narguments:\n\n"
            f"{fenced(json.dumps(call.arguments, indent=2, sort_keys=True, default=str), 'json')}\n\n"
            f"output:\n\n{fenced(call.output)}")


def _approval(approval: ApprovalRecord) -> str:
    verdict = "approved" if approval.approved else "refused"
    reason = f" ({approval.reason})" if approval.reason else ""
    action = approval.action.replace("\n", "\n  ")
    return f"- {verdict} by {approval.decided_by}: {approval.tool}: {action} (modifies: {approval.modifies}){reason}"


def _outcome(draft: PhrDraft) -> str:
    lines = [
        f"- ✅ Impact: {draft.impact or 'none recorded'}",
        f"- 🧪 Tests: {', '.join(draft.tests) or 'none'}",
        f"- 📁 Files: {', '.join(f.path for f in draft.files) or 'none'}",
        f"- 🔁 Next prompts: {'; '.join(draft.next_prompts) or 'none'}",
        f"- 🧠 Reflection: {draft.reflection or 'none'}",
    ]
    if draft.error:
        lines.append(f"- ❌ Error: {draft.error}")
    return "\n".join(lines)
