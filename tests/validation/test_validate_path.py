from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.errors import UsageError
from agent.validation import binaries, validate_path
from agent.validation.discover import discover
from agent.validation.models import ValidatorStatus
from agent.validation.render import render_text

from .conftest import BAD, GOOD


def test_discover_finds_each_kind_of_artifact() -> None:
    artifacts = discover(GOOD)
    rel = artifacts.relative
    assert [rel(p) for p in artifacts.dockerfiles] == ["docker/backend.Dockerfile"]
    assert [rel(p) for p in artifacts.manifests] == ["k8s/backend.yaml"]
    assert [rel(p) for p in artifacts.scripts] == ["scripts/deploy.sh"]
    [chart] = artifacts.charts
    assert [p.name for p in chart.values_files] == ["values.yaml", "values-dev.yaml", "values-prod.yaml"]


def test_good_tree_passes_every_validator(checkov_venv: Path) -> None:
    report = validate_path(GOOD)
    statuses = {v.name: v.status for v in report.validators}
    assert statuses == {name: ValidatorStatus.PASSED
                        for name in ("hadolint", "helm", "kubernetes-schema", "pod-security", "checkov",
                                     "shellcheck")}, \
        render_text(report)
    assert report.ok
    checkov_report = report.validator("checkov")
    assert checkov_report.skipped >= 4 and all(s.reason for f in checkov_report.files for s in f.skipped)
    rendered = [f.path for f in report.validator("kubernetes-schema").files if "(rendered" in f.path]
    assert "helm-charts/demo/templates/backend-deployment.yaml (rendered, values-prod.yaml)" in rendered


def test_missing_tool_is_skipped_with_an_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "out"
    shutil.copytree(GOOD / "scripts", tree / "scripts")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setattr(binaries, "venv_bin", lambda name: None)
    report = validate_path(tree)
    shellcheck = report.validator("shellcheck")
    assert shellcheck.status is ValidatorStatus.SKIPPED
    assert shellcheck.hint == "apt-get install shellcheck"
    assert report.validator("hadolint").status is ValidatorStatus.SKIPPED
    text = render_text(report)
    assert "SKIP  shellcheck (shellcheck): skipped, shellcheck is not installed" in text
    assert "to run it: apt-get install shellcheck" in text
    assert report.ok  # a missing optional validator is never a failure


def test_a_validator_that_cannot_run_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "out"
    shutil.copytree(GOOD / "scripts", tree / "scripts")
    broken = tmp_path / "bin" / "shellcheck"
    broken.parent.mkdir()
    broken.write_text("not a program", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", str(broken.parent))
    monkeypatch.setattr(binaries, "venv_bin", lambda name: None)
    report = validate_path(tree, skip={"hadolint", "checkov", "helm", "kubernetes-schema"})
    assert report.validator("shellcheck").status is ValidatorStatus.ERROR
    assert not report.ok


def test_skip_leaves_a_validator_out_and_unknown_names_are_refused(tmp_path: Path) -> None:
    tree = tmp_path / "out"
    shutil.copytree(GOOD / "scripts", tree / "scripts")
    report = validate_path(tree, skip={"checkov"})
    assert report.validator("checkov").status is ValidatorStatus.SKIPPED
    assert report.validator("checkov").skipped_reason == "left out with --skip"
    with pytest.raises(UsageError, match="unknown validator chekov"):
        validate_path(tree, skip={"chekov"})


def test_manifests_are_found_outside_k8s_directories(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "web.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n", encoding="utf-8")
    (tmp_path / "docker-compose.yaml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    report = validate_path(tmp_path, skip={"checkov"})
    checked = [f.path for f in report.validator("kubernetes-schema").files]
    assert checked == ["deploy/web.yaml"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        validate_path(tmp_path / "missing")


def test_cli_json_output_and_exit_code_on_failure(tmp_path: Path, checkov_venv: Path) -> None:
    tree = tmp_path / "out"
    shutil.copytree(BAD / "scripts", tree / "scripts")
    shutil.copytree(BAD / "k8s", tree / "k8s")
    result = CliRunner().invoke(cli, ["validate", str(tree), "-o", "json"])
    assert result.exit_code != 0
    assert "validation failed" in str(result.exception)
    payload = json.loads(result.stdout)  # progress lines go to stderr
    by_name = {v["name"]: v for v in payload["validators"]}
    assert by_name["shellcheck"]["status"] == "failed"
    assert by_name["kubernetes-schema"]["failed"] == 2
    assert by_name["hadolint"]["status"] == "nothing-to-check"
    assert payload["ok"] is False


def test_cli_text_output_passes_on_the_good_tree(checkov_venv: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(GOOD)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("result: OK")
    assert "PASS  checkov" in result.output


def test_a_single_file_can_be_validated(checkov_venv: Path) -> None:
    report = validate_path(BAD / "k8s" / "bad-field.yaml")
    schema = report.validator("kubernetes-schema")
    assert [f.path for f in schema.files] == ["bad-field.yaml"]
    assert schema.status is ValidatorStatus.FAILED
    assert report.validator("hadolint").status is ValidatorStatus.NOTHING_TO_CHECK


def test_a_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(GOOD, tree)
    (tree / "k8s" / "back-to-root").symlink_to(tree, target_is_directory=True)
    artifacts = discover(tree)
    assert [artifacts.relative(p) for p in artifacts.dockerfiles] == ["docker/backend.Dockerfile"]
    assert [artifacts.relative(p) for p in artifacts.manifests] == ["k8s/backend.yaml"]
