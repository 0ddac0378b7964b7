"""Python services: FastAPI, Flask, Django and plain Python (requirements.txt or pyproject with pip/poetry/uv)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path, PurePosixPath

from agent.generation.draft import Draft, first_match, pick_probes, route_paths
from agent.generation.envvars import scan_python
from agent.generation.models import Framework, ServiceKind
from agent.generation.pyimports import absolute_imports, module_root
from agent.generation.sourcefiles import source_files
from agent.generation.versions import pick_version

DEFAULT_PYTHON = "3.13"
# Servers we add to the image when the project does not declare one (pinned: reproducible builds).
PINNED_SERVERS = {"uvicorn": "uvicorn==0.32.1", "gunicorn": "gunicorn==23.0.0"}
TOOL_PINS = {"poetry": "poetry==1.8.5", "uv": "uv==0.5.11"}
_ROUTE = re.compile(r"""\.(?:get|route|api_route|head|add_get)\(\s*["'](/[^"'{<]*)["']""")
_DJANGO_ROUTE = re.compile(r"""(?:re_)?path\(\s*r?["']\^?([^"'<$]*)\$?["']""")
_PORT = re.compile(r"(?:--port[ =]|--bind[ =][\w.]*:|-b [\w.]*:|\bport\s*=\s*)(\d{2,5})\b")
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def is_python_service(directory: Path) -> bool:
    return any((directory / name).is_file() for name in ("requirements.txt", "pyproject.toml", "manage.py"))


def detect_python(directory: Path) -> Draft:
    draft = Draft(directory)
    pyproject = _load_toml(directory / "pyproject.toml")
    deps = _dependencies(directory, pyproject)
    draft.values["dependencies"] = deps
    _package_manager(draft, directory, pyproject)
    framework = _framework(directory, deps)
    draft.set("framework", framework, "dependencies" if framework is not Framework.PYTHON else "no web framework")
    draft.set("kind", ServiceKind.BACKEND, "python services serve APIs")
    draft.set("language", "python", "manifest")
    draft.set("writable_paths", ["/tmp"], "python writes temp files")
    _python_version(draft, directory, pyproject)
    _port(draft, directory, framework)
    routes = route_paths(directory, (".py",), _DJANGO_ROUTE if framework is Framework.DJANGO else _ROUTE)
    pick_probes(draft, routes)
    _start_command(draft, directory, framework, deps, pyproject)
    draft.set("env", scan_python(directory), "code")
    return draft


def _load_toml(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError:
        return {}


def _dependencies(directory: Path, pyproject: dict) -> set[str]:
    names: set[str] = set()
    requirements = directory / "requirements.txt"
    if requirements.is_file():
        for line in requirements.read_text(encoding="utf-8").splitlines():
            match = _REQUIREMENT.match(line)
            if match and not line.lstrip().startswith(("#", "-")):
                names.add(match.group(1))
    for spec in pyproject.get("project", {}).get("dependencies", []):
        match = _REQUIREMENT.match(spec)
        if match:
            names.add(match.group(1))
    names.update(pyproject.get("tool", {}).get("poetry", {}).get("dependencies", {}))
    return {re.sub(r"[-_.]+", "-", n).lower().split("[")[0] for n in names}


def _package_manager(draft: Draft, directory: Path, pyproject: dict) -> None:
    if (directory / "requirements.txt").is_file():
        draft.set("package_manager", "pip", "requirements.txt")
        draft.set("lock_file", None, "")
        draft.set("manifests", ["requirements.txt"], "requirements.txt")
        return
    if (directory / "uv.lock").is_file():
        manager, lock = "uv", "uv.lock"
    elif (directory / "poetry.lock").is_file() or "poetry" in pyproject.get("tool", {}):
        manager, lock = "poetry", "poetry.lock" if (directory / "poetry.lock").is_file() else None
    else:
        manager, lock = "pip", None
    draft.set("package_manager", manager, "pyproject.toml" + (f" + {lock}" if lock else ""))
    draft.set("installs_project", "build-system" in pyproject, "pyproject.toml [build-system]")
    draft.set("lock_file", lock, lock or "")
    draft.set("manifests", ["pyproject.toml"] + ([lock] if lock else []), "pyproject.toml")


def _framework(directory: Path, deps: set[str]) -> Framework:
    if (directory / "manage.py").is_file() or "django" in deps:
        return Framework.DJANGO
    if "fastapi" in deps:
        return Framework.FASTAPI
    if "flask" in deps:
        return Framework.FLASK
    return Framework.PYTHON


def _python_version(draft: Draft, directory: Path, pyproject: dict) -> None:
    pinned = directory / ".python-version"
    match = re.match(r"\d+\.\d+", pinned.read_text().strip()) if pinned.is_file() else None
    if match:
        draft.set("language_version", match.group(0), ".python-version")
        return
    requires = pyproject.get("project", {}).get("requires-python") or \
        pyproject.get("tool", {}).get("poetry", {}).get("dependencies", {}).get("python", "")
    declared = pick_version(str(requires).lstrip("^~"), DEFAULT_PYTHON, 2) if requires else None
    if declared:
        draft.set("language_version", declared, f"pyproject.toml requires-python {requires!r}")
    else:
        draft.guess("language_version", DEFAULT_PYTHON, "not declared: the constitution's python:3.13-slim")


def _port(draft: Draft, directory: Path, framework: Framework) -> None:
    found = first_match(directory, (".py", ".sh"), _PORT, extra_files=("Procfile", "Dockerfile", "Makefile"))
    if found:
        draft.set("port", int(found[0].group(1)), found[1])
    elif framework is not Framework.PYTHON:
        # For web frameworks the image starts the server itself, so the port is ours to choose.
        draft.guess("port", 8000, "not set in code: the port our production server binds")
    else:
        draft.set("port", None, "")


_NOT_THE_APP = re.compile(r"(^|/)(debug|test|tests|example|examples|sample|scratch|playground|conftest)[^/]*\.py$|"
                         r"(^|/)(scripts?|migrations|alembic)/")
_APP_NAMES = ("app", "application", "api", "server")


def _app_object(directory: Path, factory_names: tuple[str, ...]) -> tuple[str, str, str] | None:
    """`module:attr`, the directory it imports from and where it is, for the module that builds the app
    (app = FastAPI(), app = get_application(), def create_app). Debug, test and example files are passed over."""
    candidates: list[tuple[int, int, str, str, str]] = []
    counts = absolute_imports(directory)
    installs = (directory / "pyproject.toml").is_file() and "build-system" in _load_toml(directory / "pyproject.toml")
    for path in source_files(directory, (".py",)):
        rel = path.relative_to(directory)
        if _NOT_THE_APP.search(rel.as_posix()):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        for node in tree.body:
            found = None
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.targets[0], ast.Name):
                func = node.value.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                target = node.targets[0].id
                if name in factory_names or name == "create_app":
                    found = (0, target)
                elif target in _APP_NAMES and re.match(r"^(get|create|make|build)_?(app|application|api)", name):
                    found = (1, target)  # app = get_application(): a factory the module calls itself
            elif isinstance(node, ast.FunctionDef) and node.name == "create_app":
                found = (2, "create_app()")
            if found:
                module, root, _ = module_root(directory, PurePosixPath(rel.as_posix()), installs, counts)
                candidates.append((len(rel.parts), found[0], f"{module}:{found[1]}", root,
                                   f"{rel.as_posix()}:{node.lineno}"))
    if not candidates:
        return None
    _, _, target, root, where = min(candidates)
    return target, root, where


def _start_command(draft: Draft, directory: Path, framework: Framework, deps: set[str], pyproject: dict) -> None:
    port = draft.values.get("port")
    extra: list[str] = []
    if framework is Framework.DJANGO:
        manage = next((p for p in sorted(directory.glob("**/manage.py"), key=lambda p: len(p.parts))
                       if "node_modules" not in p.parts), None)
        project = manage.parent if manage else directory
        wsgi = next((p for p in source_files(project, ("wsgi.py",))), None)
        target = ".".join(wsgi.relative_to(project).with_suffix("").parts) + ":application" if wsgi else None
        draft.set("app_object", target, wsgi.relative_to(directory).as_posix() if wsgi else "")
        if project != directory:
            draft.set("workdir", project.relative_to(directory).as_posix(), "the directory of manage.py")
    elif framework in (Framework.FASTAPI, Framework.FLASK):
        found = _app_object(directory, ("FastAPI",) if framework is Framework.FASTAPI else ("Flask",))
        draft.set("app_object", found[0] if found else None, found[2] if found else "")
        if found and found[1]:
            draft.set("workdir", found[1], f"{found[2]}: the module imports from {found[1]}/")
    if framework is Framework.PYTHON:
        command, where = _plain_entrypoint(directory, pyproject)
        draft.set("start_command", command, where)
    elif draft.values.get("app_object"):
        target = draft.values["app_object"]
        if framework is Framework.FASTAPI and "gunicorn" not in deps:
            factory = ["--factory"] if target.endswith("()") else []
            command = ["/opt/venv/bin/uvicorn", target.removesuffix("()"), *factory,
                       "--host", "0.0.0.0", "--port", str(port), "--workers", "2"]
            extra = [] if "uvicorn" in deps else [PINNED_SERVERS["uvicorn"]]
        else:
            command = ["/opt/venv/bin/gunicorn", target, "--bind", f"0.0.0.0:{port}", "--workers", "2"]
            if framework is Framework.FASTAPI:
                command += ["--worker-class", "uvicorn.workers.UvicornWorker"]
            extra = [] if "gunicorn" in deps else [PINNED_SERVERS["gunicorn"]]
        draft.set("start_command", command, draft.sources["app_object"])
    else:
        draft.set("start_command", None, "")
    draft.set("extra_packages", extra, "production server not in the dependencies" if extra else "dependencies")


def _plain_entrypoint(directory: Path, pyproject: dict) -> tuple[list[str] | None, str]:
    scripts = pyproject.get("project", {}).get("scripts", {}) or pyproject.get("tool", {}).get("poetry", {}).get("scripts", {})
    if scripts:
        name = sorted(scripts)[0]
        return [f"/opt/venv/bin/{name}"], f"pyproject.toml [project.scripts] {name}"
    for main in sorted(directory.glob("*/__main__.py")):
        return ["/opt/venv/bin/python3", "-m", main.parent.name], main.relative_to(directory).as_posix()
    for name in ("main.py", "app.py", "server.py"):
        if (directory / name).is_file():
            return ["/opt/venv/bin/python3", name], name
    return None, ""
