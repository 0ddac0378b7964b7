"""Command-line conventions a kubectl user expects: did-you-mean, completion, --debug, --model, NO_COLOR, exit codes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from agent.config import Settings
from agent.providers.registry import make_provider

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "scenarios" / "crashloop-missing-env"


def test_a_mistyped_subcommand_suggests_the_right_one(run_agent) -> None:
    result = run_agent("diagnos")
    assert result.returncode == 2
    assert "Did you mean 'diagnose'?" in result.stderr


def test_an_unknown_subcommand_without_a_close_match_is_a_usage_error(run_agent) -> None:
    result = run_agent("frobnicate")
    assert result.returncode == 2
    assert "No such command 'frobnicate'" in result.stderr and "Did you mean" not in result.stderr


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F"), ("zsh", "#compdef agent"),
                                           ("fish", "complete --no-files --command agent")])
def test_completion_scripts_for_each_shell(run_agent, shell: str, marker: str) -> None:
    result = run_agent("completion", shell)
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout and "_AGENT_COMPLETE" in result.stdout


def test_completion_completes_subcommands_and_their_flags(clean_env) -> None:
    def complete(words: str, cword: int) -> str:
        env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(cword), "_AGENT_COMPLETE": "bash_complete"}
        return subprocess.run([sys.executable, "-m", "agent"], capture_output=True, text=True, env=env,
                              cwd=clean_env, timeout=60).stdout

    assert "plain,diagnose" in complete("agent dia", 1).splitlines()
    assert "plain,--fail-on" in complete("agent diagnose --fa", 2).splitlines()


def test_debug_logs_on_stderr_without_secrets(run_agent, monkeypatch: pytest.MonkeyPatch) -> None:
    key = "sk-proj-" + "Zq8Yv2Lm4Nw6Pr1Ts3Ux5Kb7Hc9Jd0Fg"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    result = run_agent("--debug", "config", "show")
    assert result.returncode == 0, result.stderr
    assert "DEBUG agent: debug logging on" in result.stderr
    assert key not in result.stderr + result.stdout


def test_model_specs_set_the_fallback_order(run_agent) -> None:
    result = run_agent("config", "show", "--model", "ollama:llama3.1,anthropic:claude-sonnet-4-6", "--model", "builtin")
    assert result.returncode == 0, result.stderr
    assert "ollama:llama3.1, anthropic:claude-sonnet-4-6, builtin" in result.stdout


@pytest.mark.parametrize("spec, message", [("gemini-pro", "unknown provider 'gemini-pro'"),
                                           ("ollama", "name the Ollama model"),
                                           ("builtin:gpt-4o", "the builtin engine takes no model")])
def test_a_bad_model_spec_is_a_configuration_error(run_agent, spec: str, message: str) -> None:
    result = run_agent("config", "show", "--model", spec)
    assert result.returncode == 2
    assert message in result.stderr


def test_provider_and_model_together_are_refused(run_agent) -> None:
    result = run_agent("config", "show", "--provider", "builtin", "--model", "openai:gpt-4o")
    assert result.returncode == 2 and "--provider and --model" in result.stderr


def test_ollama_spec_talks_to_the_local_openai_compatible_endpoint(offline_env, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-must-not-travel-to-ollama-0123456789")
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:11500")
    provider = make_provider("ollama:llama3.1", Settings())
    assert (provider.name, provider.model) == ("ollama", "llama3.1")
    chat_model = provider._chat_model
    assert str(chat_model.openai_api_base) == "http://127.0.0.1:11500/v1"
    assert chat_model.openai_api_key.get_secret_value() != "sk-must-not-travel-to-ollama-0123456789"


def test_a_local_model_that_is_down_falls_back_to_the_next(run_agent, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on: connection refused at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{port}")
    result = run_agent("ask", "--no-phr", "--model", "ollama:llama3.1,builtin", "--snapshot", str(SCENARIO),
                       "-n", "todo", "why is the backend pod crashing?")
    assert result.returncode == 0, result.stderr
    assert "ollama failed" in result.stderr and "falling back to builtin" in result.stderr
    assert "DATABASE_URL" in result.stdout


def test_no_color_turns_styling_off(clean_env) -> None:
    """doctor colours its lines; with NO_COLOR set no escape sequence may appear, even on a terminal."""
    import pty

    def doctor(extra_env: dict[str, str]) -> bytes:
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | extra_env
        main, child = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "agent", "doctor"], stdout=child, stderr=child,
                                stdin=subprocess.DEVNULL, env=env, cwd=clean_env)
        os.close(child)
        chunks = []
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=120)
        os.close(main)
        return b"".join(chunks)

    assert b"\x1b[" in doctor({"KUBECONFIG": str(clean_env / "none")})
    assert b"\x1b[" not in doctor({"KUBECONFIG": str(clean_env / "none"), "NO_COLOR": "1"})
