"""Let what the repository states win over what detection inferred from code or fell back on.

A stated value replaces a detected one when its source ranks higher (ranks.yaml). Python start commands are
translated to our image (pystart); Node ones are followed through package.json scripts and pm2 files to the
entry they run, which must exist (or be built by the build script).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from agent.generation.draft import Draft
from agent.generation.evidence.collect import of
from agent.generation.evidence.commandline import Command, parse
from agent.generation.evidence.models import Evidence, Fact
from agent.generation.evidence.ranks import confidence, rank
from agent.generation.models import WorkerProcess
from agent.generation.pystart import PINNED_SERVERS_FOR, is_worker, translate

_CURRENT = {"declared": 60, "inferred": 50, "guessed": 20}
_NODE_ENTRY = re.compile(r"^[\w./-]+(\.[cm]?js)?$")


def _current_rank(draft: Draft, key: str) -> int:
    if draft.values.get(key) is None:
        return -1
    return _CURRENT.get(draft.confidence.get(key, "inferred"), 50)


def _take(draft: Draft, key: str, value: object, ev: Evidence, why: str = "") -> None:
    draft.set(key, value, ev.source + (f" ({why})" if why else ""), confidence(ev.reader))


def apply(draft: Draft, evidence: list[Evidence]) -> None:
    language = draft.values.get("language")
    starts = [(e, parse(str(e.value))) for e in of(evidence, Fact.START)]
    starts = [(e, c) for e, c in starts if c is not None]
    workers = [WorkerProcess(name=e.process, command=str(e.value), source=e.source) for e in of(evidence, Fact.WORKER)]
    if language == "python":
        for e, c in starts:
            if is_worker(c):
                workers.append(WorkerProcess(name=c.program, command=str(e.value), source=e.source))
        starts = [(e, c) for e, c in starts if not is_worker(c)]
    _port(draft, evidence, starts)
    if language == "python":
        _python_start(draft, starts)
    elif language == "node":
        _node_start(draft, starts)
    health = next(iter(of(evidence, Fact.HEALTH)), None)
    if health and isinstance(health.value, str) and rank(health.reader) > _current_rank(draft, "health_path"):
        _take(draft, "health_path", health.value, health)
        if draft.confidence.get("readiness_path") != "declared" or draft.values.get("readiness_path") is None:
            _take(draft, "readiness_path", health.value, health, "the health check")
    release = [str(e.value) for e in of(evidence, Fact.RELEASE)]
    for _, c in starts[:1]:
        release = [" ".join(step) for step in c.before] + release
    seen: dict[str, None] = {}
    draft.set("release_commands", list(dict.fromkeys(release, None)) if release else [], "start manifests")
    unique = {w.name: w for w in workers}
    draft.set("workers", list(unique.values()), "Procfile / render.yaml / compose / start commands")
    del seen


def _port(draft: Draft, evidence: list[Evidence], starts: list[tuple[Evidence, Command]]) -> None:
    stated = [(rank(e.reader), e, c.port) for e, c in starts if c.port]
    stated += [(rank(e.reader), e, int(e.value)) for e in of(evidence, Fact.PORT) if isinstance(e.value, int)]
    if draft.values.get("framework") and draft.values["framework"].value == "vite":
        return  # the static server's port is ours
    for score, e, port in sorted(stated, key=lambda item: -item[0]):
        if score > _current_rank(draft, "port"):
            _take(draft, "port", port, e)
        return


def _python_start(draft: Draft, starts: list[tuple[Evidence, Command]]) -> None:
    port = draft.values.get("port") or 8000
    for e, command in starts:
        if rank(e.reader) <= _current_rank(draft, "start_command"):
            return
        result = translate(draft.directory, command, port, draft.values.get("app_object"))
        if result is None:
            continue
        _take(draft, "start_command", result.argv, e)
        if result.target:
            _take(draft, "app_object", result.target, e)
        draft.set("workdir", result.root or None, f"{e.source}: imports from {result.root or '.'}/")
        server = result.argv[0].rsplit("/", 1)[-1]
        extra = [p for p in draft.values.get("extra_packages", []) if not p.startswith(tuple(PINNED_SERVERS_FOR))]
        if server in PINNED_SERVERS_FOR and not _declares(draft, server):
            extra.append(PINNED_SERVERS_FOR[server])
        draft.set("extra_packages", extra, "production server not in the dependencies" if extra else "dependencies")
        return


def _declares(draft: Draft, package: str) -> bool:
    deps = draft.values.get("dependencies") or set()
    return package in deps


def _package(directory: Path) -> dict:
    try:
        data = json.loads((directory / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def node_entry(directory: Path, command: Command, depth: int = 0) -> tuple[list[str], str] | None:
    """The `node FILE` a Node start command comes down to, following package scripts and pm2 files."""
    package = _package(directory)
    scripts: dict[str, str] = package.get("scripts", {}) if isinstance(package.get("scripts"), dict) else {}
    argv = command.argv
    program = command.program
    if depth > 4 or not argv:
        return None
    script = None
    if program in ("npm", "pnpm", "yarn", "bun"):
        rest = [a for a in argv[1:] if not a.startswith("-")]
        if rest[:1] == ["run"] or rest[:1] == ["run-script"]:
            rest = rest[1:]
        script = rest[0] if rest else None
        if program == "npm" and rest[:1] == ["start"]:
            script = "start"
    if script:
        text = scripts.get(script)
        nested = parse(text) if text else None
        if nested is None:
            return None
        found = node_entry(directory, nested, depth + 1)
        return (found[0], f"scripts.{script} -> {found[1]}") if found else None
    if program in ("pm2", "pm2-runtime"):
        config = next((a for a in argv[1:] if "ecosystem" in a or a.endswith((".json", ".config.js"))), None)
        if config and (directory / config).is_file():
            match = re.search(r"""["']?script["']?\s*:\s*["']([^"']+)["']""", (directory / config).read_text("utf-8"))
            if match:
                return ["node", match.group(1)], f"{config} script"
        target = next((a for a in argv[2:] if a.endswith(".js")), None)
        return (["node", target], "pm2 script") if target else None
    if program == "nest" and argv[1:2] == ["start"]:
        return ["node", "dist/main"], "nest start runs the build output dist/main"
    if program == "node":
        target = next((a for a in argv[1:] if not a.startswith("-")), None)
        if target and _NODE_ENTRY.match(target) and (_exists(directory, target) or _built(target, scripts)):
            return ["node", target], "node"
    return None


def _exists(directory: Path, target: str) -> bool:
    return any((directory / f"{target}{suffix}").is_file() for suffix in ("", ".js", ".mjs", ".cjs"))


def _built(target: str, scripts: dict[str, str]) -> bool:
    return target.startswith(("dist/", "build/", "./dist/", "./build/")) and "build" in scripts


def _node_start(draft: Draft, starts: list[tuple[Evidence, Command]]) -> None:
    framework = draft.values["framework"].value
    if framework != "express":
        return
    for e, command in starts:
        if rank(e.reader) <= _current_rank(draft, "start_command"):
            return
        found = node_entry(draft.directory, command)
        if found:
            _take(draft, "start_command", found[0], e, found[1])
            return
