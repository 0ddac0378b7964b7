"""Terminal control sequences from logs and events (issue 12, item 5) are shown escaped, never executed."""

from __future__ import annotations

import pytest

from agent.gate import ApprovalGate
from agent.loop import run_agent
from agent.safety.text import neutralise
from tests.loop.helpers import EchoTool, ScriptedProvider, call
from agent.tooling.base import ToolContext

# what a hostile log line or event message can carry, as real programs emit them
ATTACKS = [
    ("clear screen", "ok\x1b[2J\x1b[Hall good", "ok\\x1b[2J\\x1b[Hall good"),
    ("window title (OSC 0, BEL)", "\x1b]0;root@prod: rm -rf /\x07line", "\\x1b]0;root@prod: rm -rf /\\x07line"),
    ("title (OSC, ST)", "\x1b]2;pwned\x1b\\x", "\\x1b]2;pwned\\x1b\\x"),
    ("rewrite the line", "deleting ns prod\rall healthy     ", "deleting ns prod\\rall healthy     "),
    ("erase line + cursor up", "x\x1b[1A\x1b[2Kfake", "x\\x1b[1A\\x1b[2Kfake"),
    ("hyperlink OSC 8", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "\\x1b]8;;http://evil\\x1b\\click\\x1b]8;;\\x1b\\"),
    ("C1 CSI", "a\x9b2Jb", "a\\x9b2Jb"),
    ("backspaces", "pass\x08\x08\x08\x08fail", "pass\\x08\\x08\\x08\\x08fail"),
    ("NUL and DEL", "a\x00b\x7fc", "a\\x00b\\x7fc"),
    ("bell", "done\x07", "done\\x07"),
]


@pytest.mark.parametrize(("what", "raw", "shown"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_controls_are_shown_escaped(what: str, raw: str, shown: str) -> None:
    assert neutralise(raw) == shown


def test_newlines_tabs_and_crlf_are_kept() -> None:
    text = "NAME\tREADY\r\nweb-0\t1/1\nline"
    assert neutralise(text) == text


@pytest.mark.parametrize(("what", "raw", "shown"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_tool_output_reaching_the_model_and_the_terminal_is_neutralised(what: str, raw: str, shown: str) -> None:
    provider = ScriptedProvider([call("echo", text=raw)], "done")
    result = run_agent("show logs", provider=provider, tools=[EchoTool()], ctx=ToolContext(), gate=ApprovalGate())
    tool_messages = [m.content for m in provider.requests[1][0] if m.role == "tool"]
    assert all("\x1b" not in m and "\x07" not in m and "\x9b" not in m for m in tool_messages)
    assert shown in tool_messages[0]
    assert result.tool_calls
