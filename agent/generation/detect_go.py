"""Go services (go.mod): version, the main package that serves HTTP, its port and health routes."""

from __future__ import annotations

import re
from pathlib import Path

from agent.generation.draft import Draft, first_match, pick_probes, route_paths
from agent.generation.envvars import scan_regex
from agent.generation.models import Framework, ServiceKind
from agent.generation.sourcefiles import source_files

_GO_VERSION = re.compile(r"^go\s+(\d+\.\d+)", re.MULTILINE)
# A listen address: ":8080", "0.0.0.0:8080", "localhost:8080" (not struct tags such as `gorm:"size:2048"`).
_PORT = re.compile(r"""["'`](?:localhost|0\.0\.0\.0|127\.0\.0\.1|\[::\]|::)?:(\d{2,5})["'`]""")
_ROUTE = re.compile(r"""(?:HandleFunc|Handle|GET|Get|HEAD)\(\s*"(?:GET |HEAD )?(/[^"{:]*)\"""")
_MAIN = re.compile(r"^package main\b.*^func main\(\)", re.MULTILINE | re.DOTALL)
_SERVES = re.compile(r"ListenAndServe|\.Run\(|\.Start\(|\.Listen\(|\.Serve\(|http\.Server\{|HTTPServer|httpserver\.|"
                     r"app\.Run\(|server\.Open\(")
_IMPORTS_WEB = re.compile(r'"(?:net/http|github\.com/(?:gin-gonic/gin|labstack/echo[^"]*|gofiber/fiber[^"]*|'
                          r'go-chi/chi[^"]*|gorilla/mux))"|/(?:http|server|httpserver|api|app)"')
_NOT_SERVER = re.compile(r"cli|ctl|tool|migrat|seed|storybook|gen|worker|client|bench|example", re.IGNORECASE)
_GO_BUILD = re.compile(r"go build\b[^\n]*?\s(\./[\w./-]*|\.)(?:\s|$)")
# Ports the HTTP frameworks bind when the code names none; ports that are never the app (redirects, pprof).
_GIN_DEFAULT = re.compile(r"\b\w+\.Run\(\s*\)")
_SIDE_PORTS = {80, 443, 6060}
_CONFIG_PORT = re.compile(r"(?im)^\s*(?:http_?port|port|addr|address|server_address|listen)\s*[=:]\s*[\"']?[\w.]*:?(\d{2,5})\b")


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
    main, why, level = _main_package(directory)
    draft.set("build_output", main, why, level)
    draft.set("start_command", ["/app/server"] if main else None, f"the binary built from {main}", level)
    _port(draft, directory, main)
    pick_probes(draft, route_paths(directory, (".go",), _ROUTE))
    draft.set("env", scan_regex(directory, (".go",), "go"), "code")
    draft.set("writable_paths", ["/tmp"], "Go writes temp files to /tmp")
    return draft


def main_packages(directory: Path) -> dict[str, str]:
    """Every main package of the module ("." or "./cmd/x") -> the text of its Go files."""
    found: dict[str, list[str]] = {}
    for path in source_files(directory, (".go",)):
        if path.name.endswith("_test.go"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.lstrip().startswith("package main") or re.search(r"^package main\b", text, re.MULTILINE):
            rel = path.parent.relative_to(directory).as_posix()
            found.setdefault("." if rel == "." else f"./{rel}", []).append(text)
    return {pkg: "\n".join(texts) for pkg, texts in found.items() if _MAIN.search("\n".join(texts))}


def _stated_main(directory: Path) -> tuple[str, str] | None:
    """The package a Dockerfile or Makefile `go build`s."""
    for name in ("Dockerfile", "Makefile", "makefile"):
        path = directory / name
        if path.is_file():
            match = _GO_BUILD.search(path.read_text(encoding="utf-8", errors="replace"))
            if match:
                pkg = match.group(1).rstrip("/")
                return ("." if pkg in (".", "./") else pkg), f"{name}: go build {match.group(1)}"
    return None


def _main_package(directory: Path) -> tuple[str | None, str, str]:
    """The main package that serves HTTP: the one a Dockerfile/Makefile builds, else the best-scoring one."""
    packages = main_packages(directory)
    stated = _stated_main(directory)
    if stated and stated[0] in packages:
        return stated[0], stated[1], "declared"
    if not packages:
        return None, "", "inferred"

    def score(item: tuple[str, str]) -> tuple[int, str]:
        pkg, text = item
        name = pkg.rsplit("/", 1)[-1]
        points = 3 if _SERVES.search(text) else 0
        points += 2 if _IMPORTS_WEB.search(text) else 0
        points += 1 if name.endswith("d") or re.search(r"server|api|app|web|http", name) else 0
        points -= 3 if _NOT_SERVER.search(name) else 0
        return points, pkg

    ranked = sorted(packages.items(), key=lambda item: (-score(item)[0], item[0]))
    best = ranked[0][0]
    others = [p for p, _ in ranked[1:]]
    why = f"{best}: the main package that serves HTTP" + (f" (not {', '.join(others)})" if others else "")
    return best, why, "inferred"


def _port(draft: Draft, directory: Path, main: str | None) -> None:
    package_dir = directory / main if main and main != "." else directory
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in source_files(package_dir, (".go",))
                     if p.parent == package_dir)
    for match in _PORT.finditer(text):
        port = int(match.group(1))
        if port not in _SIDE_PORTS:
            draft.set("port", port, f"{main}: listen address :{port}")
            return
    for name in sorted([*directory.glob("conf/*.ini"), *directory.glob("config/*.y*ml"), *directory.glob("*.toml"),
                        *directory.glob(".env.example"), *directory.glob("example.env"), *directory.glob("README*")]):
        if not name.is_file():
            continue
        match = _CONFIG_PORT.search(name.read_text(encoding="utf-8", errors="replace"))
        if match and int(match.group(1)) not in _SIDE_PORTS:
            draft.set("port", int(match.group(1)), f"{name.relative_to(directory).as_posix()}: {match.group(0).strip()}")
            return
    found = first_match(directory, (".go",), _PORT)
    if _GIN_DEFAULT.search(text) and "gin-gonic" in text:
        draft.set("port", 8080, f"{main}: gin's Run() with no address binds :8080")
    elif found and int(found[0].group(1)) not in _SIDE_PORTS:
        draft.set("port", int(found[0].group(1)), found[1])
    else:
        draft.set("port", None, "")
