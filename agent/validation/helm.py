"""helm lint --strict and helm template with each values file, through the Helm v4 SDK (helm-python-sdk)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from agent.kube.kinds import CLUSTER_SCOPED
from agent.validation.discover import HelmChart
from agent.validation.models import FileReport, Finding, Severity, ValidatorReport

NAME = "helm"
KUBE_VERSION = "v1.32.0"
INSTALL_HINT = "pip install 'kube-aiops-agent[helm]' (the Helm v4 SDK, an optional extra; no helm binary needed)"
LINE_IN_MESSAGE = re.compile(r"\(([^():]+):(\d+)\)")
# helm lint severities: 1 info, 2 warning, 3 error; --strict makes warnings fail.
SEVERITIES = {1: Severity.INFO, 2: Severity.WARNING, 3: Severity.ERROR}


TOP_LEVEL_METADATA = re.compile(r"^metadata:\s*$", re.MULTILINE)


@dataclass
class Rendered:
    """One rendered template: `label` names the template and the values file."""

    label: str
    text: str


@dataclass
class HelmOutcome:
    report: ValidatorReport
    rendered: list[Rendered] = field(default_factory=list)


def _line_of(message: str) -> int | None:
    match = LINE_IN_MESSAGE.search(message)
    return int(match.group(2)) if match else None


def _load_values(path: Path) -> dict[str, Any]:
    values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(values, dict):
        raise ValueError(f"{path.name} must be a mapping at the top level")
    return values


def lint_chart(chart: HelmChart, values_file: Path, label: str) -> FileReport:
    import helm_python as helm  # loads the Helm shared library

    report = FileReport(path=label)
    try:
        values = _load_values(values_file)
        result = helm.lint(str(chart.path), values, strict=True, kube_version=KUBE_VERSION)
    except (ValueError, yaml.YAMLError, helm.HelmError) as exc:
        report.findings.append(Finding(rule="helm-lint", message=str(exc), fix_hint="fix the values file syntax"))
        return report
    for message in result.get("messages", []):
        severity = SEVERITIES.get(message.get("severity", 3), Severity.ERROR)
        text = f"{message.get('path', '')}: {message.get('error', '')}".strip(": ")
        report.findings.append(Finding(
            rule="helm-lint", message=text, line=_line_of(text), severity=severity,
            fix_hint=None if severity is Severity.INFO else "fix the template or values named in the message"))
    if not report.failed:
        report.passed_checks += 1
    return report


def with_release_namespace(text: str, namespace: str) -> str:
    """What `helm install -n NAMESPACE` does to namespaced objects that name none: set it.

    Done on the text (one inserted line per document) so reported line numbers stay close.
    """
    documents = re.split(r"(?m)^---\s*$", text)
    out = []
    for document in documents:
        try:
            body = yaml.safe_load(document) if document.strip() else None
        except yaml.YAMLError:
            body = None  # left as is: the schema validator reports it
        needs = (isinstance(body, dict) and body.get("kind") not in CLUSTER_SCOPED
                 and isinstance(body.get("metadata"), dict) and "namespace" not in body["metadata"])
        if needs:
            document = TOP_LEVEL_METADATA.sub(f"metadata:\n  namespace: {namespace}", document, count=1)
        out.append(document)
    return "---".join(out)


def render_chart(chart: HelmChart, values_file: Path, label: str,
                 charts_dir: str = "") -> tuple[FileReport, list[Rendered]]:
    """`charts_dir` prefixes the rendered labels (the folder holding the chart, relative to the root)."""
    import helm_python as helm

    report = FileReport(path=label)
    try:
        values = _load_values(values_file)
        manifests = helm.Chart.load(str(chart.path)).render(
            values, name=chart.path.name, namespace=chart.path.name, is_install=True)
    except (ValueError, yaml.YAMLError, helm.HelmError) as exc:
        report.findings.append(Finding(rule="helm-template", message=str(exc), line=_line_of(str(exc)),
                                       fix_hint="`helm template` must render with this values file"))
        return report, []
    report.passed_checks += 1
    prefix = f"{charts_dir}/" if charts_dir and charts_dir != "." else ""
    rendered = [Rendered(label=f"{prefix}{name} (rendered, {values_file.name})",
                         text=with_release_namespace(text, chart.path.name))
                for name, text in sorted(manifests.items())
                if name.endswith((".yaml", ".yml")) and text.strip()]
    return report, rendered


def tool_name() -> str:
    import helm_python as helm
    return f"helm-python-sdk {helm.__version__} (Helm {helm.helm_sdk_version()}, lint --strict, kube {KUBE_VERSION})"


def validate_charts(charts: list[HelmChart], relative: Callable[[Path], str] = str) -> HelmOutcome:
    try:
        tool = tool_name()
    except ImportError:
        return HelmOutcome(ValidatorReport.not_run(NAME, "helm-python-sdk", "the Helm SDK is not installed",
                                                   INSTALL_HINT))
    except OSError as exc:
        return HelmOutcome(ValidatorReport.tool_error(NAME, "helm-python-sdk", f"the Helm SDK cannot load: {exc}",
                                                      INSTALL_HINT))
    files: list[FileReport] = []
    rendered: list[Rendered] = []
    for chart in charts:
        if not chart.values_files:
            files.append(FileReport(path=relative(chart.path), findings=[Finding(
                rule="helm-lint", message="chart has no values.yaml", fix_hint="add values.yaml to the chart")]))
            continue
        for values_file in chart.values_files:
            base = f"{relative(chart.path)} -f {values_file.name}"
            files.append(lint_chart(chart, values_file, f"{base} (lint)"))
            template_report, documents = render_chart(chart, values_file, f"{base} (template)",
                                                      relative(chart.path.parent))
            files.append(template_report)
            rendered.extend(documents)
    return HelmOutcome(ValidatorReport(name=NAME, tool=tool, files=files), rendered)
