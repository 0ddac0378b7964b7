"""shellcheck on the generated scripts. Every finding, style included, fails the run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from agent.validation.binaries import ValidatorNotInstalled, ValidatorUnavailable, find_program, run
from agent.validation.models import Finding, Severity, ValidatorReport, reports_by_file

NAME = "shellcheck"
INSTALL_HINT = "apt-get install shellcheck"


def _fix_hint(comment: dict) -> str:
    wiki = f"https://www.shellcheck.net/wiki/SC{comment['code']}"
    fix = comment.get("fix") or {}
    replacements = [r["replacement"] for r in fix.get("replacements", []) if r.get("replacement")]
    if comment["code"] == 2086 or replacements == ['"', '"']:
        return f'wrap the expansion in double quotes, e.g. "$VAR" ({wiki})'
    return wiki


def _version(program: str) -> str:
    try:
        output = run([program, "-V"], timeout=30).stdout
    except ValidatorUnavailable:
        return "shellcheck"
    versions = [line.split(":", 1)[1].strip() for line in output.splitlines() if line.startswith("version:")]
    return f"shellcheck {versions[0]}" if versions else "shellcheck"


def validate_scripts(scripts: list[Path], relative: Callable[[Path], str] = str) -> ValidatorReport:
    try:
        program = find_program("shellcheck", INSTALL_HINT)
    except ValidatorNotInstalled as exc:
        return ValidatorReport.not_run(NAME, "shellcheck", exc.message, exc.hint or INSTALL_HINT)
    except ValidatorUnavailable as exc:
        return ValidatorReport.tool_error(NAME, "shellcheck", exc.message, exc.hint or INSTALL_HINT)
    tool = _version(program)
    if not scripts:
        return ValidatorReport(name=NAME, tool=tool)
    try:
        result = run([program, "-f", "json1", "-x", *map(str, scripts)])
    except ValidatorUnavailable as exc:
        return ValidatorReport.tool_error(NAME, tool, exc.message, exc.hint or INSTALL_HINT)
    try:
        comments = json.loads(result.stdout or "{}").get("comments", [])
    except json.JSONDecodeError:
        return ValidatorReport.tool_error(NAME, tool, f"shellcheck failed: {result.stderr.strip()}",
                                          "run shellcheck on the script by hand")
    findings = [(comment["file"], Finding(
        rule=f"SC{comment['code']}", message=comment["message"], line=comment.get("line"),
        severity=Severity.ERROR if comment["level"] == "error" else Severity.WARNING,
        fix_hint=_fix_hint(comment))) for comment in comments]
    return ValidatorReport(name=NAME, tool=tool, files=reports_by_file(scripts, findings, relative))
