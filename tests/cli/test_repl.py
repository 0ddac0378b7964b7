"""`agent chat --plain`: the line REPL over the same session as the TUI."""

from __future__ import annotations

from .conftest import SCENARIOS


def test_repl_answers_and_handles_commands(run_agent, clean_env):
    script = "/help\nwhy is the backend crashing?\n/readonly\n/bogus\n/quit\n"
    proc = run_agent("chat", "--plain", "--snapshot", str(SCENARIOS / "crashloop-missing-env"), stdin=script)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "commands: /help" in out
    assert "DATABASE_URL" in out
    assert "read-only is now on" in out
    assert "unknown command /bogus" in out
    assert len(list((clean_env / "phr").rglob("*.prompt.md"))) == 1


def test_repl_ends_cleanly_on_eof(run_agent):
    proc = run_agent("chat", "--plain", stdin="")
    assert proc.returncode == 0
    assert "aiops-agent chat" in proc.stdout
