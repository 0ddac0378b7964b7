"""Run one fallback chain over one unit: try each step, validate its artifact, move on when it fails."""

from __future__ import annotations

from typing import Any, Callable

from agent.aitools.candidate import Candidate
from agent.aitools.errors import AiToolMissing, AiToolNotReady, StepNotApplicable
from agent.aitools.models import CHAIN_STEPS, ChainResult, StepOutcome, ValidationVerdict
from agent.aitools.record import record_fallback, record_result, record_step
from agent.aitools.steps import STEP_FACTORIES, StepEnv
from agent.aitools.units import Unit
from agent.errors import AgentError, ProviderError
from agent.tooling.process import ToolNotInstalled

Validator = Callable[[dict[str, str]], ValidationVerdict]


class ChainFailed(AgentError):
    """A step forced with --via did not produce a valid artifact."""


def steps_for(chain: str, via: str | None = None) -> list[str]:
    """The steps to try; a forced step that is not in this chain leaves the builtin generator (--via gordon
    forces Dockerfiles only: manifests then come from the builtin generator)."""
    steps = list(CHAIN_STEPS[chain])
    if via is None:
        return steps
    return [via] if via in steps else ["builtin"]


def run_unit(unit: Unit, env: StepEnv, *, validator: Validator, recorder: Any = None,
             via: str | None = None, validate_builtin: bool = True) -> ChainResult:
    """Try the unit's steps in order. `validate_builtin=False` when the caller validates everything it writes
    anyway: the builtin step is the last one, so its verdict cannot change which output is used."""
    names = steps_for(unit.chain, via)
    forced = via is not None and via in names
    result = ChainResult(kind=unit.kind, target=unit.target, accepted=None)
    for index, name in enumerate(names, 1):
        check = validator if validate_builtin or name != "builtin" else None
        outcome, candidate = _attempt(name, unit, env, check)
        outcome.fallback = index > 1
        result.steps.append(outcome)
        record_step(recorder, unit.kind, unit.target, index, outcome)
        if outcome.status == "accepted" and candidate is not None:
            result.accepted, result.files = name, candidate.files
            break
        if index < len(names):
            record_fallback(recorder, name, names[index], unit.target, outcome)
    if result.accepted is None:
        if forced:
            last = result.steps[-1]
            raise ChainFailed(f"--via {via} produced no valid artifact for {unit.target}: {last.reason}",
                              hint="drop --via to let the chain fall back, or fix what the step reported")
        # nothing passed: write the builtin output, so `agent validate` shows its problems in the usual place
        result.files = dict(unit.builtin)
    record_result(recorder, result)
    return result


def _attempt(name: str, unit: Unit, env: StepEnv, validator: Validator | None
             ) -> tuple[StepOutcome, Candidate | None]:
    produce = STEP_FACTORIES[name](env)
    try:
        candidate = produce(unit)
    except StepNotApplicable as exc:
        return StepOutcome(step=name, status="skipped", reason=_reason(exc)), None
    except (ToolNotInstalled, AiToolMissing, AiToolNotReady) as exc:
        return StepOutcome(step=name, status="unavailable", reason=_reason(exc)), None
    except ProviderError as exc:
        status = "unavailable" if exc.kind == "config" else "failed"
        return StepOutcome(step=name, status=status, reason=_reason(exc)), None
    except AgentError as exc:  # AiToolError (failed, timed out, no artifact) and the rest
        return StepOutcome(step=name, status="failed", reason=_reason(exc)), None
    if validator is None:
        verdict = ValidationVerdict(passed=True, deferred=True,
                                    summary="with everything written, after writing (builtin is the last step)")
    else:
        verdict = validator({**unit.context, **candidate.files})
    outcome = StepOutcome(step=name, status="accepted" if verdict.passed else "failed",
                          reason="" if verdict.passed else f"validation failed: {'; '.join(verdict.problems[:3])}",
                          command=candidate.command, prompt=candidate.prompt, template=candidate.template,
                          tool_version=candidate.tool_version, response_summary=candidate.response_summary,
                          validation=verdict, changes=candidate.changes if verdict.passed else [])
    return outcome, candidate


def _reason(exc: AgentError) -> str:
    return f"{exc.message} (hint: {exc.hint})" if exc.hint else exc.message
