from __future__ import annotations

from agent.validation import kubeschema
from agent.validation.models import ValidatorStatus

from .conftest import BAD, GOOD


def test_good_manifests_validate_in_strict_mode() -> None:
    report = kubeschema.validate_manifests(sorted((GOOD / "k8s").glob("*.yaml")))
    assert report.status is ValidatorStatus.PASSED, report.model_dump_json(indent=1)
    assert report.passed == 3  # Deployment, Service, NetworkPolicy
    assert "1.32" in report.tool and "strict" in report.tool


def test_unknown_field_is_rejected_in_strict_mode_with_its_document_line() -> None:
    report = kubeschema.validate_manifests([BAD / "k8s" / "bad-field.yaml"])
    assert report.status is ValidatorStatus.FAILED
    file_report = report.files[0]
    assert file_report.passed_checks == 1  # the Service is fine
    [finding] = file_report.findings
    assert finding.line == 11  # the Deployment starts after the separator
    assert "imagePullPolicyy" in finding.message
    assert "spec.template.spec.containers[0]" in finding.message
    assert "unknown fields" in (finding.fix_hint or "")


def test_wrong_type_is_rejected() -> None:
    report = kubeschema.validate_manifests([BAD / "k8s" / "wrong-type.yaml"])
    [finding] = report.files[0].findings
    assert "data.WORKERS" in finding.message


def test_custom_resources_are_skipped_with_a_reason() -> None:
    text = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"
    file_report = kubeschema.check_text("widget.yaml", text)
    assert not file_report.findings
    [skip] = file_report.skipped
    assert "no schema for Widget" in skip.reason


def test_missing_kind_and_broken_yaml_are_findings() -> None:
    file_report = kubeschema.check_text("x.yaml", "metadata:\n  name: x\n---\nkey: [unclosed\n")
    rules = [f.rule for f in file_report.findings]
    assert rules == ["schema", "yaml"]
    assert file_report.findings[1].line == 4


def test_secret_values_never_appear_in_findings() -> None:
    text = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n"
            "  OPENAI_API_KEY: sk-live-do-not-print\n  PORT: 8000\n")
    [finding] = kubeschema.check_text("secret.yaml", text).findings
    assert "stringData.PORT" in finding.message
    assert "sk-live" not in finding.model_dump_json() and "8000" not in finding.message
