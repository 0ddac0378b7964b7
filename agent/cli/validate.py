"""`agent validate PATH`: hadolint, helm lint/template, kubernetes schema, checkov and shellcheck."""

from __future__ import annotations

import click


@click.command("validate")
@click.argument("path", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--skip", "skip", multiple=True, metavar="NAME",
              help="Leave a validator out (repeatable): hadolint, helm, kubernetes-schema, checkov, shellcheck.")
def command(path: str, output: str, skip: tuple[str, ...]) -> None:
    """Validate the Dockerfiles, Kubernetes manifests, Helm charts and shell scripts under PATH.

    Any directory works: YAML files with apiVersion and kind are manifests wherever they are.
    A validator that is not installed is reported as skipped, with how to install it.
    Exits 1 when a validator finds a problem or cannot run.
    """
    from pathlib import Path

    from agent.errors import UsageError
    from agent.validation import validate_path
    from agent.validation.discover import discover
    from agent.validation.errors import ValidationFailed
    from agent.validation.render import render_json, render_text

    found = discover(Path(path))
    if not (found.dockerfiles or found.manifests or found.charts or found.scripts):
        # an empty or mistyped directory must not read as a pass
        raise UsageError(f"nothing to validate in {path}: no Dockerfile, k8s/*.yaml manifest, Helm chart "
                         "(Chart.yaml) or shell script",
                         hint="pass the directory `agent generate` wrote (e.g. `agent validate .`), "
                              "or one Dockerfile, manifest or script")
    from agent.cli.progress import StepProgress

    report = validate_path(path, skip=frozenset(name for value in skip for name in value.split(",") if name),
                           step=StepProgress().step)
    click.echo(render_json(report) if output == "json" else render_text(report))
    if not report.ok:
        failed = [v.name for v in report.validators if v.status.value == "failed"]
        broken = [v.name for v in report.validators if v.status.value == "error"]
        what = "; ".join(part for part in (f"findings from {', '.join(failed)}" if failed else "",
                                           f"{', '.join(broken)} could not run" if broken else "") if part)
        hint = ("fix the findings above (each has a fix hint), then run `agent validate` again" if failed else
                f"see the error above; `--skip {broken[0]}` leaves it out")
        raise ValidationFailed(f"validation failed: {what}", hint=hint)
