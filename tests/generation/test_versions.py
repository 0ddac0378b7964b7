from __future__ import annotations

import pytest

from agent.generation.versions import pick_version


@pytest.mark.parametrize("constraint, preferred, precision, expected", [
    (">=18.17.0", "20", 1, "20"),  # a lower bound the preferred version satisfies
    (">=22", "20", 1, "22"),  # the preferred version is too old
    ("^18", "20", 1, "18"),  # caret pins the major
    (">=3.11", "3.13", 2, "3.13"),
    (">=3.10,<3.12", "3.13", 2, "3.10"),  # an upper bound: take the declared version
    ("3.12.1", "3.13", 2, "3.12"),
    ("latest", "20", 1, None),
])
def test_pick_version(constraint: str, preferred: str, precision: int, expected: str | None) -> None:
    assert pick_version(constraint, preferred, precision) == expected
