"""The on-disk cache returns exactly what a fresh load returns, and is never served for edited files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agent.diagnosis.knowledge import cache
from agent.diagnosis.knowledge.loader import SIGNATURES_DIR


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("AGENT_KNOWLEDGE_CACHE", raising=False)
    return tmp_path / "cache" / "aiops-agent"


def test_cached_catalogue_equals_a_fresh_load(cache_home: Path) -> None:
    first = cache.catalogue()  # miss: loads the YAML and writes the cache
    (written,) = cache_home.glob("knowledge-*.json")
    second = cache.catalogue()  # hit
    assert [s.model_dump() for s, _ in second] == [s.model_dump() for s, _ in first]
    assert [lits for _, lits in second] == [lits for _, lits in first]
    assert second[0][0].id == first[0][0].id and written.exists()


def test_an_edited_signature_file_gets_a_new_key(cache_home: Path, tmp_path: Path) -> None:
    files = tmp_path / "signatures"
    shutil.copytree(SIGNATURES_DIR, files)
    before = cache.key(files)
    path = files / "jobs.yaml"
    path.write_text(path.read_text().replace("confidence: 0.9", "confidence: 0.85", 1))
    assert cache.key(files) != before


def test_an_unreadable_cache_falls_back_to_the_yaml(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    (cache_home / f"knowledge-{cache.key()}.json").write_text("{not json")
    assert len(cache.catalogue()) >= 150


def test_the_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_KNOWLEDGE_CACHE", "off")
    assert len(cache.catalogue()) >= 150
    assert not cache_home.exists()
