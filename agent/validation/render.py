"""The validation report as text (for people) or JSON (for programs)."""

from __future__ import annotations

from agent.validation.models import FileReport, ValidationReport, ValidatorReport, ValidatorStatus

MARKS = {
    ValidatorStatus.PASSED: "PASS",
    ValidatorStatus.FAILED: "FAIL",
    ValidatorStatus.ERROR: "ERROR",
    ValidatorStatus.SKIPPED: "SKIP",
    ValidatorStatus.NOTHING_TO_CHECK: "n/a",
}


def _file_lines(report: FileReport) -> list[str]:
    lines: list[str] = []
    for finding in report.findings:
        where = f"{report.path}:{finding.line}" if finding.line else report.path
        lines.append(f"    {where}: [{finding.rule}] {finding.severity.value}: {finding.message}")
        if finding.fix_hint:
            lines.append(f"      fix: {finding.fix_hint}")
    for skip in report.skipped:
        target = f" {skip.resource}" if skip.resource else ""
        lines.append(f"    {report.path}: [{skip.rule}] skipped{target}: {skip.reason}")
    return lines


def render_validator(report: ValidatorReport) -> list[str]:
    head = (f"{MARKS[report.status]:5} {report.name} ({report.tool}): "
            f"{report.passed} passed, {report.failed} failed, {report.skipped} skipped")
    if report.status is ValidatorStatus.NOTHING_TO_CHECK:
        head = f"{MARKS[report.status]:5} {report.name} ({report.tool}): nothing to check"
    if report.status is ValidatorStatus.SKIPPED:
        head = f"{MARKS[report.status]:5} {report.name} ({report.tool}): skipped, {report.skipped_reason}"
    lines = [head]
    if report.status is ValidatorStatus.SKIPPED:
        if report.hint:
            lines.append(f"    to run it: {report.hint}")
        return lines
    if report.error:
        lines.append(f"    error: {report.error}")
        if report.hint:
            lines.append(f"    hint: {report.hint}")
    for file_report in report.files:
        lines.extend(_file_lines(file_report))
    return lines


def render_text(report: ValidationReport) -> str:
    lines = [f"Validation of {report.path}"]
    for validator in report.validators:
        lines.extend(render_validator(validator))
    lines.append("result: OK" if report.ok else "result: FAILED")
    return "\n".join(lines)


def render_json(report: ValidationReport) -> str:
    return report.model_dump_json(indent=2)
