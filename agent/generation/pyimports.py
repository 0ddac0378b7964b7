"""How a Python project imports itself, so the start command names a module that imports in the image.

A file `src/api/main.py` is `src.api.main` when the code says `from src.x import y`, `api.main` (run from
`src/`) when the code says `from api.x import y`, and the installed package `api.main` when the project is
installed (a pyproject with a [build-system]). The directory a module imports from becomes the image's
working directory and PYTHONPATH.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path, PurePosixPath

from agent.generation.sourcefiles import source_files

_IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", re.MULTILINE)
_RELATIVE = re.compile(r"^\s*from\s+\.", re.MULTILINE)


def absolute_imports(directory: Path) -> Counter[str]:
    """How often each top-level name is imported absolutely across the project's own files."""
    counts: Counter[str] = Counter()
    for path in source_files(directory, (".py",)):
        counts.update(_IMPORT.findall(path.read_text(encoding="utf-8", errors="replace")))
    return counts


def module_root(directory: Path, rel_file: PurePosixPath, installs_project: bool,
                counts: Counter[str] | None = None) -> tuple[str, str, str]:
    """(module, root, why) for a file of the project: the module name and the directory it imports from."""
    parts = list(rel_file.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    counts = absolute_imports(directory) if counts is None else counts
    options = [(i, parts[i]) for i in range(len(parts))]  # root = parts[:i], top-level name = parts[i]
    imported = [(counts[top], -i, i) for i, top in options if counts[top] and (i < len(parts) - 1 or i == 0)]
    if imported:
        _, _, i = max(imported)
        why = f"the code imports `{parts[i]}` absolutely ({counts[parts[i]]}x)"
    elif parts and parts[0] == "src" and len(parts) > 1:
        i = 1
        why = "src layout: the package installed from src/" if installs_project else "src layout, run from src/"
    else:
        i = 0
        why = "flat layout"
    root = "/".join(parts[:i])
    return ".".join(parts[i:]), root, why


def has_relative_imports(path: Path) -> bool:
    return bool(_RELATIVE.search(path.read_text(encoding="utf-8", errors="replace")))


def find_module(directory: Path, module: str, cwd: str | None = None) -> str | None:
    """The directory (relative to the service, "" for itself) from which `module` imports, or None."""
    parts = module.split(".")
    roots = ([cwd] if cwd else []) + ["", "src", "app", "backend", "server"]
    roots += sorted({p.parent.relative_to(directory).as_posix() for p in source_files(directory, (".py",))})
    for root in dict.fromkeys(r.strip("/") if r != "." else "" for r in roots):
        base = directory / root if root else directory
        if base.joinpath(*parts).with_suffix(".py").is_file() or (base.joinpath(*parts) / "__init__.py").is_file():
            return root
    return None
