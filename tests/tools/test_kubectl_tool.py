from __future__ import annotations

import time
from pathlib import Path

import pytest

from agent.config import Settings
from agent.tooling.base import Modifies, ToolContext, ToolStatus
from tools.kubectl import KubectlArgs, KubectlTool, with_connection_flags


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(context="kind-dev", namespace="shop", kubeconfig=tmp_path / "kubeconfig", tool_timeout=20)


@pytest.fixture
def ctx(settings: Settings, tmp_path: Path) -> ToolContext:
    return ToolContext(settings=settings, workdir=tmp_path)


def run(command: str, ctx: ToolContext):
    tool = KubectlTool()
    return tool.run(tool.parse_args({"command": command}), ctx)


def test_runs_kubectl_with_the_session_context_namespace_and_kubeconfig(
        fake_kubectl: Path, ctx: ToolContext, settings: Settings) -> None:
    result = run("get pods -o wide", ctx)
    assert result.status is ToolStatus.OK
    assert result.output.splitlines() == [
        "get", "pods", "-o", "wide", "--kubeconfig", str(settings.kubeconfig), "--context", "kind-dev", "-n", "shop"]
    assert result.data and result.data["exit_code"] == 0


@pytest.mark.parametrize(("command", "expected"), [
    ("kubectl -n prod get pods", ["-n", "prod", "get", "pods"]),
    ("kubectl get pods --namespace=prod", ["get", "pods", "--namespace=prod"]),
    ("get pods -nprod", ["get", "pods", "-nprod"]),
    ("get pods -A", ["get", "pods", "-A"]),
    ("get pods --all-namespaces", ["get", "pods", "--all-namespaces"]),
])
def test_the_command_namespace_wins(fake_kubectl: Path, ctx: ToolContext, settings: Settings,
                                    command: str, expected: list[str]) -> None:
    result = run(command, ctx)
    assert result.output.splitlines() == [*expected, "--kubeconfig", str(settings.kubeconfig),
                                          "--context", "kind-dev"]


def test_explicit_context_and_kubeconfig_are_not_duplicated(fake_kubectl: Path, ctx: ToolContext) -> None:
    result = run("kubectl --context=prod --kubeconfig /etc/kc get nodes", ctx)
    assert result.output.splitlines() == ["--context=prod", "--kubeconfig", "/etc/kc", "get", "nodes", "-n", "shop"]


def test_injected_flags_go_before_the_double_dash(fake_kubectl: Path, ctx: ToolContext, settings: Settings) -> None:
    result = run("exec web-0 -c app -- ls -n /", ctx)
    assert result.output.splitlines() == [
        "exec", "web-0", "-c", "app", "--kubeconfig", str(settings.kubeconfig), "--context", "kind-dev",
        "-n", "shop", "--", "ls", "-n", "/"]


def test_plugins_get_no_injected_flags_and_settings_may_be_absent(settings: Settings) -> None:
    assert with_connection_flags(["kubectl", "ctx", "prod"], settings) == ["kubectl", "ctx", "prod"]
    assert with_connection_flags(["kubectl", "rollout", "restart", "deploy/api"], settings)[-2:] == ["-n", "shop"]
    assert with_connection_flags(["kubectl", "get", "pods"], None) == ["kubectl", "get", "pods"]
    bare = Settings(context=None, namespace=None, kubeconfig=None)
    assert with_connection_flags(["kubectl", "get", "pods"], bare) == ["kubectl", "get", "pods"]


def test_quoted_arguments_reach_kubectl_intact(fake_kubectl: Path, ctx: ToolContext) -> None:
    result = run("""patch deploy api -p '{"spec": {"replicas": 2}}' -n prod""", ctx)
    assert '{"spec": {"replicas": 2}}' in result.output.splitlines()


