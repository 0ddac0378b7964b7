"""Every row of tests/data/commands.tsv: the classifier must agree with the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.tooling.base import Modifies
from agent.safety import classify

TABLE = Path(__file__).resolve().parents[1] / "data" / "commands.tsv"


def load_rows() -> list[tuple[str, Modifies, str | None]]:
    rows = []
    for number, line in enumerate(TABLE.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        assert len(columns) in (2, 3), f"line {number}: expected 2 or 3 tab-separated columns: {line!r}"
        command, expected = columns[0], Modifies(columns[1].strip())
        confirm = columns[2].strip() if len(columns) == 3 and columns[2].strip() else None
        rows.append((command, expected, confirm))
    return rows


ROWS = load_rows()


def test_table_is_large_and_covers_every_outcome() -> None:
    assert len(ROWS) >= 300
    assert {modifies for _, modifies, _ in ROWS} == set(Modifies)
    assert len({command for command, _, _ in ROWS}) == len(ROWS), "duplicate command lines in the table"


@pytest.mark.parametrize(("command", "expected", "confirm_text"), ROWS, ids=[r[0][:80] for r in ROWS])
def test_classification_matches_table(command: str, expected: Modifies, confirm_text: str | None) -> None:
    result = classify(command)
    assert result.modifies is expected, result.reason
    assert result.confirm_text == confirm_text, result.reason
    assert result.reason
