"""The scenario corpus: every `tests/scenarios/<name>/expected.yaml` answered from its snapshot.

Each scenario's question is answered offline; the rendered text must contain the
root cause and fix (`must_contain`), must not claim what is not so (`must_not_contain`),
and the named analyzers must be among the findings. Scenarios with `pasted:` files
are also answered from the pasted kubectl text alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.diagnosis.engine import answer
from agent.diagnosis.models import Answer, Severity
from agent.diagnosis.render import render_text
from agent.diagnosis.sources.snapshot import load_snapshot

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
EXPECTED = sorted(SCENARIOS.glob("*/expected.yaml"))
PASTED = [p for p in EXPECTED if (yaml.safe_load(p.read_text()) or {}).get("pasted")]


def _spec(path: Path) -> dict:
    spec = yaml.safe_load(path.read_text()) or {}
    assert spec.get("question"), f"{path} has no question"
    return spec


def _check_text(spec: dict, text: str) -> None:
    lowered = text.lower()
    missing = [s for s in spec.get("must_contain") or [] if str(s).lower() not in lowered]
    assert not missing, f"answer lacks {missing}:\n{text}"
    wrong = [s for s in spec.get("must_not_contain") or [] if str(s).lower() in lowered]
    assert not wrong, f"answer wrongly says {wrong}:\n{text}"


def _check_analyzers(spec: dict, result: Answer, text: str) -> None:
    expected = spec.get("expected_analyzers") or []
    reported = {f.analyzer for f in result.findings}
    if expected:
        absent = [a for a in expected if a not in reported]
        assert not absent, f"analyzers {absent} reported nothing (got {sorted(reported)}):\n{text}"
    else:
        problems = [f"{f.analyzer}: {f.object}" for f in result.findings if f.severity != Severity.INFO]
        assert not problems, f"healthy scenario reported problems {problems}"


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.parent.name for p in EXPECTED])
def test_scenario_from_snapshot(expected: Path) -> None:
    spec = _spec(expected)
    state = load_snapshot(expected.parent)
    result = answer(state, spec["question"], namespace=spec.get("namespace"))
    text = render_text(result)
    _check_text(spec, text)
    _check_analyzers(spec, result, text)


@pytest.mark.parametrize("expected", PASTED, ids=[p.parent.name for p in PASTED])
def test_scenario_from_pasted_text(expected: Path) -> None:
    from agent.diagnosis.sources.pasted import load_pasted

    spec = _spec(expected)
    state = load_pasted([expected.parent / name for name in spec["pasted"]])
    result = answer(state, spec["question"], namespace=spec.get("namespace"))
    _check_text(spec, render_text(result))


def test_corpus_is_not_empty() -> None:
    assert EXPECTED, f"no scenarios under {SCENARIOS}"
