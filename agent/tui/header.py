"""The header's subtitle: provider, model, cluster or snapshot, read-only state; shortened to fit narrow terminals."""

from __future__ import annotations

from agent.config import Settings

# Columns the header keeps for the icon and the (hidden) clock, and the " — " between title and subtitle.
HEADER_GUTTERS = 18
TITLE_SEPARATOR = 3


def subtitle_room(width: int, title: str) -> int:
    """How many columns the subtitle gets in a header `width` columns wide."""
    return width - HEADER_GUTTERS - len(title) - TITLE_SEPARATOR


def header_subtitle(settings: Settings, source_label: str, read_only: bool, room: int) -> str:
    """The fullest subtitle that fits in `room` columns; the read-only state and the source are never dropped."""
    order = settings.provider_order()
    chain = " > ".join(order)
    model = {"openai": settings.openai_model, "anthropic": settings.anthropic_model}.get(order[0], "offline engine")
    mode = "READ-ONLY" if read_only else "approve mutations"
    short_mode = "READ-ONLY" if read_only else "asks first"
    candidates = [
        [chain, model, source_label, mode],
        [order[0], model, source_label, mode],
        [order[0], source_label, mode],
        [order[0], source_label, short_mode],
        [source_label, short_mode],
    ]
    for parts in candidates:
        text = " · ".join(parts)
        if len(text) <= room:
            return text
    return f"{short_mode} · {source_label}"
