"""Bad input, as a demanding SRE gives it: every case gets a clear error that says what to do, the right
exit code (0 ok, 1 could not answer / check failed, 2 usage or configuration), no traceback, and loses
nothing (the PHR chain stays intact, nothing half-written is left behind).

Each case runs `python -m agent` as a whole process in a clean environment: no provider keys, a private
XDG_CONFIG_HOME and working directory, and a KUBECONFIG that does not exist unless the case names one.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import click
import pytest

from .conftest import ROOT, SCENARIOS

TODO_APP = ROOT / "examples" / "todo-app"

CLOSED_PORT_KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- name: closed
  cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
contexts:
- name: closed
  context: {cluster: closed, user: closed, namespace: default}
current-context: closed
users:
- name: closed
  user: {token: not-a-real-token}
"""

SINGLE_POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default"},
              "spec": {"containers": [{"name": "web", "image": "nginx"}]}, "status": {"phase": "Running"}}


class Case(NamedTuple):
    id: str
    argv: list[str]  # "{ws}" stands for the workspace of bad files
    code: int
    expect: str  # a substring of stdout + stderr
    env: dict[str, str] | None = None  # "{ws}" expands here too
    toml: str | None = None  # written to ./agent.toml first


CLOSED = {"KUBECONFIG": "{ws}/closed.kubeconfig"}

