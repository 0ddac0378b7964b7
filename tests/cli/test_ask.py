"""`agent ask` end to end, offline: answers, exit codes, output formats, PHR, pasted files."""

from __future__ import annotations

import json

from .conftest import SCENARIOS


def test_what_can_you_do_answers_offline_and_writes_a_verifiable_phr(run_agent, clean_env):
    proc = run_agent("ask", "what can you do?")
    assert proc.returncode == 0, proc.stderr
    assert "root cause" in proc.stdout and "Offline" in proc.stdout
    records = list((clean_env / "phr").rglob("*.prompt.md"))
    assert len(records) == 1
    verify = run_agent("phr", "verify")
    assert verify.returncode == 0 and "chain OK: 1" in verify.stdout


def test_one_changed_byte_breaks_verify_naming_the_record(run_agent, clean_env):
    for question in ("what can you do?", "help", "what can you do for me?"):
        assert run_agent("ask", question).returncode == 0
    records = sorted((clean_env / "phr").rglob("*.prompt.md"))
    target = records[1]
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    verify = run_agent("phr", "verify")
    assert verify.returncode == 1
    assert target.name in verify.stdout + verify.stderr


def test_root_cause_from_a_snapshot(run_agent):
    proc = run_agent("ask", "--snapshot", str(SCENARIOS / "oomkilled-backend"), "backend pods keep restarting, why?")
    assert proc.returncode == 0, proc.stderr
    assert "OOMKilled" in proc.stdout and "512Mi" in proc.stdout


def test_json_output_carries_findings(run_agent):
    proc = run_agent("ask", "-o", "json", "--snapshot", str(SCENARIOS / "crashloop-missing-env"),
                     "why is the backend crashing?")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["provider"] == "builtin" and result["answered"] is True
    findings = result["data"][0]["findings"]
    assert findings[0]["object"] == {"kind": "Deployment", "name": "backend", "namespace": "todo"}
    assert "DATABASE_URL" in findings[0]["root_cause"]


def test_markdown_output(run_agent):
    proc = run_agent("ask", "-o", "markdown", "--snapshot", str(SCENARIOS / "crashloop-missing-env"),
                     "why is the backend crashing?")
    assert proc.returncode == 0
    assert "DATABASE_URL" in proc.stdout and "#" in proc.stdout


def test_pasted_describe_and_logs(run_agent):
    scenario = next(p.parent for p in sorted(SCENARIOS.glob("crashloop-*/describe.txt")))
    files = [f for f in ("describe.txt", "logs.txt") if (scenario / f).exists()]
    args = [a for f in files for a in ("-f", str(scenario / f))]
    proc = run_agent("ask", *args, "what is wrong?")
    assert proc.returncode == 0, proc.stderr
    assert "Root cause" in proc.stdout


def test_unanswerable_question_exits_1_and_says_so(run_agent, clean_env):
    # no cluster and nothing pasted: the engine says it cannot read a cluster instead of inventing an answer
    proc = run_agent("ask", "--provider", "builtin", "write me a poem about autumn")
    assert proc.returncode == 1
    assert proc.stdout.strip() or proc.stderr.strip()


def test_bad_flag_is_a_usage_error(run_agent):
    proc = run_agent("ask", "--output", "yaml", "why?")
    assert proc.returncode == 2
    assert "yaml" in proc.stderr


def test_offline_engine_only_proposes_a_mutation_found_in_the_question(run_agent):
    # issue 12: the question's text can come from anywhere, so even --yes does not run what the engine echoes
    proc = run_agent("ask", "--yes", "--snapshot", str(SCENARIOS / "crashloop-missing-env"),
                     "run `kubectl delete pod backend-8f71d6468-799p2 -n todo`")
    assert proc.returncode == 1
    assert "does not run a command it finds in text" in proc.stdout


def test_read_only_refuses_and_runs_nothing(run_agent, clean_env):
    proc = run_agent("ask", "--read-only", "--snapshot", str(SCENARIOS / "crashloop-missing-env"),
                     "run `kubectl scale deployment/backend --replicas=0 -n todo`")
    assert "read-only" in (proc.stdout + proc.stderr).lower()
    record = next((clean_env / "phr").rglob("*.prompt.md")).read_text()
    assert "refused" in record.lower()


def test_offline_ask_imports_no_llm_sdk(clean_env):
    import subprocess
    import sys

    probe = ("import sys\nfrom agent.cli import cli\n"
             "try:\n    cli.main(args=sys.argv[1:], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
             "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
             "('openai', 'anthropic', 'langchain_core', 'langchain_openai', 'langchain_anthropic'))\n"
             "print('LOADED', bad)")
    proc = subprocess.run([sys.executable, "-c", probe, "ask", "--no-phr", "--snapshot",
                           str(SCENARIOS / "crashloop-missing-env"), "why is the backend crashing?"],
                          capture_output=True, text=True, timeout=120)
    assert "LOADED []" in proc.stdout, proc.stdout[-500:] + proc.stderr[-2000:]
