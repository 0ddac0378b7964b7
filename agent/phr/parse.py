"""Read a record file back: front matter, sections, id."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from agent.phr.errors import PhrError
from agent.phr.markdown import split_sections, unfenced
from agent.phr.models import PhrRecord

RECORD_NAME = re.compile(r"^(?P<id>\d{4,})-[a-z0-9-]+\.[a-z]+\.prompt\.md$")


def file_id(path: Path) -> int | None:
    """The id in a record's file name (`0007-title.stage.prompt.md` -> 7); None for other files."""
    match = RECORD_NAME.match(path.name)
    return int(match.group("id")) if match else None


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ValueError("no YAML front matter")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValueError("front matter is not closed")
    data = yaml.safe_load(text[4:end])
    if not isinstance(data, dict):
        raise ValueError("front matter is not a mapping")
    return data, text[end + 5:]


def parse_record(path: Path, text: str) -> PhrRecord:
    try:
        front, body = split_front_matter(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise PhrError(f"{path}: unreadable record ({exc})",
                       hint="run `agent phr verify` to see whether it was edited") from None
    sections: dict[str, str] = {}
    for heading, section in split_sections(body):
        name, n = heading, 2
        while name in sections:
            name, n = f"{heading} ({n})", n + 1
        sections[name] = unfenced(section)
    record_id = front.get("id")
    if not isinstance(record_id, int):
        raise PhrError(f"{path}: front matter has no integer id",
                       hint="run `agent phr verify` to see whether it was edited")
    return PhrRecord(path=path, id=record_id, front_matter=front, sections=sections)


def read_record(path: Path) -> PhrRecord:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PhrError(f"{path}: unreadable record ({exc})",
                       hint="run `agent phr verify` to see whether it was edited") from None
    return parse_record(path, text)