CASES = [
    # missing arguments
    Case("ask-no-question", ["ask"], 2, "Missing argument 'QUESTION...'"),
    Case("ask-empty-question", ["ask", ""], 2, "the question is empty"),
    Case("generate-no-path", ["generate"], 2, "Missing argument 'PATH'"),
    Case("validate-no-path", ["validate"], 2, "Missing argument 'PATH'"),
    Case("deploy-no-path", ["deploy"], 2, "Missing argument 'PATH'"),
    Case("apply-no-path", ["apply"], 2, "Missing argument 'PATH'"),
    Case("snapshot-no-dir", ["snapshot"], 2, "Missing argument 'DIRECTORY'"),
    Case("scale-no-replicas", ["scale", "deploy/web"], 2, "Missing option '--replicas'"),
    Case("logs-no-target", ["logs"], 2, "Missing argument 'TARGET'"),
    Case("port-forward-no-ports", ["port-forward", "svc/web"], 2, "Missing argument 'PORTS...'"),
    Case("phr-show-no-id", ["phr", "show"], 2, "Missing argument 'ID'"),
    Case("unknown-subcommand", ["bogus"], 2, "No such command 'bogus'"),
    # nonexistent paths, files for directories and directories for files
    Case("ask-missing-file", ["ask", "-f", "{ws}/missing.txt", "why?"], 2, "does not exist"),
    Case("ask-dir-as-file", ["ask", "-f", "{ws}/empty-dir", "why?"], 2, "is a directory"),
    Case("ask-missing-snapshot", ["ask", "--snapshot", "{ws}/missing", "why?"], 2, "does not exist"),
    Case("generate-missing-path", ["generate", "{ws}/missing"], 2, "does not exist"),
    Case("generate-file-as-dir", ["generate", "{ws}/empty.txt"], 2, "is a file"),
    Case("generate-out-under-a-file", ["generate", str(TODO_APP), "--out", "{ws}/empty.txt/out", "--no-validate"],
         2, "cannot write in --out"),
    Case("validate-missing-path", ["validate", "{ws}/missing"], 2, "does not exist"),
    Case("deploy-missing-path", ["deploy", "{ws}/missing"], 2, "does not exist"),
    Case("deploy-file-as-dir", ["deploy", "{ws}/empty.txt", "--dry-run"], 2, "is a file"),
    Case("snapshot-file-as-dir", ["snapshot", "{ws}/empty.txt"], 2, "is a file"),
    Case("phr-report-out-in-missing-dir", ["phr", "report", "--out", "{ws}/missing/report.md"], 2,
         "mkdir -p"),
    Case("phr-report-out-is-dir", ["phr", "report", "--out", "{ws}/empty-dir"], 2, "is a directory"),
    # pasted files that are not kubectl output
    Case("ask-empty-file", ["ask", "-f", "{ws}/empty.txt", "why?"], 1, "paste `kubectl describe pod NAME`"),
    Case("ask-binary-file", ["ask", "-f", "{ws}/binary.bin", "why?"], 1, "is a binary file"),
    Case("ask-pasted-prose", ["ask", "-f", "{ws}/prose.txt", "why is it broken?"], 1,
         "no failure signal"),
    Case("ask-pasted-prose-says-nothing-to-check", ["ask", "-f", "{ws}/prose.txt", "why is it broken?"], 1,
         "Nothing to check"),
    # snapshots: empty, no JSON, single object, empty List, invalid JSON/YAML, binary
    Case("diagnose-empty-snapshot-dir", ["diagnose", "--snapshot", "{ws}/empty-dir"], 2, "has no snapshot files"),
    Case("diagnose-snapshot-without-json", ["diagnose", "--snapshot", "{ws}/no-json"], 2,
         "kubectl cluster-info dump --output-directory"),
    Case("diagnose-single-object", ["diagnose", "--snapshot", "{ws}/single.json"], 0, "checked 1 Pod"),
    Case("diagnose-empty-list", ["diagnose", "--snapshot", "{ws}/empty-list.json"], 2,
         "holds no Kubernetes objects"),
    Case("diagnose-invalid-json", ["diagnose", "--snapshot", "{ws}/bad.json"], 2, "is neither JSON nor YAML"),
    Case("diagnose-invalid-yaml", ["diagnose", "--snapshot", "{ws}/bad.yaml"], 2, "is neither JSON nor YAML"),
    Case("diagnose-binary-snapshot", ["diagnose", "--snapshot", "{ws}/binary.bin"], 2, "kubectl get ... -o json"),
    Case("ask-invalid-snapshot", ["ask", "--snapshot", "{ws}/bad.json", "why?"], 1,
         "hint: expected a snapshot directory"),
    Case("ask-single-object", ["ask", "--snapshot", "{ws}/single.json", "is pod web ok?"], 0, "Pod/default/web"),
    # flags with bad values
    Case("unknown-provider", ["ask", "--provider", "nope", "why?"], 2, "'nope' is not one of"),
    Case("invalid-output", ["diagnose", "-o", "yaml"], 2, "'yaml' is not one of"),
    Case("doctor-invalid-output", ["doctor", "-o", "xml"], 2, "'xml' is not one of"),
    Case("mcp-unknown-transport", ["mcp", "--transport", "nonsense"], 2, "'nonsense' is not one of"),
    Case("mcp-port-out-of-range", ["mcp", "--transport", "http", "--port", "99999"], 2, "1<=x<=65535"),
    Case("both-namespace-and-all", ["diagnose", "-n", "todo", "-A"], 2, "use either -n NAMESPACE or -A"),
    Case("generate-unknown-family", ["generate", str(TODO_APP), "--only", "nope"], 2, "choose from docker"),
    Case("scale-malformed-target", ["scale", "job/web", "--replicas", "2"], 2, "give KIND/NAME"),
    Case("scale-not-a-number", ["scale", "deploy/web", "--replicas", "many"], 2, "'many' is not a valid integer"),
    Case("phr-list-bad-date", ["phr", "list", "--since", "yesterday"], 2, "use YYYY-MM-DD"),
    # configuration: agent.toml and environment
    Case("toml-syntax-error", ["config", "show"], 2, "is not valid TOML", toml="max_steps = \n"),
    Case("toml-wrong-type", ["config", "show"], 2, "max_steps: Input should be a valid integer",
         toml='max_steps = "lots"\n'),
    Case("toml-unknown-key", ["ask", "what can you do?"], 2, "did you mean `max_steps`", toml="maxx_steps = 3\n"),
    Case("toml-services-table-is-known", ["config", "show"], 0, "max_steps",
         toml='[services.backend]\nport = 8000\n'),
    Case("env-max-steps-not-a-number", ["ask", "what can you do?"], 2, "AGENT_MAX_STEPS",
         env={"AGENT_MAX_STEPS": "abc"}),
    Case("env-unknown-provider", ["ask", "what can you do?"], 2, "choose from openai, anthropic, ollama, builtin",
         env={"AGENT_PROVIDERS": "nope"}),
    # clusters: none configured, an unknown context, an API server that does not answer
    Case("no-kubeconfig", ["diagnose"], 1, "--snapshot DIR"),
    Case("unknown-context-diagnose", ["diagnose", "--context", "nope"], 2, "pass --context with one of: closed",
         env=CLOSED),
    Case("unknown-context-events", ["events", "--context", "nope"], 2, "pass --context with one of: closed",
         env=CLOSED),
    Case("closed-port-diagnose", ["diagnose"], 1, "cannot reach the Kubernetes API server", env=CLOSED),
    Case("closed-port-snapshot", ["snapshot", "{ws}/dump"], 1, "kubectl cluster-info", env=CLOSED),
    Case("closed-port-scale", ["scale", "deploy/web", "--replicas", "2", "--yes"], 1, "agent cluster status",
         env=CLOSED),
    Case("closed-port-ask", ["ask", "why is pod web crashing?"], 1, "cannot reach the Kubernetes API server",
         env=CLOSED),
    Case("closed-port-port-forward", ["port-forward", "svc/web", "8000:8000"], 1, "kubectl", env=CLOSED),
    # manifests for apply: checked before any connection is tried
    Case("apply-invalid-yaml", ["apply", "{ws}/bad.yaml"], 2, "is not valid YAML"),
    Case("apply-binary", ["apply", "{ws}/binary.bin"], 2, "is not a text file"),
    Case("apply-empty-file", ["apply", "{ws}/empty.txt"], 2, "contains no Kubernetes objects"),
    Case("apply-empty-dir", ["apply", "{ws}/empty-dir"], 2, "has no .yaml, .yml or .json files"),
    Case("apply-prose", ["apply", "{ws}/prose.txt"], 2, "is not a Kubernetes object"),
    Case("apply-kind-not-a-string", ["apply", "{ws}/odd-kind.yaml"], 2, "is not a Kubernetes object"),
    # PHR directory and records
    Case("phr-dir-is-a-file", ["ask", "--phr-dir", "{ws}/empty.txt", "what can you do?"], 2, "is a file"),
    Case("phr-dir-under-a-file", ["ask", "--phr-dir", "{ws}/empty.txt/phr", "what can you do?"], 2,
         "cannot write in --phr-dir"),
    # /proc takes no new files, even from root (a chmod 555 directory does not stop root)
    Case("phr-dir-read-only", ["ask", "--phr-dir", "/proc", "what can you do?"], 2, "--no-phr"),
    Case("phr-dir-read-only-for-a-mutation", ["scale", "deploy/web", "--replicas", "2", "--phr-dir", "/proc"], 2,
         "cannot write in --phr-dir", env=CLOSED),
    Case("phr-show-unknown-id", ["phr", "show", "999"], 2, "`agent phr list` shows the ids"),
    Case("phr-show-not-a-number", ["phr", "show", "abc"], 2, "'abc' is not a valid integer"),
    Case("phr-verify-missing-dir", ["phr", "verify", "--phr-dir", "{ws}/missing"], 2, "no PHR directory"),
    Case("phr-verify-empty-dir", ["phr", "verify", "--phr-dir", "{ws}/empty-dir"], 0, "chain OK: 0 records"),
    Case("phr-verify-file-as-dir", ["phr", "verify", "--phr-dir", "{ws}/empty.txt"], 2, "is a file"),
    # generation and validation with nothing to work on
    Case("generate-no-services", ["generate", "{ws}/empty-dir"], 2, "no service found"),
    Case("deploy-no-services", ["deploy", "{ws}/empty-dir", "--dry-run"], 2, "no service found"),
    Case("validate-empty-dir", ["validate", "{ws}/empty-dir"], 2, "nothing to validate"),
    Case("validate-binary-file", ["validate", "{ws}/binary.bin"], 2, "nothing to validate"),
    Case("validate-invalid-yaml", ["validate", "{ws}/bad.yaml"], 1, "invalid YAML"),
    Case("cluster-status-missing-app", ["cluster", "status", "--app", "{ws}/missing"], 2, "does not exist"),
    Case("release-upgrade-missing-chart", ["release", "upgrade", "web", "{ws}/missing"], 2, "does not exist"),
    Case("chat-phr-dir-is-a-file", ["chat", "--plain", "--phr-dir", "{ws}/empty.txt"], 2, "is a file"),
]


