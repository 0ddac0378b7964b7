"""`agent doctor`'s tool checks: a program that is found but cannot be started is reported, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.doctor import _tool_check


def test_a_program_that_cannot_be_executed_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "fake-tool"
    program.write_bytes(b"\x7fELF\x00not really a binary")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    check = _tool_check("fake-tool", ["fake-tool", "--version"], "testing", "reinstall it", timeout=5)
    assert (check.status, check.fix) == ("error", "reinstall it")
    assert "testing; " in check.detail and "fake-tool" in check.detail


def test_a_program_on_the_path_reports_its_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "fake-tool"
    program.write_text("#!/bin/sh\necho 'fake-tool 1.2.3'\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    check = _tool_check("fake-tool", ["fake-tool", "--version"], "testing", "reinstall it", timeout=5)
    assert (check.status, check.version) == ("ok", "fake-tool 1.2.3")


def test_an_empty_kubeconfig_variable_means_the_default_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.config import Settings
    from agent.doctor import cluster_check

    monkeypatch.setenv("KUBECONFIG", "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    check = cluster_check(Settings(kubeconfig=None, snapshot=None), timeout=1)
    assert (check.name, check.status) == ("kubeconfig", "missing")
    assert check.detail == f"{tmp_path / '.kube' / 'config'} not found"
