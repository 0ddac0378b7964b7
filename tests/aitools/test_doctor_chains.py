"""`agent doctor` shows the three chains and which step each would use."""

from __future__ import annotations

from agent.doctor import run_doctor


def _chains(report):
    return {c.name: c for c in report.checks if c.category == "chains"}


def test_without_tools_or_keys_every_chain_uses_builtin(no_ai_tools, offline_settings):
    chains = _chains(run_doctor(offline_settings(), timeout=5))
    assert chains["manifests"].detail == "kubectl-ai (missing) -> llm (missing) -> builtin (ok)"
    assert chains["dockerfiles"].detail == "gordon (missing) -> llm (missing) -> builtin (ok)"
    assert chains["analysis"].detail == "kagent (missing) -> builtin (ok)"
    assert {c.version for c in chains.values()} == {"uses builtin"}


def test_with_the_stand_ins_the_ai_tools_come_first(stand_ins, offline_settings):
    report = run_doctor(offline_settings(openai_api_key="sk-test"), timeout=5)
    chains = _chains(report)
    assert chains["manifests"].version == "uses kubectl-ai"
    assert chains["dockerfiles"].detail == "gordon (ok) -> llm (ok) -> builtin (ok)"
    assert chains["analysis"].version == "uses kagent"
    rows = {c.name: c for c in report.checks if c.category == "tools"}
    assert rows["docker ai"].version == "Docker AI (Gordon) version v1.9.4"
