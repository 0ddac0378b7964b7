from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from agent.config import Settings
from agent.phr.errors import PhrError
from agent.phr.parse import read_record
from agent.phr.recorder import PhrRecorder
from agent.phr.store import record_paths
from agent.phr.verify import verify_chain

RECORDS_PER_WRITER = 20


def _write_many(phr_dir: str, writer: str, count: int) -> None:
    settings = Settings(phr_dir=Path(phr_dir), phr_enabled=True)
    for i in range(count):
        recorder = PhrRecorder(settings, title=f"{writer} {i}", stage="operate", surface="cli",
                               command="agent ask", prompt=f"{writer} prompt {i}")
        recorder.set_response(f"{writer} response {i}")
        recorder.close()


def _die_between_temp_write_and_rename(phr_dir: str) -> None:
    def crash(src: object, dst: object) -> None:
        os._exit(17)  # the process is killed: no cleanup, no exception handler runs

    os.replace = crash
    _write_many(phr_dir, "doomed", 1)


def _run(target, *args) -> int:
    process = multiprocessing.get_context("fork").Process(target=target, args=args)
    process.start()
    process.join(timeout=60)
    return process.exitcode


def test_two_processes_writing_at_once_keep_one_valid_chain(phr_dir: Path) -> None:
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_write_many, args=(str(phr_dir), name, RECORDS_PER_WRITER))
               for name in ("alpha", "beta")]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    assert [p.exitcode for p in writers] == [0, 0]
    ids = [record_id for record_id, _ in record_paths(phr_dir)]
    assert ids == list(range(1, 2 * RECORDS_PER_WRITER + 1))
    titles = {read_record(path).front_matter["title"] for _, path in record_paths(phr_dir)}
    assert len(titles) == 2 * RECORDS_PER_WRITER
    result = verify_chain(phr_dir)
    assert result.ok, result.problem
    assert result.count == 2 * RECORDS_PER_WRITER


def test_a_crash_between_temp_write_and_rename_leaves_no_record(phr_dir: Path, settings: Settings) -> None:
    _write_many(str(phr_dir), "before", 2)
    assert _run(_die_between_temp_write_and_rename, str(phr_dir)) == 17
    leftovers = list(phr_dir.rglob(".*.phr-tmp"))
    assert leftovers, "the killed writer left its temp file behind"
    assert [record_id for record_id, _ in record_paths(phr_dir)] == [1, 2]
    assert verify_chain(phr_dir).ok

    _write_many(str(phr_dir), "after", 1)
    assert [record_id for record_id, _ in record_paths(phr_dir)] == [1, 2, 3]
    assert not list(phr_dir.rglob(".*.phr-tmp")), "the next writer removes stale temp files"
    assert verify_chain(phr_dir).count == 3


def test_a_failed_write_removes_its_temp_file(phr_dir: Path, settings: Settings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import agent.textfiles as textfiles

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(textfiles.os, "replace", refuse)
    recorder = PhrRecorder(settings, title="full disk", stage="misc", surface="cli", command="agent", prompt="p")
    with pytest.raises(PhrError) as info:
        recorder.close()
    assert "No space left" in info.value.message and info.value.hint
    assert not list(phr_dir.rglob("*.prompt.md")) and not list(phr_dir.rglob(".*.phr-tmp"))
