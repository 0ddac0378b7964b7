"""`agent generate --verify` against a stand-in Docker client: a service whose container dies reports FAIL with
the container's own log lines (here the traceback a wrong start module gives), and the container got the
generated env with placeholders for its secrets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.gate import ApprovalGate
from agent.generation.artifacts import render_artifacts
from agent.generation.layout import Layout
from agent.generation.pipeline import build_plan
from agent.generation.verify import PLACEHOLDER_SECRET, verdict_lines, verify

CASE = Path(__file__).resolve().parents[1] / "repos" / "flask-microblog-api"
TRACEBACK = b"[INFO] Booting worker\nModuleNotFoundError: No module named 'microblog'\n[INFO] Worker exiting\n"


class DyingContainerClient:
    """Builds fine; the container is running when started and gone at the first probe."""

    def __init__(self) -> None:
        self.env: dict[str, str] = {}
        self.inspections = 0
        self.removed: list[str] = []

    def build(self, **kwargs: Any):
        yield {"stream": "Step 1/1 : FROM scratch\n"}
        yield {"aux": {"ID": "sha256:abc"}}

    def inspect_image(self, tag: str) -> dict:
        return {"Id": "sha256:abc", "Size": 150_000_000}

    def create_host_config(self, **kwargs: Any) -> dict:
        return kwargs

    def create_container(self, image: str, **kwargs: Any) -> dict:
        self.env = kwargs["environment"]
        return {"Id": "c1"}

    def start(self, container_id: str) -> None:
        pass

    def inspect_container(self, container_id: str) -> dict:
        self.inspections += 1
        return {"State": {"Running": self.inspections == 1, "Status": "running", "ExitCode": 3}}

    def exec_create(self, container_id: str, command: list[str], **kwargs: Any) -> dict:
        return {"Id": "e1"}

    def exec_start(self, exec_id: str, demux: bool = False) -> bytes:
        return b"10001\n"

    def exec_inspect(self, exec_id: str) -> dict:
        return {"ExitCode": 0}

    def logs(self, container_id: str, tail: int = 200) -> bytes:
        return TRACEBACK

    def remove_container(self, container_id: str, force: bool = False) -> None:
        self.removed.append(container_id)

    def remove_image(self, image: str, force: bool = False, noprune: bool = False) -> None:
        self.removed.append(image)


def test_a_container_that_dies_fails_with_its_first_log_lines(tmp_path: Path) -> None:
    plan = build_plan(CASE, tmp_path)
    for path, content in render_artifacts(plan, Layout(), ["docker"]).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(content)
    client = DyingContainerClient()

    [verdict] = verify(plan, CASE, tmp_path, ApprovalGate(assume_yes=True), client=client)

    assert verdict.built and verdict.started and not verdict.ok
    assert verdict.image_mb == 150.0 and verdict.detail == "the container exited"
    assert "ModuleNotFoundError: No module named 'microblog'" in verdict.logs
    assert client.env["SECRET_KEY"] == PLACEHOLDER_SECRET and client.env["PORT"] == "5000"
    assert "c1" in client.removed  # nothing left running
    assert any(line.startswith("verify     flask-microblog-api: FAIL") for line in verdict_lines([verdict]))


def test_verify_refused_by_the_gate_runs_nothing(tmp_path: Path) -> None:
    plan = build_plan(CASE, tmp_path)

    [verdict] = verify(plan, CASE, tmp_path, ApprovalGate(read_only=True), client=DyingContainerClient())

    assert not verdict.built and "not run" in verdict.detail


def test_verify_reports_each_build_and_each_start(tmp_path: Path) -> None:
    import io

    from agent.cli.progress import StepProgress

    plan = build_plan(CASE, tmp_path)
    for path, content in render_artifacts(plan, Layout(), ["docker"]).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(content)
    stream = io.StringIO()
    verify(plan, CASE, tmp_path, ApprovalGate(assume_yes=True), client=DyingContainerClient(),
           step=StepProgress(stream, live=False).step)
    lines = [line for line in stream.getvalue().splitlines() if line.startswith("... ")]
    assert lines == [f"... flask-microblog-api: building {plan.image(plan.services[0])}:verify",
                     f"... flask-microblog-api: starting {plan.image(plan.services[0])}:verify and probing "
                     f"http://127.0.0.1:5000{plan.services[0].health_path}"]
