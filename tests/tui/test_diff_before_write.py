"""Generated files are shown as a diff before they are written: the approval modal, its full-screen diff, the write."""

from __future__ import annotations

import shutil
from pathlib import Path

from agent.gate import ApprovalRequest
from agent.tui.preview import approval_diff, diff_in, preview_generate
from agent.tui.screens.approval import ApprovalScreen
from agent.tui.screens.viewer import DiffScreen
from agent.tui.widgets.generate import GeneratePlanCard
from agent.tooling.base import Modifies

from .conftest import ROOT, type_and_send, wait_for_screen, wait_idle, wait_until

TODO_APP = ROOT / "examples" / "todo-app"
WRITE_ACTION = ("write_file notes.txt (new file, 2 lines)\n--- /dev/null\n+++ b/notes.txt\n@@ -0,0 +1,2 @@\n"
                "+first\n+second\n")


def _copy_app(workdir: Path) -> Path:
    app_dir = workdir / "app"
    shutil.copytree(TODO_APP, app_dir)
    return app_dir


def test_diff_in_finds_the_diff_of_a_write_file_action():
    assert diff_in(WRITE_ACTION).startswith("--- /dev/null\n+++ b/notes.txt")
    assert diff_in("kubectl delete pod web-1 -n shop") == ""


def test_generate_preview_lists_the_files_without_writing_them(isolated_env):
    app_dir = _copy_app(isolated_env)
    before = sorted(p.relative_to(app_dir) for p in app_dir.rglob("*"))
    preview = preview_generate(isolated_env, {"path": "app", "plan_only": False})
    assert "new" in preview.summary()
    assert "+++ b/" in preview.diff() and "Dockerfile" in preview.diff()
    assert sorted(p.relative_to(app_dir) for p in app_dir.rglob("*")) == before
    diff = approval_diff("generate", "agent generate app --out app", {"path": "app", "plan_only": False}, isolated_env)
    assert diff.startswith(f"# {app_dir}: ") and "+++ b/" in diff


async def test_write_file_approval_shows_the_diff_and_opens_it_full_screen(make_app):
    app = make_app("crashloop-missing-env")
    request = ApprovalRequest(tool="write_file", action=WRITE_ACTION, modifies=Modifies.YES)
    decisions = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ApprovalScreen(request), decisions.append)
        await wait_for_screen(pilot, ApprovalScreen)
        assert app.screen.diff.startswith("--- /dev/null")
        assert app.screen.query_one("#approval-diff")
        await pilot.press("d")
        await wait_for_screen(pilot, DiffScreen)
        assert "+second" in app.screen.diff
        await pilot.press("escape")
        await wait_for_screen(pilot, ApprovalScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: decisions, "the decision")
        assert [d.value for d in decisions] == ["no"]


async def test_generate_plan_card_shows_the_diff_then_writes_after_yes(make_app, isolated_env):
    app_dir = _copy_app(isolated_env)
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "generate a dockerfile and helm chart for ./app")
        await wait_idle(pilot, app)
        assert not (app_dir / "docker" / "backend.Dockerfile").exists(), "planning wrote files"
        card = app.query_one(GeneratePlanCard)
        card.query_one("#write-files").press()
        screen = await wait_for_screen(pilot, ApprovalScreen)
        assert screen.request.tool == "generate"
        assert "+++ b/" in screen.diff and "Dockerfile" in screen.diff
        # the dialog fits 80x24: its buttons are on screen (laid out, so their regions are not empty)
        yes, no = screen.query_one("#yes").region, screen.query_one("#no").region
        assert yes.height and no.width, "the buttons were not laid out"
        assert yes.bottom <= 24
        assert no.right <= 80, "the No button runs off the screen"
        await pilot.press("d")
        await wait_for_screen(pilot, DiffScreen)
        await pilot.press("q")
        await wait_for_screen(pilot, ApprovalScreen)
        await pilot.press("y")
        await wait_idle(pilot, app)
        assert (app_dir / "docker" / "backend.Dockerfile").is_file(), "approved files were not written"
        records = [p.read_text() for p in (isolated_env / "phr").rglob("*.prompt.md")]
        assert any("stage: generate" in r and "approved" in r.lower() for r in records)


async def test_refusing_the_generated_diff_writes_nothing(make_app, isolated_env):
    app_dir = _copy_app(isolated_env)
    before = sorted(p.relative_to(app_dir) for p in app_dir.rglob("*"))
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "generate a helm chart for ./app")
        await wait_idle(pilot, app)
        app.query_one(GeneratePlanCard).query_one("#write-files").press()
        await wait_for_screen(pilot, ApprovalScreen)
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert sorted(p.relative_to(app_dir) for p in app_dir.rglob("*")) == before
