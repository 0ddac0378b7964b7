"""validate_path: run every validator on the artifacts found under a directory."""

from __future__ import annotations

from pathlib import Path

from agent.errors import UsageError
from agent.validation import checkov, hadolint, helm, kubeschema, pss, shellcheck
from agent.validation.discover import discover
from agent.validation.models import ValidationReport


def validate_path(path: str | Path, only: list[Path] | None = None) -> ValidationReport:
    """Validate what is under `path`; `only` narrows it to some of its directories."""
    root = Path(path)
    if not root.exists():
        raise UsageError(f"{root} does not exist", hint="pass the directory `agent generate` wrote")
    artifacts = discover(root, only)
    relative = artifacts.relative

    helm_outcome = helm.validate_charts(artifacts.charts, relative)
    rendered = [(r.label, r.text) for r in helm_outcome.rendered]
    reports = [
        hadolint.validate_dockerfiles(artifacts.dockerfiles, relative),
        helm_outcome.report,
        kubeschema.validate_manifests(artifacts.manifests, relative, rendered),
        pss.validate_manifests(artifacts.manifests, relative, rendered),
        checkov.run_checkov(checkov.targets_from(artifacts.dockerfiles, artifacts.manifests, rendered, relative)),
        shellcheck.validate_scripts(artifacts.scripts, relative),
    ]
    return ValidationReport(path=str(artifacts.root), validators=reports)
