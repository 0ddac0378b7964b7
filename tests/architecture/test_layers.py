"""The layers of the tree, checked: an import may point down or sideways, never up, and modules form no cycle.

`LAYERS` is the table docs/DESIGN.md draws. `KNOWN_UPWARD` and `KNOWN_CYCLES` are the debts issue 11 has not
paid yet: the test fails on any new violation, and on a listed one that is gone (so the lists only shrink).
Imports under `if TYPE_CHECKING:` are annotations, not dependencies, and are not counted.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# lowest first; a package may import its own layer and the ones below
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("agent", "agent.errors", "agent.redact", "agent.textfiles", "agent.kube", "agent.cancel")),
    ("core", ("agent.config", "agent.tooling", "agent.gate", "agent.safety", "agent.phr", "agent.programs")),
    ("domain", ("agent.diagnosis", "agent.validation", "agent.generation", "agent.providers")),
    ("services", ("agent.loop", "agent.aitools", "agent.operate", "agent.deploy", "agent.doctor")),
    ("tools", ("tools",)),
    ("surfaces", ("agent.session", "agent.mcp", "agent.repl", "agent.tui", "agent.cli", "agent.__main__")),
]

# (importing package, imported package): upward imports still to remove
KNOWN_UPWARD = {
    ("agent.config", "agent.providers"),
    ("agent.phr", "agent.aitools"),
    ("agent.aitools", "agent.mcp"),
    ("agent.aitools", "tools"),
    ("agent.deploy", "tools"),  # Docker and kubectl clients still live in tools/ (move to agent/programs)
    ("agent.generation", "agent.aitools"),  # the generation service runs the chains (issue 14)
    ("agent.generation", "tools"),  # generation.verify builds with tools.docker's client
}
KNOWN_CYCLES: set[frozenset[str]] = {
    frozenset({"agent.diagnosis.facts", "agent.diagnosis.intake.lookups"}),
}


def package_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "tools":
        return "tools"
    return ".".join(parts[:2])


def layer_of(package: str) -> int:
    for rank, (_, packages) in enumerate(LAYERS):
        if package in packages:
            return rank
    raise AssertionError(f"{package} is in no layer: add it to LAYERS (and to the table in docs/DESIGN.md)")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _typing_only(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports() -> dict[str, set[str]]:
    """Module -> the agent/tools modules it imports (at the top or inside functions)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in [*ROOT.glob("agent/**/*.py"), *ROOT.glob("tools/**/*.py")]:
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _typing_only(tree)
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for target in targets:
                if target.split(".")[0] in ("agent", "tools") and _exists(target):
                    found[module].add(target)
    return found


def _exists(module: str) -> bool:
    base = ROOT.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def test_every_package_has_a_layer() -> None:
    for module in imports():
        layer_of(package_of(module))


def test_no_import_points_up() -> None:
    upward = set()
    for module, targets in imports().items():
        for target in targets:
            source, dest = package_of(module), package_of(target)
            if layer_of(dest) > layer_of(source):
                upward.add((source, dest))
    new = upward - KNOWN_UPWARD
    assert not new, "imports pointing up a layer (see docs/DESIGN.md, Layers):\n" + "\n".join(
        f"  {a} -> {b}: " + ", ".join(sorted(f"{m} -> {t}" for m, ts in imports().items() for t in ts
                                             if package_of(m) == a and package_of(t) == b))
        for a, b in sorted(new))
    paid = KNOWN_UPWARD - upward
    assert not paid, f"no longer imported upward, remove from KNOWN_UPWARD: {sorted(paid)}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_cycles() -> None:
    graph = {m: {t for t in ts if t != m and not m.startswith(t + ".")} for m, ts in imports().items()}
    # a package's __init__ re-exporting its modules is not a cycle with them
    graph = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    cycles = {frozenset(c) for c in _cycles(graph)}
    new = cycles - KNOWN_CYCLES
    assert not new, "import cycles between modules:\n" + "\n".join(f"  {' <-> '.join(sorted(c))}" for c in new)
    assert not KNOWN_CYCLES - cycles, "a known cycle is gone: remove it from KNOWN_CYCLES"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    tree = ast.parse("from agent.tui.app import AgentApp\n")
    node = tree.body[0]
    assert isinstance(node, ast.ImportFrom)
    assert layer_of(package_of(node.module or "")) > layer_of(package_of("agent.kube.pods"))
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
