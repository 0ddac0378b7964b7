"""Pilot tests: the TUI answers, asks before mutating, runs slash commands, shows fallbacks, cancels."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent.tui.screens.approval import ApprovalScreen
from agent.tui.widgets.activity import ToolCallItem
from agent.tui.widgets.chat import FindingCard, SystemNote

from .conftest import type_and_send, wait_for_approval, wait_idle, wait_until


async def test_question_on_snapshot_shows_root_cause_card(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        cards = list(app.query(FindingCard))
        assert cards, "no finding card was shown"
        assert "DATABASE_URL" in cards[0].finding.root_cause
        assert str(cards[0].finding.object) == "Deployment/todo/backend"
        items = list(app.query(ToolCallItem))
        assert [i.tool for i in items] == ["diagnose"]
        assert "ok" in str(items[0].title)
        phr_files = list((Path.cwd() / "phr").rglob("*.prompt.md"))
        assert len(phr_files) == 1 and "surface: tui" in phr_files[0].read_text()


async def test_approval_modal_refusal_runs_nothing(make_app, fake_kubectl):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "please run `kubectl delete pod backend-8f71d6468-799p2 -n todo`")
        await wait_for_approval(pilot)
        assert "kubectl delete pod backend-8f71d6468-799p2" in app.screen.request.action
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert not fake_kubectl.exists(), "kubectl ran although the user said no"
        assert app.last_answer.tool_calls[0]["status"] == "refused"


async def test_approval_modal_acceptance_runs_the_command(make_app, fake_kubectl):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "please run `kubectl delete pod backend-8f71d6468-799p2 -n todo`")
        await wait_for_approval(pilot)
        await pilot.press("y")
        await wait_idle(pilot, app)
        assert "delete pod backend-8f71d6468-799p2 -n todo" in fake_kubectl.read_text()
        assert app.last_answer.tool_calls[0]["status"] == "ok"
        record = next((Path.cwd() / "phr").rglob("*.prompt.md")).read_text()
        assert "approved" in record.lower()


async def test_read_only_refuses_without_asking(make_app, fake_kubectl):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/readonly")
        await pilot.pause()
        assert "READ-ONLY" in app.sub_title
        await type_and_send(pilot, "run `kubectl scale deployment/backend --replicas=0 -n todo`")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, ApprovalScreen)
        assert not fake_kubectl.exists()
        assert app.last_answer.tool_calls[0]["status"] == "refused"


async def test_slash_commands(make_app, tmp_path):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/help")
        await pilot.pause()
        await type_and_send(pilot, "/namespace todo")
        await pilot.pause()
        assert app.session.settings.namespace == "todo"
        await type_and_send(pilot, "/provider nonsense")
        await pilot.pause()
        await type_and_send(pilot, "/frobnicate")
        await pilot.pause()
        notes = " ".join(str(n.content) for n in app.query(SystemNote))
        assert "unknown provider nonsense" in notes
        assert "unknown command /frobnicate" in notes
        await type_and_send(pilot, "/snapshot " + str(Path(__file__).parents[1] / "scenarios" / "pending-taint"))
        await pilot.pause()
        assert app.session.settings.snapshot.name == "pending-taint"
        await type_and_send(pilot, "why is it pending?")
        await wait_idle(pilot, app)
        assert any("taint" in c.finding.root_cause.lower() for c in app.query(FindingCard))
        await type_and_send(pilot, f"/export {tmp_path / 'chat.md'}")
        await pilot.pause()
        assert "why is it pending?" in (tmp_path / "chat.md").read_text()


async def test_provider_fallback_is_shown(make_app):
    # an OpenAI-compatible server that is not there: the chain falls back to the builtin engine and says so
    app = make_app("crashloop-missing-env", providers=["openai", "builtin"], openai_base_url="http://127.0.0.1:9/v1",
                   max_retries=0, request_timeout=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        notes = " ".join(str(n.content) for n in app.query(SystemNote))
        assert "openai failed" in notes and "falling back to builtin" in notes
        assert app.last_answer.provider == "builtin"
        assert any("DATABASE_URL" in c.finding.root_cause for c in app.query(FindingCard))


async def test_ctrl_c_ends_the_running_tool_process_and_says_so(make_app, fake_kubectl, kubectl_hold):
    app = make_app("crashloop-missing-env", assume_yes=True)
    pids = fake_kubectl.with_suffix(".pids")
    async with app.run_test(size=(120, 40)) as pilot:
        # a read: the offline engine never runs a write found in text without asking, even with --yes
        await type_and_send(pilot, "run `kubectl get pods -n todo`")
        await wait_until(pilot, fake_kubectl.exists, "kubectl to start")
        assert app._busy
        await pilot.press("ctrl+c")
        # nothing releases the hold: the question can only finish because the kubectl process was ended
        await wait_idle(pilot, app)
        assert app.is_running
        with pytest.raises(ProcessLookupError):
            os.kill(int(pids.read_text().split()[0]), 0)
        assert app.last_answer.stopped == "cancelled"
        call = app.last_answer.tool_calls[0]
        assert call["status"] == "error" and "stopped by the user" in call["output"], call
        notes = " ".join(str(n.content) for n in app.query(SystemNote))
        assert "Ctrl+C: stopped `kubectl get pods -n todo" in notes
        shown = app._current.source
        assert shown.lower().count("cancel") == 2, shown  # "Cancelled. Tools that ran before the cancel", once
        assert not shown.startswith("```"), "the loop's own words are not tool output"


async def test_demo_snapshot_cluster_pane_marks_broken_workloads(make_app):
    from agent.tui.launch import DEMO_SNAPSHOT
    from agent.tui.widgets.cluster import ClusterTree

    app = make_app(DEMO_SNAPSHOT)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        tree = app.query_one(ClusterTree)
        rows = {n.data.name: n.data for ns in tree.root.children for n in ns.children if n.data}
        assert rows["backend"].status == "CrashLoopBackOff" and rows["backend"].health == "bad"
        assert rows["catalog-api"].health == "bad"
        assert rows["frontend-web"].health == "ok"


async def test_ctrl_c_while_the_approval_modal_is_open_closes_it(make_app, fake_kubectl):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "run `kubectl delete namespace todo`")
        await wait_for_approval(pilot)
        assert app.screen.request.confirm_text == "todo"
        await pilot.press("ctrl+c")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, ApprovalScreen), "the modal outlived the cancelled step"
        assert not fake_kubectl.exists()
        assert app.is_running


async def test_typed_name_is_required_to_delete_a_namespace(make_app, fake_kubectl):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "run `kubectl delete namespace todo`")
        await wait_for_approval(pilot)
        await pilot.press("y", "s")  # shortcuts are letters here: they neither approve nor close the modal
        assert isinstance(app.screen, ApprovalScreen)
        app.screen.query_one("#approval-confirm").value = "todo"
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert "delete namespace todo" in fake_kubectl.read_text()


async def test_hiding_the_side_pane_takes_the_focus_back_to_the_prompt(make_app):
    from agent.tui.widgets.prompt import PromptInput

    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        assert app.focused is not None and app.query_one("#side") in app.focused.ancestors
        await pilot.press("f2")
        assert isinstance(app.focused, PromptInput)
        await pilot.press("f2")
        assert app.query_one("#side").display


async def test_snapshot_command_refuses_a_file_that_is_not_a_snapshot(make_app, tmp_path):
    not_a_snapshot = tmp_path / "hostname"
    not_a_snapshot.write_text("build-host-7\n")
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, f"/snapshot {not_a_snapshot}")
        await pilot.pause()
        assert app.session.settings.snapshot.name == "crashloop-missing-env"
        notes = " ".join(str(n.content) for n in app.query(SystemNote))
        assert "hostname" in notes


async def test_demo_answer_cards_only_for_the_question_other_problems_listed(make_app):
    from agent.tui.launch import DEMO_SNAPSHOT

    app = make_app(DEMO_SNAPSHOT)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        cards = [str(c.finding.object) for c in app.query(FindingCard)]
        assert "Deployment/todo/backend" in cards
        assert "Deployment/shop/catalog-api" not in cards
        assert "Also found" in app._current.source and "catalog-api" in app._current.source
