"""The constitution's "AI-Generated Infrastructure" README section, built from the PHRs.

It lists the AI tools used (with versions), the commands and prompts, what each
step produced and whether it was accepted, and links every claim to its PHR.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import BaseModel, Field

from agent.phr.models import PhrRecord
from agent.phr.query import load_records

STEP_HEADING = re.compile(r"^AI chain (?P<kind>\S+) (?P<target>.+) step (?P<index>\d+) (?P<step>\S+)$")
FIELD = re.compile(r"^(status|command|tool version|prompt template|validation): (.*)$", re.M)


class StepRow(BaseModel):
    record_id: int
    record_path: str
    kind: str
    target: str
    step: str
    status: str
    reason: str = ""
    command: str = ""
    tool_version: str = ""
    template: str = ""
    validation: str = ""


class AiReport(BaseModel):
    rows: list[StepRow] = Field(default_factory=list)
    versions: dict[str, str] = Field(default_factory=dict)


def collect(phr_dir: Path, link_base: Path | None = None) -> AiReport:
    """Rows from every record; links are relative to `link_base` (where the Markdown will live; default cwd)."""
    report = AiReport()
    base = (link_base or Path.cwd()).resolve()
    for record in load_records(phr_dir):
        report.versions.update({k: str(v) for k, v in (record.front_matter.get("tool_versions") or {}).items()})
        report.rows.extend(_rows(record, base))
    return report


def _rows(record: PhrRecord, base: Path) -> list[StepRow]:
    rows = []
    path = Path(os.path.relpath(record.path.resolve(), base)).as_posix()
    for heading, text in record.sections.items():
        match = STEP_HEADING.match(heading)
        if not match:
            continue
        fields = {key: value.strip() for key, value in FIELD.findall(text)}
        status, _, reason = fields.get("status", "").partition(" (")
        rows.append(StepRow(record_id=record.id, record_path=path, kind=match["kind"], target=match["target"],
                            step=match["step"], status=status, reason=reason.removesuffix(")"),
                            command=fields.get("command", ""), tool_version=fields.get("tool version", ""),
                            template=fields.get("prompt template", ""), validation=fields.get("validation", "")))
    return rows


def render_markdown(report: AiReport, summaries: dict[tuple[str, str, int], str] | None = None) -> str:
    lines = ["## AI-Generated Infrastructure", ""]
    if not report.rows:
        lines.append("No AI-assisted generation or analysis is recorded in the PHRs yet "
                     "(run `agent generate` or `agent ask`).")
        return "\n".join(lines) + "\n"
    used = [r for r in report.rows if r.status == "accepted"]
    lines += ["Every artifact below came from the constitution's AI-first chain (kubectl-ai / Gordon / kagent, "
              "then an LLM, then the builtin generator). Output of the AI tools and the LLM is validated with the "
              "validators of `agent validate` before it is accepted; each step is recorded in a Prompt History "
              "Record.", "", "### Tools used", "", "| tool | version |", "| --- | --- |"]
    tools = sorted({r.step for r in report.rows if r.status in ("accepted", "failed")})
    lines += [f"| {tool} | {report.versions.get(tool) or _version_of(report, tool) or 'unknown'} |" for tool in tools]
    lines += ["", "### Results", "", "| artifact | produced by | steps tried | PHR |", "| --- | --- | --- | --- |"]
    for (kind, target, record_id), steps in _group(report).items():
        accepted = next((s.step for s in steps if s.status == "accepted"), "none passed validation")
        tried = ", ".join(f"{s.step} ({s.status})" for s in steps)
        link = f"[{record_id:04d}]({steps[0].record_path})"
        lines.append(f"| {kind} `{target}` | {accepted} | {tried} | {link} |")
    commands = [r for r in report.rows if r.command or r.template]
    if commands:
        lines += ["", "### Commands and prompts", ""]
        for row in commands:
            what = f"`{row.command}`" if row.command else f"prompt {row.template}"
            lines.append(f"- {row.step} for `{row.target}` ({row.status}): {what}")
    if summaries:
        lines += ["", "### Summaries", ""]
        lines += [f"- {kind} `{target}` ([{record_id:04d}]): {text}"
                  for (kind, target, record_id), text in summaries.items()]
    lines += ["", f"{len(used)} artifact(s) accepted across {len({r.record_id for r in report.rows})} PHR(s)."]
    return "\n".join(lines) + "\n"


def _version_of(report: AiReport, tool: str) -> str:
    return next((r.tool_version for r in report.rows if r.step == tool and r.tool_version), "")


def summarise(report: AiReport, provider) -> dict[tuple[str, str, int], str]:
    """One LLM-written summary per chain run (`prompts/summary.md.j2`)."""
    from agent.aitools.summary import StepLine, summarise_chain

    return {key: summarise_chain(key[0], key[1], [StepLine(step=s.step, status=s.status, reason=s.reason)
                                                   for s in steps], provider)
            for key, steps in _group(report).items()}


def _group(report: AiReport) -> dict[tuple[str, str, int], list[StepRow]]:
    groups: dict[tuple[str, str, int], list[StepRow]] = {}
    for row in report.rows:
        groups.setdefault((row.kind, row.target, row.record_id), []).append(row)
    return groups
