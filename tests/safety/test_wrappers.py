"""Prefixes in front of the real command: wrappers and their options, and environment assignments."""

from __future__ import annotations

import pytest

from agent.safety.wrappers import assigned_names, risky_variables, unwrap, watch_command


@pytest.mark.parametrize(("words", "wrapper", "inner"), [
    (["sudo", "-u", "ops", "-E", "kubectl", "get", "pods"], "sudo", ["kubectl", "get", "pods"]),
    (["sudo", "--user=ops", "kubectl"], "sudo", ["kubectl"]),
    (["sudo", "--user", "ops", "kubectl"], "sudo", ["kubectl"]),
    (["timeout", "-s", "KILL", "30", "kubectl", "get", "pods"], "timeout", ["kubectl", "get", "pods"]),
    (["nice", "-5", "helm", "list"], "nice", ["helm", "list"]),
    (["nice", "-n", "5", "helm", "list"], "nice", ["helm", "list"]),
    (["env", "-u", "HOME", "A=1", "B=2", "docker", "ps"], "env", ["docker", "ps"]),
    (["xargs", "-n1", "kubectl", "delete", "ns"], "xargs", ["kubectl", "delete", "ns"]),
    (["command", "--", "kubectl", "version"], "command", ["kubectl", "version"]),
    (["sudo", "-E"], "sudo", []),
])
def test_unwrap_drops_the_wrapper_and_its_options(words: list[str], wrapper: str, inner: list[str]) -> None:
    assert unwrap(words, wrapper) == inner


def test_watch_runs_a_shell_line_unless_told_to_exec() -> None:
    assert watch_command(["watch", "-n", "2", "kubectl", "get", "pods"]) == ("kubectl get pods", False)
    assert watch_command(["watch", "-x", "kubectl", "get", "pods"]) == (["kubectl", "get", "pods"], True)
    assert watch_command(["watch", "-dx", "kubectl", "get", "pods"]) == (["kubectl", "get", "pods"], True)
    assert watch_command(["watch", "--exec", "kubectl", "top", "pods"]) == (["kubectl", "top", "pods"], True)


def test_assignments_and_which_variables_are_risky() -> None:
    assert assigned_names(["KUBECONFIG=/tmp/kc", "-u", "HOME", "_X=1", "1A=2", "kubectl"]) == ["KUBECONFIG", "_X"]
    assert risky_variables(["KUBECONFIG", "HELM_NAMESPACE", "LC_ALL", "no_proxy", "CLOUDSDK_CORE_PROJECT"]) == []
    assert risky_variables(["KUBECONFIG", "KUBE_EDITOR", "LD_PRELOAD", "PATH"]) == ["KUBE_EDITOR", "LD_PRELOAD", "PATH"]
