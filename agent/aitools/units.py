"""Split `agent generate`'s builtin output into the units the chains work on.

One unit per service and artifact kind: its Dockerfile (dockerfile chain), its
Deployment and Service manifests (manifests chain), and the chart's values.yaml
(manifests chain, as the chart's tunable part). The builtin files are each
unit's last step and every other step's starting point.
"""

from __future__ import annotations

from pydantic import BaseModel

from agent.generation.layout import Layout
from agent.generation.models import AppPlan, ServicePlan


class Unit(BaseModel):
    kind: str  # "dockerfile" | "manifests" | "chart"
    target: str  # what the PHR names: "docker/backend.Dockerfile", "k8s/backend", "helm-charts/todo/values.yaml"
    service: ServicePlan | None = None
    namespace: str
    builtin: dict[str, str]  # relative path -> the builtin generator's content
    context: dict[str, str] = {}  # other files the validators need around the unit (the rest of a chart)

    @property
    def chain(self) -> str:
        return "dockerfile" if self.kind == "dockerfile" else "manifests"


def units_for(plan: AppPlan, layout: Layout, files: dict[str, str], families: list[str]) -> list[Unit]:
    units: list[Unit] = []
    for svc in plan.services:
        if "docker" in families:
            path = f"{layout.docker_dir}/{svc.name}.Dockerfile"
            if path in files:
                units.append(Unit(kind="dockerfile", target=path, service=svc, namespace=plan.name,
                                  builtin={path: files[path]}))
        if "k8s" in families:
            paths = [f"{layout.k8s_dir}/{svc.name}-{kind}.yaml" for kind in ("deployment", "service")]
            if all(p in files for p in paths):
                units.append(Unit(kind="manifests", target=f"{layout.k8s_dir}/{svc.name}", service=svc,
                                  namespace=plan.name, builtin={p: files[p] for p in paths}))
    if "helm" in families:
        chart_root = f"{layout.chart_dir}/{plan.name}"
        values = f"{chart_root}/values.yaml"
        if values in files:
            rest = {p: c for p, c in files.items() if p.startswith(chart_root + "/") and p != values}
            units.append(Unit(kind="chart", target=values, namespace=plan.name, builtin={values: files[values]},
                              context=rest))
    return units


def external_request(unit: Unit) -> str:
    """The plain-language request for kubectl-ai or Gordon."""
    svc = unit.service
    assert svc is not None
    if unit.kind == "dockerfile":
        return (f"Create a multi-stage Dockerfile for the {svc.framework.value} service `{svc.name}` "
                f"({svc.language} {svc.language_version}) in {svc.path}: non-root user, pinned slim base image, "
                f"dependency layer cached before the sources, port {svc.port}, HEALTHCHECK on {svc.health_path}, "
                f"start command {' '.join(svc.start_command)}.")
    return (f"Generate a Kubernetes Deployment named {svc.name} and a Service named {svc.name}-service in namespace "
            f"{unit.namespace} for the image {unit.namespace}/{svc.name}:latest listening on port {svc.port} "
            f"(named port http), {svc.replicas} replicas, readiness and liveness probes on {svc.health_path}, "
            f"requests {svc.resources.cpu_request} CPU / {svc.resources.memory_request} memory, limits "
            f"{svc.resources.cpu_limit} / {svc.resources.memory_limit}, running as non-root with a read-only root "
            f"filesystem, labels app.kubernetes.io/name={svc.name} and app.kubernetes.io/part-of={unit.namespace}.")
