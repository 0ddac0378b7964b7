"""Read a shell command line the way a start manifest means it: the server it ends in, the steps before it,
the directory it changes into and the port it binds."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

# Wrappers that run the real command (stripped, in any order, at the front).
_WRAPPERS = (("poetry", "run"), ("uv", "run"), ("pipenv", "run"), ("pdm", "run"), ("hatch", "run"),
             ("rye", "run"), ("exec",), ("dumb-init",), ("tini", "--"), ("tini",), ("npx",), ("env",))
_NOISE = ("set", "echo", "sleep", "true", "export", ":", "wait-for-it", "./wait-for-it.sh")
_PORT_ENV = re.compile(r"\$\{?PORT(?::?-(\d+))?\}?")
_BIND = re.compile(r"^(?:[\w.\-]*|\[[:\w]*\]):(\d{2,5})$")
_PYTHON = re.compile(r"^(?:.*/)?python(?:3(?:\.\d+)?)?$")


@dataclass
class Command:
    argv: list[str]  # the serving command, wrappers stripped, $PORT left as the literal "$PORT"
    before: list[list[str]] = field(default_factory=list)  # steps run first (migrations, ...)
    cwd: str | None = None  # `cd DIR &&` in front of it
    port: int | None = None  # the port it binds, when it names one
    env: dict[str, str] = field(default_factory=dict)  # FOO=bar assignments in front of it

    @property
    def program(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""


def _segments(text: str) -> list[list[str]]:
    lexer = shlex.shlex(text.replace("\\\n", " "), posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    segments: list[list[str]] = [[]]
    try:
        for token in lexer:
            if token in (";", "&&", "||", "&", "|"):
                segments.append([])
            else:
                segments[-1].append(token)
    except ValueError:  # unbalanced quotes: fall back to whitespace
        return [text.split()]
    return [s for s in segments if s]


def _strip(argv: list[str], env: dict[str, str]) -> list[str]:
    changed = True
    while changed and argv:
        changed = False
        while argv and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", argv[0]):
            key, _, value = argv.pop(0).partition("=")
            env[key] = value
            changed = True
        for wrapper in _WRAPPERS:
            if tuple(argv[:len(wrapper)]) == wrapper:
                argv = argv[len(wrapper):]
                changed = True
                break
        if len(argv) >= 3 and _PYTHON.match(argv[0]) and argv[1] == "-m" and \
                argv[2] in ("gunicorn", "uvicorn", "hypercorn", "daphne", "flask", "celery", "fastapi"):
            argv = argv[2:]
            changed = True
    return argv


def bound_port(argv: list[str]) -> int | None:
    """The literal port an argv binds (--port 8000, -b :5000, --bind 0.0.0.0:80, -p 3000, [::]:$PORT with a default)."""
    for i, token in enumerate(argv):
        flag, eq, inline = token.partition("=")
        value = inline if eq else (argv[i + 1] if i + 1 < len(argv) else "")
        if flag in ("--port", "-p", "--listen", "--http-port"):
            match = re.match(r"^(\d{2,5})$", value)
            if match:
                return int(match.group(1))
            default = _PORT_ENV.search(value)
            if default and default.group(1):
                return int(default.group(1))
        if flag in ("--bind", "-b", "--host-port", "--addr"):
            match = _BIND.match(value)
            if match:
                return int(match.group(1))
            default = _PORT_ENV.search(value)
            if default and default.group(1):
                return int(default.group(1))
    return None


def parse(text: str) -> Command | None:
    """The command a start line runs, or None when it runs nothing we can read."""
    segments = _segments(text)
    cwd = None
    steps: list[tuple[list[str], dict[str, str]]] = []
    for segment in segments:
        env: dict[str, str] = {}
        argv = _strip(list(segment), env)
        if not argv:
            continue
        if argv[0] == "cd" and len(argv) == 2:
            cwd = argv[1].strip("/") or None
            continue
        if argv[0] in _NOISE or argv[0].startswith(("[", "if", "then", "fi", "do", "done", "while", "until")):
            continue
        steps.append((argv, env))
    if not steps:
        return None
    argv, env = steps[-1]
    return Command(argv=argv, before=[s for s, _ in steps[:-1]], cwd=cwd, port=bound_port(argv), env=env)


def port_env_default(text: str) -> int | None:
    match = _PORT_ENV.search(text)
    return int(match.group(1)) if match and match.group(1) else None
