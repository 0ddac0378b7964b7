"""The prompt: keys that arrive together, history, multi-line entry, questions typed while the agent works."""

from __future__ import annotations

from textual import events

from agent.tui.widgets.chat import SystemNote, UserTurn
from agent.tui.widgets.prompt import PromptInput

from .conftest import type_and_send, wait_idle, wait_until


async def _burst(pilot, text: str) -> None:
    """Keys as a terminal delivers a fast typist's line or `tmux send-keys 'text' Enter`: all queued at once."""
    for char in text:
        pilot.app.post_message(events.Key(char if char != " " else "space", char))
    pilot.app.post_message(events.Key("enter", "\r"))
    await pilot.pause()


async def test_enter_right_after_a_burst_of_keys_sends_the_whole_line(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await _burst(pilot, "/namespace todo")
        await pilot.pause()
        assert app.session.settings.namespace == "todo"
        assert app.query_one(PromptInput).text == ""


async def test_up_and_down_walk_the_history(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = app.query_one(PromptInput)
        for command in ("/help", "/namespace todo"):
            await type_and_send(pilot, command)
            await pilot.pause()
        await pilot.press("up")
        assert prompt.text == "/namespace todo"
        await pilot.press("up")
        assert prompt.text == "/help"
        await pilot.press("down")
        assert prompt.text == "/namespace todo"
        await pilot.press("down")
        assert prompt.text == ""


async def test_ctrl_j_adds_a_line_and_enter_sends_both(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"why is", "ctrl+j", *"backend", "space", *"crashing?")
        assert app.query_one(PromptInput).text == "why is\nbackend crashing?"
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert [str(t.content) for t in app.query(UserTurn)] == ["why is\nbackend crashing?"]


async def test_a_question_sent_while_busy_stays_in_the_prompt(make_app, fake_kubectl, kubectl_hold):
    app = make_app("crashloop-missing-env", assume_yes=True)
    async with app.run_test(size=(80, 24)) as pilot:
        # a read: the offline engine never runs a write found in text without asking, even with --yes
        await type_and_send(pilot, "run `kubectl get pods -n todo`")
        await wait_until(pilot, fake_kubectl.exists, "kubectl to start")
        assert app._busy
        await type_and_send(pilot, "why is the backend crashing?")
        await pilot.pause()
        assert app.query_one(PromptInput).text == "why is the backend crashing?"
        await type_and_send(pilot, "/clear")
        await pilot.pause()
        assert app.query_one(PromptInput).text == "/clear"
        assert any("/clear waits" in str(n.content) for n in app.query(SystemNote))
        kubectl_hold.touch()
        await wait_idle(pilot, app)
        assert len(app.query(UserTurn)) == 1
