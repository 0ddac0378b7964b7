"""The Textual app: a chat that shows its work (tool activity, findings, approvals, cluster, PHRs)."""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, TabbedContent, TabPane

from agent.cancel import CancelScope, current_scope
from agent.config import Settings
from agent.errors import AgentError
from agent.gate import ApprovalRequest, Decision
from agent.session import Session, run_gated_tool
from agent.tui.header import header_subtitle, subtitle_room
from agent.tui.palette import SlashCommands
from agent.tui.slash import SESSION_COMMANDS, SlashCommand, help_markdown, parse_slash, usage
from agent.tui.widgets.activity import ActivityPane
from agent.tui.widgets.chat import (
    AgentTurn,
    ChatFence,
    ChatView,
    FindingCard,
    SystemNote,
    UserTurn,
)
from agent.tui.widgets.cluster import ClusterTree
from agent.tui.widgets.generate import GeneratePlanCard
from agent.tui.widgets.phr import PhrPane
from agent.tui.widgets.prompt import PromptInput

LIVE_REFRESH_SECONDS = 30.0


class AgentApp(App):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "aiops-agent"
    COMMANDS = App.COMMANDS | {SlashCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "cancel_step", "Cancel step", priority=True),
        Binding("f2", "toggle_side", "Panes"),
        Binding("f3", "toggle_theme", "Theme"),
        Binding("f4", "copy", "Copy"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, settings: Settings, *, source_label: str, live: bool = False, deterministic: bool = False) -> None:
        super().__init__()
        self.session = Session(settings, surface="tui", asker=self._ask_approval)
        self.source_label = source_label
        self.live = live
        self.deterministic = deterministic
        self.transcript: list[tuple[str, str]] = []
        self._cancel = CancelScope()  # the running question's; a new one per question
        self._scopes: set[CancelScope] = set()  # every running question or fix: Ctrl+C cancels them all
        self._busy = False
        self._current: AgentTurn | None = None
        self.last_answer = None
        # (tool, description) -> arguments of calls announced by the loop or started here: an approval for
        # `generate` carries only the description, and its diff preview needs the arguments
        self._call_arguments: dict[tuple[str, str], dict] = {}

    # layout -----------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⎈")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield ChatView(id="chat")
                yield PromptInput(id="prompt")
            with TabbedContent(id="side"):
                with TabPane("Activity", id="tab-activity"):
                    yield ActivityPane(show_durations=not self.deterministic, id="activity")
                with TabPane("Cluster", id="tab-cluster"):
                    yield ClusterTree(id="cluster")
                with TabPane("PHR", id="tab-phr"):
                    yield PhrPane(id="phr")
        yield Footer()

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        prompt = self.query_one(PromptInput)
        if self.deterministic:
            prompt.cursor_blink = False
        prompt.focus()
        self._update_header()
        self.note(f"Connected to **{self.source_label}**. Ask a question, or type /help. "
                  "Mutations always ask first; Ctrl+C cancels a running step.")
        self.refresh_cluster()
        if self.live and not self.deterministic:
            self.set_interval(LIVE_REFRESH_SECONDS, self.refresh_cluster)

    def _update_header(self) -> None:
        self.sub_title = header_subtitle(self.session.settings, self.source_label, self.session.gate.read_only,
                                         subtitle_room(self.size.width, self.title))

    def on_resize(self) -> None:
        self._update_header()

    # chat ---------------------------------------------------------------------------------------------------
    def note(self, text: str, *, error: bool = False) -> None:
        widget = AgentTurn(text) if not error else SystemNote(text, classes="error", markup=False)
        widget.add_class("note")
        self.query_one(ChatView).add(widget)

    @on(PromptInput.ScrollChat)
    def on_scroll_chat(self, event: PromptInput.ScrollChat) -> None:
        chat = self.query_one(ChatView)
        if event.pages < 0:
            chat.scroll_page_up(animate=False)
        else:
            chat.scroll_page_down(animate=False)

    def on_key(self, event: events.Key) -> None:
        """A printable key that no focused widget used (on the tree, a card, the chat) goes to the prompt: typing
        works from anywhere on the main screen, and the character is not lost."""
        prompt = self.query_one(PromptInput)
        if not event.is_printable or not event.character or prompt.screen is not self.screen:
            return
        if self.focused is prompt or prompt.disabled:
            return
        prompt.focus()
        prompt.move_cursor(prompt.document.end)
        prompt.insert(event.character)
        event.stop()
        event.prevent_default()

    @on(PromptInput.Submitted)
    def on_prompt(self, event: PromptInput.Submitted) -> None:
        if not self.submit(event.text) and self._busy:
            event.prompt.restore(event.text)  # keep it: it can be sent when the answer is in

    def submit(self, text: str) -> bool:
        """Run a slash command or ask a question, as typed at the prompt or chosen in the palette; False when it
        has to wait for the running question."""
        try:
            command = parse_slash(text)
        except AgentError as exc:
            self.note(f"{exc.message} ({exc.hint})", error=True)
            return True
        if command is not None:
            if self._busy and command.name in SESSION_COMMANDS:
                self.note(f"/{command.name} waits until the running question is answered (Ctrl+C cancels it).",
                          error=True)
                return False
            self.run_slash(command)
            return True
        if self._busy:
            self.notify("Still working on the previous question (Ctrl+C cancels it).", severity="warning")
            return False
        self.ask(text)
        return True

    def fill_prompt(self, text: str) -> None:
        """Put `text` in the prompt for the user to finish (a palette command that needs a value)."""
        prompt = self.query_one(PromptInput)
        prompt.restore(text)
        prompt.focus()

    def ask(self, question: str) -> None:
        if self._busy:
            self.notify("Still working on the previous question (Ctrl+C cancels it).", severity="warning")
            return
        chat = self.query_one(ChatView)
        chat.add(UserTurn(question, classes="user", markup=False))
        self._current = AgentTurn()
        chat.add(self._current)
        self.transcript.append(("you", question))
        self._busy = True
        self._cancel = CancelScope()
        self._ask_worker(question, self._cancel)

    @work(thread=True, exclusive=True, group="ask")
    def _ask_worker(self, question: str, scope: CancelScope) -> None:
        try:
            with self._cancellable(scope):
                result = self.session.ask(question, command=f"tui: {question}", on_event=self._event_from_thread,
                                          cancel=scope.event)
        except AgentError as exc:
            self.call_from_thread(self._ask_failed, f"{exc.message}\n\nhint: {exc.hint}" if exc.hint else exc.message)
        except Exception as exc:  # noqa: BLE001 - the session must survive anything one question throws
            self.call_from_thread(self._ask_failed, f"{type(exc).__name__}: {exc}")
        else:
            self.call_from_thread(self._ask_done, result)

    async def _ask_done(self, result) -> None:
        try:
            await self._show_answer(result)
        finally:
            self._busy = False

    async def _show_answer(self, result) -> None:
        from agent.diagnosis.models import Answer
        from agent.diagnosis.render import split

        self.last_answer = result
        answers = [Answer.model_validate(d) for d in result.data
                   if isinstance(d, dict) and "findings" in d and "summary" in d]
        text = result.answer
        if result.provider == "builtin" and answers:
            # the builtin answer is the rendered findings: show its summary here and the findings as cards
            text = "\n\n".join(_answer_summary(answer) for answer in answers)
        elif result.provider == "builtin" and result.tool_calls and result.stopped == "answered":
            # the builtin answer is the tools' plain-text output (kubectl tables, a generation plan): as Markdown
            # its lines would run together
            text = _preformatted(text)
        if result.stopped == "cancelled" and "cancel" not in (text or "").lower():
            text = (text or "") + "\n\n_cancelled_"
        self.transcript.append(("agent", result.answer))
        # cards for the findings that answer the question; other problems are one line each in the summary
        cards = [FindingCard(finding) for answer in answers for finding in split(answer)[0]]
        cards += [GeneratePlanCard(call["arguments"]) for call in result.tool_calls
                  if call.get("tool") == "generate" and call.get("status") == "ok"
                  and call["arguments"].get("plan_only")]
        chat = self.query_one(ChatView)
        if self._current is not None:
            await self._current.finish(text)
        if cards:
            await chat.mount_all(cards)
        if self._current is not None:
            # long answers: show where this one starts, not where its last card ends (once the cards are laid out)
            self.call_after_refresh(chat.scroll_to_widget, self._current, animate=False, top=True)
        if result.phr_path:
            self._record_added(Path(result.phr_path))

    def _ask_failed(self, message: str) -> None:
        self._busy = False
        if self._current is not None:
            self._current.finish("_no answer_")
        self.note(message, error=True)

    # loop events (sent from the worker thread) --------------------------------------------------------------
    def _event_from_thread(self, event) -> None:
        self.call_from_thread(self.handle_event, event)

    def handle_event(self, event) -> None:
        kind = type(event).__name__
        activity = self.query_one(ActivityPane)
        if kind == "TokenEvent" and self._current is not None:
            self._current.stream(getattr(event, "text", ""))
        elif kind == "ToolStarted":
            self._call_arguments[(event.tool, event.description)] = dict(event.arguments)
            activity.started(event.call_id, event.tool, event.description or event.tool)
        elif kind == "ToolFinished":
            activity.finished(event.call_id, event.tool, event.status, event.duration_ms, event.output,
                              event.truncated)
        elif kind == "FallbackEvent":
            self._show_fallback(event.from_provider, event.to_provider, event.reason)

    def _show_fallback(self, from_provider: str, to_provider: str, reason: str) -> None:
        message = f"{from_provider} failed ({reason.splitlines()[0][:120]}); falling back to {to_provider}"
        self.note(message, error=True)  # in the chat, where the answer it explains will appear

    # approvals (asked from the worker thread, answered on the UI thread) -------------------------------------
    def _ask_approval(self, request: ApprovalRequest) -> Decision:
        from agent.tui.screens.approval import ApprovalScreen

        answered = threading.Event()
        box: dict[str, Decision] = {}

        def decided(decision: Decision | None) -> None:
            box["decision"] = decision or Decision.NO
            answered.set()

        from textual.worker import get_current_worker

        from agent.tui.preview import approval_diff

        worker = get_current_worker()
        scope = current_scope() or self._cancel  # the question's, or the fix's that asks
        # rendering the files `generate` would write takes a moment: here, in the worker thread
        diff = approval_diff(request.tool, request.action, self._call_arguments.get((request.tool, request.action)),
                             self.session.ctx.workdir)
        screen = ApprovalScreen(request, diff)
        self.call_from_thread(self.push_screen, screen, decided)
        while not answered.wait(0.1):
            if scope.cancelled or worker.is_cancelled:  # Ctrl+C, or the app is closing
                if not worker.is_cancelled:
                    self.call_from_thread(self._close_approval, screen)
                return Decision.NO
        return box["decision"]

    def _close_approval(self, screen) -> None:
        """Ctrl+C answered the question for the user: the modal goes away instead of waiting for a key."""
        if screen.is_current:
            screen.dismiss(Decision.NO)

    # findings -> fixes ---------------------------------------------------------------------------------------
    @on(FindingCard.ApplyFix)
    def on_apply_fix(self, event: FindingCard.ApplyFix) -> None:
        if self.session.settings.snapshot or self.session.files:
            self._propose_fix(event.finding)
            return
        self._apply_worker(event.finding)

    def _propose_fix(self, finding) -> None:
        from agent.phr.recorder import PhrRecorder

        commands = "\n".join(finding.fix.commands)
        recorder = PhrRecorder(self.session.settings, title=f"proposed fix for {finding.object}", stage="operate",
                               surface="tui", command=commands, prompt=f"apply the fix for {finding.object}",
                               labels=["tui", "proposed-fix"])
        with recorder:
            recorder.set_response(f"Proposed, not applied: the source is a snapshot ({self.source_label}).\n\n{commands}")
            recorder.set_outcome(impact="fix proposed", next_prompts=finding.fix.commands)
        path = recorder.close()
        self.note(f"This is a snapshot, so the fix is **proposed**, not applied. Run on the live cluster:\n\n"
                  f"```bash\n{commands}\n```")
        if path:
            self._record_added(Path(path))

    @work(thread=True, group="apply")
    def _apply_worker(self, finding) -> None:
        scope = CancelScope()
        for command in finding.fix.commands:
            if scope.cancelled:
                return
            try:
                with self._cancellable(scope):
                    run = run_gated_tool(self.session, "kubectl", {"command": command},
                                         title=f"apply fix for {finding.object}")
            except (AgentError, ValueError) as exc:
                self.call_from_thread(self.note, f"could not apply `{command}`: {exc}", error=True)
                return
            self.call_from_thread(self._applied, run)
            if not run.approved or run.status != "ok":
                return

    def _applied(self, run) -> None:
        verdict = "applied" if run.approved and run.status == "ok" else f"not applied ({run.decided_by}: {run.status})"
        self.note(f"`{run.action}`: {verdict}\n\n```\n{run.output[:2000]}\n```")
        if run.phr_path:
            self._record_added(Path(run.phr_path))

    # generated files -> diff -> write ---------------------------------------------------------------------------
    @on(GeneratePlanCard.WriteFiles)
    def on_write_files(self, event: GeneratePlanCard.WriteFiles) -> None:
        self._write_files_worker(event.arguments)

    @work(thread=True, group="apply")
    def _write_files_worker(self, arguments: dict) -> None:
        tool = next(t for t in self.session.tools if t.name == "generate")
        description = tool.describe_call(tool.parse_args(arguments))
        self._call_arguments[("generate", description)] = arguments
        try:
            with self._cancellable(CancelScope()):
                run = run_gated_tool(self.session, "generate", arguments, title=f"write generated files for "
                                     f"{arguments.get('path')}", stage="generate")
        except (AgentError, ValueError) as exc:
            self.call_from_thread(self.note, f"could not write the files: {exc}", error=True)
            return
        self.call_from_thread(self._applied, run)

    # cluster pane --------------------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="cluster")
    def refresh_cluster(self) -> None:
        from agent.tui.cluster_model import workload_rows

        try:
            state = self.session.cluster_state()
            rows = workload_rows(state, self.session.settings.namespace)
        except AgentError as exc:
            self.call_from_thread(self.notify, f"cluster: {exc.message}", severity="error")
            return
        self.call_from_thread(self.query_one(ClusterTree).show_rows, rows)

    @on(ClusterTree.WorkloadSelected)
    def on_workload_selected(self, event: ClusterTree.WorkloadSelected) -> None:
        row = event.row
        self.ask(f"what is wrong with {row.kind.lower()} {row.name} in namespace {row.namespace}?")

    # PHR pane ------------------------------------------------------------------------------------------------
    def _record_added(self, path: Path) -> None:
        self.query_one(PhrPane).add_record(path)
        self._verify_chain()

    @work(thread=True, exclusive=True, group="phr")
    def _verify_chain(self) -> None:
        from agent.phr.verify import verify_chain

        result = verify_chain(Path(self.session.settings.phr_dir))
        if result.ok:
            text = f"chain OK: {result.count} records"
        else:
            text = f"chain BROKEN: record {result.problem.path or result.problem.record_id} {result.problem.kind}"
        self.call_from_thread(self.query_one(PhrPane).set_chain_status, text, result.ok)

    @on(PhrPane.Open)
    def on_phr_open(self, event: PhrPane.Open) -> None:
        from agent.tui.screens.viewer import RecordScreen

        self.push_screen(RecordScreen(event.path.name, event.path.read_text()))

    # slash commands ------------------------------------------------------------------------------------------
    def run_slash(self, command: SlashCommand) -> None:
        name, arg = command.name, command.argument
        if name == "help":
            self.note(help_markdown())
        elif name == "clear":
            self.session.history = []
            self.query_one(ChatView).remove_children()
            self.transcript.clear()
            self.note("Conversation cleared.")
        elif name == "readonly":
            self.session.reconfigure(read_only=not self.session.gate.read_only)
            self.note(f"Read-only is now **{'on' if self.session.gate.read_only else 'off'}**.")
        elif name == "phr":
            self.query_one("#side").display = True
            self.query_one("#side", TabbedContent).active = "tab-phr"
            self.query_one("#phr-list").focus()
        elif name == "export":
            self._export(Path(arg).expanduser() if arg else Path(f"aiops-chat-{datetime.now():%Y%m%d-%H%M%S}.md"))
        elif name in ("provider", "model", "namespace", "context", "snapshot"):
            self._reconfigure(name, arg)
        self._update_header()

    def _export(self, path: Path) -> None:
        try:
            path.write_text("\n\n".join(f"**{who}:**\n\n{text}" for who, text in self.transcript) + "\n")
        except OSError as exc:
            self.note(f"could not save the conversation to {path}: {exc.strerror or exc} "
                      "(give a path in a directory you can write to)", error=True)
            return
        self.note(f"Conversation saved to `{path}`.")

    def _reconfigure(self, name: str, arg: str) -> None:
        from agent.providers.names import PROVIDERS

        if not arg and name in ("model", "context"):
            self.note(self._model_choices() if name == "model" else self._context_choices())
            return
        if not arg:
            self.note(f"/{name} needs a value: `{usage(name)}` (see /help).", error=True)
            return
        if name == "provider":
            if arg != "auto" and arg not in PROVIDERS:
                self.note(f"unknown provider {arg}; choose one of {', '.join(PROVIDERS)} or auto", error=True)
                return
            self.session.reconfigure(providers=None if arg == "auto" else [arg])
        elif name == "model":
            first = self.session.settings.provider_order()[0]
            if first == "builtin":
                self.note("The builtin engine has no model to choose; /provider openai or anthropic first.", error=True)
                return
            self.session.reconfigure(**{f"{first}_model": arg})
        elif name == "namespace":
            self.session.reconfigure(namespace=None if arg == "all" else arg)
            self.refresh_cluster()
        elif name == "context":
            self.session.reconfigure(context=arg, snapshot=None)
            self.source_label = f"live: {arg}"
            self.refresh_cluster()
        elif name == "snapshot":
            from agent.diagnosis.sources.snapshot import load_snapshot

            path = Path(arg).expanduser()
            if not path.exists():
                self.note(f"{path} does not exist; give a snapshot directory or a kubectl -o json/yaml file.",
                          error=True)
                return
            try:
                load_snapshot(path)  # refuse a file that is not a snapshot now, not later in a pane refresh
            except AgentError as exc:
                self.note(f"{exc.message} ({exc.hint})" if exc.hint else exc.message, error=True)
                return
            self.session.reconfigure(snapshot=path)
            self.source_label = f"snapshot: {path}"
            self.refresh_cluster()
        self.note(f"/{name} set to `{arg}`.")

    def _model_choices(self) -> str:
        from agent.tui.choices import configured_models

        settings = self.session.settings
        order = settings.provider_order()
        models = configured_models(settings)
        listed = ", ".join(f"{provider} `{model}`" for provider, model in models.items())
        chain = " > ".join(order)
        if order[0] not in models:
            return (f"Model: none, the **{order[0]}** engine answers (chain: {chain}); it has no model to choose.\n\n"
                    f"Configured: {listed}. `/provider openai` or `/provider anthropic`, then `/model NAME`.")
        return (f"Model: **`{models[order[0]]}`** ({order[0]}, first in the chain: {chain}).\n\n"
                f"Configured: {listed}. `/model NAME` sets the {order[0]} model; `/provider NAME` switches provider.")

    def _context_choices(self) -> str:
        from agent.tui.choices import kube_contexts

        settings = self.session.settings
        names, current, read = kube_contexts(settings)
        now = f"`{settings.context}`" if settings.context else (f"`{current}` (the kubeconfig's current-context)"
                                                                 if current else "none")
        using = f"Context: **{now}**" + (f"; questions read the snapshot `{settings.snapshot}`" if settings.snapshot
                                          else "") + "."
        if not names:
            where = ", ".join(f"`{p}`" for p in read) or "no readable kubeconfig (--kubeconfig, $KUBECONFIG, ~/.kube/config)"
            return f"{using}\n\nNo contexts to choose from: {where}."
        files = ", ".join(f"`{p}`" for p in read)
        return (f"{using}\n\nChoices ({files}): " + ", ".join(f"`{n}`" for n in names)
                + ".\n\n`/context NAME` switches to one (the live cluster).")

    # cancelling ----------------------------------------------------------------------------------------------
    @contextmanager
    def _cancellable(self, scope: CancelScope):
        """In a worker thread: the processes its tools start belong to `scope`, which Ctrl+C cancels."""
        with scope.active():
            self._scopes.add(scope)
            try:
                yield scope
            finally:
                self._scopes.discard(scope)

    def action_cancel_step(self) -> None:
        scopes = set(self._scopes)
        if not scopes and not self._busy:
            self.notify("Nothing is running. Ctrl+Q quits.")
            return
        if self._busy:
            scopes.add(self._cancel)  # a question that has not reached its worker yet stops before its first step
        stopped = [line for scope in scopes for line in scope.cancel()]
        if stopped:
            self.note("Ctrl+C: stopped " + ", ".join(f"`{line}`" for line in stopped)
                      + " (the process was ended; what it changed before that stays changed).", error=True)
        else:
            self.note("Ctrl+C: cancelling; no tool is running, the question stops before its next step.", error=True)

    def action_toggle_side(self) -> None:
        side = self.query_one("#side")
        side.display = not side.display
        if not side.display and self.focused is not None and side in self.focused.ancestors:
            self.query_one(PromptInput).focus()  # the focus must not stay in a hidden pane

    def action_copy(self) -> None:
        """F4: the commands of the focused code block or finding card, else of the latest answer that has any."""
        found = self._copy_source()
        if found is None:
            self.notify("Nothing to copy yet: no commands or code blocks in the chat.", severity="warning")
            return
        self.copy_text(*found)

    def _copy_source(self) -> tuple[str, str] | None:
        focused = self.focused
        for widget in ([focused, *focused.ancestors] if focused is not None else []):
            if isinstance(widget, ChatFence):
                return widget.code.rstrip("\n"), "the code block"
            if isinstance(widget, FindingCard) and widget.finding.fix.commands:
                return widget.commands_text(), f"the fix for {widget.finding.object}"
        for widget in reversed(self.query_one(ChatView).children):
            if isinstance(widget, FindingCard) and widget.finding.fix.commands:
                return widget.commands_text(), f"the fix for {widget.finding.object}"
            if isinstance(widget, AgentTurn) and widget.code_blocks():
                return "\n".join(widget.code_blocks()), "the code of the last answer"
        return None

    def copy_text(self, text: str, what: str) -> None:
        """To the system clipboard (OSC 52: the terminal must allow it; over SSH and in tmux too)."""
        self.copy_to_clipboard(text)
        lines = len(text.splitlines())
        self.notify(f"Copied {what} ({lines} line{'s' if lines != 1 else ''}) to the clipboard.")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"


def _preformatted(text: str) -> str:
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def _answer_summary(answer) -> str:
    from agent.diagnosis.render import split

    lines = [answer.summary]
    lines += [f"- {fact}" for fact in answer.facts]
    others = split(answer)[1]
    if others:
        lines += ["", "Also found:"] + [f"- `{f.object}`: {f.root_cause}" for f in others]
    lines += [f"- _warning: {w.message}_" for w in answer.warnings]
    return "\n".join(lines)
