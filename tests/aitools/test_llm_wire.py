"""The LLM step over the OpenAI wire format (vcrpy cassette): its Dockerfile fails hadolint, the chain moves on."""

from __future__ import annotations

from agent.aitools.chain import run_unit
from agent.aitools.steps import StepEnv
from agent.aitools.units import units_for
from agent.generation.artifacts import render_artifacts
from agent.generation.layout import Layout
from agent.generation.pipeline import build_plan
from tests.aitools.conftest import PROJECTS, QUICK_VALIDATOR
from agent.phr.query import load_records
from agent.phr.recorder import PhrRecorder


def test_llm_dockerfile_that_fails_hadolint_falls_back_to_builtin(cassette, llm_settings, no_ai_tools, tmp_path):
    settings = llm_settings(providers=["openai"], phr_enabled=True, phr_dir=tmp_path / "phr")
    plan = build_plan(PROJECTS / "flask-api", tmp_path)
    files = render_artifacts(plan, Layout(), ["docker"])
    [unit] = units_for(plan, Layout(), files, ["docker"])
    recorder = PhrRecorder(settings, title="generate flask-api", stage="generate", surface="cli",
                           command="agent generate", prompt="agent generate flask-api")
    with cassette("aitools/dockerfile_llm_fails_hadolint.yaml") as replay, recorder:
        result = run_unit(unit, StepEnv(settings=settings, timeout=5), validator=QUICK_VALIDATOR, recorder=recorder)
    assert [(s.step, s.status) for s in result.steps] == [("gordon", "unavailable"), ("llm", "failed"),
                                                         ("builtin", "accepted")]
    llm = result.step("llm")
    assert "DL3007" in llm.reason and llm.validation is not None and not llm.validation.passed
    assert llm.template.startswith("prompts/dockerfile.md.j2 version 1.0.0 sha256 ")
    assert llm.tool_version == "openai gpt-4o-mini-2024-07-18"
    assert result.files == unit.builtin
    [message] = replay.body(0)["messages"]
    assert message["role"] == "user"
    assert "Start from this Dockerfile" in message["content"]
    assert unit.builtin["docker/flask-api.Dockerfile"].splitlines()[2] in message["content"]
    [record] = load_records(settings.phr_dir)
    note = record.sections["AI chain dockerfile docker/flask-api.Dockerfile step 2 llm"]
    assert "prompt template: prompts/dockerfile.md.j2 version 1.0.0" in note and "validation: FAILED" in note
    assert record.front_matter["tool_versions"]["llm"] == "openai gpt-4o-mini-2024-07-18"


def test_llm_manifests_and_chart_values_are_validated_and_accepted(cassette, llm_settings, no_ai_tools, tmp_path):
    settings = llm_settings(providers=["openai"])
    plan = build_plan(PROJECTS / "flask-api", tmp_path)
    files = render_artifacts(plan, Layout(), ["k8s", "helm"])
    manifests, chart = units_for(plan, Layout(), files, ["k8s", "helm"])
    env = StepEnv(settings=settings, timeout=5)
    with cassette("aitools/manifests_and_chart_llm.yaml") as replay:
        first = run_unit(manifests, env, validator=QUICK_VALIDATOR)
        second = run_unit(chart, env, validator=QUICK_VALIDATOR)
    assert [(s.step, s.status) for s in first.steps] == [("kubectl-ai", "unavailable"), ("llm", "accepted")]
    llm = first.step("llm")
    assert "set metadata.namespace=flask-api on Service/flask-api-service (the model left it out)" in llm.changes
    assert "kubernetes-schema: passed" in llm.validation.summary
    assert "namespace: flask-api" in first.files["k8s/flask-api-service.yaml"]
    assert "k8s/flask-api-deployment.yaml" in replay.body(0)["messages"][0]["content"]  # the starting point
    assert [(s.step, s.status) for s in second.steps] == [("kubectl-ai", "skipped"), ("llm", "accepted")]
    assert "helm: passed" in second.step("llm").validation.summary
    assert "Chart `flask-api` deploys: flask-api." in replay.body(1)["messages"][0]["content"]
