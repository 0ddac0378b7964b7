"""Validate generated artifacts: hadolint, helm lint/template, kubernetes-validate, checkov, shellcheck.

`validate_path(path)` finds Dockerfiles, `k8s/` manifests, Helm charts and shell
scripts under `path`, runs every validator and returns one `ValidationReport`.
"""

from agent.validation.models import ValidationReport
from agent.validation.runner import validate_path

__all__ = ["ValidationReport", "validate_path"]
