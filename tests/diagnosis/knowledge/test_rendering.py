"""Templates never raise and never print None: a missing name becomes a readable placeholder."""

from __future__ import annotations

from agent.diagnosis import knowledge
from agent.diagnosis.knowledge.hits import render

NEVER_PULL = 'Container image "todo-api:dev" is not present with pull policy of Never'


def test_missing_and_none_context_render_as_placeholders() -> None:
    assert render("kubectl describe pod {pod} -n {namespace}", {"pod": None}) == "kubectl describe pod <pod> -n <namespace>"
    assert render("{pod}", {"pod": ""}) == "<pod>"


def test_doubled_braces_stay_literal() -> None:
    assert render("-o jsonpath='{{.spec.nodeName}}' {pod}", {"pod": "web-0"}) == "-o jsonpath='{.spec.nodeName}' web-0"


def test_hit_renders_with_partial_context_and_captures() -> None:
    hit = knowledge.match(NEVER_PULL, reason="ErrImageNeverPull")[0]
    cause = hit.cause({"pod": "todo-api-0"})
    assert "todo-api:dev" in cause and "<node>" in cause  # the node was not supplied
    assert any("minikube image load todo-api:dev" in step for step in hit.fix())


def test_context_supplies_what_the_line_does_not() -> None:
    hit = knowledge.match(NEVER_PULL)[0]
    assert "node minikube-m02" in hit.cause({"node": "minikube-m02"})
