"""`agent generate PATH`: detect the services of a repository and write its deployment artifacts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from agent.aitools.names import GENERATION_VIA
from agent.cli.options import parse_build_args, settings_from
from agent.cli.preflight import require_phr_dir, require_writable_dir
from agent.errors import UsageError
from agent.generation.families import DEFAULT_DIRS, FAMILIES


def _families(value: str | None) -> list[str]:
    if not value:
        return list(FAMILIES)
    chosen = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown:
        raise UsageError(f"unknown artifact family: {', '.join(unknown)}", hint=f"choose from {', '.join(FAMILIES)}")
    return chosen


def _prompt(service: str, key: str, question: str) -> str | None:
    answer = click.prompt(f"{question} (agent.toml [services.{service}] {key})", default="", show_default=False,
                          err=True)
    return answer.strip() or None


@click.command("generate")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output root (default: PATH itself).")
@click.option("--plan", "plan_only", is_flag=True, help="Print the detected plan and write nothing.")
@click.option("-o", "--output", "fmt", type=click.Choice(["text", "json"]), default="text", help="Plan format.")
@click.option("--only", default=None, help=f"Comma-separated artifact families ({', '.join(FAMILIES)}).")
@click.option("--name", default=None, help="App name (chart, namespace, image prefix); default: the directory name.")
@click.option("--app-version", default="1.0.0", show_default=True, help="Chart version and image tag.")
@click.option("--set", "sets", multiple=True, metavar="SERVICE.KEY=VALUE",
              help="What detection cannot tell, as in agent.toml [services.<name>]: port, health_path, "
                   "readiness_path, kind, start, language_version, replicas.")
@click.option("--include", "include", multiple=True, metavar="PATH",
              help="Deploy a folder that looks like an example or reference (listed as skipped in the plan).")
@click.option("--chart-dir", default=DEFAULT_DIRS["chart_dir"], show_default=True)
@click.option("--docker-dir", default=DEFAULT_DIRS["docker_dir"], show_default=True)
@click.option("--k8s-dir", default=DEFAULT_DIRS["k8s_dir"], show_default=True)
@click.option("--scripts-dir", default=DEFAULT_DIRS["scripts_dir"], show_default=True)
@click.option("--docs-dir", default=DEFAULT_DIRS["docs_dir"], show_default=True)
@click.option("--specify-dir", default=DEFAULT_DIRS["specify_dir"], show_default=True)
@click.option("--via", type=click.Choice(GENERATION_VIA), default=None,
              help="Force one step of the AI chain (kubectl-ai/gordon -> llm -> builtin) instead of falling back.")
@click.option("--no-validate", is_flag=True, help="Skip hadolint, helm lint, schema, checkov and shellcheck.")
@click.option("--verify", is_flag=True,
              help="Build every image, start each container with its generated env and probe its health path.")
@click.option("--build-arg", "build_args", multiple=True, metavar="KEY=VALUE",
              help="Build args for --verify, e.g. PYTHON_IMAGE=aiops-agent/bookworm-python:local.")
@click.option("--keep-images", is_flag=True, help="With --verify, keep the images it built.")
@click.option("--non-interactive", is_flag=True, help="Never prompt; a value detection misses is an error.")
@click.option("--read-only", is_flag=True, default=None, help="Refuse every write.")
@click.option("--yes", "-y", "assume_yes", is_flag=True, default=None, help="Overwrite files you edited without asking.")
@click.option("--no-phr", is_flag=True, default=False, help="Do not write a Prompt History Record.")
@click.option("--phr-dir", type=click.Path(), default=None, help="Where PHRs are written (default ./phr).")
def command(path: Path, out: Path | None, plan_only: bool, fmt: str, only: str | None, name: str | None,
            app_version: str, sets: tuple[str, ...], include: tuple[str, ...], via: str | None, no_validate: bool,
            verify: bool, build_args: tuple[str, ...], keep_images: bool, non_interactive: bool,
            **params: Any) -> None:
    """Detect the services under PATH and generate Dockerfiles, Kubernetes manifests, a Helm chart,
    scripts, docs and skills. Regenerating unchanged input rewrites nothing."""
    from agent.gate import ApprovalGate, terminal_asker
    from agent.aitools.generate import chain_lines
    from agent.generation.layout import Layout
    from agent.generation.plan_text import guesses_text, plan_text
    from agent.generation.service import GenerationRequest, GenerationService

    layout = Layout(**{k: params.pop(k) for k in list(params) if k.endswith("_dir") and k != "phr_dir"})
    families = _families(only)
    settings = settings_from(params)
    interactive = sys.stdin.isatty() and not non_interactive and not settings.assume_yes
    out_root = out or path
    request = GenerationRequest(app_root=path, out_root=out_root, name=name, version=app_version, sets=list(sets),
                                include=include, families=families, layout=layout, via=via,
                                validate_output=not no_validate, verify=verify, build_args=parse_build_args(build_args),
                                keep_images=keep_images)
    planner = GenerationService(ApprovalGate(read_only=True), settings=settings, ask=_prompt if interactive else None)
    plan = planner.plan(request, partial=plan_only)
    if plan_only:
        click.echo(plan.model_dump_json(indent=2) if fmt == "json" else plan_text(plan) + guesses_text(plan),
                   nl=fmt == "json")
        return

    if settings.read_only:
        raise UsageError(f"--read-only refuses to write artifacts under {out_root}",
                         hint="use --plan to see what would be generated without writing")
    require_writable_dir(out_root, "--out", "or drop --out to write next to the sources")
    require_phr_dir(settings)
    recorder = _recorder(settings, path, out_root)
    gate = ApprovalGate(read_only=settings.read_only, assume_yes=settings.assume_yes,
                        asker=terminal_asker if interactive else None,
                        on_decision=recorder.record_approval if recorder else None)
    from agent.cli.progress import StepProgress

    service = GenerationService(gate, settings=settings, recorder=recorder, step=StepProgress().step)
    try:
        result = service.generate(request, plan)
        for line in chain_lines(result.chains):
            click.echo(f"chain      {line}", err=True)
        for change in result.write.written:
            click.echo(f"{change.kind.value:<10} {out_root / change.path}")
        for change in result.write.kept:
            click.echo(f"kept       {out_root / change.path} (your edits; not overwritten)")
        click.echo(f"{len(result.write.written)} written, {result.write.unchanged} unchanged, "
                   f"{len(result.write.kept)} kept")
        for line in guesses_text(plan).splitlines():
            click.echo(line, err=True)
        if result.validation_text:
            click.echo(result.validation_text)
        if result.verdicts:
            from agent.generation.verify import verdict_lines

            click.echo("\n".join(verdict_lines(result.verdicts)))
        if recorder:
            recorder.set_outcome(impact=f"{len(result.write.written)} files written under {out_root}")
    finally:
        if recorder:
            written = recorder.close()
            if written:
                click.echo(f"PHR: {written}", err=True)
    if not result.ok:
        sys.exit(1)


def _recorder(settings: Any, path: Path, out_root: Path) -> Any:
    if not settings.phr_enabled:
        return None
    from agent.phr.recorder import PhrRecorder

    return PhrRecorder(settings, title=f"generate deployment artifacts for {path.resolve().name}",
                       stage="generate", surface="cli", command=" ".join(["agent", *sys.argv[1:]]),
                       prompt=f"agent generate {path} --out {out_root}")
