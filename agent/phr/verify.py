"""Check the whole chain and name the first record that was edited, removed or reordered."""

from __future__ import annotations

from pathlib import Path

import yaml

from agent.phr.chain import GENESIS, content_sha256, recorded_prev_sha256, recorded_sha256
from agent.phr.models import ChainProblem, VerifyResult
from agent.phr.parse import split_front_matter
from agent.phr.store import read_head, record_paths


def verify_chain(phr_dir: Path) -> VerifyResult:
    """Walk records in id order: ids must run 1..N without gaps, each file must hash to its
    `sha256`, each `prev_sha256` must equal the previous record's `sha256`, and the head file
    must not point past the newest record."""
    records = record_paths(phr_dir)
    expected_id, expected_prev = 1, GENESIS
    for record_id, path in records:
        rel = str(path.relative_to(phr_dir))
        if record_id < expected_id:
            return _fail(len(records), "reordered", record_id, rel, f"id {record_id} is used by two files")
        if record_id > expected_id:
            missing = _id_range(expected_id, record_id - 1)
            return _fail(len(records), "removed", expected_id, rel, f"{missing} missing: the chain jumps to {rel}")
        try:
            text = path.read_bytes().decode("utf-8")  # exact bytes: no newline translation of a CR
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(len(records), "malformed", record_id, rel, f"unreadable: {exc}")
        problem = _check_record(text, rel, record_id, expected_prev)
        if problem:
            return VerifyResult(count=len(records), problem=problem)
        expected_prev = recorded_sha256(text) or ""
        expected_id += 1
    head = read_head(phr_dir)
    last_id = expected_id - 1
    if head is not None and head.id > last_id:
        missing = _id_range(last_id + 1, head.id)
        return _fail(len(records), "removed", last_id + 1, None,
                     f"{missing} missing: the chain head records id {head.id}")
    if head is not None and head.id == last_id and last_id > 0 and head.sha256 != expected_prev:
        rel = str(records[-1][1].relative_to(phr_dir))
        return _fail(len(records), "edited", last_id, rel,
                     "the newest record was replaced: its sha256 differs from the one in the chain head")
    return VerifyResult(count=len(records))


def _check_record(text: str, rel: str, record_id: int, expected_prev: str) -> ChainProblem | None:
    try:
        front, _ = split_front_matter(text)
    except (ValueError, yaml.YAMLError) as exc:
        return ChainProblem(kind="edited", record_id=record_id, path=rel,
                            detail=f"front matter does not parse ({' '.join(str(exc).split())})")
    claimed = recorded_sha256(text)
    if claimed is None:
        return ChainProblem(kind="edited", record_id=record_id, path=rel, detail="sha256 line missing or altered")
    if content_sha256(text) != claimed:
        return ChainProblem(kind="edited", record_id=record_id, path=rel,
                            detail="content does not match its sha256 (the record was edited)")
    if front.get("id") != record_id:
        return ChainProblem(kind="reordered", record_id=record_id, path=rel,
                            detail=f"file name says id {record_id} but the record says id {front.get('id')}")
    if recorded_prev_sha256(text) != expected_prev:
        if record_id == 1:
            detail = "prev_sha256 is not the genesis value: records before it were removed or it was moved here"
        else:
            detail = (f"prev_sha256 does not match record {record_id - 1}'s sha256: this record was moved here, "
                      f"or record {record_id - 1} was replaced after it was written")
        return ChainProblem(kind="reordered", record_id=record_id, path=rel, detail=detail)
    return None


def _id_range(first: int, last: int) -> str:
    return f"record {first:04d} is" if first == last else f"records {first:04d}-{last:04d} are"


def _fail(count: int, kind: str, record_id: int | None, path: str | None, detail: str) -> VerifyResult:
    return VerifyResult(count=count, problem=ChainProblem(kind=kind, record_id=record_id, path=path, detail=detail))
