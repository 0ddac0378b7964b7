"""The validation report: one model for every validator, rendered as text or JSON."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, Field, computed_field


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # reported, never fails the run


class ValidatorStatus(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"  # the validator could not run (crashed, timed out, unreadable output)
    SKIPPED = "skipped"  # not installed, or --skip: reported with the reason, never a failure
    NOTHING_TO_CHECK = "nothing-to-check"


class Finding(BaseModel):
    rule: str = Field(description="Rule id, e.g. DL3006, SC2086, CKV_K8S_20, helm-lint, schema")
    message: str
    line: int | None = None
    severity: Severity = Severity.ERROR
    fix_hint: str | None = None

    @property
    def blocking(self) -> bool:
        return self.severity is not Severity.INFO


class SkippedCheck(BaseModel):
    """A check the artifact itself skips, with the written reason it gives."""

    rule: str
    reason: str
    resource: str | None = None


class FileReport(BaseModel):
    path: str = Field(description="Relative to the validated directory; '(rendered)' marks helm output")
    passed_checks: int = 0
    findings: list[Finding] = Field(default_factory=list)
    skipped: list[SkippedCheck] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def failed(self) -> bool:
        return any(f.blocking for f in self.findings)


def reports_by_file(checked: list[Path], findings: list[tuple[str, Finding]],
                    relative: Callable[[Path], str] = str) -> list[FileReport]:
    """One report per checked file, from (file as the tool names it, finding) pairs; a clean file passes one check."""
    by_file: dict[str, list[Finding]] = {str(path): [] for path in checked}
    for path, finding in findings:
        by_file.setdefault(path, []).append(finding)
    return [FileReport(path=relative(Path(path)), findings=found, passed_checks=0 if found else 1)
            for path, found in by_file.items()]


class ValidatorReport(BaseModel):
    name: str
    tool: str = Field(description="What ran, with its version when known")
    files: list[FileReport] = Field(default_factory=list)
    error: str | None = None
    hint: str | None = None
    skipped_reason: str | None = Field(default=None, description="Why the validator did not run (not installed, --skip)")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> ValidatorStatus:
        if self.skipped_reason:
            return ValidatorStatus.SKIPPED
        if self.error:
            return ValidatorStatus.ERROR
        if not self.files:
            return ValidatorStatus.NOTHING_TO_CHECK
        return ValidatorStatus.FAILED if any(f.failed for f in self.files) else ValidatorStatus.PASSED

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> int:
        return sum(f.passed_checks for f in self.files)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def failed(self) -> int:
        return sum(1 for f in self.files for finding in f.findings if finding.blocking)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def skipped(self) -> int:
        return sum(len(f.skipped) for f in self.files)

    @classmethod
    def tool_error(cls, name: str, tool: str, error: str, hint: str) -> "ValidatorReport":
        return cls(name=name, tool=tool, error=error, hint=hint)

    @classmethod
    def not_run(cls, name: str, tool: str, reason: str, hint: str | None = None) -> "ValidatorReport":
        """Skipped: not installed (the hint says how to install it) or left out with --skip."""
        return cls(name=name, tool=tool, skipped_reason=reason, hint=hint)


class ValidationReport(BaseModel):
    path: str
    validators: list[ValidatorReport] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return all(v.status in (ValidatorStatus.PASSED, ValidatorStatus.NOTHING_TO_CHECK, ValidatorStatus.SKIPPED)
                   for v in self.validators)

    def validator(self, name: str) -> ValidatorReport:
        for report in self.validators:
            if report.name == name:
                return report
        raise KeyError(name)
