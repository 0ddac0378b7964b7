"""A PHR is hashed as its exact bytes (issue 12, item 6): one carriage return in a record made verify fail,
because verify read the file with newline translation."""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings
from agent.phr.recorder import PhrRecorder
from agent.phr.verify import verify_chain


def _record(settings: Settings, prompt: str, response: str) -> Path:
    recorder = PhrRecorder(settings, title="crlf", stage="troubleshoot", surface="cli", command="agent ask x",
                           prompt=prompt)
    recorder.set_response(response)
    path = recorder.close()
    assert path is not None
    return path


def test_a_record_holding_crlf_and_cr_verifies(tmp_path: Path) -> None:
    settings = Settings(phr_dir=tmp_path / "phr", phr_enabled=True)
    # Windows line endings from a pasted log and a bare CR progress line, as tool output carries them
    first = _record(settings, "why?\r\nthe log says:\r\nOOMKilled", "pulling 10%\rpulling 100%\r\ndone")
    _record(settings, "second", "ok")
    assert b"\r\n" in first.read_bytes()
    result = verify_chain(settings.phr_dir)
    assert result.problem is None, result.problem


def test_turning_crlf_into_lf_is_an_edit(tmp_path: Path) -> None:
    settings = Settings(phr_dir=tmp_path / "phr", phr_enabled=True)
    first = _record(settings, "a\r\nb", "c")
    _record(settings, "second", "ok")
    first.write_bytes(first.read_bytes().replace(b"\r\n", b"\n"))
    result = verify_chain(settings.phr_dir)
    assert result.problem is not None and result.problem.kind == "edited" and result.problem.record_id == 1
