"""The plain line REPL (`agent chat --plain`): the same session as the TUI, on stdin/stdout."""

from __future__ import annotations

from typing import Callable, TextIO

from agent.session import Session

HELP = """commands: /help, /readonly (toggle), /clear (forget the conversation), /quit
anything else is a question, e.g. "why is the backend crashing?" """


def run_repl(session: Session, read: Callable[[str], str] = input, out: TextIO | None = None,
             on_event: Callable | None = None) -> int:
    import sys

    out = out or sys.stdout
    write = lambda text: print(text, file=out, flush=True)  # noqa: E731
    write(f"aiops-agent chat ({', '.join(session.settings.provider_order())}; "
          f"{'read-only' if session.gate.read_only else 'mutations ask first'}). /help for commands, /quit to leave.")
    asked = 0
    while True:
        try:
            line = read("> ").strip()
        except EOFError:
            break
        except KeyboardInterrupt:
            write("")
            break
        if not line:
            continue
        if line in ("/quit", "/exit", "/q"):
            break
        if line == "/help":
            write(HELP)
            continue
        if line == "/readonly":
            session.gate.read_only = not session.gate.read_only
            write(f"read-only is now {'on' if session.gate.read_only else 'off'}")
            continue
        if line == "/clear":
            session.history = []
            write("conversation cleared")
            continue
        if line.startswith("/"):
            write(f"unknown command {line.split()[0]}; /help lists them")
            continue
        try:
            result = session.ask(line, command="agent chat --plain", on_event=on_event)
        except KeyboardInterrupt:
            write("cancelled")
            continue
        write(result.answer)
        asked += 1
    return asked
