"""run_mutation: the PHR of a mutation names the operation, the diff, the approver and the result, and an
interrupted one says what it left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import Settings
from agent.gate import ApprovalGate
from agent.operate.mutation import Mutation, run_mutation

MUTATION = Mutation(tool="kubectl_scale", title="scale web", action="kubectl scale deployment/web --replicas=3",
                    diff="-  replicas: 1\n+  replicas: 3\n", left_behind_on_failure="replicas may still be 1",
                    recovery="kubectl scale deployment/web --replicas=1")


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return Settings(phr_dir=tmp_path / "phr", phr_enabled=True)


def _phr(settings: Settings) -> str:
    [path] = list(Path(settings.phr_dir).rglob("*.md"))
    return path.read_text()


def test_the_record_names_operation_diff_approver_and_result(settings) -> None:
    result = run_mutation(settings, ApprovalGate(assume_yes=True), MUTATION, lambda: "scaled to 3")
    assert result.ok and result.decided_by == "--yes" and result.phr_path
    text = _phr(settings)
    for expected in ("kubectl scale deployment/web --replicas=3", "+  replicas: 3", "approved by --yes",
                     "scaled to 3"):
        assert expected in text


def test_an_interrupted_mutation_records_what_it_left_behind(settings) -> None:
    def interrupted() -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_mutation(settings, ApprovalGate(assume_yes=True), MUTATION, interrupted)
    text = _phr(settings)
    assert "interrupted: replicas may still be 1" in text and "kubectl scale deployment/web --replicas=1" in text


def test_secrets_in_the_diff_are_redacted_in_the_record(settings) -> None:
    leaky = MUTATION.model_copy(update={"diff": "+  DATABASE_URL: postgresql://app:s3cr3t-pw@db:5432/app\n"})
    run_mutation(settings, ApprovalGate(assume_yes=True), leaky, lambda: "ok")
    assert "s3cr3t-pw" not in _phr(settings)
