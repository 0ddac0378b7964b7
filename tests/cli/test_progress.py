"""Progress on stderr: plain lines in pipes and logs, a live status line on a terminal."""

from __future__ import annotations

import io
from pathlib import Path

from agent.cli.progress import StepProgress
from agent.validation import validate_path

ROOT = Path(__file__).resolve().parents[2]


def test_plain_lines_name_each_step_and_its_duration() -> None:
    stream = io.StringIO()
    with StepProgress(stream, live=False).step("hadolint"):
        pass
    lines = stream.getvalue().splitlines()
    assert lines[0] == "... hadolint"
    assert lines[1].startswith("    done in ") and lines[1].endswith(" s")


def test_live_status_leaves_no_plain_lines() -> None:
    stream = io.StringIO()
    with StepProgress(stream, live=True).step("kubernetes-schema"):
        pass
    assert "... kubernetes-schema" not in stream.getvalue()


def test_validate_reports_every_validator_it_runs(tmp_path: Path) -> None:
    (tmp_path / "run.sh").write_text("#!/bin/sh\necho hi\n", encoding="utf-8")
    seen: list[str] = []

    class Recorder:
        def __init__(self, text: str) -> None:
            seen.append(text)

        def __enter__(self) -> None:
            return None

        def __exit__(self, *exc: object) -> None:
            return None

    validate_path(tmp_path, skip={"checkov"}, step=Recorder)
    assert seen == ["helm: lint and template 0 chart(s)", "hadolint", "kubernetes-schema", "pod-security", "shellcheck"]


def test_agent_validate_prints_progress_on_stderr(run_agent, tmp_path: Path) -> None:
    (tmp_path / "run.sh").write_text("#!/bin/sh\necho hi\n", encoding="utf-8")
    result = run_agent("validate", str(tmp_path), "--skip", "checkov")
    assert "... shellcheck" in result.stderr and "done in" in result.stderr
    assert "... shellcheck" not in result.stdout


def test_agent_generate_reports_each_validator_it_runs(run_agent, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_agent("generate", str(ROOT / "examples" / "todo-app"), "--out", str(out), "--non-interactive",
                       "--no-phr")
    for validator in ("hadolint", "kubernetes-schema", "shellcheck"):
        assert f"... {validator}" in result.stderr, result.stderr[-2000:]
    assert "... helm: lint and template 1 chart(s)" in result.stderr
    assert "... hadolint" not in result.stdout
