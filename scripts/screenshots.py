"""Regenerate the README screenshots from the snapshot tests: `make screenshots`.

Runs the README snapshot tests with --snapshot-update (tests/tui/test_snapshots.py::test_readme_*), then copies
their SVGs to docs/screenshots under the names the README links. tests/tui checks the copies stay identical.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "tui" / "__snapshots__" / "test_snapshots"
OUT = ROOT / "docs" / "screenshots"
SHOTS = {"start": "test_readme_start", "answer": "test_readme_answer"}  # as README_SHOTS in the test module
SIZES = ("80x24", "120x40")


def main() -> int:
    tests = [f"tests/tui/test_snapshots.py::{test}" for test in SHOTS.values()]
    update = subprocess.run([sys.executable, "-m", "pytest", *tests, "--snapshot-update", "-p", "no:cacheprovider"],
                            cwd=ROOT, check=False)
    if update.returncode != 0:
        print("the snapshot tests failed: screenshots not copied", file=sys.stderr)
        return update.returncode
    OUT.mkdir(parents=True, exist_ok=True)
    for name, test in SHOTS.items():
        for size in SIZES:
            target = OUT / f"{name}-{size}.svg"
            shutil.copyfile(SNAPSHOTS / f"{test}[{size}].svg", target)
            print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
