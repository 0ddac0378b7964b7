"""What an app's log says about its probes: the port it listens on, the paths it serves, how long it took to start."""

from __future__ import annotations

import re
from datetime import datetime

from agent.redact import redact

LISTEN = [
    re.compile(r"running on https?://[\w.\[\]:]*?:(\d+)", re.I),
    re.compile(r"listening on (?:port )?[\w.\[\]:]*?:?(\d{2,5})\b", re.I),
    re.compile(r"Local:\s+https?://[\w.]+:(\d+)"),
    re.compile(r"started server on [\w.\[\]:]*:(\d+)", re.I),
]
_ACCESS = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d{3})')
STARTED = re.compile(
    r"Application startup complete|Uvicorn running on|Ready in \d|Listening on|started server on|Server started", re.I
)


def listening_port(text: str) -> int | None:
    for pattern in LISTEN:
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    return None


def first_match_line(text: str, patterns: list[re.Pattern[str]]) -> str:
    for line in text.splitlines():
        if any(p.search(line) for p in patterns):
            return redact(line.strip())
    return ""


def served_paths(text: str) -> list[str]:
    paths: list[str] = []
    for path, code in _ACCESS.findall(text):
        if code.startswith("2") and path not in paths:
            paths.append(path)
    return paths


_PATH_PREFERENCE = {
    "Liveness": ("health", "live", "ping", "status"),
    "Startup": ("health", "live", "ping", "status"),
    "Readiness": ("ready", "health", "status", "ping"),
}


def better_path(served: list[str], kind: str) -> str | None:
    """The served 2xx path that best fits this probe kind (`/health` for liveness, `/ready` for readiness)."""
    for word in _PATH_PREFERENCE[kind]:
        match = next((p for p in served if word in p.lower()), None)
        if match:
            return match
    return None


_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})")


def _elapsed(start: re.Match[str], end: re.Match[str]) -> int | None:
    """Whole seconds from one log timestamp to another (dates included: a log may cross midnight)."""
    try:
        first, last = (datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}") for m in (start, end))
    except ValueError:  # digits shaped like a timestamp that is no date (month 13)
        return None
    return int((last - first).total_seconds())


def log_span_seconds(text: str) -> int | None:
    stamps = list(_TIMESTAMP.finditer(text))
    return (_elapsed(stamps[0], stamps[-1]) or None) if len(stamps) > 1 else None


def startup_seconds(text: str) -> int | None:
    """Seconds between the first log line and the 'started' line, when both carry timestamps."""
    first = _TIMESTAMP.search(text)
    started = next((ln for ln in text.splitlines() if STARTED.search(ln)), None)
    last = _TIMESTAMP.search(started) if started else None
    if not first or not last:
        return None
    return max(_elapsed(first, last) or 0, 0) or None
