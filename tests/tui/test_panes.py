"""Header, cluster pane, PHR pane, finding cards and the activity pane, driven by keyboard at 80x24."""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings
from agent.tui.cluster_model import WorkloadRow
from agent.tui.header import header_subtitle, subtitle_room
from agent.tui.screens.viewer import RecordScreen
from agent.tui.widgets.activity import SPINNER, ActivityPane, ToolCallItem
from agent.tui.widgets.chat import AgentTurn, FindingCard, FixCommands, UserTurn
from agent.tui.widgets.cluster import ClusterTree, workload_label
from agent.tui.widgets.phr import PhrPane

from .conftest import settle, type_and_send, wait_for_screen, wait_idle, wait_until


def test_header_keeps_source_and_read_only_state_when_narrow(isolated_env):
    settings = Settings(providers=["openai", "anthropic", "builtin"])
    wide = header_subtitle(settings, "snapshot: todo", read_only=True, room=subtitle_room(200, "aiops-agent"))
    assert wide.startswith("openai > anthropic > builtin · ") and wide.endswith("snapshot: todo · READ-ONLY")
    room = subtitle_room(80, "aiops-agent")
    narrow = header_subtitle(settings, "DEMO snapshot (Todo app)", read_only=True, room=room)
    assert len(narrow) <= room and "DEMO snapshot (Todo app)" in narrow and "READ-ONLY" in narrow
    squeezed = header_subtitle(settings, "snapshot: /a/very/long/path/to/some/snapshot/directory", False, room)
    assert squeezed.startswith("asks first · snapshot: ")


async def test_header_shows_read_only_at_80_columns(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "/readonly")
        assert "READ-ONLY" in app.sub_title
        assert len(app.sub_title) <= subtitle_room(80, app.title)


def test_workload_label_puts_the_status_next_to_the_name():
    row = WorkloadRow(namespace="todo", kind="StatefulSet", name="postgres", ready="0/1", status="CrashLoopBackOff")
    assert workload_label(row).plain == "✗ sts/postgres CrashLoopBackOff 0/1"


async def test_selecting_a_workload_with_the_keyboard_asks_about_it(make_app):
    from agent.tui.launch import DEMO_SNAPSHOT

    app = make_app(DEMO_SNAPSHOT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("tab")  # prompt -> the side pane's tabs
        await pilot.press("right")  # Activity -> Cluster
        await pilot.press("tab")  # into the tree
        tree = app.query_one(ClusterTree)
        assert app.focused is tree
        for _ in range(tree.last_line + 1):
            if isinstance(tree.cursor_node.data, WorkloadRow) and tree.cursor_node.data.name == "backend":
                break
            await pilot.press("down")
        assert tree.cursor_node.data.name == "backend", "no backend row in the cluster tree"
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert [str(t.content) for t in app.query(UserTurn)] == [
            "what is wrong with deployment backend in namespace todo?"]
        assert any(str(c.finding.object) == "Deployment/todo/backend" for c in app.query(FindingCard))
        assert app.focused is tree, "asking moved the focus away from the tree"


async def test_cluster_refresh_keeps_the_cursor(make_app):
    from agent.tui.launch import DEMO_SNAPSHOT

    app = make_app(DEMO_SNAPSHOT)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        tree = app.query_one(ClusterTree)
        tree.move_cursor_to_line(3)
        await settle(pilot)
        app.refresh_cluster()
        await wait_idle(pilot, app)
        assert tree.cursor_line == 3


async def test_phr_record_opens_from_the_pane_and_closes(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        await type_and_send(pilot, "/phr")
        items = app.query_one("#phr-list")
        await wait_until(pilot, lambda: app.focused is items, "/phr to put the focus on the records")
        assert len(items.children) == 1
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, RecordScreen)
        assert "surface: tui" in screen.markdown
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, RecordScreen), "the record to close")
        assert "chain OK" in str(app.query_one(PhrPane).query_one("#phr-chain").content)


async def test_fix_commands_wrap_instead_of_being_cut(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        card = next(c for c in app.query(FindingCard) if c.finding.fix.commands)
        commands = card.query_one(FixCommands)
        for command in card.finding.fix.commands:
            assert f"$ {command}" in str(commands.content)
        assert commands.size.width < max(len(c) for c in card.finding.fix.commands)
        assert commands.size.height > len(card.finding.fix.commands), "long commands were not wrapped"


async def test_apply_fix_on_a_snapshot_proposes_it_and_records_a_phr(make_app, fake_kubectl):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        card = next(c for c in app.query(FindingCard) if c.mutates)
        card.query_one("#apply-fix").press()
        await wait_idle(pilot, app)
        assert not fake_kubectl.exists(), "a fix ran against a snapshot"
        notes = [t for t in app.query(AgentTurn) if t.has_class("note")]
        assert "proposed" in notes[-1].source
        records = [p.read_text() for p in (Path.cwd() / "phr").rglob("*.prompt.md")]
        assert any("proposed-fix" in r for r in records)
        assert len(app.query_one("#phr-list").children) == 2


async def test_plain_tool_output_keeps_its_lines(make_app, isolated_env):
    import shutil

    from .conftest import ROOT

    shutil.copytree(ROOT / "examples" / "todo-app", isolated_env / "app")
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "generate a helm chart for ./app")
        await wait_idle(pilot, app)
        answer = [t for t in app.query(AgentTurn) if not t.has_class("note")][-1]
        assert answer.source.startswith("```text\n") and "\nbackend " in answer.source


async def test_running_tool_call_spins_and_stops_when_finished(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        pane = ActivityPane(show_durations=True)
        await app.query_one("#tab-activity").mount(pane)
        pane.started("c1", "kubectl", "kubectl get pods -n todo")
        item = pane.items["c1"]
        assert isinstance(item, ToolCallItem) and "kubectl get pods -n todo" in str(item.title)
        await wait_until(pilot, lambda: str(item.title)[0] in SPINNER, "the spinner to turn")
        pane.finished("c1", "kubectl", "ok", 12, "NAME READY", False)
        await settle(pilot)  # a spinner tick after the finish would overwrite the title
        assert str(item.title) == "✓ ok 12 ms · kubectl get pods -n todo"
        assert not item.has_class("running")


async def test_no_color_marks_broken_workloads_by_emphasis(make_app, monkeypatch):
    from agent.tui.launch import DEMO_SNAPSHOT
    from agent.tui.widgets.cluster import PLAIN_STYLE

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(DEMO_SNAPSHOT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        assert app.no_color
        tree = app.query_one(ClusterTree)
        backend = next(n for ns in tree.root.children for n in ns.children if n.data and n.data.name == "backend")
        styles = {str(span.style) for span in backend.label.spans}
        assert PLAIN_STYLE["bad"] in styles and not any("red" in s for s in styles)


def test_record_front_matter_is_shown_as_yaml():
    from agent.tui.screens.viewer import front_matter_as_code

    record = "---\nid: 1\ntitle: why\n---\n## Prompt\nwhy?\n"
    assert front_matter_as_code(record) == "```yaml\nid: 1\ntitle: why\n```\n## Prompt\nwhy?\n"
    assert front_matter_as_code("## no front matter\n") == "## no front matter\n"
