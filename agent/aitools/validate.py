"""Validate a candidate artifact with the validators `agent validate` runs, before the chain accepts it.

The candidate's files are written under a scratch directory at their real
relative paths (docker/, k8s/, helm-charts/), so discovery sees them exactly as
it would after writing. A validator that reports blocking findings rejects the
candidate; one that cannot run (program missing) is listed as not checked.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from agent.aitools.models import ValidationVerdict

MAX_PROBLEMS = 12


def validate_files(files: dict[str, str], *, checkov: bool = True) -> ValidationVerdict:
    from agent.validation import checkov as checkov_validator
    from agent.validation import hadolint, helm, kubeschema, shellcheck
    from agent.validation.discover import discover
    from agent.validation.models import ValidatorReport

    with tempfile.TemporaryDirectory(prefix="aiops-candidate-") as scratch:
        root = Path(scratch)
        for relative, content in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        artifacts = discover(root)
        relative_of = artifacts.relative
        helm_outcome = helm.validate_charts(artifacts.charts, relative_of)
        rendered = [(r.label, r.text) for r in helm_outcome.rendered]
        reports: list[ValidatorReport] = [
            hadolint.validate_dockerfiles(artifacts.dockerfiles, relative_of),
            helm_outcome.report,
            kubeschema.validate_manifests(artifacts.manifests, relative_of, rendered),
            shellcheck.validate_scripts(artifacts.scripts, relative_of),
        ]
        if checkov:
            reports.append(checkov_validator.run_checkov(checkov_validator.targets_from(
                artifacts.dockerfiles, artifacts.manifests, rendered, relative_of)))
    return verdict_of(reports)


def verdict_of(reports: list) -> ValidationVerdict:
    from agent.validation.models import ValidatorStatus

    lines, problems, not_checked = [], [], []
    for report in reports:
        status = report.status
        if status is ValidatorStatus.NOTHING_TO_CHECK:
            continue
        if status is ValidatorStatus.ERROR:
            not_checked.append(f"{report.name}: {report.error}")
            lines.append(f"{report.name}: not checked ({report.error})")
            continue
        lines.append(f"{report.name}: {status.value}" + (f" ({report.failed})" if report.failed else ""))
        for file in report.files:
            for finding in file.findings:
                if finding.blocking:
                    where = f"{file.path}:{finding.line}" if finding.line else file.path
                    problems.append(f"{finding.rule}: {finding.message} ({where})")
    passed = not problems and all(r.status is not ValidatorStatus.FAILED for r in reports)
    return ValidationVerdict(passed=passed, summary="; ".join(lines) or "nothing to check",
                             problems=problems[:MAX_PROBLEMS], not_checked=not_checked)
