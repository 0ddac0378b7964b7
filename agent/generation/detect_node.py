"""Node services: Next.js (app or pages router, standalone or not), Vite/React static sites, Express."""

from __future__ import annotations

import json
import re
from pathlib import Path

from agent.generation.draft import Draft, first_match, pick_probes, route_paths
from agent.generation.envvars import scan_regex
from agent.generation.evidence.apply import node_entry
from agent.generation.evidence.commandline import parse
from agent.generation.models import Framework, ServiceKind
from agent.generation.versions import pick_version

DEFAULT_NODE = "20"
STATIC_PORT = 8080  # nginx-unprivileged's port for the static sites we serve
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")
_LOCKS = (("package-lock.json", "npm"), ("pnpm-lock.yaml", "pnpm"), ("yarn.lock", "yarn"))
_SCRIPT_PORT = re.compile(r"(?:-p|--port)[ =](\d{2,5})|\bPORT=(\d{2,5})")
_LISTEN_PORT = re.compile(r"\.listen\(\s*(\d{2,5})|\bPORT\b[^;\n]{0,80}?(?:\|\||\?\?)\s*(\d{2,5})\b|\b(?:const|let|var)\s+port\s*=\s*(\d{2,5})",
                          re.IGNORECASE)
_EXPRESS_ROUTE = re.compile(r"""\.(?:get|all|head)\(\s*['"`](/[^'"`:]*)['"`]""")
_ENTRY_FILES = ("server.js", "index.js", "app.js", "src/server.js", "src/index.js", "src/app.js", "bin/www")
_STANDALONE = re.compile(r"""output\s*:\s*['"]standalone['"]""")
_VITE_OUT_DIR = re.compile(r"""outDir\s*:\s*['"]([^'"]+)['"]""")


def is_node_service(directory: Path) -> bool:
    if not (directory / "package.json").is_file():
        return False
    deps = _deps(_package(directory))
    return any(name in deps for name in ("next", "vite", "express", "@nestjs/core"))


def _package(directory: Path) -> dict:
    """package.json as a mapping; unreadable or not an object counts as empty."""
    try:
        package = json.loads((directory / "package.json").read_text(encoding="utf-8"))
    except ValueError:  # not JSON, or not UTF-8
        return {}
    return package if isinstance(package, dict) else {}


def _deps(package: dict) -> dict[str, str]:
    return {**package.get("devDependencies", {}), **package.get("dependencies", {})}


def _major(spec: str) -> str | None:
    match = re.search(r"(\d+)", spec or "")
    return match.group(1) if match else None


def detect_node(directory: Path) -> Draft:
    draft = Draft(directory)
    package = _package(directory)
    deps = _deps(package)
    scripts: dict[str, str] = package.get("scripts", {})
    framework = Framework.NEXTJS if "next" in deps else Framework.VITE if "vite" in deps else Framework.EXPRESS
    draft.set("framework", framework, f"package.json dependency {framework.value if framework is not Framework.NEXTJS else 'next'}")
    draft.set("language", "node", "package.json")
    _node_version(draft, directory, package)
    _package_manager(draft, directory)
    draft.set("build_command", "run build" if "build" in scripts else None, "package.json scripts.build")
    draft.set("env", scan_regex(directory, JS_SUFFIXES, "js"), "code")
    if framework is Framework.NEXTJS:
        _nextjs(draft, directory, deps, scripts)
    elif framework is Framework.VITE:
        _vite(draft, directory)
    else:
        _express(draft, directory, package, scripts)
    return draft


def _node_version(draft: Draft, directory: Path, package: dict) -> None:
    for name in (".nvmrc", ".node-version"):
        pinned = _major((directory / name).read_text()) if (directory / name).is_file() else None
        if pinned:
            draft.set("language_version", pinned, name)
            return
    engines = package.get("engines", {}).get("node")
    version = pick_version(engines, DEFAULT_NODE, 1) if engines else None
    if version:
        draft.set("language_version", version, f"package.json engines.node {engines!r}")
    else:
        draft.guess("language_version", DEFAULT_NODE, "not declared: the constitution's node:20-alpine")


def _package_manager(draft: Draft, directory: Path) -> None:
    for lock, manager in _LOCKS:
        if (directory / lock).is_file():
            draft.set("package_manager", manager, lock)
            draft.set("lock_file", lock, lock)
            draft.set("manifests", ["package.json", lock], lock)
            return
    draft.set("package_manager", "npm", "package.json without a lock file")
    draft.set("lock_file", None, "")
    draft.set("manifests", ["package.json"], "package.json")


def _script_port(scripts: dict[str, str]) -> tuple[int, str] | None:
    for name in ("start", "serve", "dev"):
        match = _SCRIPT_PORT.search(scripts.get(name, ""))
        if match:
            return int(match.group(1) or match.group(2)), f"package.json scripts.{name}"
    return None


