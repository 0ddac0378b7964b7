"""The approval modal: the exact command or diff, the blast radius, and yes / yes for this session / no."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from agent.gate import ApprovalRequest, Decision


class ApprovalScreen(ModalScreen[Decision]):
    BINDINGS = [
        Binding("y", "decide('yes')", "Yes"),
        Binding("s", "decide('yes_session')", "Yes for this session"),
        Binding("n", "decide('no')", "No"),
        Binding("escape", "decide('no')", "No", show=False),
    ]

    def __init__(self, request: ApprovalRequest) -> None:
        super().__init__(classes="modal")
        self.request = request

    def compose(self) -> ComposeResult:
        request = self.request
        with Vertical(id="approval-dialog"):
            yield Label(f"Approve this {request.tool} call? (modifies: {request.modifies.value})", id="approval-title")
            lexer = "diff" if request.action.lstrip().startswith(("---", "diff", "@@")) or "\n@@" in request.action else "bash"
            with VerticalScroll(id="approval-action"):
                yield Static(Syntax(request.action, lexer, word_wrap=True, theme="ansi_dark"))
            if request.blast_radius:
                yield Label(f"Blast radius: {request.blast_radius}", id="approval-blast")
            if request.confirm_text is not None:
                yield Label(f"Type [b]{request.confirm_text}[/b] and press Enter to confirm; anything else refuses.")
                yield Input(placeholder=request.confirm_text, id="approval-confirm")
            else:
                with Horizontal(id="approval-buttons"):
                    yield Button("Yes [y]", id="yes", variant="warning")
                    yield Button("Yes for this session [s]", id="yes_session")
                    yield Button("No [n]", id="no", variant="primary")

    def on_mount(self) -> None:
        target = self.query("#approval-confirm") or self.query("#no")
        target.first().focus()

    def action_decide(self, decision: str) -> None:
        if self.request.confirm_text is not None and decision != "no":
            return  # typed confirmation only
        self.dismiss(Decision(decision))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(Decision(event.button.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(Decision.YES if event.value.strip() == self.request.confirm_text else Decision.NO)

    def on_key(self, event) -> None:
        # while typing the confirmation, y/s/n are letters, not shortcuts
        if self.request.confirm_text is not None and event.key in ("y", "s", "n"):
            event.stop()
