"""`agent phr report`: the README's AI-Generated Infrastructure section from real chain PHRs."""

from __future__ import annotations

from click.testing import CliRunner

from agent.cli.phr_cmd import command as phr
from tests.aitools.test_chain import _generate


def test_report_lists_tools_versions_commands_results_and_links(stand_ins, offline_settings, tmp_path):
    settings = offline_settings()
    stand_ins.mode("DOCKER_AI_STANDIN_MODE", "invalid")
    _generate(settings, tmp_path / "out")
    out = tmp_path / "AI.md"
    result = CliRunner().invoke(phr, ["report", "--phr-dir", str(settings.phr_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("## AI-Generated Infrastructure\n")
    assert "| gordon | Docker AI (Gordon) version v1.9.4 |" in text
    assert "| kubectl-ai | version: 0.0.29 |" in text
    assert ("| dockerfile `docker/flask-api.Dockerfile` | builtin | gordon (failed), llm (unavailable), "
            "builtin (accepted) | [0001](phr/generate/0001-generate-flask-api.generate.prompt.md) |") in text
    assert "| manifests `k8s/flask-api` | kubectl-ai | kubectl-ai (accepted) |" in text
    assert "- kubectl-ai for `k8s/flask-api` (accepted): `kubectl-ai --quiet" in text


def test_report_without_records_says_so(tmp_path):
    result = CliRunner().invoke(phr, ["report", "--phr-dir", str(tmp_path / "none")])
    assert result.exit_code == 0 and "No AI-assisted generation" in result.output


def test_summaries_are_written_by_the_llm_from_the_summary_template(cassette, llm_settings, no_ai_tools, tmp_path):
    from agent.phr.report import collect, render_markdown, summarise
    from agent.providers.openai_provider import OpenAIProvider

    generation = llm_settings(providers=["builtin"], phr_enabled=True, phr_dir=tmp_path / "phr")
    _generate(generation, tmp_path / "out")
    report = collect(generation.phr_dir)
    with cassette("aitools/report_summaries.yaml") as replay:
        summaries = summarise(report, OpenAIProvider(llm_settings()))
    first = replay.body(0)["messages"][0]["content"]
    assert "how the dockerfile for `docker/flask-api.Dockerfile` was produced" in first
    assert "- gordon: unavailable (" in first and "- builtin: accepted" in first
    text = render_markdown(report, summaries)
    assert ("- dockerfile `docker/flask-api.Dockerfile` ([0001]): The Dockerfile came from the builtin generator. "
            "Gordon and the LLM were not available, so the chain fell back to it.") in text


def test_summarise_without_an_llm_is_a_usage_error(offline_settings, tmp_path):
    offline_settings()
    result = CliRunner().invoke(phr, ["report", "--phr-dir", str(tmp_path), "--summarise"])
    from agent.errors import UsageError

    assert isinstance(result.exception, UsageError) and result.exception.exit_code == 2
    assert "needs an LLM provider" in result.exception.message
