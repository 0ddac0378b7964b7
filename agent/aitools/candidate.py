"""A step's proposed artifact, before validation, and the shaping the agent does to it."""

from __future__ import annotations

import yaml
from pydantic import BaseModel, Field

from agent.aitools.errors import NoArtifactFound
from agent.aitools.units import Unit


class Candidate(BaseModel):
    files: dict[str, str]
    command: list[str] = Field(default_factory=list)
    prompt: str = ""
    template: str = ""
    tool_version: str = ""
    response_summary: str = ""
    changes: list[str] = Field(default_factory=list)


def summarize(text: str, limit: int = 600) -> str:
    text = text.strip()
    return text if len(text) <= limit else f"{text[:limit]} ... [{len(text) - limit} more characters]"


def manifest_files(unit: Unit, documents: list[str], tool: str) -> tuple[dict[str, str], list[str]]:
    """Place a tool's YAML documents into the unit's files (Deployment, Service), setting a missing namespace."""
    deployment_path, service_path = sorted(unit.builtin)  # "<svc>-deployment.yaml" < "<svc>-service.yaml"
    placed: dict[str, list[str]] = {deployment_path: [], service_path: []}
    changes: list[str] = []
    for document in documents:
        obj = yaml.safe_load(document)
        kind, name = obj.get("kind"), (obj.get("metadata") or {}).get("name", "?")
        metadata = obj.setdefault("metadata", {})
        if not metadata.get("namespace"):
            metadata["namespace"] = unit.namespace
            document = yaml.safe_dump(obj, sort_keys=False)
            changes.append(f"set metadata.namespace={unit.namespace} on {kind}/{name} ({tool} left it out)")
        target = service_path if kind == "Service" else deployment_path
        if kind not in ("Deployment", "Service"):
            changes.append(f"kept the extra {kind}/{name} in {target}")
        placed[target].append(document.strip("\n") + "\n")
    missing = [kind for kind, path in (("Deployment", deployment_path), ("Service", service_path)) if not placed[path]]
    if missing:
        raise NoArtifactFound(tool, f"its answer has no {' and no '.join(missing)}",
                              hint="the chain moves on to the next step")
    changes.append(f"split {len(documents)} YAML document(s) into {deployment_path} and {service_path}")
    return {path: "---\n".join(docs) for path, docs in placed.items()}, changes
