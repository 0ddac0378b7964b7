"""Label selectors as kubectl and the API server read them (examples from the Kubernetes docs,
"Labels and Selectors": `environment=production,tier!=frontend`, `environment in (production, qa)`)."""

import pytest

from agent.kube import selectors

PROD_WEB = {"environment": "production", "tier": "frontend", "app": "web"}
QA_DB = {"environment": "qa", "tier": "backend"}


@pytest.mark.parametrize(("text", "labels", "expected"), [
    ("environment=production,tier!=frontend", PROD_WEB, False),
    ("environment=production,tier!=frontend", {"environment": "production", "tier": "backend"}, True),
    ("environment==production", PROD_WEB, True),
    ("tier!=frontend", {"environment": "production"}, True),  # != also selects objects without the key
    ("environment in (production, qa)", QA_DB, True),
    ("environment in (production, qa),tier notin (frontend)", PROD_WEB, False),
    ("environment notin (frontend)", {}, True),
    ("partition", PROD_WEB, False),
    ("!partition", PROD_WEB, True),
    ("app", PROD_WEB, True),
    ("", QA_DB, True),
])
def test_kubectl_syntax(text, labels, expected):
    assert selectors.matches_text(text, labels) is expected


def test_set_based_terms_keep_their_commas():
    assert selectors.parse("env in (a,b),app=web") == {
        "matchLabels": {"app": "web"},
        "matchExpressions": [{"key": "env", "operator": "In", "values": ["a", "b"]}],
    }


def test_unbalanced_parentheses_are_refused():
    with pytest.raises(selectors.InvalidSelector):
        selectors.parse("env in (a,b")


def test_label_selector_with_match_expressions():
    # a Deployment selector of the kind the TUI and `agent logs` must resolve
    selector = {"matchLabels": {"app": "web"},
                "matchExpressions": [{"key": "track", "operator": "NotIn", "values": ["canary"]},
                                     {"key": "tier", "operator": "Exists"}]}
    assert selectors.matches(selector, {"app": "web", "tier": "frontend"})
    assert not selectors.matches(selector, {"app": "web", "tier": "frontend", "track": "canary"})
    assert not selectors.matches(selector, {"app": "web"})


def test_of_object_reads_workloads_services_and_cronjobs():
    deployment = {"kind": "Deployment", "spec": {"selector": {"matchLabels": {"app": "web"}}}}
    service = {"kind": "Service", "spec": {"selector": {"app": "web"}}}
    cronjob = {"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"selector": {"matchLabels": {"job": "x"}}}}}}
    assert selectors.of_object(deployment) == {"matchLabels": {"app": "web"}}
    assert selectors.of_object(service) == {"matchLabels": {"app": "web"}}
    assert selectors.of_object(cronjob) == {"matchLabels": {"job": "x"}}
    # an empty selector selects nothing on our side (it would select the whole namespace)
    assert selectors.of_object({"kind": "Deployment", "spec": {"selector": {"matchLabels": {}}}}) is None
    assert selectors.of_object({"kind": "Service", "spec": {}}) is None


def test_server_side_query_and_description():
    selector = {"matchLabels": {"app": "web", "tier": "fe"},
                "matchExpressions": [{"key": "track", "operator": "In", "values": ["stable"]}]}
    assert selectors.server_side(selector) == "app=web,tier=fe"
    assert selectors.describe(selector) == "app=web, tier=fe, track In (stable)"
    assert selectors.describe(None) == "{} (all pods)"
