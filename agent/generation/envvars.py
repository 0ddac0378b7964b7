"""Find the environment variables a service's code reads, and sort them into config and secret."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from agent.generation.models import EnvKind, EnvVar
from agent.generation.sourcefiles import source_files

_SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|(^|_)KEY$|(^|_)API_KEY|_KEY_|(^|_)DSN$")
# Connection strings carry credentials even when the code holds no default to show it.
_CONNECTION_STRING = re.compile(r"(DATABASE|DB|POSTGRES|MYSQL|MONGO\w*|REDIS|AMQP|RABBITMQ)_(URL|URI)$")
_URL_WITH_CREDENTIALS = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s:]+:[^/@\s]+@")
_BROWSER_PREFIXES = ("NEXT_PUBLIC_", "VITE_", "REACT_APP_")

_JS_ENV = re.compile(
    r"process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*['\"]([A-Z_][A-Z0-9_]*)['\"]\s*\])"
    r"(?:\s*(?:\|\||\?\?)\s*(['\"`])([^'\"`]*)\3)?")
_VITE_ENV = re.compile(r"import\.meta\.env\.([A-Z_][A-Z0-9_]*)")
_GO_ENV = re.compile(r"os\.(?:Getenv|LookupEnv)\(\s*\"([A-Za-z_][A-Za-z0-9_]*)\"\s*\)")
# Variables every runtime sets or our images set themselves; never configuration of the app.
_RUNTIME_VARS = {"NODE_ENV", "PORT", "HOSTNAME", "HOME", "PATH", "NEXT_RUNTIME", "PYTHONPATH", "VERCEL", "CI",
                 "NEXT_TELEMETRY_DISABLED", "DEV", "PROD", "MODE", "BASE_URL", "SSR"}


def classify(name: str, default: str | None) -> EnvKind:
    if name.startswith(_BROWSER_PREFIXES):
        return EnvKind.CONFIG  # shipped to every browser: it cannot be a secret
    if _SECRET_NAME.search(name) or _CONNECTION_STRING.search(name):
        return EnvKind.SECRET
    if default and _URL_WITH_CREDENTIALS.match(default):
        return EnvKind.SECRET
    return EnvKind.CONFIG


def _make(name: str, default: str | None, source: str) -> EnvVar:
    kind = classify(name, default)
    return EnvVar(name=name, kind=kind, default=default if kind is EnvKind.CONFIG else None,
                  source=source, build_time=name.startswith(_BROWSER_PREFIXES))


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)):
        return str(node.value)
    return None


def _is_os_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ"
            and isinstance(node.value, ast.Name) and node.value.id == "os") or (
        isinstance(node, ast.Name) and node.id == "environ")


def _python_reads(tree: ast.AST) -> list[tuple[str, str | None, int]]:
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
            # os.environ.get("LOG_LEVEL") or "INFO": the literal after `or` is the default
            default = _literal(node.values[1])
            found.extend((name, default, line) for name, _, line in _python_reads(node.values[0]) if default)
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            name = _literal(node.slice)
            if name:
                found.append((name, None, node.lineno))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            getenv = (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
                isinstance(func, ast.Name) and func.id == "getenv")
            environ_get = isinstance(func, ast.Attribute) and func.attr == "get" and _is_os_environ(func.value)
            name = _literal(node.args[0])
            if (getenv or environ_get) and name:
                default = _literal(node.args[1]) if len(node.args) > 1 else None
                found.append((name, default, node.lineno))
        elif isinstance(node, ast.ClassDef) and any(
                (isinstance(b, ast.Name) and b.id == "BaseSettings")
                or (isinstance(b, ast.Attribute) and b.attr == "BaseSettings") for b in node.bases):
            found.extend(_settings_fields(node))
    return found


def _settings_fields(cls: ast.ClassDef) -> list[tuple[str, str | None, int]]:
    """pydantic BaseSettings: each annotated field is read from the env var of its (prefixed) name."""
    prefix = ""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "model_config" for t in stmt.targets):
            if isinstance(stmt.value, ast.Call):
                for kw in stmt.value.keywords:
                    if kw.arg == "env_prefix":
                        prefix = _literal(kw.value) or ""
    fields = []
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id != "model_config":
            default = _literal(stmt.value)
            if isinstance(stmt.value, ast.Call):  # Field(default=..., ...) or Field("...")
                args = stmt.value.args
                kws = {kw.arg: kw.value for kw in stmt.value.keywords}
                default = _literal(args[0]) if args else _literal(kws.get("default"))
            fields.append(((prefix + stmt.target.id).upper(), default, stmt.lineno))
    return fields


def scan_python(service_dir: Path) -> list[EnvVar]:
    reads: dict[str, EnvVar] = {}
    for path in source_files(service_dir, (".py",)):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        rel = path.relative_to(service_dir).as_posix()
        for name, default, line in _python_reads(tree):
            _keep(reads, _make(name, default, f"{rel}:{line}"))
    return _ordered(reads)


def scan_regex(service_dir: Path, suffixes: tuple[str, ...], language: str) -> list[EnvVar]:
    reads: dict[str, EnvVar] = {}
    for path in source_files(service_dir, suffixes):
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(service_dir).as_posix()
        for name, default, offset in _regex_reads(text, language):
            line = text.count("\n", 0, offset) + 1
            _keep(reads, _make(name, default, f"{rel}:{line}"))
    return _ordered(reads)


def _regex_reads(text: str, language: str) -> list[tuple[str, str | None, int]]:
    if language == "go":
        return [(m.group(1), None, m.start()) for m in _GO_ENV.finditer(text)]
    found = [(m.group(1) or m.group(2), m.group(4), m.start()) for m in _JS_ENV.finditer(text)]
    found += [(m.group(1), None, m.start()) for m in _VITE_ENV.finditer(text)]
    return found


def _keep(reads: dict[str, EnvVar], var: EnvVar) -> None:
    if var.name in _RUNTIME_VARS:
        return
    first = reads.get(var.name)
    if first is None:
        reads[var.name] = var
    elif first.default is None and var.default is not None:
        reads[var.name] = first.model_copy(update={"default": var.default})


def _ordered(reads: dict[str, EnvVar]) -> list[EnvVar]:
    return [reads[name] for name in sorted(reads)]
