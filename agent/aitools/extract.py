"""Pull artifacts out of prose: AI tools answer with explanations, `Running: ...` lines and code blocks.

Fenced blocks are preferred; without them, the longest run of lines that
looks like the artifact is taken. Nothing is invented: no match means no artifact.
"""

from __future__ import annotations

import re

import yaml

FENCE = re.compile(r"^```[ \t]*([\w+-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
YAML_TAGS = {"yaml", "yml", ""}
DOCKERFILE_TAGS = {"dockerfile", "docker", ""}
DOCKER_INSTRUCTIONS = ("FROM", "ARG", "RUN", "COPY", "ADD", "WORKDIR", "ENV", "USER", "EXPOSE", "CMD",
                       "ENTRYPOINT", "HEALTHCHECK", "LABEL", "SHELL", "VOLUME", "STOPSIGNAL", "ONBUILD")
DOCKER_LINE = re.compile(rf"^\s*(?:#.*|(?:{'|'.join(DOCKER_INSTRUCTIONS)})\b.*|\s+\S.*|.*\\|)$", re.I)
YAML_LINE = re.compile(r"^(?:---.*|\s+.*|- .*|[\w.\"'/-]+:.*|#.*)$")


def fenced_blocks(text: str, tags: set[str]) -> list[str]:
    return [m.group(2) for m in FENCE.finditer(text) if m.group(1).lower() in tags]


def yaml_documents(text: str) -> list[str]:
    """Every Kubernetes object (a mapping with apiVersion and kind) in `text`, one YAML string each."""
    sources = fenced_blocks(text, YAML_TAGS) or [_raw_yaml(text)]
    documents: list[str] = []
    for source in sources:
        for chunk in re.split(r"^---[^\n]*$", source, flags=re.M):
            try:
                obj = yaml.safe_load(chunk)
            except yaml.YAMLError:
                continue
            if isinstance(obj, dict) and obj.get("apiVersion") and obj.get("kind"):
                documents.append(chunk.strip("\n") + "\n")
    return documents


def _raw_yaml(text: str) -> str:
    """The lines from the first `apiVersion:` (or `---`) on, while they still look like YAML."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(("apiVersion:", "---"))), None)
    if start is None:
        return ""
    taken = []
    for line in lines[start:]:
        if line.strip() and not YAML_LINE.match(line):
            break
        taken.append(line)
    return "\n".join(taken)


def dockerfile(text: str) -> str | None:
    """The Dockerfile in `text`: a fenced block that starts with FROM/ARG/# syntax, else raw lines from FROM on."""
    for block in fenced_blocks(text, DOCKERFILE_TAGS):
        if _has_from(block):
            return block.rstrip("\n") + "\n"
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"^\s*(FROM|ARG|# syntax=)", line, re.I)), None)
    if start is None:
        return None
    taken = []
    for line in lines[start:]:
        if line.strip() and not DOCKER_LINE.match(line):
            break
        taken.append(line)
    candidate = "\n".join(taken).strip("\n")
    return candidate + "\n" if _has_from(candidate) else None


def _has_from(block: str) -> bool:
    return any(re.match(r"^\s*FROM\s+\S", line, re.I) for line in block.splitlines())
