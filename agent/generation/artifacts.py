"""Every artifact `agent generate` writes: relative path -> content, per family, rendered from the plan."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterable

from agent.generation.detect_python import TOOL_PINS
from agent.generation.layout import FAMILIES, Layout
from agent.generation.models import AppPlan, EnvVar, Framework, ServicePlan
from agent.generation.render import render, template_source

NGINX_IMAGE = "nginxinc/nginx-unprivileged:1.27-alpine"
GO_RUNTIME_IMAGE = "alpine:3.20"
DOCKERFILE_TEMPLATES = {
    Framework.FASTAPI: "python", Framework.FLASK: "python", Framework.DJANGO: "python", Framework.PYTHON: "python",
    Framework.NEXTJS: "nextjs", Framework.EXPRESS: "express", Framework.VITE: "vite", Framework.GO: "go",
}
K8S_SHARED = ("namespace.yaml", "configmap.yaml", "secret.yaml.example", "pdb.yaml", "hpa.yaml",
              "networkpolicy.yaml", "ingress.yaml")
HELM_SHARED = ("configmap.yaml", "secret.yaml", "ingress.yaml", "pdb.yaml", "hpa.yaml", "networkpolicy.yaml",
               "NOTES.txt")
SCRIPTS = ("build-images.sh", "deploy-minikube.sh", "cleanup.sh", "health-check.sh", "rollback.sh")
DOCS = ("DEPLOYMENT.md", "ARCHITECTURE.md", "TROUBLESHOOTING.md", "SCRIPTS.md")
# skill / blueprint file -> the generator templates it documents (quoted verbatim, so they cannot drift)
SKILLS = {
    "skills/helm-chart-gen.skill.md": ("helm/values.yaml.j2", "helm/templates/deployment.yaml.j2"),
    "skills/docker-multistage.skill.md": ("docker/python.Dockerfile.j2", "docker/nextjs.Dockerfile.j2"),
    "skills/k8s-troubleshoot.skill.md": ("docs/TROUBLESHOOTING.md.j2",),
    "blueprints/k8s-deployment.blueprint.md": ("k8s/deployment.yaml.j2", "k8s/hpa.yaml.j2"),
    "blueprints/k8s-service.blueprint.md": ("k8s/service.yaml.j2",),
    "blueprints/k8s-configmap.blueprint.md": ("k8s/configmap.yaml.j2",),
}


def node_install(svc: ServicePlan) -> str:
    if svc.package_manager == "npm":
        return "npm ci --no-audit --no-fund" if svc.lock_file else "npm install --no-audit --no-fund"
    return f"corepack enable && {svc.package_manager} install --frozen-lockfile"


def node_ports(plan: AppPlan) -> dict[str, int]:
    """NodePorts for the UIs: 30000 + port % 1000 (3000 -> 30000, 3001 -> 30001), the next free one on a clash."""
    taken: set[int] = set()
    ports: dict[str, int] = {}
    for svc in plan.services:
        if svc.is_ui:
            port = 30000 + svc.port % 1000
            while port in taken:
                port += 1
            taken.add(port)
            ports[svc.name] = port
    return ports


def config_data(plan: AppPlan, svc: ServicePlan, with_calls: bool = True) -> dict[str, str]:
    """ConfigMap data: each config variable's default from the code, a called service's in-cluster URL
    (the Helm chart computes those URLs from the release name instead: with_calls=False)."""
    data = {var.name: var.default or "" for var in svc.config_vars}
    for call in svc.calls if with_calls else []:
        target = plan.service(call.target)
        data[call.env] = f"http://{target.name}-service:{target.port}"
    return dict(sorted(data.items()))


def volume_name(path: str) -> str:
    """/tmp -> tmp, /app/.next/cache -> app-next-cache."""
    return "-".join(part.strip(".") for part in path.strip("/").split("/")) or "root"


def url_var(svc: ServicePlan) -> str:
    """The env var health-check.sh reads to test a service outside the cluster: frontend-web -> FRONTEND_WEB_URL."""
    return svc.name.upper().replace("-", "_") + "_URL"


def browser_url(plan: AppPlan, svc: ServicePlan, var: EnvVar) -> str:
    """Default build-arg for a browser-inlined URL: where a browser on this machine reaches the target
    (a port-forward to the called service, or the variable's default in the code)."""
    target = next((plan.service(c.target) for c in svc.calls if c.env == var.name), None)
    return f"http://localhost:{target.port}" if target else (var.default or "")


def _context(plan: AppPlan, layout: Layout) -> dict:
    return {"plan": plan, "layout": layout, "services": plan.services, "chart": plan.name,
            "tool_pins": TOOL_PINS, "nginx_image": NGINX_IMAGE, "go_runtime_image": GO_RUNTIME_IMAGE,
            "node_ports": node_ports(plan), "config_data": lambda svc, with_calls=True: config_data(plan, svc, with_calls),
            "volume_name": volume_name, "url_var": url_var,
            "browser_url": lambda svc, var: browser_url(plan, svc, var),
            "scripts_up": "/".join([".."] * len(PurePosixPath(layout.scripts_dir).parts)),
            "build_vars": sorted({var.name for svc in plan.services for var in svc.build_args}),
            "secret_keys": sorted({var.name for svc in plan.services for var in svc.secret_vars}),
            "ingress_services": [s for s in plan.services if s.is_ui] or plan.services}


def _docker(plan: AppPlan, layout: Layout, ctx: dict) -> Iterable[tuple[str, str]]:
    ignore = render("docker/dockerignore.j2", **ctx)
    yield f"{layout.docker_dir}/.dockerignore", ignore
    for svc in plan.services:
        template = f"docker/{DOCKERFILE_TEMPLATES[svc.framework]}.Dockerfile.j2"
        yield f"{layout.docker_dir}/{svc.name}.Dockerfile", render(template, svc=svc, install=node_install(svc), **ctx)
        # BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile when the context is elsewhere.
        yield f"{layout.docker_dir}/{svc.name}.Dockerfile.dockerignore", ignore


def _k8s(plan: AppPlan, layout: Layout, ctx: dict) -> Iterable[tuple[str, str]]:
    for svc in plan.services:
        for kind in ("deployment", "service"):
            yield f"{layout.k8s_dir}/{svc.name}-{kind}.yaml", render(f"k8s/{kind}.yaml.j2", svc=svc, **ctx)
    for name in K8S_SHARED:
        yield f"{layout.k8s_dir}/{name}", render(f"k8s/{name}.j2", **ctx)


def _helm(plan: AppPlan, layout: Layout, ctx: dict) -> Iterable[tuple[str, str]]:
    root = f"{layout.chart_dir}/{plan.name}"
    for name in ("Chart.yaml", "values.yaml", "values-dev.yaml", "values-prod.yaml", ".helmignore"):
        yield f"{root}/{name}", render(f"helm/{name}.j2", **ctx)
    yield f"{root}/templates/_helpers.tpl", render("helm/templates/_helpers.tpl.j2", **ctx)
    for svc in plan.services:
        for kind in ("deployment", "service"):
            yield f"{root}/templates/{svc.name}-{kind}.yaml", render(f"helm/templates/{kind}.yaml.j2", svc=svc, **ctx)
    for name in HELM_SHARED:
        yield f"{root}/templates/{name}", render(f"helm/templates/{name}.j2", **ctx)


def _scripts(plan: AppPlan, layout: Layout, ctx: dict) -> Iterable[tuple[str, str]]:
    for name in SCRIPTS:
        yield f"{layout.scripts_dir}/{name}", render(f"scripts/{name}.j2", **ctx)


def _docs(plan: AppPlan, layout: Layout, ctx: dict) -> Iterable[tuple[str, str]]:
    for name in DOCS:
        yield f"{layout.docs_dir}/{name}", render(f"docs/{name}.j2", **ctx)


def _specify(plan: AppPlan, layout: Layout, ctx: dict) -> Iterable[tuple[str, str]]:
    for name, templates in SKILLS.items():
        sources = {t: template_source(t) for t in templates}
        yield f"{layout.specify_dir}/{name}", render(f"specify/{name.split('/')[1]}.j2", sources=sources, **ctx)


_FAMILY_RENDERERS = {"docker": _docker, "k8s": _k8s, "helm": _helm, "scripts": _scripts, "docs": _docs,
                     "specify": _specify}


def render_artifacts(plan: AppPlan, layout: Layout, families: Iterable[str] = FAMILIES) -> dict[str, str]:
    """Relative path -> content for the chosen families, in a stable order."""
    ctx = _context(plan, layout)
    chosen = set(families)
    files: dict[str, str] = {}
    for family in FAMILIES:
        if family in chosen:
            files.update(_FAMILY_RENDERERS[family](plan, layout, ctx))
    return dict(sorted(files.items()))
