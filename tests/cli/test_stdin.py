"""Pasted text on stdin: `-f -`, plain pipes, empty input, bounded reading, YAML output."""

from __future__ import annotations

import io

import yaml

from agent.cli.stdin_input import read_tail

# a hand-written mirror of the event line kubelet prints for a tag that the registry does not have
EVENT = ('  Warning  Failed     14s (x2 over 31s)  kubelet            Failed to pull image "ghcr.io/acme/orders-api:v2.3.1":'
         ' rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/acme/orders-api:v2.3.1": failed to'
         ' resolve reference "ghcr.io/acme/orders-api:v2.3.1": ghcr.io/acme/orders-api:v2.3.1: not found\n')


def _names_the_missing_tag_and_a_fix(text: str) -> bool:
    return "does not exist" in text and ("list-tags" in text or "set image" in text or "image.tag=" in text)


def test_dash_file_reads_the_paste_from_stdin(run_agent) -> None:
    result = run_agent("ask", "--no-phr", "-f", "-", "why won't orders-api start?", stdin=EVENT)
    assert result.returncode == 0, result.stderr
    assert _names_the_missing_tag_and_a_fix(result.stdout)
    assert "stdin.txt" in result.stdout  # the evidence says where it came from


def test_piped_stdin_is_read_without_dash_file(run_agent) -> None:
    result = run_agent("ask", "--no-phr", "why won't orders-api start?", stdin=EVENT)
    assert result.returncode == 0, result.stderr
    assert _names_the_missing_tag_and_a_fix(result.stdout)


def test_dash_file_with_empty_stdin_is_a_usage_error(run_agent) -> None:
    result = run_agent("ask", "--no-phr", "-f", "-", "why?", stdin="")
    assert result.returncode == 2
    assert "stdin held no text" in result.stderr and "kubectl describe pod" in result.stderr


def test_yaml_output_is_the_answer_model(run_agent) -> None:
    result = run_agent("ask", "--no-phr", "-f", "-", "-o", "yaml", "why?", stdin=EVENT)
    assert result.returncode == 0, result.stderr
    document = yaml.safe_load(result.stdout)
    assert document["question"] == "why?" and document["answered"] is True
    assert _names_the_missing_tag_and_a_fix(document["answer"])


def test_read_tail_keeps_the_end_and_bounded_memory() -> None:
    lines = b"".join(b"line %07d ok\n" % i for i in range(400_000))  # ~6 MB
    stream = io.BytesIO(lines + b"FATAL: database \"orders\" does not exist\n")
    data, dropped = read_tail(stream, max_bytes=1_000_000)
    assert len(data) == 1_000_000 and data.endswith(b'FATAL: database "orders" does not exist\n')
    assert dropped + len(data) == len(lines) + 40


def test_read_tail_keeps_everything_below_the_cap() -> None:
    data, dropped = read_tail(io.BytesIO(EVENT.encode()), max_bytes=1_000_000)
    assert data == EVENT.encode() and dropped == 0
