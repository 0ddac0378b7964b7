"""User-edit protection: the manifest of what the agent wrote, the gate, read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.errors import ApprovalRequired
from agent.gate import ApprovalGate, Decision
from agent.generation.writer import MANIFEST, ChangeKind, load_manifest, sha256

from .conftest import FIXTURES, run_generate

EDITED = "docker/backend.Dockerfile"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    run_generate(FIXTURES / "monorepo", out, families=["docker", "k8s"])
    return out


def test_manifest_records_the_sha_of_each_written_file(out: Path) -> None:
    manifest = load_manifest(out)
    assert manifest[EDITED] == sha256((out / EDITED).read_text())
    assert (out / MANIFEST).read_text().endswith("\n")


def test_user_edit_without_anyone_to_ask_stops_and_keeps_the_file(out: Path) -> None:
    (out / EDITED).write_text("FROM scratch\n")
    with pytest.raises(ApprovalRequired) as err:
        run_generate(FIXTURES / "monorepo", out, ApprovalGate(), families=["docker", "k8s"])
    assert "--yes" in (err.value.hint or "")
    assert (out / EDITED).read_text() == "FROM scratch\n"


def test_user_edit_is_shown_as_a_diff_and_kept_when_refused(out: Path) -> None:
    (out / EDITED).write_text("FROM scratch\n")
    asked = []

    def asker(request):  # type: ignore[no-untyped-def]
        asked.append(request.action)
        return Decision.NO

    result = run_generate(FIXTURES / "monorepo", out, ApprovalGate(asker=asker), families=["docker", "k8s"])
    assert [c.path for c in result.write.kept] == [EDITED]
    assert "-FROM scratch" in asked[0] and "+ARG PYTHON_IMAGE=python:3.13-slim" in asked[0]
    assert (out / EDITED).read_text() == "FROM scratch\n"
    again = run_generate(FIXTURES / "monorepo", out, ApprovalGate(asker=asker), families=["docker", "k8s"])
    assert [c.kind for c in again.write.kept] == [ChangeKind.USER_EDITED]  # still protected next time


def test_yes_overwrites_a_user_edit(out: Path) -> None:
    (out / EDITED).write_text("FROM scratch\n")
    result = run_generate(FIXTURES / "monorepo", out, ApprovalGate(assume_yes=True), families=["docker", "k8s"])
    assert [(c.path, c.kind) for c in result.write.written] == [(EDITED, ChangeKind.USER_EDITED)]
    assert (out / EDITED).read_text().startswith("# syntax=docker/dockerfile:1")


def test_read_only_gate_refuses_to_overwrite(out: Path) -> None:
    (out / EDITED).write_text("FROM scratch\n")
    result = run_generate(FIXTURES / "monorepo", out, ApprovalGate(read_only=True), families=["docker", "k8s"])
    assert [c.path for c in result.write.kept] == [EDITED]


def test_a_file_the_agent_did_not_write_counts_as_the_users(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "docker").mkdir(parents=True)
    (out / EDITED).write_text("FROM mine\n")
    result = run_generate(FIXTURES / "monorepo", out, ApprovalGate(read_only=True), families=["docker"])
    assert [c.path for c in result.write.kept] == [EDITED]
    assert (out / EDITED).read_text() == "FROM mine\n"


def test_the_agents_own_file_is_updated_without_asking_when_the_input_changes(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "svc").mkdir(parents=True)
    (app / "svc" / "requirements.txt").write_text("flask==3.1.0\n")
    (app / "svc" / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n@app.route('/health')\ndef h():\n    return 'ok'\n")
    out = tmp_path / "out"
    run_generate(app, out, ApprovalGate(), families=["docker"])
    (app / "svc" / "requirements.txt").write_text("flask==3.1.0\ngunicorn==23.0.0\n")
    result = run_generate(app, out, ApprovalGate(), families=["docker"])  # nobody to ask, and no need
    assert [(c.path, c.kind) for c in result.write.written] == [("docker/svc.Dockerfile", ChangeKind.UPDATED)]


def test_the_diff_of_an_edit_without_a_final_newline_keeps_one_change_per_line(out: Path) -> None:
    (out / EDITED).write_text("FROM scratch")
    result = run_generate(FIXTURES / "monorepo", out, ApprovalGate(read_only=True), families=["docker", "k8s"])
    [kept] = result.write.kept
    lines = kept.diff.splitlines()
    assert "-FROM scratch" in lines and "\\ No newline at end of file" in lines


def test_a_manifest_that_is_not_an_object_counts_as_no_manifest(out: Path) -> None:
    (out / MANIFEST).write_text('["docker/backend.Dockerfile"]\n')
    assert load_manifest(out) == {}
    (out / MANIFEST).write_text('{"files": ["docker/backend.Dockerfile"]}\n')
    assert load_manifest(out) == {}


def test_a_directory_where_a_file_goes_is_an_error_with_a_hint_and_leaves_no_temp_file(tmp_path: Path) -> None:
    from agent.errors import AgentError

    out = tmp_path / "out"
    (out / EDITED).mkdir(parents=True)
    with pytest.raises(AgentError) as err:
        run_generate(FIXTURES / "monorepo", out, ApprovalGate(assume_yes=True), families=["docker"])
    assert f"cannot write {out / EDITED}" in err.value.message and "--out" in (err.value.hint or "")
    assert not [p for p in (out / "docker").iterdir() if p.name.startswith(".backend.Dockerfile.")]
