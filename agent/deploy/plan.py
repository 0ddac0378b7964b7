"""The deploy plan: every step with its exact commands, the images and tags, the values file, the namespace
and the expected URLs. `--dry-run` prints it; the workflow executes it."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.deploy.artifacts import Artifacts, find_artifacts
from agent.generation.artifacts import url_var
from agent.programs.helm import DEFAULT_TIMEOUT, helm_upgrade_command, load_values

Target = Literal["minikube", "kind", "current"]
FIRST_LOCAL_PORT = 18000  # port-forward ports, as the generated health-check.sh uses
READY_TIMEOUT = 120


class ImageBuild(BaseModel):
    service: str
    repository: str
    tag: str
    context: Path
    dockerfile: Path
    build_args: dict[str, str] = Field(default_factory=dict)

    @property
    def image(self) -> str:
        return f"{self.repository}:{self.tag}"

    def command(self) -> str:
        argv = ["docker", "build", "-f", str(self.dockerfile), "-t", self.image]
        for key, value in self.build_args.items():
            argv += ["--build-arg", f"{key}={value}"]
        return shlex.join([*argv, str(self.context)])


class SmokeCheck(BaseModel):
    service: str
    kube_service: str  # the Service object: <release>-<service>
    selector: str  # pods of this service
    port: int
    health_path: str
    local_port: int  # port-forward local port
    node_port: int | None = None
    url_env: str  # health-check.sh's variable for testing a container outside the cluster

    @property
    def port_forward(self) -> str:
        return f"kubectl port-forward svc/{self.kube_service} {self.local_port}:{self.port}"


class Step(BaseModel):
    name: str
    title: str
    commands: list[str]
    mutates: bool = False


class DeployPlan(BaseModel):
    app: str
    app_path: Path
    target: Target
    kube_context: str | None
    namespace: str
    release: str
    artifacts: Artifacts
    values_files: list[Path]
    sets: list[str]
    detect_sets: list[str] = Field(default_factory=list)  # `--set service.key=value`, as `agent generate` takes
    docker_daemon: str
    images: list[ImageBuild]
    smoke: list[SmokeCheck]
    urls: dict[str, str]
    steps: list[Step]
    notes: list[str] = Field(default_factory=list)
    wait_timeout: int = DEFAULT_TIMEOUT
    atomic: bool = False

    @property
    def chart(self) -> Path:
        assert self.artifacts.chart is not None
        return self.artifacts.chart


def default_context(target: Target, settings_context: str | None) -> str | None:
    if settings_context:
        return settings_context
    return {"minikube": "minikube", "kind": "kind-kind"}.get(target)


def _values_files(chart: Path | None, target: Target, extra: list[Path]) -> list[Path]:
    files: list[Path] = []
    if chart is not None and target in ("minikube", "kind") and (chart / "values-dev.yaml").is_file():
        files.append(chart / "values-dev.yaml")
    return files + list(extra)


def _node_port(values: dict[str, Any], values_key: str) -> int | None:
    service = (values.get(values_key) or {}).get("service") or {}
    return int(service["nodePort"]) if service.get("type") == "NodePort" and service.get("nodePort") else None


def shown(path: Path) -> Path:
    """`path` relative to the working directory when it is inside it (shorter plans, same meaning)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve()


def secrets_note(values: dict[str, Any], chart_name: str, release: str, namespace: str) -> str | None:
    """What to do when the chart reads secrets and none are given (pods would not start)."""
    secrets = values.get("secrets") or {}
    if not isinstance(secrets, dict) or values.get("existingSecret") or not secrets or any(secrets.values()):
        return None
    return (f"the chart reads secrets ({', '.join(sorted(secrets))}) and none are set: pass a git-ignored values "
            f"file with `secrets:` (-f secrets.yaml), or create the Secret (`kubectl create secret generic "
            f"{release}-secrets -n {namespace} --from-literal=...`) and pass `existingSecret: {release}-secrets` "
            f"the same way")


