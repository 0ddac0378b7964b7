from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.config import Settings
from agent.phr.errors import PhrNotFound

from .conftest import write_record


def _run(*args: str):
    return CliRunner().invoke(cli, ["phr", *args], catch_exceptions=True)


@pytest.fixture
def records(settings: Settings) -> list[Path]:
    return [write_record(settings, "crashloop in shop", labels=["crashloop"]),
            write_record(settings, "deploy shop", stage="deploy", labels=["staging"]),
            write_record(settings, "generate helm chart", stage="generate", feature="helm")]


def test_list_shows_a_table(phr_dir: Path, records: list[Path]) -> None:
    result = _run("list", "--phr-dir", str(phr_dir))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "DATE", "STAGE", "TITLE", "SURFACE", "MODEL"]
    assert [line.split()[0] for line in lines[1:]] == ["0001", "0002", "0003"]
    assert "generate helm chart" in lines[3] and "cli" in lines[3]


@pytest.mark.parametrize("args, ids", [
    (["--stage", "deploy"], ["0002"]),
    (["--label", "crashloop"], ["0001"]),
    (["--since", "2000-01-01", "--until", "2999-12-31"], ["0001", "0002", "0003"]),
    (["--since", "2999-01-01"], []),
    (["--until", "2000-01-01"], []),
])
def test_list_filters(phr_dir: Path, records: list[Path], args: list[str], ids: list[str]) -> None:
    result = _run("list", "--phr-dir", str(phr_dir), *args)
    assert result.exit_code == 0, result.output
    shown = [line.split()[0] for line in result.output.splitlines()[1:]] if ids else []
    assert shown == ids
    if not ids:
        assert result.output.strip() == "no records"


def test_list_rejects_a_bad_date(phr_dir: Path, records: list[Path]) -> None:
    result = _run("list", "--phr-dir", str(phr_dir), "--since", "yesterday")
    assert result.exit_code != 0
    assert "not a date" in str(result.exception)


def test_show_prints_the_record(phr_dir: Path, records: list[Path]) -> None:
    result = _run("show", "2", "--phr-dir", str(phr_dir))
    assert result.exit_code == 0
    assert result.output == records[1].read_text()


def test_show_unknown_id(phr_dir: Path, records: list[Path]) -> None:
    result = _run("show", "42", "--phr-dir", str(phr_dir))
    assert isinstance(result.exception, PhrNotFound)


def test_verify_ok(phr_dir: Path, records: list[Path]) -> None:
    result = _run("verify", "--phr-dir", str(phr_dir))
    assert result.exit_code == 0
    assert result.output.strip() == "chain OK: 3 records"


def test_verify_names_the_broken_record(phr_dir: Path, records: list[Path]) -> None:
    records[1].write_text(records[1].read_text().replace("deploy shop", "deploy shop quietly"))
    result = _run("verify", "--phr-dir", str(phr_dir))
    assert result.exit_code == 1
    assert "chain BROKEN at record 0002" in result.output
    assert "edited" in result.output and "hint:" in result.output


def test_export_jsonl(phr_dir: Path, records: list[Path]) -> None:
    result = _run("export", "--format", "jsonl", "--phr-dir", str(phr_dir))
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["id"] for row in rows] == [1, 2, 3]
    assert rows[2]["path"] == "helm/0003-generate-helm-chart.generate.prompt.md"
    assert rows[0]["sections"]["Prompt"] == "why is the backend pod crashing?"
    assert rows[0]["sections"]["Response snapshot"] == "answer to crashloop in shop"
    assert {"title", "stage", "date", "surface", "sha256", "prev_sha256", "tool_calls"} <= set(rows[0])


def test_phr_dir_defaults_to_the_setting(phr_dir: Path, records: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_PHR_DIR", str(phr_dir))
    result = _run("verify")
    assert result.output.strip() == "chain OK: 3 records"
