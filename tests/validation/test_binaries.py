"""Starting a validator's program: a file that cannot be executed is ValidatorUnavailable, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.validation.binaries import ValidatorUnavailable, run


def test_a_program_that_cannot_be_executed_is_unavailable(tmp_path: Path) -> None:
    program = tmp_path / "hadolint"
    program.write_text("not a program")  # not executable
    with pytest.raises(ValidatorUnavailable) as err:
        run([str(program), "--version"], timeout=5)
    assert "could not be started" in err.value.message and err.value.hint == "reinstall it"
