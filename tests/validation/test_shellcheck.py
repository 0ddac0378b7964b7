from __future__ import annotations

from agent.validation import shellcheck
from agent.validation.models import ValidatorStatus

from .conftest import BAD, GOOD


def test_clean_script_passes() -> None:
    report = shellcheck.validate_scripts([GOOD / "scripts" / "deploy.sh"])
    assert report.status is ValidatorStatus.PASSED
    assert report.tool.startswith("shellcheck 0.")


def test_unquoted_variable_is_caught() -> None:
    report = shellcheck.validate_scripts([BAD / "scripts" / "unquoted.sh"])
    assert report.status is ValidatorStatus.FAILED
    sc2086 = [f for f in report.files[0].findings if f.rule == "SC2086"]
    assert [f.line for f in sc2086] == [4]
    assert "double quotes" in (sc2086[0].fix_hint or "")
