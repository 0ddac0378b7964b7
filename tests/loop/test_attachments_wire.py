"""With an LLM provider the model sees what the user attached: the pasted text (redacted, trimmed to a budget
that keeps the failure lines) and the builtin's findings, in the request body itself; the PHR notes what was sent."""

from __future__ import annotations

from pathlib import Path

from agent.diagnosis.sources.pasted import PastedSource
from agent.gate import ApprovalGate
from agent.loop import run_agent
from agent.providers.openai_provider import OpenAIProvider
from tests.loop.helpers import FakeRecorder
from agent.tooling.base import ToolContext

# a hand-written mirror of a GitHub comment: Markdown-quoted describe excerpt (no Name:), then a log with a secret
PASTE = """> Events:
>   Type     Reason     Age                From               Message
>   ----     ------     ----               ----               -------
>   Normal   Scheduled  2m                 default-scheduler  Successfully assigned shop/api-6b7c9d-x2k4q to node-2
>   Warning  Failed     1m (x4 over 2m)    kubelet            Failed to pull image "registry.example.com/shop/api:2.4.1": rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/api:2.4.1": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized
>   Warning  Failed     1m (x4 over 2m)    kubelet            Error: ErrImagePull
>   Normal   BackOff    30s (x6 over 2m)   kubelet            Back-off pulling image "registry.example.com/shop/api:2.4.1"

and the app logged DB_PASSWORD=hunter2-very-secret before it stopped
"""


def test_request_body_carries_attachments_and_findings(cassette, llm_settings, tmp_path: Path):
    paste = tmp_path / "describe.txt"
    paste.write_text(PASTE)
    settings = llm_settings()
    recorder = FakeRecorder()
    ctx = ToolContext(settings=settings, cluster=PastedSource([paste]))
    with cassette("loop/attachments_in_context.yaml") as replay:
        result = run_agent("why is the api pod not starting?", provider=OpenAIProvider(settings), tools=[],
                           ctx=ctx, gate=ApprovalGate(), recorder=recorder)
    assert result.stopped == "answered" and "imagePullSecrets" in result.answer
    raw = replay.raw_body(0)
    system = replay.body(0)["messages"][0]["content"]
    assert "## Attached files" in system and "### describe.txt" in system
    assert "401 Unauthorized" in system  # the failure line itself, quoting removed
    assert "\n>   Warning" not in system
    assert "hunter2-very-secret" not in raw and "[REDACTED" in system  # redacted before it leaves
    assert "What the builtin engine concluded" in system and "Root cause" in system
    heading, text = recorder.notes[-1]
    assert heading == "Attachments" and "describe.txt" in text and "token" in text


def test_long_attachment_is_trimmed_to_budget_keeping_failure_lines(tmp_path: Path):
    from agent.diagnosis.intake.context import build
    from agent.diagnosis.sources.pasted import load_pasted

    lines = [f"2026-12-02T10:{i // 60:02d}:{i % 60:02d}Z INFO request served in {i % 17} ms" for i in range(3000)]
    lines[1700] = "2026-12-02T10:28:20Z ERROR could not connect to postgres:5432: connection refused"
    log = tmp_path / "app.log"
    log.write_text("\n".join(lines) + "\n")
    context = build(load_pasted([log]), budget_tokens=1000)
    assert context.tokens <= 1000 + 100  # the budget, plus headings
    assert "connection refused" in context.text and "left out" in context.text
    [sent] = context.files
    assert sent.trimmed and sent.kept_signal_lines == 1 and sent.sent_chars < sent.chars
