from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.cli.options import settings_from
from agent.config import Settings
from agent.errors import UsageError
from agent.gate import ApprovalOutcome, ApprovalRequest
from agent.phr.parse import read_record
from agent.phr.recorder import PhrRecorder, ToolCallRecord
from agent.providers.base import Usage
from agent.tooling.base import Modifies, ToolStatus

from .conftest import write_record

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "data" / "secrets" / "corpus.yaml").read_text())


def _full_recorder(settings: Settings) -> PhrRecorder:
    recorder = PhrRecorder(settings, title="Deploy shop to staging", stage="deploy", surface="tui",
                           command="agent chat", prompt="deploy the shop app to staging",
                           feature="Shop Staging", labels=["deploy", "staging"])
    recorder.record_fallback("anthropic", "openai", "rate_limit: 429 Too Many Requests")
    recorder.record_provider("anthropic", "claude-sonnet-4-6", Usage(input_tokens=10, output_tokens=0))
    recorder.record_provider("openai", "gpt-4o-mini", Usage(input_tokens=1200, output_tokens=300))
    recorder.record_provider("openai", "gpt-4o-mini", None)
    recorder.record_tool_call(ToolCallRecord(tool="kubectl", arguments={"args": ["apply", "-f", "k8s/"]},
                                             modifies=Modifies.YES, approval="approved by --yes",
                                             status=ToolStatus.OK, duration_ms=840,
                                             output="deployment.apps/shop configured"))
    request = ApprovalRequest(tool="kubectl", action="kubectl delete pvc data-0", modifies=Modifies.YES)
    recorder.record_approval(ApprovalOutcome(request=request, approved=False, decided_by="user",
                                             reason="the user said no"))
    recorder.record_file("k8s/deployment.yaml", "--- a/k8s/deployment.yaml\n+++ b/k8s/deployment.yaml\n"
                                                "@@ -1 +1 @@\n-replicas: 1\n+replicas: 2\n")
    recorder.record_tool_version("kubectl", "Client Version: v1.31.0")
    recorder.note("Fallback chain", "anthropic failed with 429; openai answered")
    recorder.set_response("Deployed: 2/2 replicas ready.")
    recorder.set_outcome(impact="shop deployed to staging", tests=["kubectl rollout status deploy/shop"],
                         next_prompts=["expose shop with an ingress"], reflection="ask for the namespace first")
    return recorder


def test_round_trip_of_every_field(settings: Settings, phr_dir: Path) -> None:
    path = _full_recorder(settings).close()
    assert path == phr_dir / "shop-staging" / "0001-deploy-shop-to-staging.deploy.prompt.md"
    record = read_record(path)
    front = record.front_matter
    assert record.id == 1
    assert {k: front[k] for k in ("title", "stage", "surface", "model", "feature", "command", "labels",
                                  "provider", "files", "tests")} == {
        "title": "Deploy shop to staging", "stage": "deploy", "surface": "tui", "model": "gpt-4o-mini",
        "feature": "Shop Staging", "command": "agent chat", "labels": ["deploy", "staging"], "provider": "openai",
        "files": ["k8s/deployment.yaml"], "tests": ["kubectl rollout status deploy/shop"]}
    assert front["usage"] == {"input_tokens": 1210, "output_tokens": 300}
    assert front["fallbacks"] == [{"from": "anthropic", "to": "openai", "reason": "rate_limit: 429 Too Many Requests"}]
    assert front["tool_calls"] == [{"tool": "kubectl", "modifies": "yes", "status": "ok", "duration_ms": 840,
                                    "approval": "approved by --yes"}]
    assert front["approvals"] == [{"tool": "kubectl", "approved": False, "decided_by": "user"}]
    assert front["tool_versions"] == {"kubectl": "Client Version: v1.31.0"}
    assert set(front["links"]) == {"spec", "ticket", "adr", "pr"}
    assert front["date"].endswith("Z") and front["user"]
    assert record.sections["Prompt"] == "deploy the shop app to staging"
    assert record.sections["Response snapshot"] == "Deployed: 2/2 replicas ready."
    assert record.sections["Fallback chain"] == "anthropic failed with 429; openai answered"
    assert '"apply"' in record.sections["Tool calls"]
    assert "deployment.apps/shop configured" in record.sections["Tool calls"]
    assert "refused by user: kubectl: kubectl delete pvc data-0" in record.sections["Approvals"]
    assert "+replicas: 2" in record.sections["Files written"]
    assert "- ✅ Impact: shop deployed to staging" in record.sections["Outcome"]
    assert "expose shop with an ingress" in record.sections["Outcome"]


