"""`agent diagnose`: every finding of a snapshot, in text, JSON or Markdown; exit 1 when nothing could be read."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from agent.cli.diagnose import command
from tests.diagnosis.builders import container_status, deployment, node, pod, write_list

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _snapshot(tmp_path: Path, crashing: bool) -> Path:
    statuses = [container_status("web", ready=not crashing, restarts=4 if crashing else 0,
                                 waiting="CrashLoopBackOff" if crashing else None,
                                 last_exit=("Error", 1) if crashing else None)]
    write_list(tmp_path / "nodes.json", [node()], "NodeList")
    write_list(tmp_path / "shop" / "pods.json", [pod("web-1", "shop", app="web", statuses=statuses)], "PodList")
    write_list(tmp_path / "shop" / "deployments.json", [deployment("web", "shop", ready=0 if crashing else 1)])
    write_list(tmp_path / "shop" / "events.json", [], "EventList")
    return tmp_path


def test_healthy_snapshot_says_what_was_checked(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--snapshot", str(_snapshot(tmp_path, crashing=False)), "-n", "shop"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No problems found: checked 1 Pod, 1 Deployment, 1 Node in namespace shop")


def test_json_output_is_an_answer_with_findings(tmp_path: Path) -> None:
    scenario = SCENARIOS / "crashloop-missing-env"
    result = CliRunner().invoke(command, ["--snapshot", str(scenario), "-A", "-o", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"].startswith("Found ") and "all namespaces" in data["summary"]
    assert any(f["analyzer"] == "crashloop" for f in data["findings"])
    severities = [f["severity"] for f in data["findings"]]
    assert severities == sorted(severities, key=["critical", "warning", "info"].index)


def test_markdown_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--snapshot", str(SCENARIOS / "crashloop-missing-env"), "-n", "todo",
                                          "-o", "markdown"])
    assert result.exit_code == 0, result.output
    assert "**Root cause:**" in result.output and "```sh" in result.output


def test_namespace_and_all_namespaces_conflict(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--snapshot", str(_snapshot(tmp_path, True)), "-n", "shop", "-A"])
    assert result.exit_code == 2 and "either -n" in result.output


def test_unreadable_snapshot_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    result = CliRunner().invoke(command, ["--snapshot", str(tmp_path / "junk")])
    assert result.exit_code != 0
    assert "no snapshot files" in str(result.exception)
