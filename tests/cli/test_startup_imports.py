"""Start-up is a feature: --help and --version must not import heavy or LLM modules."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from agent.cli import COMMANDS

HEAVY = ("openai", "anthropic", "langchain_core", "langchain_openai", "langchain_anthropic", "kubernetes",
         "docker", "textual", "rich", "pydantic", "pydantic_settings", "httpx", "yaml", "jinja2")

PROBE = """
import json, sys
from agent.cli import cli
try:
    cli.main(args=sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))
"""


def loaded_modules(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--version",), ("--help",)] + [(name, "--help") for name in sorted(COMMANDS)],
                         ids=lambda a: " ".join(a))
def test_help_paths_import_nothing_heavy(args: tuple[str, ...]) -> None:
    heavy = loaded_modules(*args) & set(HEAVY)
    assert not heavy, f"`agent {' '.join(args)}` imported {sorted(heavy)}; move those imports into the command body"
