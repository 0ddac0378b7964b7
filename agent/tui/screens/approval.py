"""The approval modal: the exact command or diff, the blast radius, and yes / yes for this session / no."""

from __future__ import annotations

from typing import ClassVar

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from agent.gate import ApprovalRequest, Decision

# The modal shows the head of a long diff; `d` opens all of it.
INLINE_DIFF_LINES = 60
DIFF_KEY = "d"


class ApprovalScreen(ModalScreen[Decision]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "decide('yes')", "Yes"),
        Binding("s", "decide('yes_session')", "Yes for this session"),
        Binding("n", "decide('no')", "No"),
        Binding("escape", "decide('no')", "No", show=False),
        Binding(DIFF_KEY, "view_diff", "Full diff", show=False),
    ]

    def __init__(self, request: ApprovalRequest, diff: str | None = None) -> None:
        """`diff`: what the call would change; by default the request's own diff, or one inside its action."""
        from agent.tui.preview import diff_in

        super().__init__(classes="modal")
        self.request = request
        self.diff = (request.diff or diff_in(request.action)) if diff is None else diff

    def compose(self) -> ComposeResult:
        request = self.request
        with Vertical(id="approval-dialog"):
            yield Label(f"Approve this {request.tool} call? (modifies: {request.modifies.value})", id="approval-title")
            with VerticalScroll(id="approval-action"):
                command = request.action.replace(self.diff, "").rstrip() if self.diff else request.action
                if command:
                    yield Static(Syntax(command, "bash", word_wrap=True, theme="ansi_dark"))
                if self.diff:
                    yield Static(Syntax(_head(self.diff), "diff", word_wrap=True, theme="ansi_dark"), id="approval-diff")
            if request.blast_radius:
                yield Label(f"Blast radius: {request.blast_radius}", id="approval-blast")
            if request.confirm_text is not None:
                yield Label(f"Type [b]{request.confirm_text}[/b] and press Enter to confirm; anything else refuses.")
                yield Input(placeholder=request.confirm_text, id="approval-confirm")
            else:
                with Horizontal(id="approval-buttons"):
                    if self.diff:
                        yield Button(f"Full diff \\[{DIFF_KEY}]", id="diff", compact=True)
                    yield Button("Yes \\[y]", id="yes", variant="warning", compact=True)
                    if not request.always_asks:  # destructive calls are asked about every time
                        yield Button("Yes, this session \\[s]", id="yes_session", compact=True)
                    yield Button("No \\[n]", id="no", variant="primary", compact=True)
            yield Static(self._keys_hint(), id="approval-keys", markup=False)

    def _keys_hint(self) -> str:
        if self.request.confirm_text is not None:
            return "Enter confirms what you typed · Esc refuses"
        diff = f" · {DIFF_KEY} full diff" if self.diff else ""
        return f"y yes · s yes for this session · n / Esc no{diff}"

    def on_mount(self) -> None:
        target = self.query("#approval-confirm") or self.query("#no")
        target.first().focus()

    def action_decide(self, decision: str) -> None:
        if self.request.confirm_text is not None and decision != "no":
            return  # typed confirmation only
        self.dismiss(Decision(decision))

    def action_view_diff(self) -> None:
        from agent.tui.screens.viewer import DiffScreen

        if self.diff:
            self.app.push_screen(DiffScreen(f"{self.request.tool}: {self.request.action.splitlines()[0]}", self.diff))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "diff":
            self.action_view_diff()
            return
        self.dismiss(Decision(event.button.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(Decision.YES if event.value.strip() == self.request.confirm_text else Decision.NO)

    def on_key(self, event) -> None:
        # while typing the confirmation, the shortcut keys are letters
        if self.request.confirm_text is not None and event.key in ("y", "s", "n", DIFF_KEY):
            event.stop()


def _head(diff: str) -> str:
    lines = diff.splitlines()
    if len(lines) <= INLINE_DIFF_LINES:
        return diff
    return "\n".join(lines[:INLINE_DIFF_LINES]) + f"\n# ... {len(lines) - INLINE_DIFF_LINES} more lines: press {DIFF_KEY}"