@pytest.fixture
def ws(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory of bad inputs, and no kubeconfig to fall back on."""
    root = clean_env / "ws"
    (root / "empty-dir").mkdir(parents=True)
    (root / "no-json").mkdir()
    (root / "no-json" / "README.txt").write_text("not a snapshot\n")
    (root / "empty.txt").write_text("")
    (root / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (root / "bad.json").write_text('{"items": [1,\n')
    (root / "bad.yaml").write_text("a: [1,\n  b: }\n")
    (root / "prose.txt").write_text("Hi team, the app is slow since this morning.\nCan someone look?\n")
    (root / "single.json").write_text(json.dumps(SINGLE_POD))
    (root / "empty-list.json").write_text('{"apiVersion": "v1", "kind": "List", "items": []}')
    (root / "odd-kind.yaml").write_text("apiVersion: v1\nkind: 5\nmetadata: {name: x}\n")
    (root / "closed.kubeconfig").write_text(CLOSED_PORT_KUBECONFIG)
    monkeypatch.setenv("KUBECONFIG", str(root / "no-such-kubeconfig"))
    return root


def _expand(text: str, ws: Path) -> str:
    return text.replace("{ws}", str(ws))


def assert_clear_failure(proc: subprocess.CompletedProcess, code: int, expect: str) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode == code, out
    assert expect in out, out
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "unexpected" not in proc.stderr, proc.stderr  # main()'s last line of defence must not be needed
    if code:
        assert "hint:" in out or "--help" in proc.stderr, f"no next step offered:\n{out}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_a_clear_error(case: Case, ws: Path, run_agent, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (case.env or {}).items():
        monkeypatch.setenv(name, _expand(value, ws))
    if case.toml is not None:
        (ws.parent / "agent.toml").write_text(case.toml)
    proc = run_agent(*[_expand(a, ws) for a in case.argv], stdin="")
    assert_clear_failure(proc, case.code, case.expect)


def _leftovers(directory: Path) -> list[Path]:
    """Temp files a writer or a write check left behind."""
    return [p for p in directory.rglob("*") if p.name.endswith(".phr-tmp") or p.name.startswith(".agent-write-")]


def test_failed_questions_keep_the_phr_chain_intact(ws: Path, run_agent, clean_env: Path) -> None:
    for args in (["-f", str(ws / "binary.bin")], ["--snapshot", str(ws / "bad.json")], ["-f", str(ws / "empty.txt")]):
        assert run_agent("ask", *args, "why?").returncode == 1
    verify = run_agent("phr", "verify")
    assert verify.returncode == 0 and "chain OK: 3 records" in verify.stdout, verify.stdout + verify.stderr
    assert _leftovers(clean_env / "phr") == []


def test_a_refused_phr_dir_loses_nothing_and_writes_nothing(ws: Path, run_agent, clean_env: Path) -> None:
    proc = run_agent("ask", "--phr-dir", str(ws / "empty.txt" / "phr"), "what can you do?")
    assert proc.returncode == 2
    # refused before any work: no answer was computed and then thrown away, no record half-written
    assert proc.stdout == "" and not (clean_env / "phr").exists()
    assert ws.joinpath("empty.txt").read_text() == ""


def test_generate_that_cannot_write_leaves_nothing_behind(ws: Path, run_agent, clean_env: Path) -> None:
    out = ws / "generated"
    proc = run_agent("generate", str(ws / "empty-dir"), "--out", str(out))
    assert proc.returncode == 2 and "no service found" in proc.stderr
    assert not out.exists()
    proc = run_agent("generate", str(TODO_APP), "--out", str(ws / "empty.txt" / "out"), "--no-validate")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    # refused before the PHR recorder or any writer started
    assert not (clean_env / "phr").exists() and ws.joinpath("empty.txt").read_text() == ""


def test_ctrl_c_during_ask_keeps_the_phr_chain_intact(ws: Path, run_agent, clean_env: Path) -> None:
    argv = [sys.executable, "-m", "agent", "ask", "--snapshot", str(SCENARIOS / "oomkilled-backend"),
            "why are the backend pods restarting?"]
    started = time.monotonic()
    assert run_agent(*argv[3:]).returncode == 0
    full = time.monotonic() - started
    # interrupt at several points of a run: start-up, the loop, around the PHR write, the answer
    for fraction in (0.3, 0.6, 0.8, 0.95):
        proc = subprocess.Popen(argv, cwd=clean_env, env=dict(os.environ), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, err
        assert proc.returncode in (0, 130, -signal.SIGINT), (proc.returncode, err)
    verify = run_agent("phr", "verify")
    assert verify.returncode == 0 and "chain OK" in verify.stdout, verify.stdout + verify.stderr
    assert _leftovers(clean_env / "phr") == []


@click.command("boom")
@click.argument("kind")
def _failing_command(kind: str) -> None:
    """A command with a bug the modules did not turn into an AgentError."""
    if kind == "os":
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "/nowhere/agent.cache")
    raise ValueError("a bug")


@pytest.mark.parametrize(("kind", "expect"), [("os", "No such file or directory: /nowhere/agent.cache"),
                                              ("bug", "unexpected ValueError: a bug")])
def test_an_error_no_module_caught_still_reaches_the_user_without_a_traceback(
        kind: str, expect: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import agent.cli

    monkeypatch.setitem(agent.cli.COMMANDS, "boom", (f"{__name__}:_failing_command", "fails"))
    monkeypatch.setattr(sys, "argv", ["agent", "boom", kind])
    monkeypatch.delenv("AGENT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        agent.cli.main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 1
    assert expect in err and "hint:" in err and "Traceback" not in err
