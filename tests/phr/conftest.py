from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import Settings
from agent.phr.recorder import PhrRecorder


@pytest.fixture
def phr_dir(tmp_path: Path) -> Path:
    return tmp_path / "phr"


@pytest.fixture
def settings(phr_dir: Path) -> Settings:
    return Settings(phr_dir=phr_dir, phr_enabled=True)


def write_record(settings: Settings, title: str, *, stage: str = "troubleshoot", feature: str | None = None,
                 labels: list[str] | None = None, prompt: str = "why is the backend pod crashing?") -> Path:
    recorder = PhrRecorder(settings, title=title, stage=stage, surface="cli", command=f"agent ask {title!r}",
                           prompt=prompt, feature=feature, labels=labels)
    recorder.set_response(f"answer to {title}")
    path = recorder.close()
    assert path is not None
    return path


@pytest.fixture
def five_records(settings: Settings) -> list[Path]:
    return [write_record(settings, f"question {i}") for i in range(1, 6)]
