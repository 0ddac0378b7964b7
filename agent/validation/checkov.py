"""checkov on Dockerfiles, k8s/ manifests and the rendered chart, run from its own virtualenv.

Every failed check fails the run unless the artifact skips it with a written reason:
`checkov.io/skip1: CKV_K8S_xx=reason` (annotation) or `#checkov:skip=CKV_DOCKER_x:reason`.
A skip without a reason counts as a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from agent.validation.binaries import ValidatorNotInstalled, ValidatorUnavailable, find_checkov, run, version_of
from agent.validation.models import FileReport, Finding, SkippedCheck, ValidatorReport

NAME = "checkov"
NO_REASON = "No comment provided"
TIMEOUT = 600.0


@dataclass
class Target:
    """One file to scan: `label` is what the report shows, `text` its content."""

    label: str
    file_name: str
    text: str
    kind: str  # "dockerfile" or "kubernetes"


def _fix_hint(check_id: str, kind: str) -> str:
    if kind == "dockerfile":
        return f"fix it, or skip it with a reason: `#checkov:skip={check_id}:<why>` in the Dockerfile"
    return f"fix it, or skip it with a reason: annotation `checkov.io/skip1: {check_id}=<why>` on the resource"


def _stage(targets: list[Target], stage: Path) -> dict[str, Target]:
    """Copy targets under `stage`; the key is the path checkov reports (`/t<n>/<name>`)."""
    staged: dict[str, Target] = {}
    for index, target in enumerate(targets):
        folder = stage / f"t{index}"
        folder.mkdir()
        (folder / target.file_name).write_text(target.text, encoding="utf-8")
        staged[f"/t{index}/{target.file_name}"] = target
    return staged


def _reports(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict) and "results" in payload:
        return [payload]
    return []  # the bare summary checkov prints when it found nothing to scan


def parse_results(payload: Any, staged: dict[str, Target]) -> list[FileReport]:
    files = {key: FileReport(path=target.label) for key, target in staged.items()}

    def resource(check: dict[str, Any]) -> str:
        # Dockerfile resources are named after the staged path ("/t0/Dockerfile.FROM"): keep the instruction.
        name = str(check.get("resource", ""))
        key = check.get("file_path", "")
        if key and name.startswith(key):
            name = name[len(key):].lstrip(".") or "Dockerfile"
        return name

    def report_for(check: dict[str, Any]) -> FileReport:
        key = check.get("file_path", "")
        if key not in files:
            files[key] = FileReport(path=key)
        return files[key]

    for report in _reports(payload):
        kind = "dockerfile" if report.get("check_type") == "dockerfile" else "kubernetes"
        results = report.get("results", {})
        for _check in results.get("passed_checks", []):
            report_for(_check).passed_checks += 1
        for check in results.get("failed_checks", []):
            line_range = check.get("file_line_range") or [None]
            report_for(check).findings.append(Finding(
                rule=check["check_id"], message=f"{resource(check)}: {check.get('check_name', '')}",
                line=line_range[0], fix_hint=check.get("guideline") or _fix_hint(check["check_id"], kind)))
        for check in results.get("skipped_checks", []):
            reason = (check.get("check_result") or {}).get("suppress_comment") or ""
            if not reason.strip() or reason == NO_REASON:
                line_range = check.get("file_line_range") or [None]
                report_for(check).findings.append(Finding(
                    rule=check["check_id"],
                    message=f"{resource(check)}: skipped without a written reason ({check.get('check_name', '')})",
                    line=line_range[0], fix_hint="give the reason: `CKV_x=<why>` / `#checkov:skip=CKV_x:<why>`"))
            else:
                report_for(check).skipped.append(SkippedCheck(
                    rule=check["check_id"], reason=reason, resource=resource(check)))
        for error in results.get("parsing_errors", []):
            report_for({"file_path": error}).findings.append(Finding(
                rule="parse", message="checkov could not parse this file", fix_hint="fix the file's syntax"))
    return list(files.values())


def run_checkov(targets: list[Target]) -> ValidatorReport:
    try:
        program = find_checkov()
    except ValidatorNotInstalled as exc:
        return ValidatorReport.not_run(NAME, "checkov", exc.message, exc.hint)
    except ValidatorUnavailable as exc:
        return ValidatorReport.tool_error(NAME, "checkov", exc.message, exc.hint or "")
    tool = version_of(program)
    if not targets:
        return ValidatorReport(name=NAME, tool=tool)
    stage = Path(tempfile.mkdtemp(prefix="agent-checkov-"))
    try:
        staged = _stage(targets, stage)
        frameworks = sorted({t.kind for t in targets})
        env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "ERROR"}
        result = run([program, "-d", str(stage), "-o", "json", "--skip-download", "--framework", *frameworks],
                     timeout=TIMEOUT, env=env)
    except ValidatorUnavailable as exc:
        return ValidatorReport.tool_error(NAME, tool, exc.message, exc.hint or "")
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    try:
        payload = json.loads(result.stdout)
    except json.JSONDecodeError:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        return ValidatorReport.tool_error(NAME, tool, "checkov did not produce a JSON report: " + " | ".join(detail),
                                          "run the same checkov command by hand; recreate .venv-checkov if it crashes")
    return ValidatorReport(name=NAME, tool=tool, files=parse_results(payload, staged))


def targets_from(dockerfiles: list[Path], manifests: list[Path], rendered: list[tuple[str, str]],
                 relative: Callable[[Path], str] = str) -> list[Target]:
    # Each file sits alone in its folder under the name checkov recognises whatever it was called.
    targets = [Target(relative(p), "Dockerfile", p.read_text(encoding="utf-8"), "dockerfile") for p in dockerfiles]
    targets += [Target(relative(p), p.name, p.read_text(encoding="utf-8"), "kubernetes") for p in manifests]
    targets += [Target(label, f"rendered-{index}.yaml", text, "kubernetes")
                for index, (label, text) in enumerate(rendered)]
    return targets
