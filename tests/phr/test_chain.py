from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from agent.config import Settings
from agent.phr.chain import GENESIS, seal
from agent.phr.parse import read_record
from agent.phr.verify import verify_chain

from .conftest import write_record


def test_intact_chain_verifies(phr_dir: Path, five_records: list[Path]) -> None:
    result = verify_chain(phr_dir)
    assert result.ok and result.count == 5


def test_empty_directory_is_an_intact_chain(phr_dir: Path) -> None:
    result = verify_chain(phr_dir)
    assert result.ok and result.count == 0


def test_hash_definition_is_the_file_with_its_sha256_value_blanked(five_records: list[Path]) -> None:
    previous = GENESIS
    for path in five_records:
        raw = path.read_bytes()
        front = read_record(path).front_matter
        blanked = raw.replace(f'sha256: "{front["sha256"]}"'.encode(), b'sha256: ""', 1)
        assert hashlib.sha256(blanked).hexdigest() == front["sha256"]
        assert front["prev_sha256"] == previous
        previous = front["sha256"]


@pytest.mark.parametrize("index", range(5))
def test_one_changed_byte_names_the_record(phr_dir: Path, five_records: list[Path], index: int) -> None:
    path = five_records[index]
    raw = bytearray(path.read_bytes())
    position = raw.index(b"answer to")  # inside the response section
    raw[position] = ord("A")
    path.write_bytes(bytes(raw))
    problem = verify_chain(phr_dir).problem
    assert problem is not None
    assert (problem.kind, problem.record_id, problem.path) == ("edited", index + 1, str(path.relative_to(phr_dir)))


def test_edited_front_matter_is_detected(phr_dir: Path, five_records: list[Path]) -> None:
    path = five_records[1]
    path.write_text(path.read_text().replace("stage: troubleshoot", "stage: deploy"))
    problem = verify_chain(phr_dir).problem
    assert problem is not None and (problem.kind, problem.record_id) == ("edited", 2)


def test_deleted_middle_record_is_named(phr_dir: Path, five_records: list[Path]) -> None:
    five_records[2].unlink()
    problem = verify_chain(phr_dir).problem
    assert problem is not None
    assert (problem.kind, problem.record_id) == ("removed", 3)
    assert "record 0003 is missing" in problem.detail


def test_deleted_newest_records_are_named(phr_dir: Path, five_records: list[Path]) -> None:
    five_records[4].unlink()
    five_records[3].unlink()
    problem = verify_chain(phr_dir).problem
    assert problem is not None
    assert (problem.kind, problem.record_id) == ("removed", 4)
    assert "records 0004-0005 are missing" in problem.detail


def test_swapped_file_names_are_named(phr_dir: Path, five_records: list[Path]) -> None:
    second, third = five_records[1], five_records[2]
    temp = second.with_name("swap.tmp")
    second.rename(temp)
    third.rename(second)
    temp.rename(third)
    problem = verify_chain(phr_dir).problem
    assert problem is not None
    assert (problem.kind, problem.record_id, problem.path) == ("reordered", 2, str(second.relative_to(phr_dir)))


def _forge(text: str, *, record_id: int | None = None, old: str = "", new: str = "") -> str:
    """What a careful tamperer does: change the record, then recompute its own sha256."""
    if record_id is not None:
        text = re.sub(r"^id: \d+$", f"id: {record_id}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r'^sha256: "[0-9a-f]{64}"$', 'sha256: ""', text.replace(old, new), count=1, flags=re.MULTILINE)
    return seal(text)[0]


def test_reordered_records_with_rewritten_hashes_are_named(phr_dir: Path, five_records: list[Path]) -> None:
    """Swapping two records' content and re-sealing each one still breaks the prev links."""
    second, third = five_records[1].read_text(), five_records[2].read_text()
    five_records[1].write_text(_forge(third, record_id=2))
    five_records[2].write_text(_forge(second, record_id=3))
    problem = verify_chain(phr_dir).problem
    assert problem is not None
    assert (problem.kind, problem.record_id) == ("reordered", 2)
    assert "prev_sha256" in problem.detail


def test_resealed_middle_record_breaks_the_next_link(phr_dir: Path, five_records: list[Path]) -> None:
    five_records[2].write_text(_forge(five_records[2].read_text(), old="answer to", new="forged answer to"))
    problem = verify_chain(phr_dir).problem
    assert problem is not None and (problem.kind, problem.record_id) == ("reordered", 4)
    assert "record 3" in problem.detail


def test_resealed_newest_record_is_caught_by_the_head(phr_dir: Path, five_records: list[Path]) -> None:
    five_records[-1].write_text(_forge(five_records[-1].read_text(), old="answer to", new="forged answer to"))
    problem = verify_chain(phr_dir).problem
    assert problem is not None and (problem.kind, problem.record_id) == ("edited", 5)


def test_duplicate_id_is_named(phr_dir: Path, five_records: list[Path]) -> None:
    copy = five_records[1].with_name("0002-copy.troubleshoot.prompt.md")
    copy.write_bytes(five_records[1].read_bytes())
    problem = verify_chain(phr_dir).problem
    assert problem is not None and (problem.kind, problem.record_id) == ("reordered", 2)


def test_unparseable_front_matter_is_named(phr_dir: Path, five_records: list[Path]) -> None:
    path = five_records[0]
    path.write_text(path.read_text().replace("stage: troubleshoot", "stage: [troubleshoot"))
    problem = verify_chain(phr_dir).problem
    assert problem is not None and (problem.kind, problem.record_id) == ("edited", 1)


def test_next_record_after_deleting_the_newest_keeps_the_gap_visible(phr_dir: Path, settings: Settings,
                                                                      five_records: list[Path]) -> None:
    five_records[-1].unlink()
    path = write_record(settings, "after deletion")
    assert read_record(path).id == 6, "ids are never reused"
    head = json.loads((phr_dir / ".head").read_text())
    assert head["id"] == 6
    problem = verify_chain(phr_dir).problem
    assert problem is not None and (problem.kind, problem.record_id) == ("removed", 5)


def test_bytes_that_are_not_utf8_in_the_newest_record_are_an_error_not_a_traceback(
        phr_dir: Path, settings: Settings, five_records: list[Path]) -> None:
    from agent.phr.errors import PhrError
    from agent.phr.query import load_records

    newest = five_records[-1]
    newest.write_bytes(newest.read_bytes().replace(b"answer to question 5", b"answer to \xff\xfe 5"))
    with pytest.raises(PhrError) as err:
        load_records(phr_dir)
    assert "unreadable record" in err.value.message and "agent phr verify" in (err.value.hint or "")
    problem = verify_chain(phr_dir).problem
    assert problem is not None and (problem.kind, problem.record_id) == ("malformed", 5)
    write_record(settings, "after the damage")  # the next record still links to the recorded sha256
    assert read_record(sorted(phr_dir.glob("*/0006-*"))[0]).id == 6
