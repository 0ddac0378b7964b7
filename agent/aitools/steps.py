"""The producers of each chain step: external AI tool, LLM, builtin generator.

A producer returns a Candidate or raises: ToolNotInstalled / AiToolNotReady /
NoLlmConfigured mean the step is unavailable, any other AgentError that it failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from agent.aitools.candidate import Candidate, manifest_files, summarize
from agent.aitools.external import require
from agent.aitools.units import Unit, external_request

Producer = Callable[[Unit], Candidate]


@dataclass
class StepEnv:
    """What the producers need; `provider` is built on first use."""

    settings: Any
    timeout: float
    workdir: Any = None
    _provider: Any = field(default=None, repr=False)
    _provider_built: bool = False

    @property
    def provider(self) -> Any:
        if not self._provider_built:
            from agent.aitools.llm_step import llm_provider

            self._provider, self._provider_built = llm_provider(self.settings), True
        return self._provider


def kubectl_ai_step(env: StepEnv) -> Producer:
    def produce(unit: Unit) -> Candidate:
        from agent.aitools.errors import StepNotApplicable
        from tools import kubectl_ai

        if unit.kind == "chart":
            raise StepNotApplicable("kubectl-ai writes plain manifests, not Helm chart values",
                                    hint="the chart is refined by the LLM step or taken from the builtin generator")
        found = require(kubectl_ai.detect())
        reply = kubectl_ai.generate_manifests(external_request(unit), timeout=env.timeout)
        files, changes = manifest_files(unit, reply.documents, "kubectl-ai")
        ran = kubectl_ai.commands_run(reply.output)
        if ran:
            changes.append(f"ignored the commands it reported running: {'; '.join(ran)}")
        return Candidate(files=files, command=reply.argv, prompt=reply.argv[-1], tool_version=found.version,
                         response_summary=summarize(reply.output), changes=changes)
    return produce


def gordon_step(env: StepEnv) -> Producer:
    def produce(unit: Unit) -> Candidate:
        from tools import gordon

        found = require(gordon.detect())
        svc = unit.service
        directory = (env.workdir / svc.path) if env.workdir is not None and svc is not None else None
        reply = gordon.generate_dockerfile(external_request(unit), timeout=env.timeout, directory=directory)
        [path] = unit.builtin
        prose = len(reply.output.strip().splitlines()) - len(reply.dockerfile.strip().splitlines())
        return Candidate(files={path: reply.dockerfile}, command=reply.argv, prompt=reply.argv[-1],
                         tool_version=found.version, response_summary=summarize(reply.output),
                         changes=[f"took the Dockerfile from Gordon's reply ({max(prose, 0)} other lines dropped)"])
    return produce


def llm_step(env: StepEnv) -> Producer:
    def produce(unit: Unit) -> Candidate:
        from agent.aitools.llm_step import NoLlmConfigured, llm_candidate

        if env.provider is None:
            raise NoLlmConfigured()
        return llm_candidate(unit, env.provider)
    return produce


def builtin_step(env: StepEnv) -> Producer:
    def produce(unit: Unit) -> Candidate:
        from agent import __version__

        return Candidate(files=dict(unit.builtin), tool_version=f"aiops-agent {__version__} templates",
                         response_summary=f"rendered {', '.join(unit.builtin)} from the detected plan")
    return produce


STEP_FACTORIES: dict[str, Callable[[StepEnv], Producer]] = {
    "kubectl-ai": kubectl_ai_step, "gordon": gordon_step, "llm": llm_step, "builtin": builtin_step,
}
