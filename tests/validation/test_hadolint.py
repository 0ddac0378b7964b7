from __future__ import annotations

from agent.validation import hadolint
from agent.validation.models import ValidatorStatus

from .conftest import BAD, GOOD


def test_good_dockerfile_has_zero_findings() -> None:
    report = hadolint.validate_dockerfiles([GOOD / "docker" / "backend.Dockerfile"])
    assert report.status is ValidatorStatus.PASSED, report.model_dump_json(indent=1)
    assert report.passed == 1 and report.failed == 0
    assert report.tool.startswith("hadolint 2.")


def test_latest_tag_and_root_user_are_caught_with_lines_and_fixes() -> None:
    report = hadolint.validate_dockerfiles([BAD / "hadolint" / "Dockerfile"])
    assert report.status is ValidatorStatus.FAILED
    findings = {f.rule: f for f in report.files[0].findings}
    assert findings["DL3007"].line == 1  # FROM python:latest
    assert findings["DL3002"].line == 5  # USER root
    assert "USER 10001" in (findings["DL3002"].fix_hint or "")
    assert "wiki/DL3007" in (findings["DL3007"].fix_hint or "")


def test_each_file_gets_its_own_report() -> None:
    report = hadolint.validate_dockerfiles([GOOD / "docker" / "backend.Dockerfile", BAD / "hadolint" / "Dockerfile"],
                                           relative=lambda p: p.parent.name + "/" + p.name)
    by_path = {f.path: f for f in report.files}
    assert not by_path["docker/backend.Dockerfile"].failed
    assert by_path["hadolint/Dockerfile"].failed
