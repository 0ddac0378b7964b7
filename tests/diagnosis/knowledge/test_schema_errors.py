"""A malformed signature file fails at load with a message naming the file, the signature and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.diagnosis.knowledge import KnowledgeError
from agent.diagnosis.knowledge.loader import load_dir

GOOD = """\
  - id: demo.{slug}
    title: A demo failure
    match:
      message: '{regex}'
    severity: warning
    confidence: 0.5
    cause: 'Something broke in {{pod}} for this demo.'
    fix: ['Do the thing to {{pod}}']
    docs: https://kubernetes.io/docs/
    examples:
      match: ['demo failure line']
"""


def _write(tmp_path: Path, body: str, name: str = "demo.yaml", family: str = "demo") -> Path:
    (tmp_path / name).write_text(f"family: {family}\nsignatures:\n{body}", encoding="utf-8")
    return tmp_path


def _error(tmp_path: Path, **kwargs: bool) -> str:
    with pytest.raises(KnowledgeError) as info:
        load_dir(tmp_path, **kwargs)
    return str(info.value)


def test_a_good_file_loads(tmp_path: Path) -> None:
    (sig,) = load_dir(_write(tmp_path, GOOD.format(slug="ok", regex="demo failure")))
    assert sig.id == "demo.ok" and sig.family == "demo"


def test_bad_regex_names_file_signature_and_pattern(tmp_path: Path) -> None:
    msg = _error(_write(tmp_path, GOOD.format(slug="bad-regex", regex="demo (failure")), check_regexes=True)
    assert "demo.yaml" in msg and "demo.bad-regex" in msg and "does not compile" in msg and "demo (failure" in msg


def test_bad_regex_found_at_first_use_names_the_signature(tmp_path: Path) -> None:
    """The runtime loads without compiling; the first line that reaches the regex reports it."""
    from agent.diagnosis.knowledge.hits import EvidenceLine
    from agent.diagnosis.knowledge.matcher import CompiledSignature, match_line

    (sig,) = load_dir(_write(tmp_path, GOOD.format(slug="bad-regex", regex="demo (failure")))
    with pytest.raises(KnowledgeError, match=r"demo\.bad-regex.*does not compile"):
        match_line([CompiledSignature.of(sig)], EvidenceLine(text="a demo (failure line"))


def test_shipped_signatures_all_compile() -> None:
    assert len(load_dir(check_regexes=True)) >= 150


def test_unknown_key_is_named(tmp_path: Path) -> None:
    body = GOOD.format(slug="typo", regex="demo").replace("    severity:", "    severty: warning\n    severity:")
    msg = _error(_write(tmp_path, body))
    assert "demo.typo" in msg and "severty" in msg and "unknown key" in msg


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, GOOD.format(slug="same", regex="a") + GOOD.format(slug="same", regex="b"))
    msg = _error(tmp_path)
    assert "demo.yaml" in msg and "duplicate id" in msg and "demo.same" in msg


def test_template_field_that_nothing_supplies_is_refused(tmp_path: Path) -> None:
    body = GOOD.format(slug="tpl", regex="(?P<image>x)").replace("Something broke in {pod}", "Pull of {imgae} broke")
    msg = _error(_write(tmp_path, body))
    assert "demo.tpl" in msg and "imgae" in msg and "named group" in msg


def test_literal_braces_must_be_doubled(tmp_path: Path) -> None:
    body = GOOD.format(slug="braces", regex="x").replace("Do the thing to {pod}", "kubectl get pod -o jsonpath={.spec}")
    msg = _error(_write(tmp_path, body))
    assert "demo.braces" in msg and "{{" in msg


def test_family_must_match_file_name_and_id_prefix(tmp_path: Path) -> None:
    msg = _error(_write(tmp_path, GOOD.format(slug="x", regex="x"), name="other.yaml"))
    assert "other.yaml" in msg and "'demo'" in msg
    tmp2 = tmp_path / "two"
    tmp2.mkdir()
    msg = _error(_write(tmp2, GOOD.format(slug="x", regex="x").replace("demo.x", "other.x")))
    assert "other.x" in msg and "prefixed" in msg


def test_refines_must_name_an_existing_signature(tmp_path: Path) -> None:
    body = GOOD.format(slug="r", regex="x").replace("    title:", "    refines: [demo.nope]\n    title:")
    msg = _error(_write(tmp_path, body))
    assert "demo.r" in msg and "demo.nope" in msg


def test_no_match_key_at_all_is_refused(tmp_path: Path) -> None:
    body = GOOD.format(slug="empty", regex="x").replace("      message: 'x'", "      state: log")
    msg = _error(_write(tmp_path, body))
    assert "demo.empty" in msg and "at least one of message, reason, exit_code" in msg
