"""Run a deploy plan: generate -> validate -> build -> helm upgrade --install -> rollout -> smoke -> URLs.

Each step prints a progress line and writes a PHR (mutations through
`run_mutation`, the rest through `record_step`). When the release fails to
come up, the diagnosis engine explains the failing objects and a rollback to
the last good revision is offered through the gate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.deploy.plan import DeployPlan
from agent.deploy.progress import Progress
from agent.deploy.smoke import SmokeReport, run_smoke
from agent.errors import AgentError
from agent.gate import ApprovalGate
from agent.operate.mutation import Mutation, MutationResult, run_mutation

StepStatus = Literal["ok", "failed", "refused", "skipped"]


class StepResult(BaseModel):
    name: str
    status: StepStatus
    detail: str = ""
    phr_path: str | None = None


class DeployResult(BaseModel):
    plan: DeployPlan
    steps: list[StepResult] = Field(default_factory=list)
    smoke: SmokeReport | None = None
    diagnosis: str | None = None
    rollback: MutationResult | None = None

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.status in ("ok", "skipped") for s in self.steps)

    @property
    def failed_step(self) -> StepResult | None:
        return next((s for s in self.steps if s.status not in ("ok", "skipped")), None)


@dataclass
class Dependencies:
    """What the workflow talks to; tests replace the parts no machine here has (Minikube, a real cluster)."""

    kube_api: Callable[[], Any]
    helm_client: Callable[[str], Any]
    docker_client: Callable[[DeployPlan], Any]
    validate: Callable[[Path], Any]
    diagnose: Callable[[str], str]
    smoke: Callable[..., SmokeReport] = run_smoke
    generate: Callable[[DeployPlan, ApprovalGate, Any], None] | None = None


def default_dependencies(settings: Any) -> Dependencies:
    def kube_api() -> Any:
        from agent.operate.kube import KubeApi

        return KubeApi.from_settings(settings)

    def helm_client(namespace: str) -> Any:
        from agent.programs.helm import HelmClient

        return HelmClient(settings, namespace)

    def docker_client(plan: DeployPlan) -> Any:
        from tools.docker import api_client

        if plan.target != "minikube":
            return api_client()
        import docker  # only when building into Minikube's daemon
        from agent.deploy.minikube import docker_env

        client = docker.APIClient(timeout=1800, **docker.utils.kwargs_from_env(environment=docker_env()))
        client.ping()
        return client

    def validate(path: Path) -> Any:
        from agent.validation import validate_path

        return validate_path(path)

    def diagnose(namespace: str) -> str:
        from agent.diagnosis.engine import diagnose_report
        from agent.diagnosis.render import render_text
        from agent.diagnosis.sources.live import LiveSource

        source = LiveSource.from_settings(settings)
        return render_text(diagnose_report(source.load(namespace), namespace))

    def generate(plan: DeployPlan, gate: ApprovalGate, recorder: Any) -> None:
        from agent.generation.service import GenerationRequest, GenerationService

        # The same service as `agent generate`; the deploy workflow validates in its own step afterwards.
        request = GenerationRequest(app_root=plan.app_path, out_root=plan.artifacts.root, validate_output=False,
                                    sets=list(plan.detect_sets))
        GenerationService(gate, settings=settings, recorder=recorder).generate(request)

    return Dependencies(kube_api=kube_api, helm_client=helm_client, docker_client=docker_client, validate=validate,
                        diagnose=diagnose, generate=generate)


def record_step(settings: Any, plan: DeployPlan, name: str, command: str, fn: Callable[[Any], str],
                surface: str = "cli") -> StepResult:
    """Run a step that changes nothing (or whose changes are gated inside) and write its PHR."""
    from agent.phr.recorder import PhrRecorder

    recorder = PhrRecorder(settings, title=f"deploy {plan.app}: {name}", stage="deploy", surface=surface,
                           command=command, prompt=f"agent deploy {plan.app_path} ({name})", labels=[surface, name])
    with recorder:
        try:
            detail = fn(recorder)
            status: StepStatus = "ok"
        except AgentError as exc:
            detail, status = exc.message + (f"\n  hint: {exc.hint}" if exc.hint else ""), "failed"
        recorder.set_response(detail)
        recorder.set_outcome(impact=status)
    path = recorder.close()
    return StepResult(name=name, status=status, detail=detail, phr_path=str(path) if path else None)


class DeployRun:
    def __init__(self, settings: Any, gate: ApprovalGate, plan: DeployPlan, deps: Dependencies, *,
                 progress: Progress | None = None, skip_validate: bool = False, offer_rollback: bool = True,
                 surface: str = "cli", smoke_options: dict[str, Any] | None = None,
                 rollout_interval: float = 2.0) -> None:
        self.settings, self.gate, self.plan, self.deps = settings, gate, plan, deps
        self.progress = progress or Progress(total=len(plan.steps))
        self.skip_validate, self.offer_rollback, self.surface = skip_validate, offer_rollback, surface
        self.smoke_options = smoke_options or {}
        self.rollout_interval = rollout_interval
        self.result = DeployResult(plan=plan)
        self._api: Any = None
        self._helm: Any = None

    @property
    def api(self) -> Any:
        if self._api is None:
            self._api = self.deps.kube_api()
        return self._api

    @property
    def helm(self) -> Any:
        if self._helm is None:
            self._helm = self.deps.helm_client(self.plan.namespace)
        return self._helm

    def run(self) -> DeployResult:
        handlers = {"cluster": self._cluster, "detect": self._detect, "generate": self._generate,
                    "validate": self._validate, "build": self._build, "load": self._load, "install": self._install,
                    "rollout": self._rollout, "smoke": self._smoke, "report": self._report}
        for step in self.plan.steps:
            self.progress.step(step.name, step.title)
            outcome = handlers[step.name]()
            self.result.steps.append(outcome)
            if outcome.status in ("ok", "skipped"):
                self.progress.ok(outcome.detail.splitlines()[0] if outcome.detail else "done")
                continue
            self.progress.fail(outcome.detail)
            if step.name in ("install", "rollout", "smoke"):
                self._recover()
            break
        return self.result

    # -- steps ----------------------------------------------------------------------------
    def _record(self, name: str, fn: Callable[[Any], str]) -> StepResult:
        step = next(s for s in self.plan.steps if s.name == name)
        return record_step(self.settings, self.plan, name, "; ".join(step.commands) or name, fn, self.surface)

    def _cluster(self) -> StepResult:
        def check(_recorder: Any) -> str:
            if self.plan.target == "minikube":
                from agent.deploy import minikube

                state = minikube.status()
                if not state.installed:
                    raise minikube.MinikubeMissing("minikube is not installed", hint=minikube.INSTALL_HINT)
                if not state.running:
                    raise AgentError(f"Minikube is not running (host {state.host or '?'}, apiserver "
                                     f"{state.apiserver or '?'})", hint="start it: agent cluster up")
            from agent.deploy.capacity import is_node_ready

            nodes = self.api.list(self.api.resource("v1", "Node"), None)
            ready = [n["metadata"]["name"] for n in nodes if is_node_ready(n)]
            if not ready:
                raise AgentError(f"no ready node in the cluster at {self.api.server}",
                                 hint="start Minikube: agent cluster up")
            return f"{len(ready)} ready node(s): {', '.join(ready)}"

        return self._record("cluster", check)

    def _detect(self) -> StepResult:
        return self._record("detect", lambda _r: f"artifacts under {self.plan.artifacts.root}")

    def _generate(self) -> StepResult:
        if self.deps.generate is None:
            return StepResult(name="generate", status="failed", detail="artifacts are missing and generation is off")

        def generate(recorder: Any) -> str:
            self.deps.generate(self.plan, self.gate, recorder)
            from agent.deploy.plan import make_plan

            refreshed = make_plan(self.plan.app_path, target=self.plan.target, namespace=self.plan.namespace,
                                  release=self.plan.release, kube_context=self.plan.kube_context,
                                  atomic=self.plan.atomic, wait_timeout=self.plan.wait_timeout)
            if not refreshed.artifacts.complete:
                raise AgentError(f"still missing after generation: {', '.join(refreshed.artifacts.missing)}",
                                 hint=f"run agent generate {self.plan.app_path} and read what it reports")
            self.plan.artifacts, self.plan.images = refreshed.artifacts, refreshed.images
            return f"generated under {refreshed.artifacts.root}"

        return self._record("generate", generate)

    def _validate(self) -> StepResult:
        if self.skip_validate:
            return StepResult(name="validate", status="skipped", detail="skipped (--skip-validate)")

        def validate(recorder: Any) -> str:
            failures = []
            for path in (self.plan.chart, self.plan.artifacts.root / "docker"):
                report = self.deps.validate(path)
                if not report.ok:
                    failures.append(f"{path}: " + ", ".join(
                        f"{v.name} {v.status.value}" for v in report.validators if v.status.value != "passed"))
            if failures:
                raise AgentError("validation failed: " + "; ".join(failures),
                                 hint="see the details with `agent validate PATH`, fix, and deploy again")
            return "chart and Dockerfiles pass"

        return self._record("validate", validate)

    def _build(self) -> StepResult:
        from tools.docker import BuildRequest, build

        images = self.plan.images
        mutation = Mutation(
            tool="docker_build", title=f"deploy {self.plan.app}: build {len(images)} image(s)",
            action="; ".join(i.command() for i in images), blast_radius=self.plan.docker_daemon,
            left_behind_on_failure="images built before the failing one are tagged; the failing one is not",
            recovery="fix the Dockerfile step named in the error and deploy again (built layers are cached)")

        def execute() -> str:
            client = self.deps.docker_client(self.plan)
            built = []
            for image in images:
                self.progress.info(f"building {image.image}")
                result = build(BuildRequest(context=image.context, dockerfile=str(image.dockerfile.resolve()),
                                            tag=image.image, buildargs=image.build_args),
                               on_line=self.progress.detail, client=client)
                built.append(f"{result.tag} ({result.size_mb:.0f} MB, {result.seconds:.0f}s)")
            return "built " + ", ".join(built)

        return self._mutation_step("build", mutation, execute)

    def _load(self) -> StepResult:
        from agent.tooling.process import run_process

        mutation = Mutation(tool="kind_load", title=f"deploy {self.plan.app}: load images into kind",
                            action="; ".join(f"kind load docker-image {i.image}" for i in self.plan.images),
                            left_behind_on_failure="images loaded before the failing one are on the nodes",
                            recovery="run the kind load command by hand to see its error, then deploy again")

        def execute() -> str:
            for image in self.plan.images:
                result = run_process(["kind", "load", "docker-image", image.image], timeout=600)
                if not result.ok:
                    raise AgentError(f"kind load {image.image} failed: {result.stderr.strip()}",
                                     hint="is the kind cluster running? `kind get clusters`")
            return "loaded " + ", ".join(i.image for i in self.plan.images)

        return self._mutation_step("load", mutation, execute)

    def _install(self) -> StepResult:
        from agent.operate.releases import upgrade

        try:
            result = upgrade(self.settings, self.gate, self.helm, self.plan.chart, self.plan.release,
                             self.plan.values_files, sets=self.plan.sets, atomic=self.plan.atomic,
                             timeout=self.plan.wait_timeout, stage="deploy", surface=self.surface)
        except AgentError as exc:
            return StepResult(name="install", status="failed",
                              detail=exc.message + (f"\n  hint: {exc.hint}" if exc.hint else ""))
        return self._from_mutation("install", result)

    def _rollout(self) -> StepResult:
        from agent.deploy.rollout import wait_rollout

        def rollout(_recorder: Any) -> str:
            problems = wait_rollout(self.api, self.plan.namespace, self.plan.release, self.plan.wait_timeout,
                                    self.rollout_interval)
            if problems:
                raise AgentError("rollout did not finish: " + "; ".join(problems),
                                 hint=f"agent events -n {self.plan.namespace}; the diagnosis below names the cause")
            return "every deployment rolled out"

        return self._record("rollout", rollout)

    def _smoke(self) -> StepResult:
        def smoke(recorder: Any) -> str:
            report = self.deps.smoke(self.plan, api=self.api, settings=self.settings, **self.smoke_options)
            self.result.smoke = report
            recorder.note("Smoke test", report.summary())
            if not report.ok:
                raise AgentError("smoke test failed:\n" + report.summary(),
                                 hint=f"agent logs deploy/{self.plan.release}-<service> -n {self.plan.namespace}")
            return "all services healthy\n" + report.summary()

        return self._record("smoke", smoke)

    def _report(self) -> StepResult:
        return StepResult(name="report", status="ok",
                          detail="; ".join(f"{svc}: {url}" for svc, url in self.plan.urls.items()))

    # -- failure handling -----------------------------------------------------------------
    def _mutation_step(self, name: str, mutation: Mutation, execute: Callable[[], str]) -> StepResult:
        result = run_mutation(self.settings, self.gate, mutation, execute, stage="deploy", surface=self.surface)
        return self._from_mutation(name, result)

    @staticmethod
    def _from_mutation(name: str, result: MutationResult) -> StepResult:
        if result.ok:
            return StepResult(name=name, status="ok", detail=result.output, phr_path=result.phr_path)
        detail = result.output if result.status == "refused" else (
            f"{result.error}\n  state left behind: {result.left_behind}\n  recover: {result.recovery}")
        return StepResult(name=name, status="refused" if result.status == "refused" else "failed", detail=detail,
                          phr_path=result.phr_path)

    def _recover(self) -> None:
        failed = self.result.failed_step
        if failed is None or failed.status == "refused":
            return
        self.progress.info("diagnosing the failing objects ...")
        try:
            self.result.diagnosis = self.deps.diagnose(self.plan.namespace)
        except AgentError as exc:
            self.result.diagnosis = f"diagnosis unavailable: {exc.message}"
        if not self.offer_rollback:
            return
        from agent.operate.releases import rollback
        from agent.programs.helm import previous_good_revision

        try:
            history = self.helm.history(self.plan.release) if self.helm.exists(self.plan.release) else []
        except AgentError as exc:
            self.progress.info(f"cannot read the release history: {exc.message}")
            return
        target = previous_good_revision(history)
        if target is None:
            self.progress.info(f"no earlier successful revision of {self.plan.release} to roll back to; remove it "
                               f"with `agent release uninstall {self.plan.release} -n {self.plan.namespace}`")
            return
        if history and max(history, key=lambda r: r.revision).status == "deployed" and self.plan.atomic \
                and failed.name == "install":
            return  # --atomic: Helm already rolled back
        self.progress.info(f"offering a rollback to revision {target.revision} (the last good one)")
        try:
            self.result.rollback = rollback(self.settings, self.gate, self.helm, self.plan.release, target.revision,
                                            stage="deploy", surface=self.surface)
        except AgentError as exc:
            self.progress.info(f"rollback not possible: {exc.message}")
