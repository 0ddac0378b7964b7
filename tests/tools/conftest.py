"""A fake `kubectl` on PATH that prints its argv, one argument per line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

FAKE_KUBECTL = """#!/bin/sh
# Behaviour is chosen by FAKE_KUBECTL_MODE; every call leaves a mark in $FAKE_KUBECTL_CALLS.
echo called >> "$FAKE_KUBECTL_CALLS"
case "$FAKE_KUBECTL_MODE" in
  fail) echo 'Error from server (NotFound): pods "nope" not found' >&2; exit 1 ;;
  empty) echo 'No resources found in shop namespace.' >&2; exit 0 ;;
  slow) sleep 30 ;;
  big) i=0; while [ $i -lt 3000 ]; do echo "pod-$i   1/1   Running   0   5m"; i=$((i+1)); done; exit 0 ;;
esac
for arg in "$@"; do printf '%s\\n' "$arg"; done
"""


@pytest.fixture
def fake_kubectl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put the fake kubectl first on PATH; returns the file that counts its calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "kubectl"
    script.write_text(FAKE_KUBECTL)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    calls = tmp_path / "calls"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_KUBECTL_CALLS", str(calls))
    monkeypatch.delenv("FAKE_KUBECTL_MODE", raising=False)
    return calls
