"""The fallback chains end to end over stand-ins: which step is used, validation, and what the PHR says."""

from __future__ import annotations

import pytest

from agent.aitools.analysis import analyze
from agent.aitools.chain import ChainFailed
from agent.aitools.generate import generate_with_chains
from agent.gate import ApprovalGate, Decision
from agent.generation.pipeline import build_plan
from agent.phr.query import load_records
from agent.phr.recorder import PhrRecorder
from tests.aitools.conftest import PROJECTS, QUICK_VALIDATOR

SCENARIO = PROJECTS.parents[1] / "scenarios" / "crashloop-missing-env"


def _generate(settings, out, via=None):
    plan = build_plan(PROJECTS / "flask-api", out)
    recorder = PhrRecorder(settings, title="generate flask-api", stage="generate", surface="cli",
                           command="agent generate", prompt="agent generate flask-api")
    with recorder:
        result = generate_with_chains(plan, out, ApprovalGate(assume_yes=True), settings=settings,
                                      families=["docker", "k8s"], recorder=recorder, via=via,
                                      validator=QUICK_VALIDATOR, app_root=PROJECTS / "flask-api")
    [record] = load_records(settings.phr_dir)
    return result, record


def test_without_any_ai_tool_every_unit_falls_back_to_builtin_and_the_phr_says_why(no_ai_tools, offline_settings,
                                                                                   tmp_path):
    result, record = _generate(offline_settings(), tmp_path / "out")
    by_kind = {c.kind: c for c in result.chains}
    assert [(s.step, s.status) for s in by_kind["dockerfile"].steps] == [
        ("gordon", "unavailable"), ("llm", "unavailable"), ("builtin", "accepted")]
    assert [(s.step, s.status) for s in by_kind["manifests"].steps] == [
        ("kubectl-ai", "unavailable"), ("llm", "unavailable"), ("builtin", "accepted")]
    assert by_kind["dockerfile"].step("builtin").fallback and not by_kind["dockerfile"].step("gordon").fallback
    assert (tmp_path / "out" / "docker" / "flask-api.Dockerfile").is_file()
    sections = record.sections
    gordon_note = sections["AI chain dockerfile docker/flask-api.Dockerfile step 1 gordon"]
    assert "status: unavailable" in gordon_note and "not on PATH" in gordon_note and "Docker Desktop" in gordon_note
    llm_note = sections["AI chain dockerfile docker/flask-api.Dockerfile step 2 llm"]
    assert "no LLM provider is configured" in llm_note and "fallback: yes" in llm_note
    builtin_note = sections["AI chain dockerfile docker/flask-api.Dockerfile step 3 builtin"]
    assert "validation: passed" in builtin_note and "hadolint: passed" in builtin_note
    fallbacks = record.front_matter["fallbacks"]
    assert {"from": "gordon", "to": "llm"} == {k: fallbacks[0][k] for k in ("from", "to")}
    assert "not on PATH" in fallbacks[0]["reason"]


def test_with_stand_ins_the_ai_tools_are_used_and_validated(stand_ins, offline_settings, tmp_path):
    result, record = _generate(offline_settings(), tmp_path / "out")
    by_kind = {c.kind: c for c in result.chains}
    assert by_kind["dockerfile"].accepted == "gordon" and by_kind["manifests"].accepted == "kubectl-ai"
    dockerfile = (tmp_path / "out" / "docker" / "flask-api.Dockerfile").read_text()
    assert dockerfile.startswith("FROM python:3.12-slim AS deps")
    deployment = (tmp_path / "out" / "k8s" / "flask-api-deployment.yaml").read_text()
    assert "namespace: flask-api" in deployment  # the agent added the namespace kubectl-ai left out
    gordon_call = next(c for c in stand_ins.calls if c[:2] == ["docker", "ai"] and c[2] != "version")
    assert gordon_call[2:4] == ["-C", str(PROJECTS / "flask-api")]
    kubectl_call = next(c for c in stand_ins.calls if c[0] == "kubectl-ai" and c[1] != "version")
    assert kubectl_call[:2] == ["kubectl-ai", "--quiet"] and "--skip-permissions" not in kubectl_call
    note = record.sections["AI chain manifests k8s/flask-api step 1 kubectl-ai"]
    assert "command: kubectl-ai --quiet" in note and "tool version: version: 0.0.29" in note
    assert "set metadata.namespace=flask-api on Deployment/flask-api" in note
    assert "ignored the commands it reported running: kubectl get deployments -n flask-api" in note
    assert record.front_matter["tool_versions"]["gordon"] == "Docker AI (Gordon) version v1.9.4"


def test_an_artifact_that_fails_validation_moves_the_chain_on(stand_ins, offline_settings, tmp_path):
    stand_ins.mode("DOCKER_AI_STANDIN_MODE", "invalid")
    stand_ins.mode("KUBECTL_AI_STANDIN_MODE", "invalid")
    result, record = _generate(offline_settings(), tmp_path / "out")
    by_kind = {c.kind: c for c in result.chains}
    gordon_step = by_kind["dockerfile"].step("gordon")
    assert gordon_step.status == "failed" and "DL3007" in gordon_step.reason
    assert by_kind["dockerfile"].accepted == "builtin"
    assert by_kind["manifests"].step("kubectl-ai").status == "failed"
    assert "validation: FAILED" in record.sections["AI chain dockerfile docker/flask-api.Dockerfile step 1 gordon"]


def test_via_forces_one_step_and_fails_loudly(stand_ins, offline_settings, tmp_path):
    result, _ = _generate(offline_settings(), tmp_path / "out", via="builtin")
    assert all([s.step for s in c.steps] == ["builtin"] for c in result.chains)
    stand_ins.mode("DOCKER_AI_STANDIN_MODE", "not_signed_in")
    with pytest.raises(ChainFailed) as raised:
        _generate(offline_settings(), tmp_path / "out2", via="gordon")
    assert "not signed in" in raised.value.message


def _state():
    from agent.diagnosis.sources.snapshot import SnapshotSource

    return SnapshotSource(SCENARIO).load(None, True)


def test_analysis_uses_kagent_when_approved(stand_ins, offline_settings):
    result = analyze("why is the backend pod crashing?", namespace="todo", settings=offline_settings(),
                     load_state=_state, gate=ApprovalGate(assume_yes=True))
    assert result.accepted == "kagent" and "DATABASE_URL" in result.text
    task = next(c for c in stand_ins.calls if c[:2] == ["kagent", "invoke"])
    assert "in namespace todo" in task[task.index("--task") + 1] and "do not apply" in task[task.index("--task") + 1]


def test_analysis_falls_back_to_the_analyzers_when_kagent_is_refused_or_missing(stand_ins, offline_settings):
    refused = analyze("why is the backend pod crashing?", namespace="todo", settings=offline_settings(),
                      load_state=_state, gate=ApprovalGate(asker=lambda request: Decision.NO))
    assert [(s.step, s.status) for s in refused.steps] == [("kagent", "skipped"), ("builtin", "accepted")]
    assert "DATABASE_URL" in refused.text and refused.data["findings"]
    assert not any(c[:2] == ["kagent", "invoke"] for c in stand_ins.calls)
    stand_ins.mode("KAGENT_STANDIN_MODE", "controller_missing")
    down = analyze("why is the backend pod crashing?", namespace="todo", settings=offline_settings(),
                   load_state=_state, gate=ApprovalGate(assume_yes=True))
    assert down.steps[0].status == "unavailable" and "kagent install" in down.steps[0].reason
    assert down.accepted == "builtin"
