"""`agent phr report`: the README's "AI-Generated Infrastructure" section, from the PHRs."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("report")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the Markdown to FILE instead of stdout.")
@click.option("--phr-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The PHR directory (default: the phr_dir setting, ./phr).")
@click.option("--summarise", is_flag=True, help="Add a two-sentence summary per artifact, written by the "
                                                "configured LLM (prompts/summary.md.j2).")
def command(out: Path | None, phr_dir: Path | None, summarise: bool) -> None:
    """Markdown: AI tools used, versions, commands and prompts, results, links to the PHRs."""
    from agent.config import load_settings
    from agent.phr.report import collect, render_markdown

    if out is not None:
        from agent.cli.preflight import require_writable_file

        require_writable_file(out, "--out")
    settings = load_settings()
    report = collect(phr_dir or settings.phr_dir, link_base=out.parent if out else None)
    summaries = None
    if summarise:
        from agent.aitools.llm_step import llm_provider
        from agent.errors import UsageError
        from agent.phr.report import summarise as summarise_report

        provider = llm_provider(settings)
        if provider is None:
            raise UsageError("--summarise needs an LLM provider",
                             hint="export OPENAI_API_KEY or ANTHROPIC_API_KEY, or drop --summarise")
        summaries = summarise_report(report, provider)
    text = render_markdown(report, summaries)
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out}", err=True)
