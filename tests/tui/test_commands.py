"""Commands in answers (wrapped, copyable), the command palette's slash commands, bare /model and /context."""

from __future__ import annotations

from textual.command import CommandPalette

from agent.tui.widgets.chat import AgentTurn, ChatFence, FindingCard
from agent.tui.widgets.prompt import PromptInput

from .conftest import settle, type_and_send, wait_for_screen, wait_idle, wait_until

# a kubeconfig as `kind create cluster` and `minikube start` leave it (certificates cut), two files merged via
# $KUBECONFIG the way kubectl merges them
KIND_KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
    server: https://127.0.0.1:40313
  name: kind-dev
contexts:
- context:
    cluster: kind-dev
    user: kind-dev
  name: kind-dev
current-context: kind-dev
preferences: {}
users:
- name: kind-dev
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
"""
MINIKUBE_KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /home/dev/.minikube/ca.crt
    server: https://192.168.49.2:8443
  name: minikube
contexts:
- context:
    cluster: minikube
    namespace: default
    user: minikube
  name: minikube
current-context: minikube
users:
- name: minikube
  user:
    client-certificate: /home/dev/.minikube/profiles/minikube/client.crt
"""


def _notes(app) -> list[str]:
    return [t.source for t in app.query(AgentTurn) if t.has_class("note")]


async def test_fix_commands_are_copied_with_the_button_and_with_f4(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        card = next(c for c in app.query(FindingCard) if c.finding.fix.commands)
        card.query_one("#copy-fix").press()
        await wait_until(pilot, lambda: app.clipboard, "the copy")
        assert app.clipboard == "\n".join(card.finding.fix.commands)
        assert "kubectl" in app.clipboard and "DATABASE_URL" in app.clipboard  # the inferred fix, not the symptom
        app.copy_to_clipboard("")
        await pilot.press("f4")  # from the prompt: the commands of the latest card
        latest = [c for c in app.query(FindingCard) if c.finding.fix.commands][-1]
        assert app.focused is app.query_one(PromptInput)
        assert app.clipboard == "\n".join(latest.finding.fix.commands)


async def test_a_long_command_in_an_answer_wraps_and_f4_copies_it_whole(make_app, fake_kubectl):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "why is the backend crashing?")
        await wait_idle(pilot, app)
        card = next(c for c in app.query(FindingCard) if c.mutates)
        card.query_one("#apply-fix").press()  # on a snapshot: proposed as a ```bash block in the chat
        await wait_idle(pilot, app)
        fence = app.query(ChatFence).last()
        command = fence.code.strip()
        assert len(command) > fence.size.width, "the proposed command is not long enough to test wrapping"
        assert fence.has_class("command")
        assert fence.size.height >= 2 and fence.virtual_size.width <= fence.size.width, "the command was cut, not wrapped"
        fence.focus()
        await settle(pilot)
        await pilot.press("f4")
        assert app.clipboard == command
        assert not fake_kubectl.exists()


async def test_tool_output_keeps_its_lines_and_scrolls_sideways(make_app, isolated_env):
    import shutil

    from .conftest import ROOT

    shutil.copytree(ROOT / "examples" / "todo-app", isolated_env / "app")
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "generate a helm chart for ./app")
        await wait_idle(pilot, app)
        fence = app.query(ChatFence).last()
        assert fence.has_class("wide") and fence.lexer == "text"
        if fence.virtual_size.width > fence.size.width:  # a plan line longer than the pane: reachable by keys
            fence.focus()
            await settle(pilot)
            await pilot.press("right")
            await wait_until(pilot, lambda: fence.scroll_x > 0, "Right to scroll the block")


async def test_palette_lists_the_slash_commands_and_runs_them(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"/readonly")
        await wait_until(pilot, lambda: _palette_hits(palette), "the palette to list /readonly")
        assert "/readonly" in _palette_hits(palette)[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.session.gate.read_only, "/readonly to run from the palette")
        assert any("Read-only is now **on**" in n for n in _notes(app))


async def test_palette_fills_the_prompt_for_a_command_that_needs_a_value(make_app):
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"/namespace NS")
        await wait_until(pilot, lambda: _palette_hits(palette), "the palette to list /namespace")
        await pilot.press("enter")
        prompt = app.query_one(PromptInput)
        await wait_until(pilot, lambda: prompt.text == "/namespace ", "the prompt to get /namespace")
        await wait_until(pilot, lambda: app.focused is prompt, "the focus to return to the prompt")
        await pilot.press(*"todo", "enter")
        await wait_until(pilot, lambda: app.session.settings.namespace == "todo", "/namespace todo to run")


async def test_palette_offers_the_kube_contexts_and_bare_context_lists_them(make_app, tmp_path, monkeypatch):
    kind, minikube = tmp_path / "kind.yaml", tmp_path / "minikube.yaml"
    kind.write_text(KIND_KUBECONFIG)
    minikube.write_text(MINIKUBE_KUBECONFIG)
    monkeypatch.setenv("KUBECONFIG", f"{kind}:{minikube}")
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(100, 30)) as pilot:
        await type_and_send(pilot, "/context")
        note = _notes(app)[-1]
        assert "`kind-dev` (the kubeconfig's current-context)" in note  # the first file's current-context wins
        assert "`kind-dev`, `minikube`" in note and "snapshot" in note
        assert app.session.settings.snapshot is not None, "a bare /context changed the source"
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"/context mini")
        await wait_until(pilot, lambda: _palette_hits(palette), "the palette to list the minikube context")
        assert _palette_hits(palette)[0].startswith("/context minikube")


async def test_bare_model_shows_the_model_in_use_and_the_choices(make_app):
    app = make_app("crashloop-missing-env", providers=["anthropic", "builtin"], anthropic_model="claude-sonnet-4-6",
                   openai_model="gpt-4o")
    async with app.run_test(size=(100, 30)) as pilot:
        await type_and_send(pilot, "/model")
        note = _notes(app)[-1]
        assert "**`claude-sonnet-4-6`** (anthropic, first in the chain: anthropic > builtin)" in note
        assert "openai `gpt-4o`" in note and "`/model NAME` sets the anthropic model" in note
        await type_and_send(pilot, "/model claude-haiku-4-5")
        assert app.session.settings.anthropic_model == "claude-haiku-4-5"
        await type_and_send(pilot, "/provider builtin")
        await type_and_send(pilot, "/model")
        assert "the **builtin** engine answers" in _notes(app)[-1]


async def test_bare_context_without_a_kubeconfig_says_where_it_looked(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "absent"))
    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(100, 30)) as pilot:
        await type_and_send(pilot, "/context")
        assert "No contexts to choose from: no readable kubeconfig" in _notes(app)[-1]


def _palette_hits(palette) -> list[str]:
    from textual.widgets import OptionList

    options = palette.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_every_slash_command_is_in_the_palette(make_app):
    from agent.tui.palette import SlashCommands
    from agent.tui.slash import SLASH_COMMANDS

    app = make_app("crashloop-missing-env")
    async with app.run_test(size=(80, 24)):
        entries = [str(hit.display) async for hit in SlashCommands(app.screen).discover()]
    assert [e.split()[0] for e in entries[:len(SLASH_COMMANDS)]] == [f"/{n}" for n in SLASH_COMMANDS]
    assert "/provider anthropic" in entries and "/namespace all" in entries
