"""`agent ask "QUESTION"`: answer one question and exit (0 answered, 1 could not answer, 2 usage/config)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from agent.cli.options import common_options, settings_from


@click.command("ask")
@click.argument("question", nargs=-1, required=True)
@click.option("-f", "--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Attach pasted kubectl output or logs (repeatable).")
@click.option("-o", "--output", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Do not show tool activity on stderr.")
@common_options
def command(question: tuple[str, ...], files: tuple[str, ...], output: str, quiet: bool, **params) -> None:
    """Answer one question and exit.

    \b
    Examples:
      agent ask "why is the backend pod in CrashLoopBackOff?"
      agent ask --snapshot DIR "what is wrong in namespace todo?"
      agent ask -f describe.txt -f logs.txt "what is wrong?"
    """
    from agent.cli.events import stderr_event_printer
    from agent.cli.preflight import require_phr_dir
    from agent.gate import terminal_asker
    from agent.session import Session

    settings = settings_from(params)
    text = " ".join(question).strip()
    if not text:
        raise click.UsageError("the question is empty: agent ask \"why is my pod crashing?\"")
    require_phr_dir(settings)
    asker = terminal_asker if sys.stdin.isatty() else None
    session = Session(settings, surface="cli", asker=asker, files=[Path(f) for f in files])
    result = session.ask(text, command="agent " + " ".join(sys.argv[1:]),
                         on_event=None if quiet or output == "json" else stderr_event_printer())
    if output == "json":
        click.echo(result.model_dump_json(indent=2))
    elif output == "markdown":
        click.echo(_markdown(result))
    else:
        from agent.safety.text import safe_text

        click.echo(safe_text(result.answer))
    if result.phr_path and output != "json" and not quiet:
        click.secho(f"(recorded in {result.phr_path})", err=True, dim=True)
    if not result.answered:
        click.echo("hint: give the agent something to read (--snapshot DIR, -f FILE with kubectl output, or a "
                   "kubeconfig for a live cluster), or set an LLM key for open questions; "
                   "`agent ask \"what can you do?\"` lists what works offline", err=True)
    sys.exit(0 if result.answered else 1)


def _markdown(result) -> str:
    from agent.diagnosis.models import Answer
    from agent.diagnosis.render import render_markdown

    answers = [Answer.model_validate(d) for d in result.data if isinstance(d, dict) and "summary" in d and "findings" in d]
    if answers:
        return "\n\n".join(render_markdown(a) for a in answers)
    return result.answer