@pytest.mark.parametrize(("command", "says"), [
    ("get pods | grep Crash", "a pipe '|'"),
    ("kubectl get pods && kubectl delete ns prod", "'&&'"),
    ("kubectl delete pod $(kubectl get pods -o name)", "$(...)"),
    ("kubectl get pods > pods.txt", "redirection"),
    ("helm list -A", "is not kubectl"),
    ("KUBECONFIG=/tmp/kc kubectl get pods", "is not kubectl"),
    ("sudo kubectl get pods", "is not kubectl"),
    ("kubectl get pods -w", "streams until interrupted"),
    ("logs -f deploy/api", "streams until interrupted"),
    ("port-forward svc/api 8080:80", "streams until interrupted"),
    ("edit deploy/api", "waits for a terminal"),
    ("exec -it web-0 -- sh", "waits for a terminal"),
    ("", "empty"),
])
def test_refused_commands_never_start_kubectl(fake_kubectl: Path, ctx: ToolContext, command: str, says: str) -> None:
    tool = KubectlTool()
    args = tool.parse_args({"command": command})
    result = tool.run(args, ctx)
    assert result.status is ToolStatus.ERROR
    assert says in result.output
    assert "hint:" in result.output
    assert not fake_kubectl.exists()
    assert tool.modifies(args) is Modifies.NO  # nothing will run, so the gate need not ask


@pytest.mark.parametrize(("command", "modifies"), [
    ("get pods", Modifies.NO), ("kubectl describe deploy api", Modifies.NO),
    ("apply -f k8s/", Modifies.YES), ("kubectl delete ns prod", Modifies.YES),
    ("delete ns prod --dry-run=server", Modifies.NO), ("exec web-0 -- rm -rf /", Modifies.UNKNOWN),
    ("kubectl ns prod", Modifies.UNKNOWN),
])
def test_modifies_comes_from_the_classifier(command: str, modifies: Modifies) -> None:
    assert KubectlTool().modifies(KubectlArgs(command=command)) is modifies


def test_classification_gives_the_gate_what_to_type_back() -> None:
    classification = KubectlTool().classification(KubectlArgs(command="delete namespace shop"))
    assert classification.confirm_text == "shop"
    assert classification.destructive


def test_describe_call_is_the_exact_command_line(settings: Settings) -> None:
    tool = KubectlTool(settings=settings)
    assert tool.describe_call(KubectlArgs(command="delete pod 'web 0'")) == (
        f"kubectl delete pod 'web 0' --kubeconfig {settings.kubeconfig} --context kind-dev -n shop")
    assert KubectlTool().describe_call(KubectlArgs(command="get pods")) == "kubectl get pods"


def test_describe_call_hides_tokens() -> None:
    line = KubectlTool().describe_call(KubectlArgs(command="get pods --token=eyJhbGciOiJSUzI1NiIsImtpZCI6IkFCQyJ9.x.y"))
    assert "eyJhbGci" not in line
    assert "REDACTED" in line


def test_a_failing_command_returns_its_error(fake_kubectl: Path, ctx: ToolContext,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_KUBECTL_MODE", "fail")
    result = run("get pod nope", ctx)
    assert result.status is ToolStatus.ERROR
    assert "exit code 1" in result.output and 'pods "nope" not found' in result.output


def test_no_resources_is_no_data(fake_kubectl: Path, ctx: ToolContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_KUBECTL_MODE", "empty")
    result = run("get pods", ctx)
    assert result.status is ToolStatus.NO_DATA
    assert result.output == "No resources found in shop namespace."


def test_a_hanging_command_is_stopped_at_the_tool_timeout(fake_kubectl: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_KUBECTL_MODE", "slow")
    ctx = ToolContext(settings=Settings(tool_timeout=0.5, namespace=None, context=None, kubeconfig=None),
                      workdir=tmp_path)
    started = time.monotonic()
    result = run("get pods", ctx)
    assert time.monotonic() - started < 10
    assert result.status is ToolStatus.ERROR
    assert "did not finish within 0.5s" in result.output and "tool_timeout" in result.output


def test_long_output_is_truncated(fake_kubectl: Path, ctx: ToolContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_KUBECTL_MODE", "big")
    result = run("get pods", ctx)
    assert result.truncated
    assert "pod-0 " in result.output and "pod-2999 " in result.output and "characters truncated" in result.output


def test_missing_kubectl_is_an_error_with_an_install_hint(ctx: ToolContext, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = run("get pods", ctx)
    assert result.status is ToolStatus.ERROR
    assert "`kubectl` was not found" in result.output and "kubernetes.io/docs/tasks/tools" in result.output


def test_output_is_redacted(fake_kubectl: Path, ctx: ToolContext) -> None:
    # the fake echoes its argv, so a secret-looking argument comes back as output
    result = run("create secret generic db --from-literal=password=hunter2hunter2 --dry-run=client -o yaml", ctx)
    assert "hunter2hunter2" not in result.output
