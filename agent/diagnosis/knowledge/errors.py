"""The one error the knowledge base raises; importing it costs nothing."""

from __future__ import annotations


class KnowledgeError(ValueError):
    """A signature file is malformed: the message names the file, the signature and what to change."""
