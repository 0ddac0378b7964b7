"""The PHR directory: finding records, and appending one atomically under a lock.

Layout: `<phr_dir>/<feature-or-stage>/NNNN-<title-slug>.<stage>.prompt.md`, plus
two hidden files: `.lock` (a filelock held while reading the last record,
assigning the next id and writing) and `.head` (JSON: id and sha256 of the
newest record, so `verify` notices when the newest records are deleted).
A record is written to a hidden temp file in its final directory, flushed
and fsynced, then renamed into place: readers never see half a record, and
temp files left by a killed writer are removed by the next writer.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import BaseModel

from agent.phr.chain import GENESIS, recorded_sha256, seal
from agent.phr.errors import PhrError
from agent.phr.markdown import slugify
from agent.phr.models import PhrDraft
from agent.phr.parse import file_id
from agent.phr.render import render
from agent.textfiles import sync_directory, write_text_atomic

LOCK_NAME = ".lock"
HEAD_NAME = ".head"
TEMP_SUFFIX = ".phr-tmp"
LOCK_TIMEOUT_S = 30.0


class ChainHead(BaseModel):
    id: int
    sha256: str


def record_paths(phr_dir: Path) -> list[tuple[int, Path]]:
    """(id from the file name, path) of every record, sorted by id then path."""
    if not phr_dir.is_dir():
        return []
    found = []
    for sub in phr_dir.iterdir():
        if sub.is_dir() and not sub.name.startswith("."):
            for path in sub.iterdir():
                record_id = file_id(path)
                if record_id is not None:
                    found.append((record_id, path))
    return sorted(found)


def read_head(phr_dir: Path) -> ChainHead | None:
    try:
        return ChainHead.model_validate_json((phr_dir / HEAD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def record_dir_name(draft: PhrDraft) -> str:
    return slugify(draft.feature) if draft.feature else draft.stage


def record_file_name(record_id: int, draft: PhrDraft) -> str:
    return f"{record_id:04d}-{slugify(draft.title)}.{draft.stage}.prompt.md"


def append(phr_dir: Path, draft: PhrDraft) -> Path:
    """Write `draft` as the next record in the chain; returns its path."""
    try:
        phr_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(phr_dir / LOCK_NAME), timeout=LOCK_TIMEOUT_S):
            _remove_stale_temp_files(phr_dir)
            last_id, prev_sha = _chain_tip(phr_dir)
            record_id = last_id + 1
            text, digest = seal(render(draft, record_id, prev_sha))
            target = phr_dir / record_dir_name(draft) / record_file_name(record_id, draft)
            _atomic_write(target, text)
            _atomic_write(phr_dir / HEAD_NAME, ChainHead(id=record_id, sha256=digest).model_dump_json() + "\n")
            return target
    except Timeout:
        raise PhrError(f"could not lock {phr_dir / LOCK_NAME} within {LOCK_TIMEOUT_S:.0f}s",
                       hint="another agent process is writing a PHR right now; retry, or pass --no-phr") from None
    except OSError as exc:
        raise PhrError(f"could not write a PHR in {phr_dir}: {exc}",
                       hint="check that the directory is writable, or pass --no-phr / --phr-dir") from None


def _chain_tip(phr_dir: Path) -> tuple[int, str]:
    """Id and sha256 of the newest record; the head file wins when it is ahead (newest records deleted)."""
    records = record_paths(phr_dir)
    head = read_head(phr_dir)
    if records:
        last_id, last_path = records[-1]
        if head is None or head.id <= last_id:
            # only the ASCII sha256 line is read here; `verify` reports bytes that are not UTF-8
            digest = recorded_sha256(last_path.read_text(encoding="utf-8", errors="replace"))
            if digest is None:
                raise PhrError(f"{last_path} has no sha256 line, so the next record cannot link to it",
                               hint="run `agent phr verify`; restore the record from version control")
            return last_id, digest
    if head is not None:
        return head.id, head.sha256
    return 0, GENESIS


def _atomic_write(target: Path, text: str) -> None:
    write_text_atomic(target, text, temp_suffix=TEMP_SUFFIX)
    sync_directory(target.parent)


def _remove_stale_temp_files(phr_dir: Path) -> None:
    """Temp files of writers that died before renaming (we hold the lock, so nobody is writing them)."""
    for temp in (*phr_dir.glob(f".*{TEMP_SUFFIX}"), *phr_dir.glob(f"*/.*{TEMP_SUFFIX}")):
        temp.unlink(missing_ok=True)
