"""Turn a start command the repository states (Procfile, Dockerfile CMD, ...) into the command our Python image
runs: the same server and app, bound to 0.0.0.0 on the service port, run from the directory the module imports
from, without development flags."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from agent.generation.evidence.commandline import Command
from agent.generation.pyimports import find_module

VENV = "/opt/venv/bin/"
# Servers we add to the image when the project does not declare them (pinned: reproducible builds).
PINNED_SERVERS_FOR = {"uvicorn": "uvicorn==0.32.1", "gunicorn": "gunicorn==23.0.0"}
WORKER_PROGRAMS = ("celery", "rq", "arq", "dramatiq", "huey_consumer", "rqworker")
_TARGET = re.compile(r"^[A-Za-z_][\w.]*(?::[A-Za-z_][\w.]*(?:\(\))?)?$")
# flags we set ourselves (or that only make sense in development), with whether they take a value
_DROP = {
    "uvicorn": {"--host": True, "--port": True, "--reload": False, "--app-dir": True, "--uds": True},
    "gunicorn": {"-b": True, "--bind": True, "--reload": False, "--chdir": True},
    "hypercorn": {"-b": True, "--bind": True, "--reload": False},
    "daphne": {"-b": True, "--bind": True, "-p": True, "--port": True},
}


@dataclass
class PythonStart:
    argv: list[str]
    target: str | None  # module:attr when the command serves an app object
    root: str  # the directory the module imports from ("" = the service directory)


def _drop(argv: list[str], program: str) -> list[str]:
    rules = _DROP.get(program, {})
    out: list[str] = []
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        flag = token.split("=", 1)[0]
        if flag in rules:
            skip = rules[flag] and "=" not in token
            continue
        out.append(token)
    return out


def _bind(program: str, port: int) -> list[str]:
    if program == "uvicorn":
        return ["--host", "0.0.0.0", "--port", str(port)]
    if program == "daphne":
        return ["-b", "0.0.0.0", "-p", str(port)]
    return ["--bind", f"0.0.0.0:{port}"]


def is_worker(command: Command) -> bool:
    return command.program in WORKER_PROGRAMS or (command.program == "flask" and "rq" in command.argv[1:2])


def translate(directory: Path, command: Command, port: int, app_object: str | None) -> PythonStart | None:
    """Our image's command for a stated one; None when it is no server we can run (a worker, a dev server)."""
    program = command.program
    args = [a.replace("$PORT", str(port)).replace("${PORT}", str(port)) for a in command.argv[1:]]
    if program in _DROP:
        kept = _drop(args, program)
        target = next((a for a in kept if _TARGET.match(a) and not a.startswith("-") and
                       ("." in a or ":" in a) and not a.endswith((".py", ".conf"))), None)
        if target is None:
            return None
        module = target.split(":")[0]
        root = find_module(directory, module, command.cwd)
        if root is None:
            return None
        target_full = target
        if program == "gunicorn" and ":" not in target:
            target_full = f"{target}:application"  # gunicorn's default callable name
        kept = [target_full if a == target else a for a in kept]
        return PythonStart([VENV + program, *kept, *_bind(program, port)], target_full, root)
    if program == "fastapi" and args[:1] in (["run"], ["dev"]) and app_object:
        return PythonStart([VENV + "uvicorn", app_object.removesuffix("()"), *_bind("uvicorn", port)],
                           app_object, _root_of(directory, app_object, command.cwd))
    if program == "flask" and args[:1] == ["run"] and app_object:
        return PythonStart([VENV + "gunicorn", app_object, *_bind("gunicorn", port)], app_object,
                           _root_of(directory, app_object, command.cwd))
    if re.match(r"^python(3(\.\d+)?)?$", program) and args:
        if "runserver" in args:
            return None  # Django's development server: the WSGI app is served with gunicorn instead
        root = command.cwd or ""
        if args[0] == "-m" and len(args) > 1:
            found = find_module(directory, args[1], command.cwd)
            root = found if found is not None else root
        elif not (directory / root / args[0]).is_file():
            return None
        return PythonStart([VENV + "python3", *args], None, root)
    return None


def _root_of(directory: Path, target: str, cwd: str | None) -> str:
    found = find_module(directory, target.split(":")[0], cwd)
    return found or ""
