"""Every line of tests/security/data/classifier.tsv: the modifies verdict and the verb that really runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.safety import classify
from agent.tooling.base import Modifies

TABLE = Path(__file__).resolve().parent / "data" / "classifier.tsv"


def _rows() -> list[tuple[str, Modifies, str]]:
    rows = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        assert len(columns) == 3, f"line {number}: expected command, modifies, verb: {line!r}"
        rows.append((columns[0], Modifies(columns[1]), columns[2]))
    return rows


ROWS = _rows()


def test_the_battery_is_large_and_has_no_duplicates() -> None:
    assert len(ROWS) >= 300
    assert len({r[0] for r in ROWS}) == len(ROWS)
    assert {r[1] for r in ROWS} == set(Modifies)


@pytest.mark.parametrize(("command", "expected", "verb"), ROWS, ids=[r[0][:90] for r in ROWS])
def test_line(command: str, expected: Modifies, verb: str) -> None:
    result = classify(command)
    assert result.modifies is expected, result.reason
    if verb != "-":
        assert result.verb == verb, result.reason
    assert result.reason
