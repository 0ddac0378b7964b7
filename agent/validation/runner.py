"""validate_path: run every validator on the artifacts found under a directory."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Callable

from agent.errors import UsageError
from agent.validation import checkov, hadolint, helm, kubeschema, pss, shellcheck
from agent.validation.discover import discover
from agent.validation.models import ValidationReport, ValidatorReport

VALIDATORS = (hadolint.NAME, helm.NAME, kubeschema.NAME, pss.NAME, checkov.NAME, shellcheck.NAME)


def _skipped(name: str) -> ValidatorReport:
    return ValidatorReport.not_run(name, name, "left out with --skip")


StepReporter = Callable[[str], AbstractContextManager]


def validate_path(path: str | Path, only: list[Path] | None = None,
                  skip: frozenset[str] | set[str] = frozenset(),
                  step: StepReporter = lambda text: nullcontext()) -> ValidationReport:
    """Validate what is under `path`; `only` narrows it to some of its directories; `skip` names validators
    (see VALIDATORS) that are reported as skipped instead of run."""
    root = Path(path)
    if not root.exists():
        raise UsageError(f"{root} does not exist", hint="pass the directory `agent generate` wrote")
    unknown = sorted(set(skip) - set(VALIDATORS))
    if unknown:
        raise UsageError(f"unknown validator {', '.join(unknown)}", hint=f"--skip takes one of {', '.join(VALIDATORS)}")
    artifacts = discover(root, only)
    relative = artifacts.relative

    helm_outcome = None
    if helm.NAME not in skip:
        with step(f"{helm.NAME}: lint and template {len(artifacts.charts)} chart(s)"):
            helm_outcome = helm.validate_charts(artifacts.charts, relative)
    rendered = [(r.label, r.text) for r in helm_outcome.rendered] if helm_outcome else []
    runs = {
        hadolint.NAME: lambda: hadolint.validate_dockerfiles(artifacts.dockerfiles, relative),
        helm.NAME: lambda: helm_outcome.report,
        kubeschema.NAME: lambda: kubeschema.validate_manifests(artifacts.manifests, relative, rendered),
        pss.NAME: lambda: pss.validate_manifests(artifacts.manifests, relative, rendered),
        checkov.NAME: lambda: checkov.run_checkov(
            checkov.targets_from(artifacts.dockerfiles, artifacts.manifests, rendered, relative)),
        shellcheck.NAME: lambda: shellcheck.validate_scripts(artifacts.scripts, relative),
    }
    reports = []
    for name in VALIDATORS:
        if name in skip:
            reports.append(_skipped(name))
        elif name == helm.NAME:
            reports.append(runs[name]())  # ran above: the schema check needs what it rendered
        else:
            with step(name):
                reports.append(runs[name]())
    return ValidationReport(path=str(artifacts.root), validators=reports)