def make_plan(app_path: Path, *, target: Target = "minikube", namespace: str | None = None,
              release: str | None = None, kube_context: str | None = None, extra_values: list[Path] | None = None,
              tag: str | None = None, build_args: dict[str, str] | None = None, atomic: bool = False,
              wait_timeout: int = DEFAULT_TIMEOUT, detect_sets: list[str] | None = None) -> DeployPlan:
    from agent.generation.artifacts import browser_url
    from agent.generation.pipeline import build_plan

    app_plan = build_plan(app_path, app_path, sets=detect_sets)
    artifacts = find_artifacts(app_path, app_plan.name, [s.name for s in app_plan.services])
    artifacts = artifacts.model_copy(update={
        "root": shown(artifacts.root), "chart": shown(artifacts.chart) if artifacts.chart else None,
        "dockerfiles": {k: shown(v) for k, v in artifacts.dockerfiles.items()}})
    release = release or app_plan.name
    namespace = namespace or app_plan.name
    context = default_context(target, kube_context)
    tag = tag or app_plan.version
    values_files = _values_files(artifacts.chart, target, [shown(v) for v in extra_values or []])
    values = load_values([artifacts.chart / "values.yaml", *values_files]) if artifacts.chart else {}
    dockerfile_dir = artifacts.root / "docker"
    images, smoke, sets, urls = [], [], [], {}
    for index, svc in enumerate(app_plan.services):
        args = {var.name: browser_url(app_plan, svc, var) for var in svc.build_args}
        images.append(ImageBuild(service=svc.name, repository=app_plan.image(svc), tag=tag,
                                 context=shown(app_path / svc.path),
                                 dockerfile=artifacts.dockerfiles.get(svc.name, dockerfile_dir / f"{svc.name}.Dockerfile"),
                                 build_args={**args, **(build_args or {})}))
        sets += [f"{svc.values_key}.image.repository={app_plan.image(svc)}", f"{svc.values_key}.image.tag={tag}"]
        check = SmokeCheck(service=svc.name, kube_service=f"{release}-{svc.name}",
                           selector=f"app.kubernetes.io/instance={release},app.kubernetes.io/component={svc.name}",
                           port=svc.port, health_path=svc.health_path, local_port=FIRST_LOCAL_PORT + index,
                           node_port=_node_port(values, svc.values_key), url_env=url_var(svc))
        smoke.append(check)
        if check.node_port and target == "minikube":
            urls[svc.name] = f"http://$(minikube ip):{check.node_port}  (minikube service {check.kube_service} -n {namespace} --url)"
        else:
            urls[svc.name] = f"http://127.0.0.1:{check.local_port}  ({check.port_forward} -n {namespace})"
    daemon = {"minikube": "Minikube's Docker daemon (the DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH that "
                          "`minikube docker-env` reports), so the cluster sees the images without a registry",
              "kind": "the local Docker daemon, then `kind load docker-image` into the kind nodes",
              "current": "the local Docker daemon (the cluster must be able to pull from it, e.g. Docker Desktop)"}[target]
    plan = DeployPlan(app=app_plan.name, app_path=app_path, target=target, kube_context=context, namespace=namespace,
                      release=release, artifacts=artifacts, values_files=values_files, sets=sets,
                      docker_daemon=daemon, images=images, smoke=smoke, urls=urls, steps=[],
                      wait_timeout=wait_timeout, atomic=atomic, detect_sets=list(detect_sets or []))
    note = secrets_note(values, app_plan.name, release, namespace) if artifacts.chart else None
    plan.notes = [note] if note else []
    plan.steps = _steps(plan)
    return plan


