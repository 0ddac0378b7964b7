"""Keys that keep the prompt at hand: typing from anywhere goes to it, PageUp/PageDown scroll the chat from it."""

from __future__ import annotations

from agent.gate import ApprovalRequest
from agent.tui.screens.approval import ApprovalScreen
from agent.tui.widgets.chat import ChatView
from agent.tui.widgets.cluster import ClusterTree
from agent.tui.widgets.prompt import PromptInput
from agent.tooling.base import Modifies

from .conftest import settle, type_and_send, wait_for_screen, wait_idle, wait_until


async def test_typing_on_the_cluster_tree_goes_to_the_prompt(make_app):
    from agent.tui.launch import DEMO_SNAPSHOT

    app = make_app(DEMO_SNAPSHOT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("tab", "right", "tab")  # prompt -> side tabs -> Cluster -> the tree
        tree = app.query_one(ClusterTree)
        assert app.focused is tree
        await pilot.press("down")  # keys the tree uses stay with the tree
        assert app.focused is tree and tree.cursor_line == 1
        await pilot.press(*"why", "space", *"pending?")
        prompt = app.query_one(PromptInput)
        assert app.focused is prompt
        assert prompt.text == "why pending?", "the first key was lost on the way to the prompt"


async def test_typing_on_a_finding_card_button_goes_to_the_prompt(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        app.query_one("#apply-fix").focus()
        await settle(pilot)
        await pilot.press("a", "n", "d")
        assert app.focused is app.query_one(PromptInput) and app.query_one(PromptInput).text == "and"


async def test_letters_on_a_modal_stay_with_the_modal(make_app):
    app = make_app("crashloop-missing-env")
    request = ApprovalRequest(tool="kubectl", action="kubectl delete pod web-1 -n shop", modifies=Modifies.YES)
    decisions = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ApprovalScreen(request), decisions.append)
        await wait_for_screen(pilot, ApprovalScreen)
        await pilot.press("x")  # not a shortcut of the modal: ignored, not typed behind it
        assert isinstance(app.screen, ApprovalScreen) and app.query_one(PromptInput).text == ""
        await pilot.press("n")
        await wait_until(pilot, lambda: decisions, "the decision")
        assert [d.value for d in decisions] == ["no"] and app.query_one(PromptInput).text == ""


async def test_page_up_and_down_scroll_the_chat_while_typing(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await type_and_send(pilot, "/help")
        chat = app.query_one(ChatView)
        await wait_until(pilot, lambda: chat.max_scroll_y > 2 * chat.size.height, "the chat to outgrow the screen")
        chat.scroll_end(animate=False)
        await settle(pilot)
        bottom = chat.scroll_y
        prompt = app.query_one(PromptInput)
        await pilot.press(*"half a question")
        await pilot.press("pageup")
        await wait_until(pilot, lambda: chat.scroll_y < bottom, "PageUp to scroll the chat")
        after_one = chat.scroll_y
        await pilot.press("pageup")
        await wait_until(pilot, lambda: chat.scroll_y < after_one, "a second PageUp to scroll further")
        await pilot.press("pagedown", "pagedown")
        await wait_until(pilot, lambda: chat.scroll_y == bottom, "PageDown to scroll back to the end")
        assert app.focused is prompt and prompt.text == "half a question"
        assert prompt.cursor_location == (0, len("half a question")), "the keys moved the prompt's cursor"
