"""The wild corpus is well formed: every case loads, cites its source, and cannot be passed by echoing the input."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.wild.cases import CASES_DIR, FAMILIES, MAX_PER_FAMILY, CaseError, load_case, load_cases

CASES = load_cases()
CASE_IDS = [c.id for c in CASES]
BROAD_PROBES = ("", "error", "Error", "the pod", "failed", "kubectl", "pod is not running")


def test_every_case_file_loads():
    paths = sorted(CASES_DIR.glob("*/*.yaml"))
    assert paths, "no case files under tests/wild/cases"
    assert len(CASES) == len(paths)
    stray = [p for p in CASES_DIR.rglob("*") if p.is_file() and p.suffix != ".yaml"]
    assert not stray, f"only <family>/<slug>.yaml files belong under cases/: {stray}"


def test_families_are_known_and_capped():
    counts = Counter(c.family for c in CASES)
    assert set(counts) <= set(FAMILIES)
    over = {f: n for f, n in counts.items() if n > MAX_PER_FAMILY}
    assert not over, f"at most {MAX_PER_FAMILY} cases per family: {over}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_source_is_a_thread_url(case):
    assert case.source.startswith("https://") and " " not in case.source


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_inferred_regexes_are_not_in_the_input(case):
    for index in case.inferred:
        pattern = case.expect[index]
        hit = re.search(pattern, case.input_text, re.IGNORECASE)
        assert hit is None, f"{case.id}: inferred expect[{index}] {pattern!r} already matches the input at {hit.group(0)!r}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_regexes_are_not_trivially_broad(case):
    for pattern in case.expect:
        for probe in BROAD_PROBES:
            assert not re.search(pattern, probe, re.IGNORECASE), f"{case.id}: {pattern!r} matches {probe!r}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_echoing_the_input_fails(case):
    assert not case.passes(case.input_text)


def test_bad_case_error_names_the_file(tmp_path: Path):
    bad = tmp_path / "image-pull" / "broken.yaml"
    bad.parent.mkdir()
    bad.write_text("id: image-pull/broken\nfamily: image-pull\nsource: http://example.com/x\n")
    with pytest.raises(CaseError, match=re.escape(str(bad))):
        load_cases(tmp_path)


def test_a_case_outside_its_family_folder_is_refused(tmp_path: Path):
    case = CASES[0]
    path = tmp_path / "elsewhere" / f"{case.slug}.yaml"
    path.parent.mkdir()
    path.write_text((CASES_DIR / case.family / f"{case.slug}.yaml").read_text())
    with pytest.raises(CaseError, match="must live at"):
        load_cases(tmp_path)
