"""Stand-in executables for kubectl-ai, kagent and `docker ai` (Gordon), which cannot be installed in CI.

Each reproduces its program's documented arguments, exit codes and output
formats, including the failure modes, and appends its argv to $STANDIN_ARGV_LOG.
`install(bin_dir)` copies them into a directory with this interpreter as shebang.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = ("kubectl-ai", "kagent", "docker")


def install(bin_dir: Path) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "_record.py", bin_dir / "_record.py")
    for name in PROGRAMS:
        source = (HERE / name).read_text(encoding="utf-8").split("\n", 1)[1]
        target = bin_dir / name
        target.write_text(f"#!{sys.executable}\n{source}", encoding="utf-8")
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return bin_dir


def recorded(log: Path) -> list[list[str]]:
    if not log.is_file():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def venv_bin() -> str:
    """The interpreter's bin directory (hadolint lives there), kept on PATH by the fixtures."""
    return os.path.dirname(sys.executable)
