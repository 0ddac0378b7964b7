"""Scan a repository, find its services and build the AppPlan every artifact is rendered from."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable

from agent.errors import UsageError
from agent.generation.detect_go import detect_go, is_go_service
from agent.generation.detect_node import detect_node, is_node_service
from agent.generation.detect_python import detect_python, is_python_service
from agent.generation.decoys import decoy_reason
from agent.generation.draft import Draft
from agent.generation.evidence.apply import apply as apply_evidence
from agent.generation.evidence.collect import collect
from agent.generation.traps import find_traps
from agent.generation.models import AppPlan, EnvKind, Resources, ServiceCall, ServiceKind, ServicePlan
from agent.generation.overrides import PLAN_FIELD, QUESTIONS, Ask, load_overrides, parse_override
from agent.generation.sourcefiles import SKIPPED_DIRS

MAX_DEPTH = 3
# Constitution section IX: backends and UIs get different defaults.
RESOURCES = {
    ServiceKind.BACKEND: Resources(cpu_request="250m", memory_request="256Mi", cpu_limit="500m", memory_limit="512Mi"),
    ServiceKind.UI: Resources(cpu_request="100m", memory_request="128Mi", cpu_limit="200m", memory_limit="256Mi"),
}
BASE_IMAGES = {"python": "python:{v}-slim", "node": "node:{v}-alpine", "go": "golang:{v}-alpine"}
_APP_DEF = re.compile(r"^\w+\s*=\s*(?:FastAPI|Flask)\(|^def create_app\(", re.MULTILINE)
_CALL_ENV = re.compile(r"(?:^|_)(?:API|BACKEND|SERVER)(?:_BASE)?_(?:URL|URI|HOST)$")


Detector = Callable[[Path], Draft]


def _detector(directory: Path) -> Detector | None:
    """The detector for the stack in directory (Node first: a Next.js app may also carry a requirements.txt)."""
    if is_node_service(directory):
        return detect_node
    if is_go_service(directory):
        return detect_go
    if is_python_service(directory):
        return detect_python
    return None


def find_services(root: Path, include: tuple[str, ...] = ()) -> tuple[list[tuple[Path, Detector]], dict[str, str]]:
    """Service directories under root with their detector, sorted, and the decoy directories passed over
    (path -> why). root itself is a service when nothing below is, or when it holds an app of its own."""
    found: list[tuple[Path, Detector]] = []
    skipped: dict[str, str] = {}
    for dirpath, dirnames, _ in os.walk(root):
        here = Path(dirpath)
        depth = len(here.relative_to(root).parts)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith(".")) \
            if depth < MAX_DEPTH else []
        detector = _detector(here) if here != root else None
        if detector:
            rel = here.relative_to(root).as_posix()
            why = decoy_reason(rel)
            if why and not any(rel == i.strip("/") or rel.startswith(i.strip("/") + "/") for i in include):
                skipped[rel] = why
            else:
                found.append((here, detector))
            dirnames[:] = []
    root_detector = _detector(root)
    if root_detector and (not found or _has_own_app(root, [d for d, _ in found])):
        found.append((root, root_detector))
    return sorted(found, key=lambda item: item[0]), skipped


def _has_own_app(root: Path, services: list[Path]) -> bool:
    """root holds an app besides its sub-services: a Python app module outside them, a Go main, a Node server."""
    if (root / "main.go").is_file() or any(root.glob("cmd/*/main.go")):
        return True
    if (root / "package.json").is_file() and detect_node_is_app(root):
        return True
    if (root / "pyproject.toml").is_file() and "[tool.uv.workspace]" in (root / "pyproject.toml").read_text("utf-8"):
        return False
    for path in root.glob("*.py"):
        if _APP_DEF.search(path.read_text(encoding="utf-8", errors="replace")):
            return True
    for init in root.glob("*/__init__.py"):
        package = init.parent
        if package in services or package.name in ("tests", "test", "scripts", "docs"):
            continue
        if any(_APP_DEF.search(p.read_text(encoding="utf-8", errors="replace")) for p in package.glob("*.py")):
            return True
    return False


def detect_node_is_app(root: Path) -> bool:
    import json

    try:
        package = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(package, dict) and not package.get("workspaces") and is_node_service(root)


def _service_name(root: Path, directory: Path) -> str:
    name = directory.name if directory != root else root.resolve().name
    return re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")


def detect_app(root: Path, *, name: str | None = None, version: str = "1.0.0", sets: list[str] | None = None,
               ask: Ask | None = None, include: tuple[str, ...] = (), partial: bool = False) -> AppPlan:
    """Detect every service under root. Values detection misses come from agent.toml / --set, else `ask`;
    with nobody to ask, a missing required value is a UsageError naming the agent.toml key to set."""
    root = root.resolve()
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory", hint="pass the path of the repository to scan")
    found, skipped = find_services(root, include)
    if not found:
        raise UsageError(f"no service found under {root}",
                         hint="a service is a directory with requirements.txt / pyproject.toml / manage.py, "
                              "a package.json using next, vite or express, or a go.mod")
    drafts = {_service_name(root, directory): detector(directory) for directory, detector in found}
    for service, draft in drafts.items():
        apply_evidence(draft, collect(draft.directory, root, service))
        draft.warnings.extend(find_traps(draft, root))
    overrides = load_overrides(root, sets or [])
    unknown = sorted(set(overrides) - set(drafts))
    if unknown:
        raise UsageError(f"overrides name unknown service(s): {', '.join(unknown)}",
                         hint=f"detected services: {', '.join(sorted(drafts))}")
    for service, draft in drafts.items():
        _apply_overrides(service, draft, overrides.get(service, {}))
        _ask_missing(service, draft, ask, partial)
    _link_calls(drafts)
    services = [_plan(service, root, draft) for service, draft in drafts.items()]
    app_name = name or _service_name(root, root)
    return AppPlan(name=app_name, version=version, source_dir=".", services=services, skipped=skipped)


def _apply_overrides(service: str, draft: Draft, raw: dict[str, Any]) -> None:
    override = parse_override(service, raw)
    for key, value in override.model_dump(exclude_none=True).items():
        draft.set(PLAN_FIELD[key], value, "agent.toml / --set", "declared")
    if override.health_path and not override.readiness_path and draft.values.get("readiness_path") is None:
        draft.set("readiness_path", override.health_path, "agent.toml / --set health_path")


# What a partial plan (`--plan` with nothing to ask) shows for a value nobody could tell.
UNKNOWN = {"port": 0, "start_command": [], "language_version": "?"}


def _ask_missing(service: str, draft: Draft, ask: Ask | None, partial: bool = False) -> None:
    """Ask for what detection missed and, interactively, confirm what it only guessed."""
    for key, (question, example) in QUESTIONS.items():
        field = PLAN_FIELD[key]
        guessed = draft.confidence.get(field) == "guessed"
        if draft.values.get(field) is not None and not (guessed and ask and field != "language_version"):
            continue
        prompt = question.format(service=service, language=draft.values.get("language", ""))
        if guessed:
            prompt += f" [guessed: {_shown(draft.values[field])}; Enter keeps it]"
        answer = ask(service, key, prompt) if ask else None
        if guessed and not answer:
            continue
        if not answer and partial and field != "health_path":
            draft.set(field, UNKNOWN[field], "unknown: set it in agent.toml or with --set", "unknown")
            continue
        if not answer and field == "health_path":
            draft.guess("health_path", "/", "no health route found: the root path")
            continue
        if not answer:
            raise UsageError(f"could not detect the {key.replace('_', ' ')} of service {service!r}",
                             hint=f"set it in the app root's agent.toml: [services.{service}] {key} = {example} "
                                  f"(or pass --set {service}.{key}=...)")
        _apply_overrides(service, draft, {key: answer})
        draft.sources[field] = "asked"
        draft.confidence[field] = "declared"
    if draft.values.get("readiness_path") is None:
        draft.set("readiness_path", draft.values["health_path"], "no readiness route: the health path",
                  draft.confidence.get("health_path", "inferred"))


def _shown(value: object) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def _link_calls(drafts: dict[str, Draft]) -> None:
    """A variable holding another service's URL (NEXT_PUBLIC_API_URL, BACKEND_URL, ...) is a call to it."""
    backends = [n for n, d in drafts.items() if d.values["kind"] is ServiceKind.BACKEND]
    for service, draft in drafts.items():
        calls = []
        for var in draft.values.get("env", []):
            env_words = var.name.replace("NEXT_PUBLIC_", "").replace("VITE_", "")
            named = [n for n in drafts if n != service and env_words.startswith(n.upper().replace("-", "_") + "_")
                     and env_words.endswith(("_URL", "_URI", "_HOST"))]
            others = [n for n in backends if n != service]
            if named:
                calls.append(ServiceCall(env=var.name, target=named[0]))
            elif _CALL_ENV.search(env_words) and len(others) == 1 and var.kind is EnvKind.CONFIG:
                calls.append(ServiceCall(env=var.name, target=others[0]))
        draft.set("calls", calls, "environment variables naming another service's URL")


def _plan(service: str, root: Path, draft: Draft) -> ServicePlan:
    values = dict(draft.values)
    kind = values["kind"]
    values["base_image"] = BASE_IMAGES[values["language"]].format(v=values["language_version"])
    values.setdefault("resources", RESOURCES[kind])
    rel = draft.directory.relative_to(root).as_posix()
    fields = {k: v for k, v in values.items() if k in ServicePlan.model_fields}
    return ServicePlan(name=service, path=rel or ".", sources=dict(sorted(draft.sources.items())),
                       confidence=dict(sorted(draft.confidence.items())), warnings=draft.warnings, **fields)