def _steps(plan: DeployPlan) -> list[Step]:
    ns, ctx = plan.namespace, (f" --context {plan.kube_context}" if plan.kube_context else "")
    chart = plan.artifacts.chart or plan.artifacts.root / "charts" / plan.app
    steps = []
    if plan.target == "minikube":
        steps.append(Step(name="cluster", title="check that Minikube is running (start it with `agent cluster up`)",
                          commands=["minikube status", f"kubectl get nodes{ctx}"]))
    if plan.artifacts.complete:
        steps.append(Step(name="detect", title=f"artifacts found under {plan.artifacts.root}",
                          commands=[f"(read) {p}" for p in [*plan.artifacts.dockerfiles.values(), chart]]))
    else:
        steps.append(Step(name="generate", title=f"generate the missing artifacts: {', '.join(plan.artifacts.missing)}",
                          commands=[f"agent generate {plan.app_path} --out {plan.artifacts.root}"], mutates=True))
    steps.append(Step(name="validate", title="validate the chart and the Dockerfiles",
                      commands=[f"agent validate {chart}", f"agent validate {plan.artifacts.root / 'docker'}"]))
    env = "eval $(minikube docker-env) && " if plan.target == "minikube" else ""
    steps.append(Step(name="build", title=f"build {len(plan.images)} image(s) into {plan.docker_daemon}",
                      commands=[env + image.command() for image in plan.images], mutates=True))
    if plan.target == "kind":
        steps.append(Step(name="load", title="load the images into the kind nodes",
                          commands=[f"kind load docker-image {image.image}" for image in plan.images], mutates=True))
    steps.append(Step(name="install", title=f"install or upgrade Helm release {plan.release} in namespace {ns}",
                      commands=[helm_upgrade_command(plan.release, chart, ns, plan.values_files,
                                                     kube_context=plan.kube_context, timeout=plan.wait_timeout,
                                                     atomic=plan.atomic, sets=plan.sets)], mutates=True))
    steps.append(Step(name="rollout", title="wait for every deployment to finish rolling out",
                      commands=[f"kubectl rollout status deployment/{c.kube_service} -n {ns}{ctx} "
                                f"--timeout={plan.wait_timeout}s" for c in plan.smoke]))
    smoke_commands = []
    for check in plan.smoke:
        smoke_commands.append(f"kubectl wait --for=condition=ready pod -l {check.selector} -n {ns}{ctx} "
                              f"--timeout={READY_TIMEOUT}s")
        smoke_commands.append(f"{check.port_forward} -n {ns}{ctx} & GET http://127.0.0.1:{check.local_port}"
                              f"{check.health_path} (expect 2xx)")
    steps.append(Step(name="smoke", title="smoke test: readiness, then each service's health endpoint",
                      commands=smoke_commands))
    steps.append(Step(name="report", title="report the URLs (below)", commands=[]))
    return steps


def render_plan(plan: DeployPlan) -> str:
    lines = [f"Deploy plan for {plan.app} ({plan.app_path}) -> {plan.target}",
             f"  kube context: {plan.kube_context or '(the kubeconfig current context)'}",
             f"  namespace:    {plan.namespace}",
             f"  release:      {plan.release}",
             f"  chart:        {plan.artifacts.chart or '(to be generated)'}",
             f"  values:       {', '.join(str(v) for v in plan.values_files) or '(chart defaults)'}",
             "  images:       " + ", ".join(i.image for i in plan.images),
             f"  built into:   {plan.docker_daemon}",
             "  on failure:   diagnose the failing objects, then offer `helm rollback` to the last good revision"
             + (" (automatic: --atomic)" if plan.atomic else "")]
    lines += [f"  note:         {note}" for note in plan.notes]
    lines.append("")
    for number, step in enumerate(plan.steps, 1):
        mark = "  [changes things: asks first]" if step.mutates else ""
        lines.append(f"{number}. {step.name}: {step.title}{mark}")
        lines += [f"     {command}" for command in step.commands]
    lines += ["", "Expected URLs:"] + [f"  {svc}: {url}" for svc, url in plan.urls.items()]
    lines.append("\nDry run: nothing was built, installed or changed.")
    return "\n".join(lines)
