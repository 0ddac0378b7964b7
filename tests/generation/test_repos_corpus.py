"""Detection on layouts modelled on real public repositories (tests/repos/manifest.yaml cites each one).

The expectations were read from the real repositories; a value counts as right when it matches, and every
value detection gets wrong must at least be flagged as a guess in the plan.
"""

from __future__ import annotations

from tests.generation.repos_corpus import CORPUS, load_manifest, score_all

REQUIRED_ACCURACY = 0.9


def test_the_corpus_spans_the_stacks_the_issue_names() -> None:
    cases = load_manifest()
    assert len(cases) >= 25
    spans = " ".join(case["span"] for case in cases)
    for stack in ("fastapi-src", "fastapi-flat", "fastapi-uv", "fastapi-poetry", "flask", "django", "express",
                  "nestjs", "nextjs-npm", "nextjs-pnpm", "nextjs-yarn", "vite", "go", "monorepo"):
        assert stack in spans, stack
    for case in cases:
        assert case["url"].startswith("https://github.com/") and len(case["commit"]) == 40
        assert (CORPUS / case["id"]).is_dir(), case["id"]


def test_detection_is_right_on_nine_in_ten_values_and_flags_every_wrong_one() -> None:
    results = score_all()
    checks = [check for result in results for check in result.checks]
    wrong = [c for c in checks if not c.right]
    accuracy = 1 - len(wrong) / len(checks)
    report = "\n".join(f"{c.case}/{c.service} {c.field}: expected {c.expected!r}, detected {c.detected!r}"
                       f"{' (flagged)' if c.flagged else ''}" for c in wrong)
    errors = "\n".join(f"{r.case}: {r.error}" for r in results if r.error)
    assert not errors, errors
    assert accuracy >= REQUIRED_ACCURACY, f"accuracy {accuracy:.0%}:\n{report}"
    unflagged = [c for c in wrong if not c.flagged]
    assert not unflagged, "wrong and not flagged as a guess:\n" + report
