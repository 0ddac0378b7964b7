"""The LLM step: the builtin generator's output goes to the model as the starting point to refine.

The prompt comes from a versioned template in `prompts/`, is redacted before it
is sent, and its template name, version and sha256 go into the PHR. The model's
answer is shaped like any other step's and validated before it is accepted.
"""

from __future__ import annotations

from typing import Any

from agent.aitools.candidate import Candidate, manifest_files, summarize
from agent.aitools.errors import NoArtifactFound
from agent.aitools.extract import dockerfile, yaml_documents
from agent.aitools.units import Unit
from agent.errors import ProviderError

TEMPLATES = {"dockerfile": "dockerfile.md.j2", "manifests": "manifests.md.j2", "chart": "chart.md.j2"}


class NoLlmConfigured(ProviderError):
    def __init__(self) -> None:
        super().__init__("llm", "config", "no LLM provider is configured",
                         hint="export OPENAI_API_KEY (or OPENAI_BASE_URL for Ollama) or ANTHROPIC_API_KEY")


def llm_provider(settings: Any):
    """The configured LLM providers (without the builtin engine) as one provider, or None when there are none."""
    from agent.providers.chain import build_chain

    order = [name for name in settings.provider_order() if name != "builtin"]
    if not order:
        return None
    return build_chain(settings.model_copy(update={"providers": order}))


def render_unit_prompt(unit: Unit, problems: list[str] | None = None):
    from agent.loop import render_prompt

    template = TEMPLATES[unit.kind]
    if unit.kind == "dockerfile":
        [content] = unit.builtin.values()
        return render_prompt(template, service=unit.service, starting_point=content, problems=problems or [])
    if unit.kind == "manifests":
        return render_prompt(template, service=unit.service, namespace=unit.namespace, files=unit.builtin)
    [values] = unit.builtin.values()
    services = sorted({p.split("/")[-1].rsplit("-", 1)[0] for p in unit.context if p.endswith("-deployment.yaml")})
    return render_prompt(template, chart=unit.namespace, services=services, values=values)


def llm_candidate(unit: Unit, provider: Any) -> Candidate:
    from agent.providers.base import Message
    from agent.redact import redact

    prompt = render_unit_prompt(unit)
    text = redact(prompt.text)
    response = provider.chat([Message(role="user", content=text)])
    answer = response.message.content
    who = f"{response.provider or provider.name} {response.model or provider.model}".strip()
    template = f"{prompt.template} version {prompt.version} sha256 {prompt.sha256}"
    base = Candidate(files={}, prompt=text, template=template,
                     tool_version=who, response_summary=summarize(answer))
    if unit.kind == "dockerfile":
        found = dockerfile(answer)
        if found is None:
            raise NoArtifactFound("llm", "the model's answer contains no Dockerfile", hint="the chain moves on")
        [path] = unit.builtin
        return base.model_copy(update={"files": {path: found},
                                       "changes": ["took the ```dockerfile block from the model's answer"]})
    documents = yaml_documents(answer)
    if unit.kind == "manifests":
        if not documents:
            raise NoArtifactFound("llm", "the model's answer contains no Kubernetes manifest",
                                  hint="the chain moves on")
        files, changes = manifest_files(unit, documents, "the model")
        return base.model_copy(update={"files": files, "changes": changes})
    values = _values_block(answer)
    [path] = unit.builtin
    return base.model_copy(update={"files": {path: values}, "changes": ["took the ```yaml block as values.yaml"]})


def _values_block(answer: str) -> str:
    import yaml

    from agent.aitools.extract import YAML_TAGS, fenced_blocks

    for block in fenced_blocks(answer, YAML_TAGS):
        try:
            if isinstance(yaml.safe_load(block), dict):
                return block
        except yaml.YAMLError:
            continue
    raise NoArtifactFound("llm", "the model's answer contains no values.yaml mapping", hint="the chain moves on")
