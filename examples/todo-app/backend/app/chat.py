"""The /chat assistant: OpenAI when OPENAI_API_KEY is set, a simple rule-based reply otherwise."""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import TodoRow

log = logging.getLogger("app.chat")

OPENAI_URL = os.environ.get("OPENAI_CHAT_URL", "https://api.openai.com/v1/chat/completions")
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")


def offline_reply(message: str, session: Session) -> str:
    """Understands "add <title>", "list" and "done <id>"; otherwise summarises the list."""
    text = message.strip()
    lowered = text.lower()
    if lowered.startswith("add "):
        row = TodoRow(title=text[4:].strip()[:200])
        session.add(row)
        session.commit()
        return f"Added todo #{row.id}: {row.title}"
    if lowered.startswith("done "):
        ident = lowered[5:].strip().lstrip("#")
        row = session.get(TodoRow, int(ident)) if ident.isdigit() else None
        if row is None:
            return f"There is no todo {ident!r}."
        row.done = True
        session.commit()
        return f"Marked todo #{row.id} as done."
    rows = session.scalars(select(TodoRow).order_by(TodoRow.id)).all()
    open_rows = [r for r in rows if not r.done]
    if lowered in ("list", "ls", "show", "todos"):
        if not rows:
            return "Your list is empty. Say \"add <title>\" to create a todo."
        return "\n".join(f"#{r.id} [{'x' if r.done else ' '}] {r.title}" for r in rows)
    return (f"You have {len(open_rows)} open todo(s) out of {len(rows)}. "
            "Say \"list\", \"add <title>\" or \"done <id>\".")


def openai_reply(message: str, api_key: str, session: Session, timeout: float = 20.0) -> str:
    rows = session.scalars(select(TodoRow).order_by(TodoRow.id)).all()
    todo_lines = "\n".join(f"#{r.id} [{'x' if r.done else ' '}] {r.title}" for r in rows) or "(empty)"
    body = {
        "model": OPENAI_MODEL,
        "messages": [
            {"role": "system", "content": "You help the user manage a todo list. Current list:\n" + todo_lines},
            {"role": "user", "content": message},
        ],
    }
    request = urllib.request.Request(
        OPENAI_URL, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (fixed https URL)
        payload = json.load(response)
    return str(payload["choices"][0]["message"]["content"])


def answer(message: str, api_key: str | None, session: Session) -> tuple[str, str]:
    """The reply and where it came from ("openai" or "offline")."""
    if api_key:
        try:
            return openai_reply(message, api_key, session), "openai"
        except (urllib.error.URLError, TimeoutError, KeyError, ValueError) as exc:
            log.warning("openai unavailable, answering offline", extra={"fields": {"error": type(exc).__name__}})
    return offline_reply(message, session), "offline"
