from __future__ import annotations

from agent.validation import helm
from agent.validation.discover import HelmChart, chart_values_files
from agent.validation.models import Severity, ValidatorStatus

from .conftest import BAD, GOOD


def _chart(path) -> HelmChart:
    return HelmChart(path=path, values_files=chart_values_files(path))


def test_good_chart_lints_strict_and_renders_with_every_values_file() -> None:
    outcome = helm.validate_charts([_chart(GOOD / "helm-charts" / "demo")])
    report = outcome.report
    assert report.status is ValidatorStatus.PASSED, report.model_dump_json(indent=1)
    assert report.passed == 6  # lint + template for values, values-dev, values-prod
    assert all(f.severity is Severity.INFO for file in report.files for f in file.findings)
    labels = {r.label.split(" (")[1] for r in outcome.rendered}
    assert labels == {"rendered, values.yaml)", "rendered, values-dev.yaml)", "rendered, values-prod.yaml)"}


def test_values_files_change_the_rendered_output() -> None:
    outcome = helm.validate_charts([_chart(GOOD / "helm-charts" / "demo")])
    deployments = {r.label: r.text for r in outcome.rendered if "backend-deployment" in r.label}
    replicas = sorted(line.strip() for text in deployments.values() for line in text.splitlines()
                      if line.strip().startswith("replicas:"))
    assert replicas == ["replicas: 1", "replicas: 2", "replicas: 3"]


def test_rendered_objects_get_the_release_namespace_like_helm_install() -> None:
    outcome = helm.validate_charts([_chart(GOOD / "helm-charts" / "demo")])
    assert all("  namespace: demo" in r.text for r in outcome.rendered)


def test_broken_template_fails_lint_and_template() -> None:
    outcome = helm.validate_charts([_chart(BAD / "helm-broken")])
    report = outcome.report
    assert report.status is ValidatorStatus.FAILED
    lint, template = report.files
    assert any("nosuchfunction" in f.message for f in lint.findings if f.severity is Severity.ERROR)
    assert template.findings[0].rule == "helm-template"
    assert template.findings[0].line == 6
    assert outcome.rendered == []


def test_cluster_scoped_objects_keep_no_namespace() -> None:
    text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
    out = helm.with_release_namespace(text, "todo")
    assert out.count("namespace: todo") == 1
    assert out.index("namespace: todo") > out.index("kind: ConfigMap")
