from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def checkov_venv() -> Path:
    """The checkov virtualenv, created by scripts/ci/setup-checkov.sh (idempotent, fast when present)."""
    result = subprocess.run(["bash", str(REPO / "scripts/ci/setup-checkov.sh")], capture_output=True, text=True,
                            timeout=900, check=False)
    if result.returncode != 0:
        pytest.fail(f"scripts/ci/setup-checkov.sh failed:\n{result.stdout}\n{result.stderr}")
    venv = Path(os.environ.get("CHECKOV_VENV") or REPO / ".venv-checkov")
    assert (venv / "bin" / "checkov").is_file()
    return venv
