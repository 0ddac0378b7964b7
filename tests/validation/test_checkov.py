from __future__ import annotations

from pathlib import Path

import pytest

from agent.validation import binaries, checkov
from agent.validation.models import ValidatorStatus

from .conftest import BAD


@pytest.fixture(scope="module")
def bad_report(checkov_venv: Path):
    targets = checkov.targets_from([BAD / "hadolint" / "Dockerfile"],
                                   [BAD / "checkov" / "privileged-pod.yaml", BAD / "checkov" / "skips.yaml"], [],
                                   relative=lambda p: p.name)
    return checkov.run_checkov(targets)


def test_privileged_pod_fails(bad_report) -> None:
    assert bad_report.status is ValidatorStatus.FAILED
    pod = next(f for f in bad_report.files if f.path == "privileged-pod.yaml")
    privileged = next(f for f in pod.findings if f.rule == "CKV_K8S_16")
    assert "Pod.demo.privileged" in privileged.message and "privileged" in privileged.message.lower()
    assert privileged.line == 1
    assert "checkov.io/skip1: CKV_K8S_16=<why>" in (privileged.fix_hint or "")
    assert pod.passed_checks > 0


def test_skip_with_a_reason_is_honoured(bad_report) -> None:
    skips = next(f for f in bad_report.files if f.path == "skips.yaml")
    assert [(s.rule, s.reason) for s in skips.skipped] == [
        ("CKV_K8S_16", "node debugging needs a privileged container")]
    assert "CKV_K8S_16" not in [f.rule for f in skips.findings]


def test_skip_without_a_reason_is_a_failure(bad_report) -> None:
    skips = next(f for f in bad_report.files if f.path == "skips.yaml")
    unexplained = next(f for f in skips.findings if f.rule == "CKV_K8S_43")
    assert "without a written reason" in unexplained.message


def test_dockerfile_findings_name_the_instruction_not_the_staging_path(bad_report) -> None:
    dockerfile = next(f for f in bad_report.files if f.path == "Dockerfile")
    latest = next(f for f in dockerfile.findings if f.rule == "CKV_DOCKER_7")
    assert latest.message.startswith("FROM:")
    assert "#checkov:skip=CKV_DOCKER_7:<why>" in (latest.fix_hint or "")


def test_counts_add_up(bad_report) -> None:
    assert bad_report.passed == sum(f.passed_checks for f in bad_report.files)
    assert bad_report.failed == sum(len(f.findings) for f in bad_report.files)
    assert bad_report.skipped == 1


def test_missing_checkov_is_skipped_with_the_setup_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKOV_VENV", str(tmp_path / "nowhere"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setattr(binaries, "PROJECT_ROOT", tmp_path)
    monkeypatch.chdir(tmp_path)
    report = checkov.run_checkov(checkov.targets_from([], [BAD / "checkov" / "privileged-pod.yaml"], []))
    assert report.status is ValidatorStatus.SKIPPED
    assert "not installed" in (report.skipped_reason or "")
    assert "setup-checkov.sh" in (report.hint or "")


def test_checkov_on_path_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "bin" / "checkov"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\necho 3.0.0\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("CHECKOV_VENV", str(tmp_path / "nowhere"))
    monkeypatch.setenv("PATH", str(program.parent))
    monkeypatch.setattr(binaries, "PROJECT_ROOT", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert binaries.find_checkov() == str(program)
