"""kubectl-ai, kagent and Gordon wrappers against stand-ins of their CLIs: argv, output parsing, failure modes."""

from __future__ import annotations

import pytest

from agent.aitools.errors import AiToolFailed, AiToolNotReady, AiToolTimeout, NoArtifactFound
from tools import gordon, kagent, kubectl_ai
from agent.tooling.base import Modifies, ToolContext


def test_detect_reports_versions(stand_ins):
    assert kubectl_ai.detect().version == "version: 0.0.29"
    assert '"kagent_version": "0.6.3"' in kagent.detect().version
    assert gordon.detect().version == "Docker AI (Gordon) version v1.9.4"
    assert ["kubectl-ai", "version"] in stand_ins.calls and ["docker", "ai", "version"] in stand_ins.calls


def test_detect_when_missing_says_how_to_install(no_ai_tools):
    for module in (kubectl_ai, kagent, gordon):
        found = module.detect()
        assert not found.installed and "not on PATH" in found.problem and found.fix


def test_gordon_feature_disabled_is_not_installed(stand_ins):
    stand_ins.mode("DOCKER_AI_STANDIN_MODE", "not_enabled")
    found = gordon.detect()
    assert not found.installed and "'ai' is not a docker command" in found.problem
    assert "Docker Desktop 4.61+" in found.fix


def test_kubectl_ai_argv_is_quiet_and_never_skips_permissions_for_generation(stand_ins):
    reply = kubectl_ai.generate_manifests(
        "Generate a Kubernetes Deployment named api and a Service named api-service in namespace shop "
        "for port 8080", timeout=5, llm_provider="openai", model="gpt-4o-mini")
    command, output, documents = reply.argv, reply.output, reply.documents
    assert command[:6] == ["kubectl-ai", "--quiet", "--llm-provider", "openai", "--model", "gpt-4o-mini"]
    assert "--skip-permissions" not in command
    assert stand_ins.calls[-1] == command
    assert [d.split("kind: ")[1].split("\n")[0] for d in documents] == ["Deployment", "Service"]
    assert kubectl_ai.commands_run(output) == ["kubectl get deployments -n shop"]


def test_kubectl_ai_tool_passes_skip_permissions_only_when_changes_are_allowed(stand_ins):
    tool = kubectl_ai.KubectlAiTool()
    read = tool.parse_args({"request": "Deployment named web in namespace a port 80"})
    write = tool.parse_args({"request": "Deployment named web in namespace a port 80", "allow_changes": True})
    assert tool.modifies(read) is Modifies.NO and tool.modifies(write) is Modifies.UNKNOWN
    assert "--skip-permissions" in tool.describe_call(write) and "--skip-permissions" not in tool.describe_call(read)
    result = tool.run(write, ToolContext())
    assert stand_ins.calls[-1][-2:] == ["--skip-permissions", "Deployment named web in namespace a port 80"]
    assert [a.name for a in result.artifacts] == ["manifest-1.yaml", "manifest-2.yaml"]


@pytest.mark.parametrize(("mode", "error", "text"), [
    ("no_key", AiToolNotReady, "GEMINI_API_KEY"),
    ("prose", NoArtifactFound, "no Kubernetes manifest"),
])
def test_kubectl_ai_failures_map_to_clear_errors(stand_ins, mode, error, text):
    stand_ins.mode("KUBECTL_AI_STANDIN_MODE", mode)
    with pytest.raises(error) as raised:
        kubectl_ai.generate_manifests("Deployment named a in namespace b port 1", timeout=5)
    assert text in str(raised.value) and raised.value.hint


@pytest.mark.parametrize(("variable", "call"), [
    ("KUBECTL_AI_STANDIN_MODE", lambda: kubectl_ai.run("anything", timeout=0.5)),
    ("KAGENT_STANDIN_MODE", lambda: kagent.invoke("anything", timeout=0.5)),
    ("DOCKER_AI_STANDIN_MODE", lambda: gordon.run("anything", timeout=0.5)),
])
def test_every_tool_is_stopped_at_the_timeout(stand_ins, variable, call):
    import time

    stand_ins.mode(variable, "timeout")
    started = time.monotonic()
    with pytest.raises(AiToolTimeout) as raised:
        call()
    assert time.monotonic() - started < 10  # the stand-in sleeps 60 s: it was killed, not awaited
    assert "did not finish within" in raised.value.message and "AGENT_TOOL_TIMEOUT" in raised.value.hint


def test_kagent_invoke_parses_the_a2a_task(stand_ins):
    result = kagent.invoke("why is backend crashing?", timeout=5, namespace="kagent")
    command = result.argv
    assert command == ["kagent", "invoke", "--agent", "k8s-agent", "--task", "why is backend crashing?", "-n", "kagent"]
    assert stand_ins.calls[-1] == command
    assert result.state == "completed" and "DATABASE_URL" in result.text
    assert [a.name for a in result.artifacts] == ["analysis"]


def test_kagent_stream_events_are_merged(stand_ins):
    result = kagent.invoke("analyze", timeout=5, stream=True)
    assert result.argv[-1] == "--stream"
    assert result.events == 3 and result.state == "completed" and "backend-secrets" in result.text


@pytest.mark.parametrize(("mode", "error", "text"), [
    ("controller_missing", AiToolNotReady, "controller is not reachable"),
    ("agent_missing", AiToolNotReady, "does not exist"),
    ("failed", AiToolFailed, "ended failed"),
    ("empty", NoArtifactFound, "no text and no artifact"),
])
def test_kagent_failures_map_to_clear_errors(stand_ins, mode, error, text):
    stand_ins.mode("KAGENT_STANDIN_MODE", mode)
    with pytest.raises(error) as raised:
        kagent.invoke("analyze", timeout=5)
    assert text in raised.value.message and raised.value.hint


def test_kagent_tool_needs_approval():
    tool = kagent.KagentTool()
    assert tool.modifies(tool.parse_args({"task": "scale it"})) is Modifies.UNKNOWN


def test_gordon_uses_the_project_directory_and_extracts_the_dockerfile(stand_ins, tmp_path):
    reply = gordon.generate_dockerfile("Create a Dockerfile", timeout=5, directory=tmp_path)
    command, content = reply.argv, reply.dockerfile
    assert command[:4] == ["docker", "ai", "-C", str(tmp_path)]
    assert stand_ins.calls[-1] == command
    assert content.startswith("FROM python:3.12-slim AS deps\n") and "USER 10001" in content
    assert "Here is" not in content and "non-root user" not in content


@pytest.mark.parametrize(("mode", "error", "text"), [
    ("not_signed_in", AiToolNotReady, "not signed in"),
    ("not_enabled", AiToolNotReady, "no `ai` command"),
    ("prose", NoArtifactFound, "no Dockerfile"),
])
def test_gordon_failures_map_to_clear_errors(stand_ins, mode, error, text):
    stand_ins.mode("DOCKER_AI_STANDIN_MODE", mode)
    with pytest.raises(error) as raised:
        gordon.generate_dockerfile("Create a Dockerfile", timeout=5)
    assert text in raised.value.message and raised.value.hint


def test_kagent_json_rpc_error_answer_is_read_as_an_error():
    parsed = kagent.parse_a2a('{"jsonrpc": "2.0", "id": 1, "error": {"code": -32001, "message": "Task not found"}}')
    assert parsed.error == "Task not found" and parsed.text == ""
    odd = kagent.parse_a2a('{"kind": "task", "status": "working"}')
    assert odd.state == "" and odd.events == 1
