"""`agent phr`: list, show, verify and export Prompt History Records."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

PHR_DIR_OPTION = click.option("--phr-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                              help="The PHR directory (default: the phr_dir setting, ./phr).")


def _phr_dir(given: Path | None) -> Path:
    if given is not None:
        return given
    from agent.config import load_settings

    return load_settings().phr_dir


@click.group("phr")
def command() -> None:
    """List, show, verify and export Prompt History Records."""


@command.command("list")
@click.option("--stage", default=None, help="Only records of this stage.")
@click.option("--label", default=None, help="Only records carrying this label.")
@click.option("--since", default=None, metavar="DATE", help="Only records dated on or after DATE (YYYY-MM-DD).")
@click.option("--until", default=None, metavar="DATE", help="Only records dated on or before DATE (YYYY-MM-DD).")
@PHR_DIR_OPTION
def list_command(stage: str | None, label: str | None, since: str | None, until: str | None,
                 phr_dir: Path | None) -> None:
    """One line per record: id, date, stage, title, surface, model."""
    from agent.phr.query import RecordFilter, load_records, parse_day

    where = RecordFilter(stage=stage, label=label, since=parse_day(since) if since else None,
                         until=parse_day(until) if until else None)
    rows = [[f"{r.id:04d}", str(r.front_matter.get("date") or ""), str(r.front_matter.get("stage") or ""),
             str(r.front_matter.get("title") or ""), str(r.front_matter.get("surface") or ""),
             str(r.front_matter.get("model") or "-")] for r in load_records(_phr_dir(phr_dir), where)]
    if not rows:
        click.echo("no records")
        return
    header = ["ID", "DATE", "STAGE", "TITLE", "SURFACE", "MODEL"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


@command.command("show")
@click.argument("record_id", type=int, metavar="ID")
@PHR_DIR_OPTION
def show_command(record_id: int, phr_dir: Path | None) -> None:
    """Print record ID as written."""
    from agent.phr.query import find_record

    path = find_record(_phr_dir(phr_dir), record_id)
    click.echo(path.read_text(encoding="utf-8"), nl=False)


@command.command("verify")
@PHR_DIR_OPTION
def verify_command(phr_dir: Path | None) -> None:
    """Check the hash chain; name the first record that was edited, removed or reordered."""
    from agent.errors import UsageError
    from agent.phr.verify import verify_chain

    root = _phr_dir(phr_dir)
    if not root.is_dir():
        # "chain OK: 0 records" for a mistyped path would vouch for records nobody checked
        raise UsageError(f"no PHR directory at {root}",
                         hint="pass --phr-dir with the directory the records are in (default ./phr, or phr_dir "
                              "in agent.toml); `agent ask` writes the first record")
    result = verify_chain(root)
    if result.problem is None:
        click.echo(f"chain OK: {result.count} records")
        return
    problem = result.problem
    where = f"record {problem.record_id:04d}" if problem.record_id is not None else "the chain"
    click.echo(f"chain BROKEN at {where}" + (f" ({problem.path})" if problem.path else "")
               + f": {problem.kind}: {problem.detail}", err=True)
    click.echo("  hint: restore the record from version control or a backup, then run `agent phr verify` again",
               err=True)
    # sys.exit, not ctx.exit: `agent`'s main() runs click with standalone_mode=False, which drops ctx.exit codes.
    sys.exit(1)


@command.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@PHR_DIR_OPTION
def export_command(fmt: str, phr_dir: Path | None) -> None:
    """One JSON object per record (front matter, path and sections), in id order."""
    from agent.phr.query import load_records

    root = _phr_dir(phr_dir)
    for record in load_records(root):
        click.echo(json.dumps(record.export_row(root), default=str, ensure_ascii=False))


from agent.cli.phr_report import command as report_command  # noqa: E402  (agent phr report)

command.add_command(report_command)
