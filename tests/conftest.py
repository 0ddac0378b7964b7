"""Shared fixtures for LLM-path tests: `cassette` (vcrpy replay) and `llm_settings` (isolated Settings).

Cassettes live in tests/cassettes/<area>/ and are replayed only (record mode
"none"), so no test ever reaches a real API. AGENT_RECORD_CASSETTES=1 records
missing cassettes once (see tests/cassettes/README.md).
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterator

import pytest

CASSETTES_DIR = Path(__file__).parent / "cassettes"
SECRET_HEADERS = ["authorization", "x-api-key", "api-key", "openai-organization"]


def vcr_config() -> dict[str, Any]:
    recording = os.environ.get("AGENT_RECORD_CASSETTES") == "1"
    return {
        "cassette_library_dir": str(CASSETTES_DIR),
        "record_mode": "once" if recording else "none",
        "filter_headers": SECRET_HEADERS,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "query"],
        # tests that need a real socket (timeouts) talk to 127.0.0.1, which is never recorded
        "ignore_localhost": True,
    }


class Replay:
    """A cassette in use, plus every request the code sent, as vcrpy would record it (headers filtered)."""

    def __init__(self, cassette: Any) -> None:
        self.cassette = cassette
        self.sent: list[Any] = []

    def body(self, index: int) -> dict[str, Any]:
        return json.loads(self.sent[index].body)

    def raw_body(self, index: int) -> str:
        body = self.sent[index].body
        return body.decode() if isinstance(body, bytes) else body


@pytest.fixture
def cassette() -> Callable[[str], ContextManager[Replay]]:
    """`with cassette("openai/plain_answer.yaml") as replay:` replays that file; `replay.sent` holds the requests."""
    import vcr

    recorder = vcr.VCR(**vcr_config())

    @contextmanager
    def use(name: str) -> Iterator[Replay]:
        with recorder.use_cassette(name) as cas:
            replay = Replay(cas)
            play = cas.play_response

            def play_and_capture(request: Any) -> Any:
                replay.sent.append(cas.filter_request(request))
                return play(request)

            cas.play_response = play_and_capture
            yield replay

    return use


FAKE_OPENAI_KEY = "sk-test-0000000000000000000000000000000000000000"
FAKE_ANTHROPIC_KEY = "sk-ant-api03-test-000000000000000000000000000000000000000000"


@pytest.fixture
def llm_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Any]:
    """Build `Settings` for LLM-path tests: fake keys, one retry, isolated from the real env and config files.

    While recording cassettes (AGENT_RECORD_CASSETTES=1) the real OPENAI_API_KEY / ANTHROPIC_API_KEY are used.
    """
    from agent.config import Settings

    recording = os.environ.get("AGENT_RECORD_CASSETTES") == "1"
    openai_key = (recording and os.environ.get("OPENAI_API_KEY")) or FAKE_OPENAI_KEY
    anthropic_key = (recording and os.environ.get("ANTHROPIC_API_KEY")) or FAKE_ANTHROPIC_KEY
    for name in list(os.environ):
        if name.startswith(("AGENT_", "OPENAI_", "ANTHROPIC_")) and name != "AGENT_RECORD_CASSETTES":
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"openai_api_key": openai_key, "anthropic_api_key": anthropic_key,
                                  "max_retries": 1, "request_timeout": 5.0, "phr_enabled": False}
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def offline_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The offline path: no provider keys or AGENT_* settings, a private config home and working directory."""
    for name in list(os.environ):
        if name.startswith(("AGENT_", "OPENAI_", "ANTHROPIC_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


# `make test` runs the suite in two pytest-xdist workers (`-n 2 --dist loadgroup`). Tests that share something
# outside their own tmp_path run in one worker, one after another:
#   docker - one dockerd: the session fixtures make the base images and prune dangling images at the end, which
#            must not happen under a build in the other worker (image tags are unique per run as well, since
#            other checkouts' test runs use the same daemon);
#   wild   - tests/wild/score.py changes the process's working directory while a case runs.
SERIAL_GROUPS = {"docker": lambda item: item.get_closest_marker("docker") is not None,
                 "wild": lambda item: "tests/wild/" in item.nodeid.replace("\\", "/")}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for group, belongs in SERIAL_GROUPS.items():
            if belongs(item):
                item.add_marker(pytest.mark.xdist_group(group))
                break