def test_record_routing_and_increasing_ids(settings: Settings, phr_dir: Path) -> None:
    first = write_record(settings, "Why is the backend crashing?")
    second = write_record(settings, "constitution", stage="constitution")
    third = write_record(settings, "add checkout", stage="spec", feature="checkout")
    assert first.relative_to(phr_dir).as_posix() == \
        "troubleshoot/0001-why-is-the-backend-crashing.troubleshoot.prompt.md"
    assert second.relative_to(phr_dir).as_posix() == "constitution/0002-constitution.constitution.prompt.md"
    assert third.relative_to(phr_dir).as_posix() == "checkout/0003-add-checkout.spec.prompt.md"


def test_markdown_in_the_prompt_cannot_break_the_sections(settings: Settings) -> None:
    prompt = "## Outcome\n```\nnot a fence end\n````\nstill the prompt"
    path = write_record(settings, "tricky", prompt=prompt)
    record = read_record(path)
    assert record.sections["Prompt"] == prompt
    assert list(record.sections)[:2] == ["Prompt", "Response snapshot"]


def test_branch_is_read_from_git_head(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/feature/phr\n")
    monkeypatch.chdir(repo)
    assert read_record(write_record(settings, "on a branch")).front_matter["branch"] == "feature/phr"
    (repo / ".git" / "HEAD").write_text("3f786850e387550fdab836ed7e6dc881de23001b\n")
    assert read_record(write_record(settings, "detached")).front_matter["branch"] == "3f786850e387"


def test_exception_is_recorded_in_the_outcome_and_propagates(settings: Settings, phr_dir: Path) -> None:
    with pytest.raises(RuntimeError):
        with PhrRecorder(settings, title="boom", stage="operate", surface="cli", command="agent ask",
                         prompt="restart it") as recorder:
            raise RuntimeError("cluster unreachable, token=abc123secret")
    record = read_record(recorder.close())
    assert "- ❌ Error: RuntimeError: cluster unreachable, token=[REDACTED:token]" in record.sections["Outcome"]
    assert "- ✅ Impact: failed" in record.sections["Outcome"]
    assert "abc123secret" not in record.path.read_text()


def test_close_writes_once(settings: Settings, phr_dir: Path) -> None:
    recorder = PhrRecorder(settings, title="once", stage="misc", surface="cli", command="agent", prompt="hi")
    path = recorder.close()
    assert recorder.close() == path
    assert len(list(phr_dir.rglob("*.prompt.md"))) == 1


def test_no_phr_writes_nothing(tmp_path: Path) -> None:
    phr_dir = tmp_path / "phr"
    settings = settings_from({"no_phr": True, "phr_dir": str(phr_dir)})
    with PhrRecorder(settings, title="quiet", stage="troubleshoot", surface="cli", command="agent ask --no-phr",
                     prompt="why?") as recorder:
        recorder.set_response("because")
    assert recorder.close() is None
    assert not phr_dir.exists()


@pytest.mark.parametrize("field, value", [("stage", "deploying"), ("surface", "web")])
def test_unknown_stage_or_surface_is_a_usage_error(settings: Settings, field: str, value: str) -> None:
    kwargs = {"title": "t", "stage": "deploy", "surface": "cli", "command": "agent", "prompt": "p", field: value}
    with pytest.raises(UsageError) as info:
        PhrRecorder(settings, **kwargs)
    assert info.value.hint


def test_no_corpus_secret_reaches_a_written_record(settings: Settings) -> None:
    entries = CORPUS["secrets"]
    everything = "\n\n".join(e["text"] for e in entries)
    recorder = PhrRecorder(settings, title="leak check " + entries[0]["text"], stage="operate", surface="mcp",
                           command="agent ask " + entries[1]["text"], prompt=everything,
                           labels=[entries[2]["text"]])
    recorder.record_provider("openai", "gpt-4o-mini")
    for entry in entries:
        recorder.record_tool_call(ToolCallRecord(
            tool="shell", arguments={"command": entry["text"], "argv": ["sh", "-c", entry["text"]],
                                     "env": {"SHOP_API_TOKEN": entry["secret"]}},
            modifies="unknown", approval=f"approved by user for {entry['text']}", status="ok", duration_ms=1,
            output=entry["text"]))
        recorder.record_file(f"out/{entry['name'].replace(' ', '-')}.txt",
                             "".join(f"+{line}\n" for line in entry["text"].splitlines()))
        recorder.record_approval(ApprovalOutcome(
            request=ApprovalRequest(tool="shell", action=entry["text"], modifies=Modifies.UNKNOWN),
            approved=True, decided_by="--yes"))
    recorder.note("Raw notes", everything)
    recorder.set_response(everything)
    recorder.set_outcome(impact=everything, tests=[everything], next_prompts=[everything], reflection=everything)
    written = recorder.close().read_text()
    leaked = [e["name"] for e in entries if e["secret"] in written]
    assert leaked == []
    assert written.count("[REDACTED:") >= len(entries) * 5
