from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.redact import REDACTED, is_secret_key, marker, redact, redact_obj

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "data" / "secrets" / "corpus.yaml").read_text())
SECRETS = CORPUS["secrets"]
NEGATIVES = CORPUS["negatives"]


def test_corpus_is_large_enough_and_well_formed() -> None:
    assert len(SECRETS) >= 50
    assert len(NEGATIVES) >= 20
    for entry in SECRETS:
        assert entry["secret"] in entry["text"], entry["name"]


@pytest.mark.parametrize("entry", SECRETS, ids=[e["name"] for e in SECRETS])
def test_secret_is_removed_and_marked(entry: dict) -> None:
    out = redact(entry["text"])
    assert entry["secret"] not in out
    assert "[REDACTED:" in out


@pytest.mark.parametrize("entry", SECRETS, ids=[e["name"] for e in SECRETS])
def test_redaction_is_idempotent(entry: dict) -> None:
    once = redact(entry["text"])
    assert redact(once) == once


@pytest.mark.parametrize("entry", NEGATIVES, ids=[e["name"] for e in NEGATIVES])
def test_ordinary_text_survives_unchanged(entry: dict) -> None:
    assert redact(entry["text"]) == entry["text"]


def test_url_password_keeps_user_and_host() -> None:
    assert redact("postgresql://app:s3cretPw@db.shop.svc:5432/app") == \
        "postgresql://app:[REDACTED:url-password]@db.shop.svc:5432/app"


def test_assignment_keeps_the_key() -> None:
    assert redact("DB_PASSWORD=hunter2x") == f"DB_PASSWORD={marker('password')}"
    assert redact('"api_key": "abc123def"') == f'"api_key": "{marker("api-key")}"'


def test_provider_keys_name_their_kind() -> None:
    assert redact("key sk-ant-api03-" + "aB3" * 10) == "key [REDACTED:anthropic-key]"
    assert redact("key sk-proj-" + "aB3" * 10) == "key [REDACTED:openai-key]"
    assert marker("openai-key").startswith(REDACTED)


def _kubectl_like_output(size: int) -> str:
    """Pods as `kubectl get -o yaml` prints them, then application logs: what tool output looks like."""
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "backend-7d4b9c8f6-x2x9z", "namespace": "shop",
                        "uid": "123e4567-e89b-12d3-a456-426614174000", "labels": {"app": "backend"}},
           "spec": {"containers": [{"name": "backend", "image": "ghcr.io/acme/backend@sha256:" + "4c1f" * 16,
                                    "env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {
                                        "name": "db-secret", "key": "password"}}},
                                            {"name": "LOG_LEVEL", "value": "info"}]}],
                    "automountServiceAccountToken": False},
           "status": {"phase": "Running"}}
    manifest = yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": [pod] * 50}, sort_keys=False)
    logs = "".join(f"2025-01-01T10:00:{i % 60:02d}Z INFO id={i} path=/api/orders status=200 user=alice\n"
                   for i in range(500))
    block = manifest + logs
    return (block * (size // len(block) + 1))[:size]


@pytest.mark.timeout(60)
def test_one_megabyte_of_tool_output_is_redacted() -> None:
    chunks = _kubectl_like_output(1_000_000).split("\n- apiVersion")
    planted = SECRETS[:: len(SECRETS) // 20]
    for i, entry in enumerate(planted):
        chunks[i * len(chunks) // len(planted)] += "\n" + entry["text"] + "\n"
    text = "\n- apiVersion".join(chunks)
    # no wall-clock assertion (speed targets live in bench/); the timeout mark catches catastrophic backtracking
    out = redact(text)
    assert [e["name"] for e in planted if e["secret"] in out] == []


def test_ordinary_tool_output_is_left_alone() -> None:
    text = _kubectl_like_output(200_000)
    assert redact(text) == text


def test_redact_obj_hides_secret_keys_and_keeps_the_rest() -> None:
    obj = {"apiKey": "zzz-top", "secretName": "db-credentials", "replicas": 3, "enabled": True,
           "nested": [{"client_secret": "abc"}, "postgresql://u:pw123456@db/app"]}
    out = redact_obj(obj)
    assert out == {"apiKey": marker("api-key"), "secretName": "db-credentials", "replicas": 3, "enabled": True,
                   "nested": [{"client_secret": marker("secret")}, "postgresql://u:[REDACTED:url-password]@db/app"]}
    assert obj["apiKey"] == "zzz-top", "the input is not modified"


def test_redact_obj_hides_kubernetes_secret_data() -> None:
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
              "data": {"DB_PASS": "aHVudGVyMg=="}, "stringData": {"token": "plain"}}
    out = redact_obj(secret)
    assert out["data"] == {"DB_PASS": marker("k8s-secret")}
    assert out["stringData"] == {"token": marker("k8s-secret")}
    assert out["metadata"] == {"name": "db"}
    configmap = {"kind": "ConfigMap", "data": {"LOG_LEVEL": "debug"}}
    assert redact_obj(configmap) == configmap


def test_redact_obj_hides_env_values_and_flag_values() -> None:
    out = redact_obj({"env": [{"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "LOG_LEVEL", "value": "info"}],
                      "args": ("login", "--password", "hunter2", "--user", "bob")})
    assert out["env"] == [{"name": "DB_PASSWORD", "value": marker("env-value")},
                          {"name": "LOG_LEVEL", "value": "info"}]
    assert out["args"] == ("login", "--password", marker("password"), "--user", "bob")


@pytest.mark.parametrize("key, expected", [("DB_PASSWORD", True), ("apiKey", True), ("client-secret", True),
                                           ("secretName", False), ("input_tokens", False), ("PWD", False)])
def test_is_secret_key(key: str, expected: bool) -> None:
    assert is_secret_key(key) is expected


def test_empty_and_plain_text() -> None:
    assert redact("") == ""
    assert redact_obj(None) is None
