"""Text from a cluster, a file or a model, made safe for a terminal, the TUI and a PHR.

Logs and events can carry terminal control sequences (ESC[2J clears the screen,
OSC 0 sets the window title, a bare CR rewrites the line). `neutralise` shows
every C0 control (but newline and tab), DEL and C1 control as a visible escape
(`\\x1b`), so the text stays complete and readable but no longer controls anything.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, a CR not followed by LF, DEL, C1 controls (0x80-0x9f)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def neutralise(text: str) -> str:
    """`text` with control characters shown escaped (`\\x1b[2J`); newlines, tabs and CRLF kept."""
    if not text or not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: "\\r" if m.group(0) == "\r" else f"\\x{ord(m.group(0)):02x}", text)


def safe_text(text: str) -> str:
    """Redacted and neutralised: what may be shown or recorded."""
    from agent.redact import redact

    return neutralise(redact(text))
