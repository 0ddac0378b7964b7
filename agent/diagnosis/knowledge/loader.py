"""Reads `signatures/*.yaml` into validated, frozen `Signature`s; an error names file and signature id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from agent.diagnosis.knowledge.errors import KnowledgeError
from agent.diagnosis.knowledge.schema import Signature, SignatureFile

SIGNATURES_DIR = Path(__file__).parent / "signatures"

# libyaml's C loader parses the ~200 KB of signatures several times faster than the pure-Python one
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(signature)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling against schema.py)"
        parts.append(f"{where}: {msg}")
    return "; ".join(parts)


def load_file(path: Path, *, check_regexes: bool = False) -> tuple[Signature, ...]:
    """One family file, validated signature by signature so an error can name the signature.

    `check_regexes` also compiles every message regex (the matcher otherwise compiles on first use).
    """
    try:
        raw: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("signatures"), list):
        raise KnowledgeError(f"{path.name}: expected a mapping with 'family' and a list 'signatures'")
    unknown = set(raw) - {"family", "signatures"}
    if unknown:
        raise KnowledgeError(f"{path.name}: unknown top-level key(s) {sorted(unknown)}; only 'family' and 'signatures'")
    family = raw.get("family")
    if family != path.stem:
        raise KnowledgeError(f"{path.name}: family is {family!r} but the file is named for {path.stem!r}; make them equal")
    sigs: list[Signature] = []
    for index, item in enumerate(raw["signatures"]):
        sig_id = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
        if not isinstance(item, dict):
            raise KnowledgeError(f"{path.name}: signature {sig_id}: expected a mapping")
        if "family" in item:
            raise KnowledgeError(f"{path.name}: signature {sig_id}: 'family' is set by the file, remove it here")
        try:
            context = {"check_regexes": check_regexes}
            sigs.append(Signature.model_validate({**item, "family": family}, context=context))
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: signature {sig_id}: {_explain(exc)}") from None
    try:
        SignatureFile.model_validate({"family": family, "signatures": sigs})
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name}: {_explain(exc)}") from None
    return tuple(sigs)


def load_dir(directory: Path = SIGNATURES_DIR, *, check_regexes: bool = False) -> tuple[Signature, ...]:
    """Every `*.yaml` in `directory`, in file-name order; ids must be unique across files."""
    out: list[Signature] = []
    seen: dict[str, str] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise KnowledgeError(f"no signature files (*.yaml) in {directory}")
    for path in files:
        for sig in load_file(path, check_regexes=check_regexes):
            if sig.id in seen:
                raise KnowledgeError(f"{path.name}: signature {sig.id}: duplicate id, already defined in {seen[sig.id]}")
            seen[sig.id] = path.name
            out.append(sig)
    for sig in out:
        for other in sig.refines:
            if other not in seen:
                raise KnowledgeError(f"{seen[sig.id]}: signature {sig.id}: refines {other!r}, which no file defines")
    return tuple(out)
