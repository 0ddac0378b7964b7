"""How the matcher reads evidence: reasons, exit codes, states, fallbacks, refinements, captures."""

from __future__ import annotations

from agent.diagnosis import knowledge
from agent.diagnosis.knowledge import EvidenceLine
from agent.diagnosis.knowledge.matcher import exit_code_in, registry_of

TAG_MISSING = (
    'Failed to pull image "nginx:1.999": rpc error: code = NotFound desc = failed to pull and unpack image '
    '"docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": '
    "docker.io/library/nginx:1.999: not found"
)
LOCAL_IMAGE = (
    'Failed to pull image "todo-api:dev": rpc error: code = Unknown desc = failed to pull and unpack image '
    '"docker.io/library/todo-api:dev": failed to resolve reference "docker.io/library/todo-api:dev": pull access '
    "denied, repository does not exist or may require authorization: server message: insufficient_scope: "
    "authorization failed"
)


def test_specific_signature_beats_the_family_fallback() -> None:
    ids = [h.id for h in knowledge.match(TAG_MISSING, reason="Failed")]
    assert ids[0] == "image-pull.tag-not-found"
    assert "image-pull.back-off" not in ids  # the fallback says less and is dropped


def test_fallback_alone_points_at_the_missing_evidence() -> None:
    (hit,) = [h for h in knowledge.match('Back-off pulling image "ghcr.io/acme/api:1.2"') if h.family == "image-pull"]
    assert hit.id == "image-pull.back-off"
    assert hit.evidence_needed({"pod": "api-0", "namespace": "shop"}) == "kubectl describe pod api-0 -n shop"


def test_a_known_different_reason_rejects_the_signature() -> None:
    text = "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed."
    assert "image-pull.pull-secret-missing" in [h.id for h in knowledge.match(text)]
    assert "image-pull.pull-secret-missing" not in [h.id for h in knowledge.match(text, reason="Pulled")]


def test_refinement_replaces_the_general_signature_and_infers_the_local_build() -> None:
    hits = knowledge.match(LOCAL_IMAGE)
    ids = [h.id for h in hits]
    assert ids[0] == "image-pull.local-image-not-in-cluster"
    assert "image-pull.repository-denied" not in ids
    fix = " ".join(hits[0].fix({"workload": "todo-api"}))
    assert "minikube image load todo-api:dev" in fix and "kind load docker-image todo-api:dev" in fix


def test_captures_and_derived_registry_fill_the_templates() -> None:
    hit = knowledge.match(TAG_MISSING)[0]
    assert hit.captures["image"] == "docker.io/library/nginx" and hit.captures["tag"] == "1.999"
    assert hit.captures["registry"] == "docker.io"
    assert "kubectl set image deployment/web web=docker.io/library/nginx:<existing-tag>" in " ".join(
        hit.fix({"workload": "web", "container": "web"})
    )


def test_registry_of_image_references() -> None:
    assert registry_of("nginx") == "docker.io"
    assert registry_of("bitnami/redis") == "docker.io"
    assert registry_of("ghcr.io/a/b") == "ghcr.io"
    assert registry_of("localhost:5000/app") == "localhost:5000"
    assert registry_of("10.0.0.5:5000/api") == "10.0.0.5:5000"


def test_exit_code_is_read_from_the_common_wordings() -> None:
    assert exit_code_in("      Exit Code:    137") == 137
    assert exit_code_in("command terminated with exit code 126") == 126
    assert exit_code_in("container exited with code 1") == 1
    assert exit_code_in('"exitCode": 143,') == 143
    assert exit_code_in("exit status 2") == 2
    assert exit_code_in("the exit was clean") is None


def test_match_lines_keeps_one_hit_per_signature_and_capture_and_the_source() -> None:
    lines = [
        EvidenceLine(text=TAG_MISSING, reason="Failed", state="event", source=("events.txt", 3)),
        EvidenceLine(text=TAG_MISSING, reason="Failed", state="event", source=("events.txt", 9)),
        EvidenceLine(text='Back-off pulling image "nginx:1.999"', reason="BackOff", state="event"),
    ]
    hits = knowledge.match_lines(lines)
    assert [h.id for h in hits] == ["image-pull.tag-not-found"]
    assert hits[0].evidence.source == ("events.txt", 3)


def test_unrelated_text_matches_nothing() -> None:
    assert knowledge.match("Successfully assigned default/web-0 to minikube", reason="Scheduled") == []


def test_refinement_applies_across_the_lines_of_one_paste() -> None:
    """A describe excerpt: the OOMKilled reason explains the bare exit code on the next line."""
    lines = [
        EvidenceLine(text="    Last State:     Terminated"),
        EvidenceLine(text="      Reason:       OOMKilled"),
        EvidenceLine(text="      Exit Code:    137"),
    ]
    ids = [h.id for h in knowledge.match_lines(lines)]
    assert ids == ["oom-resources.oomkilled"]
    fix = " ".join(knowledge.match_lines(lines)[0].fix({"workload": "api", "container": "api"}))
    assert "--limits=memory=" in fix and "MaxRAMPercentage" in fix


def test_probe_failure_is_not_mistaken_for_an_application_connection_error() -> None:
    text = (
        'Readiness probe failed: Get "http://10.42.1.48:8080/ready": dial tcp 10.42.1.48:8080: '
        "connect: connection refused"
    )
    ids = [h.id for h in knowledge.match(text)]
    assert ids == ["probes.connection-refused"]
    assert "startupProbe" in " ".join(knowledge.match(text)[0].fix())
