"""The one atomic writer and the one diff."""

import os

import pytest

from agent.textfiles import file_diff, unified_diff, write_text_atomic


def test_replace_keeps_permissions_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "deploy.sh"
    target.write_text("old\n")
    os.chmod(target, 0o750)
    write_text_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o750
    assert [p.name for p in tmp_path.iterdir()] == ["deploy.sh"]


def test_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "values.yaml"
    target.write_text("replicas: 1\n")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(target, "bad \udcff surrogate")
    assert target.read_text() == "replicas: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["values.yaml"]


def test_diffs():
    assert file_diff("a\n", "a\n", "x") == ""
    assert file_diff(None, "new\n", "n.txt").splitlines()[:2] == ["--- /dev/null", "+++ b/n.txt"]
    diff = unified_diff("replicas: 1", "replicas: 2\n", "deployed/web", "proposed/web")
    assert "\\ No newline at end of file" in diff and "+replicas: 2" in diff
