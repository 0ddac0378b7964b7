"""Split YAML files into Kubernetes documents, remembering where each one starts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

SEPARATOR = re.compile(r"^---\s*(#.*)?$")


@dataclass
class Document:
    line: int  # 1-based line of the document's first line in its file
    body: dict[str, Any] | None
    error: str | None = None

    @property
    def label(self) -> str:
        if not self.body:
            return f"document at line {self.line}"
        meta = self.body.get("metadata") or {}
        return f"{self.body.get('kind', '?')}/{meta.get('name', '?')}"


def split_documents(text: str) -> list[Document]:
    """Every non-empty document of a multi-document YAML text (comments-only chunks dropped)."""
    chunks: list[tuple[int, list[str]]] = [(1, [])]
    for number, line in enumerate(text.splitlines(), start=1):
        if SEPARATOR.match(line):
            chunks.append((number + 1, []))
        else:
            chunks[-1][1].append(line)
    documents = []
    for start, lines in chunks:
        source = "\n".join(lines)
        try:
            body = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            documents.append(Document(line=start, body=None, error=f"invalid YAML: {exc}"))
            continue
        if body is None:
            continue
        if not isinstance(body, dict):
            documents.append(Document(line=start, body=None, error="a Kubernetes document must be a mapping"))
            continue
        documents.append(Document(line=start, body=body))
    return documents
