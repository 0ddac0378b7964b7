"""Read Kubernetes objects from a YAML/JSON file or a directory of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from agent.operate.errors import ManifestError

SUFFIXES = (".yaml", ".yml", ".json")


def manifest_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in SUFFIXES)
        if files:
            return files
        raise ManifestError(f"{path} has no .yaml, .yml or .json files", hint="pass a manifest file or directory")
    raise ManifestError(f"{path} does not exist", hint="pass a manifest file or a directory of manifests")


def load_objects(path: Path) -> list[dict[str, Any]]:
    """Every object in `path`, in file order; `List` kinds are unpacked."""
    objects: list[dict[str, Any]] = []
    for file in manifest_files(path):
        try:
            documents = list(yaml.safe_load_all(file.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            raise ManifestError(f"{file} is not a text file", hint="pass YAML or JSON manifests") from None
        except yaml.YAMLError as exc:
            raise ManifestError(f"{file} is not valid YAML: {exc}", hint="fix the syntax at the line named") from None
        for document in documents:
            if document is None:
                continue
            for obj in _unpacked(document, file):
                objects.append(_checked(obj, file))
    if not objects:
        raise ManifestError(f"{path} contains no Kubernetes objects", hint="each document needs apiVersion, kind, "
                            "metadata.name")
    return objects


def _unpacked(document: Any, file: Path) -> list[Any]:
    """A `List` document's items, or the document itself."""
    if not (isinstance(document, dict) and str(document.get("kind") or "").endswith("List")):
        return [document]
    items = document.get("items") or []
    if not isinstance(items, list):
        raise ManifestError(f"{file}: the items of a {document['kind']} are not a list",
                            hint="`items:` must be a list of Kubernetes objects")
    return items


def _checked(obj: Any, file: Path) -> dict[str, Any]:
    metadata = obj.get("metadata") if isinstance(obj, dict) else None
    if not isinstance(obj, dict) or not isinstance(obj.get("apiVersion"), str) \
            or not isinstance(obj.get("kind"), str) or not isinstance(metadata, dict) or not metadata.get("name"):
        raise ManifestError(f"{file}: a document is not a Kubernetes object (apiVersion, kind, metadata.name)",
                            hint="remove the document or complete it")
    return obj


def describe(obj: dict[str, Any]) -> str:
    namespace = (obj.get("metadata") or {}).get("namespace")
    where = f" -n {namespace}" if namespace else ""
    return f"{obj['kind'].lower()}/{obj['metadata']['name']}{where}"
