"""The corpus README's scenario table is current, and the pasted variants cover the failure classes."""

from __future__ import annotations

from tests.scenarios._index import README, SCENARIOS, ScenarioRow, refreshed, render_table, scenario_rows

PASTED_PREFIXES = ("pending-", "service-", "ingress-", "pvc-", "node-")


def test_readme_table_is_current() -> None:
    text = README.read_text()
    assert refreshed(text, scenario_rows()) == text, "run: .venv/bin/python -m tests.scenarios._index"


def test_a_new_or_changed_scenario_makes_the_table_stale() -> None:
    rows = scenario_rows()
    text = refreshed(README.read_text(), rows)
    changed = [*rows[1:], ScenarioRow("new-scenario", "new-class", "why | how?", "", ("describe.txt",))]
    assert refreshed(text, changed) != text
    assert "| `new-scenario` | new-class | why \\| how? | - | yes (describe.txt) |" in render_table(changed)


def test_every_scenario_is_in_the_table() -> None:
    text = README.read_text()
    assert all(f"| `{row.name}` |" in text for row in scenario_rows())


def test_pasted_variants_cover_enough_scenarios_and_classes() -> None:
    pasted = [row for row in scenario_rows() if row.pasted]
    assert len(pasted) >= 20
    assert len({row.failure_class for row in pasted}) >= 12
    for prefix in PASTED_PREFIXES:
        assert any(row.name.startswith(prefix) for row in pasted), f"no pasted variant of a {prefix}* scenario"


def test_pasted_files_and_the_pasted_key_agree() -> None:
    for row in scenario_rows():
        on_disk = sorted(p.name for p in (SCENARIOS / row.name).glob("*.txt"))
        assert on_disk == sorted(row.pasted), f"{row.name}: files {on_disk} vs pasted: {list(row.pasted)}"
