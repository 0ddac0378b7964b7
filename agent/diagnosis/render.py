"""Renderers for an `Answer`: plain text (terminal), Markdown (chat, TUI) and JSON.

Order is always: summary, then each finding's root cause, evidence and fix; other
problems briefly; facts; what could not be read.
"""

from __future__ import annotations

from agent.diagnosis.models import Answer, Coverage, Finding


def split(answer: Answer) -> tuple[list[Finding], list[Finding]]:
    """(findings that answer the question, other problems found)."""
    n = len(answer.findings) if answer.primary is None else answer.primary
    return answer.findings[:n], answer.findings[n:]


def _finding_text(i: int, f: Finding) -> list[str]:
    lines = [f"{i}. [{f.severity.value.upper()}] {f.object}",
             f"   Root cause: {f.root_cause}",
             f"   Symptom: {f.symptom}"]
    if f.evidence:
        lines.append("   Evidence:")
        lines.extend(f"     - ({e.source}) {e.text}" for e in f.evidence)
    lines.append(f"   Fix: {f.fix.description}")
    lines.extend(f"     $ {cmd}" for cmd in f.fix.commands)
    if f.fix.patch:
        lines.append("     Patch:")
        lines.extend(f"       {ln}" for ln in f.fix.patch.rstrip().splitlines())
    if f.related:
        lines.append(f"   Related: {', '.join(str(r) for r in f.related)}")
    lines.append(f"   Confidence: {f.confidence:.0%} ({f.analyzer})")
    return lines


def coverage_lines(cov: Coverage | None) -> list[str]:
    """"Checked: ..." and one line per kind the source lacked, saying what was therefore not checked."""
    if cov is None:
        return []
    closed = "; the source declares itself complete" if cov.complete else ""
    lines = [f"Checked: {cov.checked_text()} in {cov.scope} with {len(cov.analyzers)} analyzers{closed}."]
    lines.extend(f"Not checked: {note}." for note in cov.not_checked)
    return lines


def shows_coverage(answer: Answer) -> bool:
    """`diagnose` always says what it checked; `ask` says it when it found no cause (so "no problems" is scoped)."""
    if answer.coverage is None:
        return False
    primary, _ = split(answer)
    return not answer.question or not any(f.severity.value != "info" for f in primary)


def render_text(answer: Answer) -> str:
    primary, others = split(answer)
    lines = [answer.summary]
    for i, f in enumerate(primary, 1):
        lines.append("")
        lines.extend(_finding_text(i, f))
    if others:
        lines += ["", "Also found:"]
        lines.extend(f"  - [{f.severity.value}] {f.object}: {f.root_cause}" for f in others)
    if answer.facts:
        lines += ["", "Facts:"]
        lines.extend(f"  - {fact}" for fact in answer.facts)
    if shows_coverage(answer):
        lines += ["", "Coverage:"]
        lines.extend(f"  - {line}" for line in coverage_lines(answer.coverage))
    if answer.warnings:
        lines += ["", "Could not check everything:"]
        lines.extend(f"  - {w.message}" for w in answer.warnings)
    if answer.source:
        lines += ["", f"Source: {answer.source}"]
    return "\n".join(lines) + "\n"


def _finding_markdown(f: Finding) -> list[str]:
    lines = [f"### {f.severity.value.upper()}: `{f.object}`", "", f"**Root cause:** {f.root_cause}", "",
             f"**Symptom:** {f.symptom}", ""]
    if f.evidence:
        lines.append("**Evidence:**")
        lines.extend(f"- *{e.source}*: `{e.text}`" if "`" not in e.text else f"- *{e.source}*: {e.text}"
                     for e in f.evidence)
        lines.append("")
    lines += [f"**Fix:** {f.fix.description}", ""]
    if f.fix.commands:
        lines += ["```sh", *f.fix.commands, "```", ""]
    if f.fix.patch:
        lines += ["```yaml", f.fix.patch.rstrip(), "```", ""]
    lines.append(f"*Confidence {f.confidence:.0%} ({f.analyzer})*")
    return lines


def render_markdown(answer: Answer) -> str:
    primary, others = split(answer)
    lines = [answer.summary]
    for f in primary:
        lines += ["", *_finding_markdown(f)]
    if others:
        lines += ["", "**Also found:**", ""]
        lines.extend(f"- {f.severity.value}: `{f.object}`: {f.root_cause}" for f in others)
    if answer.facts:
        lines += ["", "**Facts:**", ""]
        lines.extend(f"- {fact}" for fact in answer.facts)
    if shows_coverage(answer):
        lines += ["", "**Coverage:**", ""]
        lines.extend(f"- {line}" for line in coverage_lines(answer.coverage))
    if answer.warnings:
        lines += ["", "**Could not check everything:**", ""]
        lines.extend(f"- {w.message}" for w in answer.warnings)
    if answer.source:
        lines += ["", f"*Source: {answer.source}*"]
    return "\n".join(lines) + "\n"


def render_json(answer: Answer) -> str:
    return answer.model_dump_json(indent=2) + "\n"


def render_yaml(answer: Answer) -> str:
    """The same document as render_json (docs/diagnose-schema.json), as YAML."""
    import yaml

    return yaml.safe_dump(answer.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json, "yaml": render_yaml}
