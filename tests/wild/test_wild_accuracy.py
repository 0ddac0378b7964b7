"""Offline accuracy over every real-world case in tests/wild/cases: at least 85%, as `agent ask -f` answers them.

On failure the message lists, per family, the cases that failed and which expectations their answers missed.
"""

from __future__ import annotations

from collections import defaultdict

from tests.wild.score import score_all

TARGET = 0.85


def test_offline_accuracy_on_wild_cases_is_at_least_85_percent():
    passed, total, results = score_all()
    assert total >= 150, f"only {total} wild cases"
    failures: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if not r.passed:
            missed = [e for e, ok in zip(r.expect, r.matched) if not ok]
            failures[r.family].append(f"{r.id}: missing {missed}")
    report = "\n".join(f"{family} ({len(ids)} failed):\n  " + "\n  ".join(ids) for family, ids in sorted(failures.items()))
    assert passed / total >= TARGET, f"wild accuracy {passed}/{total} = {passed / total:.0%} < {TARGET:.0%}\n{report}"