def _nextjs(draft: Draft, directory: Path, deps: dict[str, str], scripts: dict[str, str]) -> None:
    draft.set("kind", ServiceKind.UI, "Next.js serves pages to people")
    draft.set("framework_version", _major(deps["next"]), "package.json dependencies.next")
    src = directory / "src" if (directory / "src").is_dir() else directory
    router = "app" if (src / "app").is_dir() else "pages" if (src / "pages").is_dir() else None
    draft.set("nextjs_router", router, f"{(src / (router or '')).relative_to(directory).as_posix()}/ directory")
    config = next((p for p in sorted(directory.glob("next.config.*")) if p.is_file()), None)
    standalone = bool(config and _STANDALONE.search(config.read_text(encoding="utf-8")))
    draft.set("nextjs_standalone", standalone, config.name if config else "no next.config")
    draft.set("public_dir", (directory / "public").is_dir(), "public/ directory")
    port = _script_port(scripts)
    if port:
        draft.set("port", port[0], port[1], "declared")
    else:
        port = (3000, "not set: the port `next start` binds by default")
        draft.guess("port", port[0], port[1])
    routes = _next_routes(directory, src)
    pick_probes(draft, routes)
    if draft.values["health_path"] is None:
        draft.guess("health_path", "/", "no health route: the home page")
        draft.guess("readiness_path", "/", "no readiness route: the home page")
    if standalone:
        draft.set("start_command", ["node", "server.js"], "standalone output")
    else:
        draft.set("start_command", ["node", "node_modules/next/dist/bin/next", "start", "-p", str(port[0])],
                  "next start")
    draft.set("writable_paths", ["/tmp", "/app/.next/cache"], "Next.js writes its image and fetch cache")


def _next_routes(directory: Path, src: Path) -> dict[str, str]:
    """API routes from the file system: app/api/x/route.ts and pages/api/x.ts both serve /api/x."""
    routes: dict[str, str] = {}
    for route_file in sorted(src.glob("app/**/route.*")):
        parts = route_file.relative_to(src / "app").parent.parts
        url = "/" + "/".join(p for p in parts if not p.startswith("("))
        routes.setdefault(url, route_file.relative_to(directory).as_posix())
    for page in sorted(src.glob("pages/api/**/*.*")):
        url = "/" + page.relative_to(src / "pages").with_suffix("").as_posix()
        routes.setdefault(url.removesuffix("/index"), page.relative_to(directory).as_posix())
    return routes


def _vite(draft: Draft, directory: Path) -> None:
    draft.set("kind", ServiceKind.UI, "a static site")
    config = next((p for p in sorted(directory.glob("vite.config.*")) if p.is_file()), None)
    match = _VITE_OUT_DIR.search(config.read_text(encoding="utf-8")) if config else None
    draft.set("build_output", match.group(1) if match else "dist", config.name if match and config else "Vite default")
    draft.set("port", STATIC_PORT, "the static server (nginx-unprivileged) port")
    draft.set("health_path", "/", "a static site: the index page")
    draft.set("readiness_path", "/", "a static site: the index page")
    draft.set("start_command", ["nginx", "-g", "daemon off;"], "static files served by nginx")
    draft.set("writable_paths", ["/tmp"], "nginx-unprivileged keeps its pid and temp files in /tmp")


def _express(draft: Draft, directory: Path, package: dict, scripts: dict[str, str]) -> None:
    draft.set("kind", ServiceKind.BACKEND, "an Express API")
    port = _script_port(scripts)
    if port:
        draft.set("port", port[0], port[1])
    else:
        found = first_match(directory, JS_SUFFIXES, _LISTEN_PORT)
        draft.set("port", int(next(g for g in found[0].groups() if g)) if found else None, found[1] if found else "")
    pick_probes(draft, route_paths(directory, JS_SUFFIXES, _EXPRESS_ROUTE))
    draft.set("start_command", None, "")
    for script in ("start:prod", "start", "serve"):
        command = parse(f"npm run {script}") if script in scripts else None
        found = node_entry(directory, command) if command else None
        if found:
            draft.set("start_command", found[0], f"package.json scripts.{script} ({found[1]})", "declared")
            break
    else:
        main = package.get("main")
        entries = ([main] if isinstance(main, str) else []) + list(_ENTRY_FILES)
        entry = next((e for e in entries if (directory / e).is_file()), None)
        if entry:
            draft.set("start_command", ["node", entry], "package.json main" if entry == main else f"{entry} exists")
        if isinstance(main, str) and main != entry:
            draft.warnings.append(f"package.json main {main!r} does not exist; "
                                  + (f"using {entry}" if entry else "no entry file found"))
    draft.set("writable_paths", ["/tmp"], "node writes temp files")
