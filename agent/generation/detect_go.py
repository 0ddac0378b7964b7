"""Go services (go.mod): version, main package, port and health routes from the code."""

from __future__ import annotations

import re
from pathlib import Path

from agent.generation.draft import Draft, first_match, pick_probes, route_paths
from agent.generation.envvars import scan_regex
from agent.generation.models import Framework, ServiceKind

_GO_VERSION = re.compile(r"^go\s+(\d+\.\d+)", re.MULTILINE)
_PORT = re.compile(r"""["'`][\w.]*:(\d{2,5})["'`]""")
_ROUTE = re.compile(r"""(?:HandleFunc|Handle|GET|Get|HEAD)\(\s*"(?:GET |HEAD )?(/[^"{:]*)\"""")


def is_go_service(directory: Path) -> bool:
    return (directory / "go.mod").is_file()


def detect_go(directory: Path) -> Draft:
    draft = Draft(directory)
    draft.set("framework", Framework.GO, "go.mod")
    draft.set("kind", ServiceKind.BACKEND, "a Go server")
    draft.set("language", "go", "go.mod")
    match = _GO_VERSION.search((directory / "go.mod").read_text(encoding="utf-8"))
    draft.set("language_version", match.group(1) if match else None, "go.mod go directive")
    draft.set("package_manager", "go", "go.mod")
    has_sum = (directory / "go.sum").is_file()
    draft.set("lock_file", "go.sum" if has_sum else None, "go.sum")
    draft.set("manifests", ["go.mod"] + (["go.sum"] if has_sum else []), "go.mod")
    main = _main_package(directory)
    draft.set("build_output", main, f"{main}/main.go" if main else "")
    draft.set("start_command", ["/app/server"] if main else None, "the binary built from the main package")
    found = first_match(directory, (".go",), _PORT)
    draft.set("port", int(found[0].group(1)) if found else None, found[1] if found else "")
    pick_probes(draft, route_paths(directory, (".go",), _ROUTE))
    draft.set("env", scan_regex(directory, (".go",), "go"), "code")
    draft.set("writable_paths", ["/tmp"], "Go writes temp files to /tmp")
    return draft


def _main_package(directory: Path) -> str | None:
    """"." when main.go sits at the module root, else the first cmd/<name>."""
    if (directory / "main.go").is_file():
        return "."
    for candidate in sorted(directory.glob("cmd/*/main.go")):
        return "./" + candidate.parent.relative_to(directory).as_posix()
    return None
