"""`agent validate PATH`: hadolint, helm lint/template, kubernetes schema, checkov and shellcheck."""

from __future__ import annotations

import click


@click.command("validate")
@click.argument("path", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(path: str, output: str) -> None:
    """Validate the Dockerfiles, k8s/ manifests, Helm charts and scripts under PATH.

    Exits 1 when any validator fails or cannot run (a missing tool is never a pass).
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
    report = validate_path(path)
    click.echo(render_json(report) if output == "json" else render_text(report))
    if not report.ok:
        failing = [v.name for v in report.validators if v.status.value in ("failed", "error")]
        raise ValidationFailed(f"validation failed: {', '.join(failing)}",
                               hint="fix the findings above (each has a fix hint), then run `agent validate` again")
