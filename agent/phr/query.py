"""Read records back for `agent phr list/show/export`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel

from agent.errors import UsageError
from agent.phr.errors import PhrNotFound
from agent.phr.models import PhrRecord
from agent.phr.parse import read_record
from agent.phr.store import record_paths


class RecordFilter(BaseModel):
    stage: str | None = None
    label: str | None = None
    since: date | None = None  # inclusive
    until: date | None = None  # inclusive

    def matches(self, record: PhrRecord) -> bool:
        front = record.front_matter
        if self.stage and front.get("stage") != self.stage:
            return False
        if self.label and self.label not in (front.get("labels") or []):
            return False
        day = record_date(record)
        if self.since and (day is None or day < self.since):
            return False
        if self.until and (day is None or day > self.until):
            return False
        return True


def parse_day(text: str) -> date:
    """A --since/--until value: YYYY-MM-DD or a full ISO 8601 timestamp."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise UsageError(f"not a date: {text!r}", hint="use YYYY-MM-DD, e.g. 2025-01-31") from None


def record_date(record: PhrRecord) -> date | None:
    value = record.front_matter.get("date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_day(str(value))
    except UsageError:
        return None


def load_records(phr_dir: Path, where: RecordFilter | None = None) -> list[PhrRecord]:
    records = [read_record(path) for _, path in record_paths(phr_dir)]
    return [r for r in records if where is None or where.matches(r)]


def find_record(phr_dir: Path, record_id: int) -> Path:
    for found_id, path in record_paths(phr_dir):
        if found_id == record_id:
            return path
    raise PhrNotFound(f"no PHR with id {record_id} in {phr_dir}", hint="`agent phr list` shows the ids")
