"""kubernetes-validate, strict mode: every manifest against the pinned Kubernetes JSON schema."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from agent.validation.manifests import Document, split_documents
from agent.validation.models import FileReport, Finding, SkippedCheck, ValidatorReport

NAME = "kubernetes-schema"
KUBERNETES_VERSION = "1.32.0"
INSTALL_HINT = "pip install 'kube-aiops-agent[validate]' (kubernetes-validate, an optional extra)"


def _field_path(error: Exception) -> str:
    parts = getattr(error, "absolute_path", None) or []
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document root)"


def _safe_message(error: Exception, body: dict) -> str:
    """jsonschema quotes the offending value; a Secret's values must not reach a report, a PHR or a model."""
    message = str(getattr(error, "message", error))
    if body.get("kind") == "Secret":
        return f"invalid value ({getattr(error, 'validator', 'schema')} check failed)"
    from agent.redact import redact

    return redact(message)


def check_document(document: Document, version: str = KUBERNETES_VERSION) -> Finding | SkippedCheck | None:
    """None when the document is valid; a Finding when not; a SkippedCheck when no schema exists (CRDs)."""
    import kubernetes_validate  # heavy: loads jsonschema and the schema registry

    if document.error:
        return Finding(rule="yaml", message=document.error, line=document.line,
                       fix_hint="fix the YAML syntax; `python -c 'import yaml,sys; yaml.safe_load_all(open(sys.argv[1]))' FILE`")
    body = document.body or {}
    missing = [key for key in ("apiVersion", "kind") if not body.get(key)]
    if missing:
        return Finding(rule="schema", message=f"{document.label}: missing {', '.join(missing)}", line=document.line,
                       fix_hint="every Kubernetes object needs apiVersion and kind")
    try:
        kubernetes_validate.validate(body, version, strict=True)
    except kubernetes_validate.SchemaNotFoundError as exc:
        return SkippedCheck(rule="schema", resource=document.label,
                            reason=f"no schema for {exc.kind} {exc.api_version} in Kubernetes {exc.version} "
                                   "(custom resource or removed API)")
    except kubernetes_validate.ValidationError as exc:
        where = _field_path(exc)
        hint = ("remove the field or fix its spelling (strict mode rejects unknown fields)"
                if "Additional properties" in exc.message else
                f"see `kubectl explain {body.get('kind', '').lower()}` for the expected type")
        return Finding(rule="schema", message=f"{document.label}: {where}: {_safe_message(exc, body)}",
                       line=document.line, fix_hint=hint)
    return None


def check_text(path_label: str, text: str, version: str = KUBERNETES_VERSION) -> FileReport:
    report = FileReport(path=path_label)
    for document in split_documents(text):
        outcome = check_document(document, version)
        if outcome is None:
            report.passed_checks += 1
        elif isinstance(outcome, SkippedCheck):
            report.skipped.append(outcome)
        else:
            report.findings.append(outcome)
    return report


def tool_name() -> str:
    from importlib.metadata import version
    return f"kubernetes-validate {version('kubernetes-validate')} (Kubernetes {KUBERNETES_VERSION}, strict)"


def validate_manifests(files: list[Path], relative: Callable[[Path], str] = str,
                       rendered: list[tuple[str, str]] | None = None) -> ValidatorReport:
    """`files` from k8s/, plus `rendered` (label, text) pairs from helm template."""
    try:
        tool = tool_name()
    except Exception:  # PackageNotFoundError
        return ValidatorReport.not_run(NAME, "kubernetes-validate", "kubernetes-validate is not installed",
                                       INSTALL_HINT)
    reports = [check_text(relative(path), path.read_text(encoding="utf-8")) for path in files]
    reports += [check_text(label, text) for label, text in rendered or []]
    return ValidatorReport(name=NAME, tool=tool, files=reports)
