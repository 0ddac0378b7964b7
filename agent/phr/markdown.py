"""Markdown helpers shared by rendering and parsing: fences, slugs, sections."""

from __future__ import annotations

import re

_BACKTICK_RUN = re.compile(r"`{3,}")
_FENCE_LINE = re.compile(r"^(?P<fence>`{3,})(?P<info>[^`]*)$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fenced(text: str, info: str = "text") -> str:
    """`text` in a code fence longer than any backtick run inside it, so it can never close early."""
    longest = max((len(m.group(0)) for m in _BACKTICK_RUN.finditer(text)), default=2)
    fence = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"{fence}{info}\n{body}{fence}"


def slugify(text: str, limit: int = 50) -> str:
    slug = _NON_SLUG.sub("-", text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or "untitled"


def split_sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) for each `## ` heading outside code fences; text stripped of surrounding blank lines."""
    sections: list[tuple[str, list[str]]] = []
    open_fence: str | None = None
    for line in body.split("\n"):
        fence = _FENCE_LINE.match(line)
        if open_fence is None and fence:
            open_fence = fence.group("fence")
        elif open_fence is not None and fence and fence.group("fence") == open_fence and not fence.group("info"):
            open_fence = None
        elif open_fence is None and line.startswith("## "):
            sections.append((line[3:].strip(), []))
            continue
        if sections:
            sections[-1][1].append(line)
    return [(heading, "\n".join(lines).strip("\n")) for heading, lines in sections]


def unfenced(text: str) -> str:
    """The content of `text` when it is exactly one fenced block; otherwise `text` unchanged."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    opening, closing = _FENCE_LINE.match(lines[0]), lines[-1]
    if not opening or closing != opening.group("fence"):
        return text
    inner = lines[1:-1]
    if any(line == opening.group("fence") for line in inner):
        return text
    return "\n".join(inner)
